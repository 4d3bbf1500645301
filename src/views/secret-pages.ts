// The password prompt before a secret is shown or reset, and the User Token Generator's result
// (spec §1.2). Secrets and tokens appear on one response only and are never stored in a page URL.
import { formActions, postForm, submitButton, textField } from './dashboard-forms.ts';
import { appPath, dashboardLayout, type DashboardChrome, type MenuItem } from './dashboard-layout.ts';
import { html, type Html } from './html.ts';

export type SecretAction = 'show-app-secret' | 'show-instagram-secret' | 'reset-instagram-secret';

const ACTIONS: Record<SecretAction, { path: string; back: string; active: MenuItem; lead: string; button: string; danger: boolean }> = {
  'show-app-secret': { path: 'settings/basic/show-secret/', back: 'settings/basic/', active: 'settings-basic', lead: 'For your security, re-enter your password to see the App Secret.', button: 'Submit', danger: false },
  'show-instagram-secret': {
    path: 'instagram-basic-display/basic-display/show-secret/',
    back: 'instagram-basic-display/basic-display/',
    active: 'basic-display',
    lead: 'For your security, re-enter your password to see the Instagram App Secret.',
    button: 'Submit',
    danger: false,
  },
  'reset-instagram-secret': {
    path: 'instagram-basic-display/basic-display/reset-secret/',
    back: 'instagram-basic-display/basic-display/',
    active: 'basic-display',
    lead: 'Resetting the Instagram App Secret ends the current secret at once: code exchanges and token requests that send it fail until you use the new one. Re-enter your password to reset it.',
    button: 'Reset',
    danger: true,
  },
};

/** Path of a secret action's page, below the surface base. */
export const secretActionPath = (appId: string, action: SecretAction): string => appPath(appId, ACTIONS[action].path);

export function passwordConfirmPage(model: { chrome: DashboardChrome; appId: string; action: SecretAction; error?: string }): Html {
  const { base, csrfToken } = model.chrome;
  const action = ACTIONS[model.action];
  return dashboardLayout({
    title: 'Re-enter your password',
    chrome: model.chrome,
    active: action.active,
    narrow: true,
    body: html`<div class="card">
<h1>${model.action === 'reset-instagram-secret' ? 'Reset Instagram App Secret?' : 'Please re-enter your password'}</h1>
<p class="lead">${action.lead}</p>
${postForm({
  action: `${base}${appPath(model.appId, action.path)}`,
  csrfToken,
  body: html`${textField({ id: 'password', label: 'Password', type: 'password', required: true, autocomplete: 'current-password', error: model.error })}
${formActions(html`<a class="btn btn-secondary left" href="${base}${appPath(model.appId, action.back)}">Cancel</a>`, submitButton(action.button, action.danger ? 'danger' : 'primary'))}`,
})}
</div>`,
  });
}

export interface GeneratedTokenModel {
  chrome: DashboardChrome;
  appId: string;
  token?: { accessToken: string; userId: string; username: string; expiresIn: number };
  error?: string;
}

export function generatedTokenPage(model: GeneratedTokenModel): Html {
  const { base } = model.chrome;
  const back = `${base}${appPath(model.appId, 'instagram-basic-display/basic-display/')}#user-token-generator`;
  return dashboardLayout({
    title: 'User Token Generator',
    chrome: model.chrome,
    active: 'basic-display',
    notice: model.error ? { kind: 'error', text: model.error } : undefined,
    body: html`<h1>User Token Generator</h1>
${model.token
    ? html`<div class="card">
<h2>Access token for ${model.token.username}</h2>
<p class="lead">A long-lived Instagram User Access Token, valid for 60 days. Copy it now: it is not shown again.</p>
<label for="generated-token">Access Token</label>
<textarea class="token" id="generated-token" readonly rows="4">${model.token.accessToken}</textarea>
<dl class="kv spaced"><dt>User ID</dt><dd class="mono" id="generated-user-id">${model.token.userId}</dd><dt>Expires in</dt><dd>${model.token.expiresIn} seconds</dd></dl>
<div class="actions"><a class="btn btn-primary" href="${back}">Done</a></div>
</div>`
    : html`<div class="card"><p><a href="${back}">Back to the User Token Generator</a></p></div>`}`,
  });
}
