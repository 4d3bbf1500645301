// Log in and Sign Up on developers.facebook.com: the dashboard's own accounts (DESIGN.md §3).
import { csrfInput, textField, type FieldErrors } from './dashboard-forms.ts';
import { noticeBox, publicLayout, type Notice } from './dashboard-layout.ts';
import { html, type Html } from './html.ts';

export interface DeveloperSignInModel {
  base: string;
  csrfToken: string;
  /** Where to continue after signing in (a path below the base). */
  next: string;
  email?: string;
  errors?: FieldErrors;
  notice?: Notice;
}

export function developerSignInPage(model: DeveloperSignInModel): Html {
  const errors = model.errors ?? {};
  return publicLayout({
    title: 'Log in',
    body: html`${noticeBox(model.notice)}<div class="card">
<h1>Log in</h1>
<p class="lead">Log in to manage your apps.</p>
<form method="post" action="${model.base}/login/">
${csrfInput(model.csrfToken)}
<input type="hidden" name="next" value="${model.next}">
${textField({ id: 'email', label: 'Email', type: 'email', value: model.email, required: true, autocomplete: 'username', error: errors.email })}
${textField({ id: 'password', label: 'Password', type: 'password', required: true, autocomplete: 'current-password', error: errors.password })}
<button class="btn btn-primary" type="submit">Log in</button>
</form>
</div>
<p class="hint center">No developer account yet? <a href="${model.base}/signup/?next=${encodeURIComponent(model.next)}">Sign Up</a></p>`,
  });
}

export interface DeveloperSignUpModel {
  base: string;
  csrfToken: string;
  next: string;
  name?: string;
  email?: string;
  errors?: FieldErrors;
}

export function developerSignUpPage(model: DeveloperSignUpModel): Html {
  const errors = model.errors ?? {};
  return publicLayout({
    title: 'Sign Up',
    body: html`<div class="card">
<h1>Create a developer account</h1>
<p class="lead">Register to create apps and use the Instagram Basic Display API.</p>
<form method="post" action="${model.base}/signup/">
${csrfInput(model.csrfToken)}
<input type="hidden" name="next" value="${model.next}">
${textField({ id: 'name', label: 'Name', value: model.name, autocomplete: 'name', error: errors.name })}
${textField({ id: 'email', label: 'Email', type: 'email', value: model.email, required: true, autocomplete: 'username', error: errors.email })}
${textField({ id: 'password', label: 'Password', type: 'password', required: true, autocomplete: 'new-password', hint: 'At least 6 characters.', error: errors.password })}
<button class="btn btn-primary" type="submit">Sign Up</button>
</form>
</div>
<p class="hint center">Already registered? <a href="${model.base}/login/?next=${encodeURIComponent(model.next)}">Log in</a></p>`,
  });
}
