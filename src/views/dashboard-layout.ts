// The App Dashboard's page shell (developers.facebook.com): a top bar with My Apps, the app's name and
// ID and the App Mode switch, a side menu (Dashboard, Settings, Roles, App Review, Products, and under
// Instagram Basic Display its Basic Display and Request Log pages) and the page. The menu is a
// disclosure on phones, so no script is needed anywhere.
import type { AppMode, AppType } from '../apps/app-entity.ts';
import { csrfInput } from './dashboard-forms.ts';
import { DASHBOARD_STYLES } from './dashboard-styles.ts';
import { html, type Html } from './html.ts';

export type MenuItem = 'dashboard' | 'settings-basic' | 'settings-advanced' | 'roles' | 'app-review' | 'products' | 'basic-display' | 'request-log';

export interface DashboardApp {
  appId: string;
  name: string;
  mode: AppMode;
  appType: AppType;
  basicDisplayAdded: boolean;
}

/** What every signed-in page shows around its content. */
export interface DashboardChrome {
  /** Where the surface's paths start as this client sees them: `/developers`, or `` on the surface's own host. */
  base: string;
  csrfToken: string;
  developer: { name: string; email: string };
  app?: DashboardApp;
  /** This page's path below `base`, for the App Mode switch to come back to. */
  here: string;
}

export interface Notice {
  kind: 'success' | 'error' | 'info';
  text: string;
}

export const APP_TYPE_LABEL: Record<AppType, string> = { consumer: 'Consumer', none: 'None', business: 'Business' };

/** Path of an app page below the surface base. */
export const appPath = (appId: string, rest: string): string => `/apps/${appId}/${rest}`;

/** A page with the dashboard's stylesheet (and `styles` after it), for pages outside the dashboard's shell. */
export function dashboardDocument(title: string, body: Html, styles?: Html): Html {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${DASHBOARD_STYLES}${styles}</style>
</head>
<body>
${body}
</body>
</html>`;
}

function menuLink(base: string, href: string, label: string, current: boolean): Html {
  return html`<a href="${base}${href}"${current ? html` aria-current="page"` : ''}>${label}</a>`;
}

function menu(chrome: DashboardChrome & { app: DashboardApp }, active: MenuItem | undefined): Html {
  const { base, app } = chrome;
  const link = (item: MenuItem, rest: string, label: string) => menuLink(base, appPath(app.appId, rest), label, item === active);
  return html`<ul>
<li>${link('dashboard', 'dashboard/', 'Dashboard')}</li>
<li><span class="group">Settings</span><ul><li>${link('settings-basic', 'settings/basic/', 'Basic')}</li><li>${link('settings-advanced', 'settings/advanced/', 'Advanced')}</li></ul></li>
<li><span class="group">Roles</span><ul><li>${link('roles', 'roles/roles/', 'Roles')}</li></ul></li>
<li>${link('app-review', 'app-review/permissions/', 'App Review')}</li>
<li>${link('products', 'products/', 'Products')}
${app.basicDisplayAdded
    ? html`<ul><li><span class="group">Instagram Basic Display</span><ul><li>${link('basic-display', 'instagram-basic-display/basic-display/', 'Basic Display')}</li><li>${link('request-log', 'request-log/', 'Request Log')}</li></ul></li></ul>`
    : ''}
</li>
</ul>`;
}

function modeSwitch(chrome: DashboardChrome & { app: DashboardApp }): Html {
  const { app } = chrome;
  const button = (mode: AppMode, label: string) =>
    html`<button type="submit" name="mode" value="${mode}" class="${mode}" aria-pressed="${app.mode === mode ? 'true' : 'false'}"${app.mode === mode ? html` disabled` : ''}>${label}</button>`;
  return html`<form class="mode" method="post" action="${chrome.base}${appPath(app.appId, 'mode/')}" aria-label="App Mode">
${csrfInput(chrome.csrfToken)}
<input type="hidden" name="next" value="${chrome.here}">
<span class="mode-label">App Mode:</span>
<span class="switch">${button('development', 'Development')}${button('live', 'Live')}</span>
</form>`;
}

function topBar(chrome: DashboardChrome): Html {
  return html`<header class="topbar">
<a class="brand" href="${chrome.base}/apps/">igloo <b>for Developers</b></a>
${chrome.app
    ? html`<div class="app-title"><strong>${chrome.app.name}</strong><span>App ID: <span class="mono" id="app-id">${chrome.app.appId}</span> · ${APP_TYPE_LABEL[chrome.app.appType]}</span></div>`
    : ''}
<span class="spacer"></span>
${chrome.app ? modeSwitch({ ...chrome, app: chrome.app }) : ''}
<nav class="account" aria-label="Account">
<a href="${chrome.base}/apps/">My Apps</a>
<span title="${chrome.developer.email}">${chrome.developer.name}</span>
<form method="post" action="${chrome.base}/logout/">${csrfInput(chrome.csrfToken)}<button class="linkish" type="submit">Log out</button></form>
</nav>
</header>`;
}

const MENU_TITLE: Record<MenuItem, string> = {
  dashboard: 'Dashboard',
  'settings-basic': 'Settings › Basic',
  'settings-advanced': 'Settings › Advanced',
  roles: 'Roles › Roles',
  'app-review': 'App Review',
  products: 'Products',
  'basic-display': 'Instagram Basic Display › Basic Display',
  'request-log': 'Instagram Basic Display › Request Log',
};

export function noticeBox(notice: Notice | undefined): Html {
  if (!notice) return html``;
  return html`<div class="notice ${notice.kind}" role="${notice.kind === 'error' ? 'alert' : 'status'}">${notice.text}</div>`;
}

/** A signed-in page; with `chrome.app`, an App Dashboard page with the side menu. */
export function dashboardLayout(model: { title: string; chrome: DashboardChrome; active?: MenuItem; notice?: Notice; body: Html; narrow?: boolean }): Html {
  const { chrome } = model;
  const app = chrome.app;
  const withMenu = app ? { ...chrome, app } : undefined;
  return dashboardDocument(
    `${model.title}${app ? ` - ${app.name}` : ''} - igloo for Developers`,
    html`${topBar(chrome)}
<div class="shell">
${withMenu
    ? html`<nav class="sidenav" aria-label="App menu">${menu(withMenu, model.active)}</nav>
<details class="phone-menu"><summary>Menu${model.active ? html` · ${MENU_TITLE[model.active]}` : ''}</summary><nav class="menu-list" aria-label="App menu">${menu(withMenu, model.active)}</nav></details>`
    : ''}
<main class="content${model.narrow ? ' narrow' : ''}">
${noticeBox(model.notice)}
${model.body}
</main>
</div>`,
  );
}

/** Pages for visitors who are not signed in: Log in and Sign Up. */
export function publicLayout(model: { title: string; body: Html }): Html {
  return dashboardDocument(`${model.title} - igloo for Developers`, html`<main class="auth"><span class="brand">igloo <b>for Developers</b></span>${model.body}</main>`);
}

/** A dashboard error page (not found, expired form, failure). */
export function dashboardErrorPage(model: { title: string; message: string; base: string }): Html {
  return publicLayout({
    title: model.title,
    body: html`<div class="card"><h1>${model.title}</h1><p>${model.message}</p><p><a href="${model.base}/apps/">Go to My Apps</a></p></div>`,
  });
}
