// The app's Dashboard page and Settings > Basic, Add Platform and Settings > Advanced (spec §1.1).
import type { FbApp } from '../apps/app-entity.ts';
import { formActions, linkButton, postForm, readOnlyField, selectField, submitButton, textField, type FieldErrors } from './dashboard-forms.ts';
import { appPath, dashboardLayout, type DashboardChrome, type Notice } from './dashboard-layout.ts';
import { html, type Html } from './html.ts';

/** A secret field: hidden behind "Show", or shown on the one response after the password was confirmed. */
export function secretField(model: { id: string; label: string; revealed?: string; actions: Html[] }): Html {
  return html`<div class="field">
<label for="${model.id}">${model.label}</label>
<div class="secret" role="group" aria-label="${model.label}">
<input id="${model.id}" type="text" readonly value="${model.revealed ?? '••••••••••••••••'}"${model.revealed ? html` class="mono revealed"` : ''}>
${model.revealed ? '' : model.actions}
</div>
${model.revealed ? html`<p class="hint">Shown once. Reload the page to hide it again.</p>` : ''}
</div>`;
}

export interface AppHomeModel {
  chrome: DashboardChrome;
  app: FbApp;
  steps: { label: string; done: boolean; href: string }[];
  notice?: Notice;
}

export function appHomePage(model: AppHomeModel): Html {
  const { base } = model.chrome;
  return dashboardLayout({
    title: 'Dashboard',
    chrome: model.chrome,
    active: 'dashboard',
    notice: model.notice,
    body: html`<h1>${model.app.name}</h1>
<div class="card">
<h2>Set up Instagram Basic Display</h2>
<p class="lead">The steps of the getting-started tutorial, in order.</p>
<ol class="steps">
${model.steps.map((step) => html`<li${step.done ? html` class="done"` : ''}><a href="${base}${step.href}">${step.label}</a>${step.done ? ' ✓' : ''}</li>`)}
</ol>
</div>`,
  });
}

export interface BasicSettingsModel {
  chrome: DashboardChrome;
  app: FbApp;
  values: { name: string; contactEmail: string; privacyPolicyUrl: string; siteUrl: string };
  /** Show the Website platform section (the app has one, or Add Platform > Website was chosen). */
  website: boolean;
  revealedSecret?: string;
  errors?: FieldErrors;
  notice?: Notice;
}

export function basicSettingsPage(model: BasicSettingsModel): Html {
  const { base, csrfToken } = model.chrome;
  const errors = model.errors ?? {};
  const page = (rest: string) => `${base}${appPath(model.app.appId, rest)}`;
  return dashboardLayout({
    title: 'Basic Settings',
    chrome: model.chrome,
    active: 'settings-basic',
    notice: model.notice,
    body: html`<h1>Basic Settings</h1>
${postForm({
  action: page('settings/basic/'),
  csrfToken,
  body: html`<div class="card">
<div class="grid">
${readOnlyField({ id: 'app-id-field', label: 'App ID', value: model.app.appId })}
${secretField({ id: 'app-secret', label: 'App Secret', revealed: model.revealedSecret, actions: [linkButton(page('settings/basic/show-secret/'), 'Show')] })}
${textField({ id: 'name', label: 'Display Name', value: model.values.name, required: true, error: errors.name })}
${textField({ id: 'contactEmail', label: 'Contact Email', type: 'email', value: model.values.contactEmail, required: true, error: errors.contactEmail })}
</div>
${textField({ id: 'privacyPolicyUrl', label: 'Privacy Policy URL', type: 'url', value: model.values.privacyPolicyUrl, placeholder: 'https://example.com/privacy/', hint: 'Required before the app can switch to Live mode.', error: errors.privacyPolicyUrl })}
</div>
${model.website
  ? html`<div class="card" id="website">
<h2>Website</h2>
<input type="hidden" name="platform" value="website">
${textField({ id: 'siteUrl', label: 'Site URL', type: 'url', value: model.values.siteUrl, placeholder: 'https://example.com/', error: errors.siteUrl })}
</div>`
  : ''}
<div class="card save-bar">
<a class="btn btn-secondary left" href="${page('settings/basic/add-platform/')}">+ Add Platform</a>
${submitButton('Save Changes')}
</div>`,
})}`,
  });
}

export function addPlatformPage(model: { chrome: DashboardChrome; app: FbApp }): Html {
  const { base } = model.chrome;
  const page = (rest: string) => `${base}${appPath(model.app.appId, rest)}`;
  return dashboardLayout({
    title: 'Add Platform',
    chrome: model.chrome,
    active: 'settings-basic',
    body: html`<div class="card">
<h1>Select Platform</h1>
<p class="lead">Choose where your app runs. For the Instagram Basic Display tutorial, use Website.</p>
<div class="choice"><a href="${page('settings/basic/?platform=website#website')}"><strong>Website</strong></a><p class="hint">A website that uses the Instagram Basic Display API.</p></div>
<div class="actions"><a class="btn btn-secondary" href="${page('settings/basic/')}">Cancel</a></div>
</div>`,
  });
}

export interface AdvancedSettingsModel {
  chrome: DashboardChrome;
  app: FbApp;
  versions: readonly string[];
  value: string;
  errors?: FieldErrors;
  notice?: Notice;
}

export function advancedSettingsPage(model: AdvancedSettingsModel): Html {
  const { base, csrfToken } = model.chrome;
  return dashboardLayout({
    title: 'Advanced Settings',
    chrome: model.chrome,
    active: 'settings-advanced',
    notice: model.notice,
    body: html`<h1>Advanced Settings</h1>
${postForm({
  action: `${base}${appPath(model.app.appId, 'settings/advanced/')}`,
  csrfToken,
  body: html`<div class="card">
<h2>Upgrade API Version</h2>
<p class="lead">Graph API calls without a version in the path (for example <code>/me</code>) use this version.</p>
${selectField({ id: 'apiVersion', label: 'Upgrade All Calls', value: model.value, options: model.versions, error: model.errors?.apiVersion })}
${formActions(submitButton('Save Changes'))}
</div>`,
})}`,
  });
}
