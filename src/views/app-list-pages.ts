// My Apps and Create App (spec §1.1): the app type (Consumer or None; Business is shown, without
// Instagram Basic Display), the app's name and a contact email.
import type { AppMode, AppType } from '../apps/app-entity.ts';
import { formActions, linkButton, postForm, submitButton, textField, type FieldErrors } from './dashboard-forms.ts';
import { APP_TYPE_LABEL, appPath, dashboardLayout, type DashboardChrome, type Notice } from './dashboard-layout.ts';
import { html, type Html } from './html.ts';

export interface AppCard {
  appId: string;
  name: string;
  appType: AppType;
  mode: AppMode;
}

export function myAppsPage(model: { chrome: DashboardChrome; apps: AppCard[]; notice?: Notice }): Html {
  const { base } = model.chrome;
  return dashboardLayout({
    title: 'My Apps',
    chrome: model.chrome,
    notice: model.notice,
    body: html`<div class="card">
<div class="head"><div class="body"><h1>Apps</h1><p class="lead">Apps you administer. Create an app to use the Instagram Basic Display API.</p></div>
${linkButton(`${base}/apps/create/`, 'Create App', 'primary')}</div>
</div>
${model.apps.length === 0
    ? html`<div class="card"><p>You have no apps yet.</p></div>`
    : html`<div class="apps">${model.apps.map(
        (app) => html`<a class="card" href="${base}${appPath(app.appId, 'dashboard/')}">
<h2>${app.name}</h2>
<dl class="kv"><dt>App ID</dt><dd class="mono">${app.appId}</dd><dt>Type</dt><dd>${APP_TYPE_LABEL[app.appType]}</dd><dt>Mode</dt><dd>${app.mode === 'live' ? 'Live' : 'Development'}</dd></dl>
</a>`,
      )}</div>`}`,
  });
}

const TYPE_CHOICES: { type: AppType; description: string }[] = [
  { type: 'consumer', description: 'Connect consumer products and permissions, like Instagram Basic Display, to your app.' },
  { type: 'none', description: 'Create an app with combinations of consumer and business permissions and products.' },
  {
    type: 'business',
    description: 'Create or manage business assets like Pages, Events, Groups, Ads, Messenger and Instagram Graph API. Instagram Basic Display is not available for Business apps.',
  },
];

export interface CreateAppModel {
  chrome: DashboardChrome;
  values: { appType?: string; name?: string; contactEmail?: string };
  errors?: FieldErrors;
}

export function createAppPage(model: CreateAppModel): Html {
  const { base, csrfToken } = model.chrome;
  const errors = model.errors ?? {};
  const typeError = errors.appType;
  return dashboardLayout({
    title: 'Create App',
    chrome: model.chrome,
    narrow: true,
    body: html`<div class="card">
<h1>Create an app</h1>
${postForm({
  action: `${base}/apps/create/`,
  csrfToken,
  body: html`<fieldset${typeError ? html` aria-describedby="appType-error"` : ''}>
<legend>Select an app type</legend>
<p class="hint legend-hint">The app type can't be changed after your app is created.</p>
${TYPE_CHOICES.map(
  (choice) => html`<div class="choice${choice.type === 'business' ? ' off' : ''}">
<label><input type="radio" name="appType" value="${choice.type}" aria-describedby="type-${choice.type}"${model.values.appType === choice.type ? html` checked` : ''}> ${APP_TYPE_LABEL[choice.type]}</label>
<p class="hint" id="type-${choice.type}">${choice.description}</p>
</div>`,
)}
${typeError ? html`<p class="field-error" id="appType-error">${typeError}</p>` : ''}
</fieldset>
<h2>Provide basic information</h2>
${textField({ id: 'name', label: 'App name', value: model.values.name, required: true, hint: 'This is the app name associated with your App ID. You can change it later.', error: errors.name })}
${textField({ id: 'contactEmail', label: 'App contact email', type: 'email', value: model.values.contactEmail, required: true, hint: 'The address we use to contact you about your app.', error: errors.contactEmail })}
${formActions(html`<a class="btn btn-secondary left" href="${base}/apps/">Cancel</a>`, submitButton('Create App'))}`,
})}
</div>`,
  });
}
