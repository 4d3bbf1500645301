// /accounts/manage_access/: Apps and Websites with the tabs Active, Expired, Removed (spec §1.5) and
// Tester Invites (spec §1.3). Tabs are links (?tab=…); Remove, Accept and Decline are small forms.
import type { TesterInvite } from '../apps/tester-repository.ts';
import type { AppConnection } from '../oauth/app-connections.ts';
import { csrfInput } from './form-fields.ts';
import { html, type Html } from './html.ts';
import { longDate, settingsPage, type Viewer } from './instagram-shell.ts';

export type AppsTab = 'active' | 'expired' | 'removed' | 'tester_invites';

export const APPS_TABS: Record<AppsTab, string> = { active: 'Active', expired: 'Expired', removed: 'Removed', tester_invites: 'Tester Invites' };

export interface ManageAccessModel {
  viewer: Viewer;
  tab: AppsTab;
  /** The apps of the Active, Expired or Removed tab. */
  connections: AppConnection[];
  /** The Tester Invites tab's pending invitations. */
  invites: TesterInvite[];
  notice?: string;
  error?: string;
}

const INTRO: Record<AppsTab, string> = {
  active: "These are apps and websites you've used Instagram to log into and have recently used. They can request info you chose to share with them.",
  expired: "These are apps and websites you've used Instagram to log into and may not have used in a while. Their access to info you chose to share has expired.",
  removed: "These are apps and websites you've removed from your account. They can no longer use your account's info.",
  tester_invites: 'Developers invited you to test their apps. Accepting an invitation lets the app use your account while it is in Development Mode.',
};

const EMPTY: Record<AppsTab, string> = {
  active: 'You have not authorized any applications to access your Instagram account.',
  expired: 'You have no expired applications that had access to your Instagram account.',
  removed: 'You have no removed applications that had access to your Instagram account.',
  tester_invites: 'You have no pending tester invites.',
};

function appForm(model: ManageAccessModel, action: string, igAppId: string, label: string, kind: 'primary' | 'secondary'): Html {
  return html`<form method="post" action="/accounts/manage_access/${action}/">
    ${csrfInput(model.viewer.csrfToken)}<input type="hidden" name="app_id" value="${igAppId}">
    <button class="${kind} small" type="submit">${label}</button>
  </form>`;
}

function connectionRow(model: ManageAccessModel, app: AppConnection): Html {
  const when =
    app.state === 'active'
      ? html`Authorized on ${longDate(app.authorizedAt)}`
      : app.state === 'expired'
        ? html`Expired on ${longDate(app.since)}`
        : html`Removed on ${longDate(app.since)}`;
  return html`<li><div class="grow"><span class="app-name">${app.displayName}</span><span class="muted">${when}</span></div>
    ${app.state === 'active' ? appForm(model, 'remove', app.igAppId, 'Remove', 'secondary') : ''}</li>`;
}

function inviteRow(model: ManageAccessModel, invite: TesterInvite): Html {
  return html`<li><div class="grow"><span class="app-name">${invite.displayName}</span><span class="muted">Invited on ${longDate(invite.invitedAt)}</span></div>
    <div class="actions">${appForm(model, 'tester_invites/accept', invite.igAppId, 'Accept', 'primary')}
    ${appForm(model, 'tester_invites/decline', invite.igAppId, 'Decline', 'secondary')}</div></li>`;
}

export function manageAccessPage(model: ManageAccessModel): Html {
  const rows = model.tab === 'tester_invites' ? model.invites.map((i) => inviteRow(model, i)) : model.connections.map((c) => connectionRow(model, c));
  const tabs = (Object.keys(APPS_TABS) as AppsTab[]).map(
    (tab) => html`<a href="/accounts/manage_access/?tab=${tab}"${tab === model.tab ? html` aria-current="page"` : html``}>${APPS_TABS[tab]}</a>`,
  );
  return settingsPage({
    title: 'Apps and Websites • Instagram',
    viewer: model.viewer,
    section: 'manage_access',
    body: html`<h1>Apps and Websites</h1>
  <nav class="tabs" aria-label="Apps and Websites">${tabs}</nav>
  ${model.notice ? html`<p class="notice" role="status">${model.notice}</p>` : ''}
  ${model.error ? html`<p class="error" role="alert">${model.error}</p>` : ''}
  <p class="muted">${INTRO[model.tab]}</p>
  ${rows.length > 0 ? html`<ul class="apps" aria-label="${APPS_TABS[model.tab]}">${rows}</ul>` : html`<p class="empty">${EMPTY[model.tab]}</p>`}`,
  });
}
