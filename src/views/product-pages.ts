// Products (the Instagram Basic Display card with "Set Up") and the product's Create New App form,
// which asks for the Display Name (spec §1.2).
import type { FbApp } from '../apps/app-entity.ts';
import { formActions, postForm, submitButton, textField, type FieldErrors } from './dashboard-forms.ts';
import { appPath, dashboardLayout, type DashboardChrome, type Notice } from './dashboard-layout.ts';
import { html, type Html } from './html.ts';

/** The product card: "Set Up" adds the product; once added, a link to its settings. */
export function basicDisplayCard(model: { base: string; csrfToken: string; app: FbApp; added: boolean }): Html {
  const page = (rest: string) => `${model.base}${appPath(model.app.appId, rest)}`;
  const action =
    model.app.appType === 'business'
      ? html`<p class="field-error">Instagram Basic Display is not available for Business apps. Use the Instagram Graph API instead.</p>`
      : model.added
        ? html`<a class="btn btn-secondary" href="${page('instagram-basic-display/basic-display/')}">Settings</a>`
        : postForm({ action: page('products/instagram-basic-display/set-up/'), csrfToken: model.csrfToken, body: submitButton('Set Up') });
  return html`<div class="card" id="instagram-basic-display">
<div class="product">
<div class="icon" aria-hidden="true">◎</div>
<div class="body">
<h2>Instagram Basic Display</h2>
<p class="lead">Get basic profile information, photos and videos from the Instagram accounts of your app's users.</p>
${action}
</div>
</div>
</div>`;
}

export function productsPage(model: { chrome: DashboardChrome; app: FbApp; added: boolean; notice?: Notice }): Html {
  return dashboardLayout({
    title: 'Products',
    chrome: model.chrome,
    active: 'products',
    notice: model.notice,
    body: html`<h1>Add products to your app</h1>
${basicDisplayCard({ base: model.chrome.base, csrfToken: model.chrome.csrfToken, app: model.app, added: model.added })}`,
  });
}

export interface CreateInstagramAppModel {
  chrome: DashboardChrome;
  app: FbApp;
  displayName: string;
  errors?: FieldErrors;
}

export function createInstagramAppPage(model: CreateInstagramAppModel): Html {
  const { base, csrfToken } = model.chrome;
  const page = (rest: string) => `${base}${appPath(model.app.appId, rest)}`;
  return dashboardLayout({
    title: 'Create New App',
    chrome: model.chrome,
    active: 'basic-display',
    narrow: true,
    body: html`<div class="card">
<h1>Create a New Instagram App ID</h1>
<p class="lead">The Instagram app has its own Instagram App ID and Instagram App Secret. Use these, not the App ID in Settings › Basic, as <code>client_id</code> and <code>client_secret</code>.</p>
${postForm({
  action: page('instagram-basic-display/basic-display/create/'),
  csrfToken,
  body: html`${textField({
    id: 'displayName',
    label: 'Display Name',
    value: model.displayName,
    required: true,
    hint: 'Shown to people in the Authorization Window. It may not contain Instagram, IG, Insta or Facebook.',
    error: model.errors?.displayName,
  })}
${formActions(html`<a class="btn btn-secondary left" href="${page('instagram-basic-display/basic-display/')}">Cancel</a>`, submitButton('Create App'))}`,
})}
</div>`,
  });
}
