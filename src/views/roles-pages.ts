// Roles > Roles (spec §1.3): Administrators, and Instagram Testers with "Add Instagram Testers", each
// tester Pending until they accept on Instagram, and Remove.
import type { TesterListing } from '../apps/tester-repository.ts';
import { csrfInput, formActions, linkButton, postForm, submitButton, textField } from './dashboard-forms.ts';
import { appPath, dashboardLayout, type DashboardChrome, type Notice } from './dashboard-layout.ts';
import { html, type Html } from './html.ts';

export interface RolesModel {
  chrome: DashboardChrome;
  appId: string;
  hasInstagramApp: boolean;
  testers: TesterListing[];
  notice?: Notice;
}

function testersTable(model: RolesModel): Html {
  const { base, csrfToken } = model.chrome;
  if (model.testers.length === 0) return html`<p class="hint">No Instagram Testers yet.</p>`;
  return html`<table class="rows" id="instagram-testers-list">
<thead><tr><th>Instagram username</th><th>Status</th><th class="act"><span class="sr">Action</span></th></tr></thead>
<tbody>
${model.testers.map(
  (tester) => html`<tr data-username="${tester.username}">
<td>${tester.username}</td>
<td>${tester.status === 'accepted' ? html`<span class="badge ok">Accepted</span>` : html`<span class="badge wait">Pending</span>`}</td>
<td class="act"><form method="post" action="${base}${appPath(model.appId, 'roles/roles/remove-instagram-tester/')}">${csrfInput(csrfToken)}<input type="hidden" name="accountId" value="${tester.accountId}"><button class="btn btn-danger btn-small" type="submit">Remove</button></form></td>
</tr>`,
)}
</tbody>
</table>`;
}

export function rolesPage(model: RolesModel): Html {
  const { base } = model.chrome;
  const page = (rest: string) => `${base}${appPath(model.appId, rest)}`;
  return dashboardLayout({
    title: 'Roles',
    chrome: model.chrome,
    active: 'roles',
    notice: model.notice,
    body: html`<h1>Roles</h1>
<div class="card">
<h2>Administrators</h2>
<table class="rows"><tbody><tr><td>${model.chrome.developer.name}</td><td class="opt hint">${model.chrome.developer.email}</td><td class="act"><span class="badge">Admin</span></td></tr></tbody></table>
</div>
<div class="card" id="instagram-testers">
<div class="head"><div class="body"><h2>Instagram Testers</h2>
<p class="lead">Instagram accounts that may use the app while it is in Development mode. Invitations are accepted on Instagram: Edit Profile › Apps and Websites › Tester Invites.</p></div>
${model.hasInstagramApp ? linkButton(page('roles/roles/add-instagram-testers/'), 'Add Instagram Testers', 'primary') : ''}
</div>
${model.hasInstagramApp
    ? testersTable(model)
    : html`<p>Instagram Testers belong to the app's Instagram app. Create it first: <a href="${page('instagram-basic-display/basic-display/')}">Products › Instagram Basic Display › Basic Display</a>.</p>`}
</div>`,
  });
}

export function addTestersPage(model: { chrome: DashboardChrome; appId: string; username: string; error?: string }): Html {
  const { base, csrfToken } = model.chrome;
  const page = (rest: string) => `${base}${appPath(model.appId, rest)}`;
  return dashboardLayout({
    title: 'Add Instagram Testers',
    chrome: model.chrome,
    active: 'roles',
    narrow: true,
    body: html`<div class="card">
<h1>Add Instagram Testers</h1>
<p class="lead">Enter the Instagram username of the account to invite. The account owner accepts the invitation on Instagram.</p>
${postForm({
  action: page('roles/roles/add-instagram-testers/'),
  csrfToken,
  body: html`${textField({ id: 'username', label: 'Instagram username', value: model.username, required: true, autocomplete: 'off', error: model.error })}
${formActions(html`<a class="btn btn-secondary left" href="${page('roles/roles/')}">Cancel</a>`, submitButton('Submit'))}`,
})}
</div>`,
  });
}
