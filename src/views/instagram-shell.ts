// The frame of Instagram's web pages: the top bar with the profile icon's menu (a <details>, so no
// script is needed), the settings side menu, avatars and dates.
import { html, type Html } from './html.ts';
import { layout } from './layout.ts';
import { csrfInput } from './form-fields.ts';
import { INSTAGRAM_STYLES } from './instagram-styles.ts';

/** The signed-in account as every page's header shows it. */
export interface Viewer {
  username: string;
  csrfToken: string;
}

/** A round "profile picture": igloo has no photos of people, so it shows the username's first letter. */
export function avatar(username: string, size: 's' | 'm' | 'l'): Html {
  return html`<span class="avatar avatar-${size}" aria-hidden="true">${username.slice(0, 1)}</span>`;
}

/** The top bar. Signed in: Create and the profile icon's menu; signed out: Log in and Sign up. */
function topBar(viewer: Viewer | undefined): Html {
  const right = viewer
    ? html`<a href="/create/">Create</a>
      <details class="menu">
        <summary aria-label="Profile">${avatar(viewer.username, 's')}</summary>
        <div class="menu-panel">
          <a href="/${viewer.username}/">Profile</a>
          <a href="/accounts/edit/">Edit Profile</a>
          <form method="post" action="/accounts/logout/">${csrfInput(viewer.csrfToken)}<button type="submit">Log out</button></form>
        </div>
      </details>`
    : html`<a href="/accounts/login/">Log in</a><a href="/accounts/emailsignup/">Sign up</a>`;
  return html`<header class="topbar"><nav class="topbar-inner" aria-label="Instagram">
    <a class="logo" href="/">Instagram</a>
    <div class="topnav">${right}</div>
  </nav></header>`;
}

/** @param topBar false for the sign-up page, which (like sign-in) stands alone */
export function instagramPage(model: { title: string; viewer: Viewer | undefined; body: Html; topBar?: boolean }): Html {
  return layout({ title: model.title, header: model.topBar === false ? undefined : topBar(model.viewer), styles: INSTAGRAM_STYLES, body: model.body });
}

export type SettingsSection = 'edit' | 'password' | 'manage_access';

/** Edit Profile's side menu (a row of links on a phone). */
export function settingsPage(model: { title: string; viewer: Viewer; section: SettingsSection; body: Html }): Html {
  const item = (section: SettingsSection, href: string, label: string) =>
    html`<a href="${href}"${model.section === section ? html` aria-current="page"` : html``}>${label}</a>`;
  return instagramPage({
    title: model.title,
    viewer: model.viewer,
    body: html`<div class="settings">
  <nav class="settings-menu" aria-label="Settings">
    ${item('edit', '/accounts/edit/', 'Edit Profile')}
    ${item('password', '/accounts/password/change/', 'Change Password')}
    ${item('manage_access', '/accounts/manage_access/', 'Apps and Websites')}
  </nav>
  <section class="settings-body">${model.body}</section>
</div>`,
  });
}

// Made on first use: ICU data is loaded only when a page shows a date.
let dateFormat: Intl.DateTimeFormat | undefined;

/** "March 3, 2024" (UTC), for a `<time>` element's text. */
export function longDate(ms: number): Html {
  return html`<time datetime="${new Date(ms).toISOString()}">${(dateFormat ??= new Intl.DateTimeFormat('en-US', { dateStyle: 'long', timeZone: 'UTC' })).format(ms)}</time>`;
}
