// /accounts/password/change/: Change Password, under the settings side menu next to Edit Profile
// (Instagram's labels: Old Password, New Password, Confirm New Password).
import { csrfInput, textField } from './form-fields.ts';
import { html, type Html } from './html.ts';
import { settingsPage, type Viewer } from './instagram-shell.ts';

export type ChangePasswordField = 'oldPassword' | 'newPassword' | 'confirmPassword';

export interface ChangePasswordModel {
  viewer: Viewer;
  changed?: boolean;
  errors?: Partial<Record<ChangePasswordField, string>>;
}

export function changePasswordPage(model: ChangePasswordModel): Html {
  const errors = model.errors ?? {};
  return settingsPage({
    title: 'Change Password • Instagram',
    viewer: model.viewer,
    section: 'password',
    body: html`<h1>Change Password</h1>
  ${model.changed ? html`<p class="notice" role="status">Password changed. Apps you had authorized need your permission again.</p>` : ''}
  <form method="post" action="/accounts/password/change/">
    ${csrfInput(model.viewer.csrfToken)}
    <input type="text" name="username" value="${model.viewer.username}" autocomplete="username" hidden>
    ${textField({ id: 'old_password', name: 'old_password', label: 'Old Password', type: 'password', error: errors.oldPassword, autocomplete: 'current-password', required: true })}
    ${textField({ id: 'new_password1', name: 'new_password1', label: 'New Password', type: 'password', error: errors.newPassword, autocomplete: 'new-password', required: true })}
    ${textField({ id: 'new_password2', name: 'new_password2', label: 'Confirm New Password', type: 'password', error: errors.confirmPassword, autocomplete: 'new-password', required: true })}
    <p class="hint">Passwords need at least 6 characters. Changing it logs you out everywhere else and ends the access of every app you authorized.</p>
    <button class="primary" type="submit">Change Password</button>
  </form>`,
  });
}
