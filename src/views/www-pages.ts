// Instagram web pages of the www surface: sign-in, the signed-in home and the error page.
import { html, type Html } from './html.ts';
import { instagramPage } from './instagram-shell.ts';
import { layout } from './layout.ts';

export interface SignInModel {
  csrfToken: string;
  /** Where to go after signing in (a local path). */
  next: string;
  username?: string;
  error?: string;
  /** Shown above the form, e.g. "Log in to continue to Demo App". */
  notice?: string;
}

export function signInPage(model: SignInModel): Html {
  return layout({
    title: 'Login • Instagram',
    body: html`<div class="card">
  <div class="brand">Instagram</div>
  ${model.notice ? html`<p class="muted">${model.notice}</p>` : ''}
  <form method="post" action="/accounts/login/">
    <input type="hidden" name="_csrf" value="${model.csrfToken}">
    <input type="hidden" name="next" value="${model.next}">
    <label for="username">Username</label>
    <input id="username" type="text" name="username" autocomplete="username" autocapitalize="off" value="${model.username ?? ''}" required>
    <label for="password">Password</label>
    <input id="password" type="password" name="password" autocomplete="current-password" required>
    <button class="primary" type="submit">Log in</button>
    ${model.error ? html`<p class="error" role="alert">${model.error}</p>` : ''}
  </form>
</div>
<div class="card" style="text-align:center">Don't have an account? <a href="/accounts/emailsignup/${model.next === '/' ? '' : `?next=${encodeURIComponent(model.next)}`}">Sign up</a></div>`,
  });
}

export function homePage(model: { username: string; csrfToken: string }): Html {
  return instagramPage({
    title: 'Instagram',
    viewer: model,
    body: html`<div class="narrow"><div class="card">
  <p>You are logged in as <strong>${model.username}</strong>.</p>
  <p><a href="/${model.username}/">Your profile</a> · <a href="/create/">Share a photo or video</a> · <a href="/accounts/manage_access/">Apps and Websites</a></p>
  <form method="post" action="/accounts/logout/">
    <input type="hidden" name="_csrf" value="${model.csrfToken}">
    <button class="secondary" type="submit">Log out</button>
  </form>
</div></div>`,
  });
}

export function errorPage(model: { title: string; message: string }): Html {
  return layout({
    title: `${model.title} • Instagram`,
    body: html`<div class="card"><h1>${model.title}</h1><p>${model.message}</p><p><a href="/">Go back to Instagram</a></p></div>`,
  });
}
