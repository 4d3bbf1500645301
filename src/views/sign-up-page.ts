// /accounts/emailsignup/: Instagram's sign-up form (Full Name, Username, Password), with each refusal
// shown under its field.
import { csrfInput, textField } from './form-fields.ts';
import { html, type Html } from './html.ts';
import { instagramPage } from './instagram-shell.ts';

export type SignUpField = 'fullName' | 'username' | 'password';

export interface SignUpModel {
  csrfToken: string;
  next: string;
  fullName?: string;
  username?: string;
  errors?: Partial<Record<SignUpField, string>>;
}

export function signUpPage(model: SignUpModel): Html {
  const errors = model.errors ?? {};
  const loginHref = model.next === '/' ? '/accounts/login/' : `/accounts/login/?next=${encodeURIComponent(model.next)}`;
  return instagramPage({
    title: 'Sign up • Instagram',
    viewer: undefined,
    topBar: false,
    body: html`<div class="narrow">
<div class="card">
  <div class="brand">Instagram</div>
  <p class="muted center">Sign up to see photos and videos from your friends.</p>
  <form method="post" action="/accounts/emailsignup/">
    ${csrfInput(model.csrfToken)}
    <input type="hidden" name="next" value="${model.next}">
    ${textField({ id: 'full_name', name: 'full_name', label: 'Full Name', value: model.fullName, error: errors.fullName, autocomplete: 'name', maxlength: 64 })}
    ${textField({ id: 'username', name: 'username', label: 'Username', value: model.username, error: errors.username, autocomplete: 'username', maxlength: 30, required: true, noAutocapitalize: true })}
    ${textField({ id: 'password', name: 'password', label: 'Password', type: 'password', error: errors.password, autocomplete: 'new-password', required: true })}
    <p class="hint">Usernames can use letters, numbers, underscores and periods. Passwords need at least 6 characters.</p>
    <button class="primary" type="submit">Sign up</button>
  </form>
</div>
<div class="card center">Have an account? <a href="${loginHref}">Log in</a></div>
</div>`,
  });
}
