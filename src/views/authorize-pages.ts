// The Authorization Window (spec §2.1): the consent screen and the error page shown for an invalid
// request, whose body is the OAuth error JSON users pasted (spec §2.3).
import type { Scope } from '../apps/app-entity.ts';
import { html, type Html } from './html.ts';
import { layout } from './layout.ts';

const SCOPE_TEXT: Record<Scope, { title: string; detail: string }> = {
  user_profile: { title: 'Profile info', detail: 'Your Instagram username and account type.' },
  user_media: { title: 'Media', detail: 'Your photos, videos, albums and their captions.' },
};

export interface ConsentModel {
  appName: string;
  username: string;
  scopes: Scope[];
  csrfToken: string;
  /** The request's parameters, posted back with the decision. */
  params: Record<string, string>;
  action: string;
}

export function consentPage(model: ConsentModel): Html {
  return layout({
    title: `Authorize ${model.appName} • Instagram`,
    body: html`<div class="card">
  <div class="brand">Instagram</div>
  <h1>${model.appName} would like to access your Instagram account</h1>
  <p class="muted">Logged in as <strong id="username">${model.username}</strong></p>
  <ul class="perms">
    ${model.scopes.map((scope) => html`<li data-scope="${scope}"><strong>${SCOPE_TEXT[scope].title}</strong><span class="muted">${SCOPE_TEXT[scope].detail}</span></li>`)}
  </ul>
  <p class="muted">${model.appName} will not be able to post, comment or see your password. You can remove this app at any time in Apps and Websites.</p>
  <form method="post" action="${model.action}">
    <input type="hidden" name="_csrf" value="${model.csrfToken}">
    ${Object.entries(model.params).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`)}
    <button class="primary" type="submit" name="decision" value="allow">Authorize</button>
    <button class="secondary" type="submit" name="decision" value="deny">Cancel</button>
  </form>
</div>`,
  });
}

/** The exact JSON text Instagram showed: `{"error_type": "OAuthException", "code": 400, "error_message": "…"}`. */
export function authorizeErrorPage(model: { body: string; signedInAs?: { username: string; csrfToken: string; next: string } }): Html {
  return layout({
    title: 'Error • Instagram',
    body: html`<div class="card">
  <div class="brand">Instagram</div>
  <pre id="error">${model.body}</pre>
  ${model.signedInAs
    ? html`<form method="post" action="/accounts/logout/">
    <input type="hidden" name="_csrf" value="${model.signedInAs.csrfToken}">
    <input type="hidden" name="next" value="${model.signedInAs.next}">
    <p class="muted">Logged in as <strong>${model.signedInAs.username}</strong>.</p>
    <button class="secondary" type="submit">Log in as someone else</button>
  </form>`
    : ''}
</div>`,
  });
}
