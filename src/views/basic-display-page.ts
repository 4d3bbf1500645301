// Products > Instagram Basic Display > Basic Display (spec §1.2): Create New App, then the Instagram
// app's settings, App Review for Instagram Basic Display and the User Token Generator.
import type { FbApp, InstagramApp, Permission, ReviewStatus } from '../apps/app-entity.ts';
import { csrfInput, formActions, linkButton, postForm, readOnlyField, submitButton, textAreaField, textField, type FieldErrors } from './dashboard-forms.ts';
import { appPath, dashboardLayout, type DashboardChrome, type Notice } from './dashboard-layout.ts';
import { html, type Html } from './html.ts';
import { reviewTable } from './app-review-pages.ts';
import { secretField } from './app-settings-pages.ts';
import { basicDisplayCard } from './product-pages.ts';

export interface BasicDisplayValues {
  displayName: string;
  redirectUris: string;
  deauthorizeUrl: string;
  dataDeletionUrl: string;
}

export interface BasicDisplayModel {
  chrome: DashboardChrome;
  app: FbApp;
  added: boolean;
  igApp?: InstagramApp;
  /** The form's values: what was typed when it was refused, else the stored settings. */
  values?: BasicDisplayValues;
  errors?: FieldErrors;
  revealedSecret?: string;
  statuses?: Record<Permission, ReviewStatus>;
  acceptedTesters: { accountId: string; username: string }[];
  notice?: Notice;
}

/** The stored settings as the form shows them: one redirect URI a line. */
export function storedValues(igApp: InstagramApp): BasicDisplayValues {
  return { displayName: igApp.displayName, redirectUris: igApp.redirectUris.join('\n'), deauthorizeUrl: igApp.deauthorizeUrl ?? '', dataDeletionUrl: igApp.dataDeletionUrl ?? '' };
}

function introCard(model: BasicDisplayModel): Html {
  const page = `${model.chrome.base}${appPath(model.app.appId, 'instagram-basic-display/basic-display/create/')}`;
  return html`<div class="card">
<h2>Instagram Basic Display</h2>
<p>Instagram Basic Display lets the users of your app get their Instagram profile information, photos and videos.</p>
<p class="lead">To use it, create an Instagram app: it gets its own Instagram App ID and Instagram App Secret and the settings of the Authorization Window.</p>
<h3>Limitations</h3>
<ul class="hint"><li>Only the Instagram accounts of your app's users; no other accounts.</li><li>No posting, commenting or insights.</li><li>Business apps are not supported.</li></ul>
<div class="actions">${linkButton(page, 'Create New App', 'primary')}</div>
</div>`;
}

function settingsCard(model: BasicDisplayModel & { igApp: InstagramApp }): Html {
  const { base, csrfToken } = model.chrome;
  const page = (rest: string) => `${base}${appPath(model.app.appId, rest)}`;
  const values = model.values ?? storedValues(model.igApp);
  const errors = model.errors ?? {};
  return postForm({
    action: page('instagram-basic-display/basic-display/'),
    csrfToken,
    id: 'settings',
    body: html`<div class="card">
<h2>Basic Display</h2>
<div class="grid">
${readOnlyField({ id: 'instagram-app-id', label: 'Instagram App ID', value: model.igApp.igAppId })}
${secretField({
  id: 'instagram-app-secret',
  label: 'Instagram App Secret',
  revealed: model.revealedSecret,
  actions: [linkButton(page('instagram-basic-display/basic-display/show-secret/'), 'Show'), linkButton(page('instagram-basic-display/basic-display/reset-secret/'), 'Reset')],
})}
</div>
${textField({ id: 'displayName', label: 'Display Name', value: values.displayName, required: true, error: errors.displayName })}
${textAreaField({
  id: 'redirectUris',
  label: 'Valid OAuth Redirect URIs',
  value: values.redirectUris,
  rows: 3,
  placeholder: 'https://example.com/auth/',
  hint: 'One URI a line. The Authorization Window accepts only a redirect_uri identical to one of these, character for character.',
  error: errors.redirectUris,
})}
${model.igApp.redirectUris.length > 0
  ? html`<div class="stored" id="stored-redirect-uris"><strong>Saved as</strong> <span class="hint">(a URI without a path gains a trailing slash: copy the value below)</span><ul>${model.igApp.redirectUris.map((uri) => html`<li><code>${uri}</code></li>`)}</ul></div>`
  : ''}
<h3>Deauthorize</h3>
${textField({ id: 'deauthorizeUrl', label: 'Deauthorize Callback URL', type: 'url', value: values.deauthorizeUrl, hint: 'Called when a user removes your app in Apps and Websites.', error: errors.deauthorizeUrl })}
<h3>Data Deletion Requests</h3>
${textField({ id: 'dataDeletionUrl', label: 'Data Deletion Request URL', type: 'url', value: values.dataDeletionUrl, hint: 'Called when a user asks for their data to be deleted.', error: errors.dataDeletionUrl })}
${formActions(submitButton('Save Changes'))}
</div>`,
  });
}

function tokenGeneratorCard(model: BasicDisplayModel): Html {
  const { base, csrfToken } = model.chrome;
  const page = (rest: string) => `${base}${appPath(model.app.appId, rest)}`;
  return html`<div class="card" id="user-token-generator">
<h2>User Token Generator</h2>
<p class="lead">Generate long-lived access tokens for your Instagram Testers, without App Review. The tester logs in to the Authorization Window and authorizes your app. <a href="${page('roles/roles/')}">Add or Remove Instagram Testers</a></p>
${model.acceptedTesters.length === 0
    ? html`<p class="hint">No Instagram Tester has accepted an invitation yet.</p>`
    : html`<table class="rows"><tbody>${model.acceptedTesters.map(
        (tester) => html`<tr><td>${tester.username}</td><td class="act"><form method="post" action="${page('instagram-basic-display/token-generator/')}">${csrfInput(csrfToken)}<input type="hidden" name="accountId" value="${tester.accountId}"><button class="btn btn-secondary btn-small" type="submit">Generate Token</button></form></td></tr>`,
      )}</tbody></table>`}
</div>`;
}

export function basicDisplayPage(model: BasicDisplayModel): Html {
  const { base, csrfToken } = model.chrome;
  const igApp = model.igApp;
  let body: Html;
  if (!model.added) body = basicDisplayCard({ base, csrfToken, app: model.app, added: false });
  else if (!igApp) body = introCard(model);
  else {
    body = html`${settingsCard({ ...model, igApp })}
<div class="card" id="app-review">
<h2>App Review for Instagram Basic Display</h2>
<p class="lead">Submit the permissions your app needs. People who are not Instagram Testers can grant only approved permissions, and only while the app is Live.</p>
${model.statuses ? reviewTable({ base, appId: model.app.appId, csrfToken, statuses: model.statuses, returnTo: 'basic-display' }) : ''}
</div>
${tokenGeneratorCard(model)}`;
  }
  return dashboardLayout({ title: 'Basic Display', chrome: model.chrome, active: 'basic-display', notice: model.notice, body: html`<h1>Basic Display</h1>${body}` });
}
