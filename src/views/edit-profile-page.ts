// /accounts/edit/: Edit Profile — the account's name and username — under the settings side menu that
// also leads to Apps and Websites (spec §1.3: Edit Profile > Apps and Websites).
import { csrfInput, textField } from './form-fields.ts';
import { html, type Html } from './html.ts';
import { settingsPage, type Viewer } from './instagram-shell.ts';

export interface EditProfileModel {
  viewer: Viewer;
  fullName: string;
  username: string;
  saved?: boolean;
  errors?: { fullName?: string; username?: string };
}

export function editProfilePage(model: EditProfileModel): Html {
  const errors = model.errors ?? {};
  return settingsPage({
    title: 'Edit Profile • Instagram',
    viewer: model.viewer,
    section: 'edit',
    body: html`<h1>Edit Profile</h1>
  ${model.saved ? html`<p class="notice" role="status">Profile saved.</p>` : ''}
  <form method="post" action="/accounts/edit/">
    ${csrfInput(model.viewer.csrfToken)}
    ${textField({ id: 'full_name', name: 'full_name', label: 'Name', value: model.fullName, error: errors.fullName, autocomplete: 'name', maxlength: 64 })}
    ${textField({ id: 'username', name: 'username', label: 'Username', value: model.username, error: errors.username, autocomplete: 'username', maxlength: 30, required: true, noAutocapitalize: true })}
    <p class="hint">Your profile is at /${model.viewer.username}/. Apps you have authorized see your new username on their next request.</p>
    <button class="primary" type="submit">Submit</button>
  </form>`,
  });
}
