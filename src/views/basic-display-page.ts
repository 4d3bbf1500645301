// Products > Instagram Basic Display > Basic Display (spec §1.2): Create New App, then the Instagram
// app's settings with its callback deliveries, App Review for Instagram Basic Display and the User
// Token Generator.
import type { FbApp, InstagramApp, Permission, ReviewStatus } from '../apps/app-entity.ts';
import type { CallbackDelivery, CallbackKind, DeliveryStatus } from '../callbacks/callback-entity.ts';
import { DELIVERIES_LISTED, RETRY_DELAYS_MS } from '../callbacks/callback-entity.ts';
import { HOUR, MINUTE } from '../clock.ts';
import { csrfInput, formActions, linkButton, postForm, readOnlyField, submitButton, textAreaField, textField, type FieldErrors } from './dashboard-forms.ts';
import { appPath, dashboardLayout, type DashboardChrome, type Notice } from './dashboard-layout.ts';
import { html, type Html } from './html.ts';
import { reviewTable } from './app-review-pages.ts';
import { secretField } from './app-settings-pages.ts';
import { basicDisplayCard } from './product-pages.ts';

export interface BasicDisplayValues {
  displayName: string;
  redirectUris: string;
  deauthorizeUrl: string;
  dataDeletionUrl: string;
}

export interface BasicDisplayModel {
  chrome: DashboardChrome;
  app: FbApp;
  added: boolean;
  igApp?: InstagramApp;
  /** The form's values: what was typed when it was refused, else the stored settings. */
  values?: BasicDisplayValues;
  errors?: FieldErrors;
  revealedSecret?: string;
  statuses?: Record<Permission, ReviewStatus>;
  acceptedTesters: { accountId: string; username: string }[];
  /** Emulator mode: the page shows the Auto consent card. */
  autoConsentAvailable?: boolean;
  /** The Instagram app's callback deliveries, newest first. */
  deliveries: DeliveryRow[];
  notice?: Notice;
}

/** A callback delivery as the page lists it: its payload decoded to the user_id it names. */
export type DeliveryRow = Omit<CallbackDelivery, 'igAppId' | 'payload'> & { userId: string };

/** The stored settings as the form shows them: one redirect URI a line. */
export function storedValues(igApp: InstagramApp): BasicDisplayValues {
  return { displayName: igApp.displayName, redirectUris: igApp.redirectUris.join('\n'), deauthorizeUrl: igApp.deauthorizeUrl ?? '', dataDeletionUrl: igApp.dataDeletionUrl ?? '' };
}

function introCard(model: BasicDisplayModel): Html {
  const page = `${model.chrome.base}${appPath(model.app.appId, 'instagram-basic-display/basic-display/create/')}`;
  return html`<div class="card">
<h2>Instagram Basic Display</h2>
<p>Instagram Basic Display lets the users of your app get their Instagram profile information, photos and videos.</p>
<p class="lead">To use it, create an Instagram app: it gets its own Instagram App ID and Instagram App Secret and the settings of the Authorization Window.</p>
<h3>Limitations</h3>
<ul class="hint"><li>Only the Instagram accounts of your app's users; no other accounts.</li><li>No posting, commenting or insights.</li><li>Business apps are not supported.</li></ul>
<div class="actions">${linkButton(page, 'Create New App', 'primary')}</div>
</div>`;
}

function settingsCard(model: BasicDisplayModel & { igApp: InstagramApp }): Html {
  const { base, csrfToken } = model.chrome;
  const page = (rest: string) => `${base}${appPath(model.app.appId, rest)}`;
  const values = model.values ?? storedValues(model.igApp);
  const errors = model.errors ?? {};
  return postForm({
    action: page('instagram-basic-display/basic-display/'),
    csrfToken,
    id: 'settings',
    body: html`<div class="card">
<h2>Basic Display</h2>
<div class="grid">
${readOnlyField({ id: 'instagram-app-id', label: 'Instagram App ID', value: model.igApp.igAppId })}
${secretField({
  id: 'instagram-app-secret',
  label: 'Instagram App Secret',
  revealed: model.revealedSecret,
  actions: [linkButton(page('instagram-basic-display/basic-display/show-secret/'), 'Show'), linkButton(page('instagram-basic-display/basic-display/reset-secret/'), 'Reset')],
})}
</div>
${textField({ id: 'displayName', label: 'Display Name', value: values.displayName, required: true, error: errors.displayName })}
${textAreaField({
  id: 'redirectUris',
  label: 'Valid OAuth Redirect URIs',
  value: values.redirectUris,
  rows: 3,
  placeholder: 'https://example.com/auth/',
  hint: 'One URI a line. The Authorization Window accepts only a redirect_uri identical to one of these, character for character.',
  error: errors.redirectUris,
})}
${model.igApp.redirectUris.length > 0
  ? html`<div class="stored" id="stored-redirect-uris"><strong>Saved as</strong> <span class="hint">(a URI without a path gains a trailing slash: copy the value below)</span><ul>${model.igApp.redirectUris.map((uri) => html`<li><code>${uri}</code></li>`)}</ul></div>`
  : ''}
<h3>Deauthorize</h3>
${textField({ id: 'deauthorizeUrl', label: 'Deauthorize Callback URL', type: 'url', value: values.deauthorizeUrl, hint: 'Called when a user removes your app in Apps and Websites.', error: errors.deauthorizeUrl })}
<h3>Data Deletion Requests</h3>
${textField({ id: 'dataDeletionUrl', label: 'Data Deletion Request URL', type: 'url', value: values.dataDeletionUrl, hint: 'Called when a user removes the app or asks for their data to be deleted.', error: errors.dataDeletionUrl })}
${formActions(submitButton('Save Changes'))}
</div>`,
  });
}

const KIND: Record<CallbackKind, string> = { deauthorize: 'Deauthorize', data_deletion: 'Data Deletion' };
const STATUS: Record<DeliveryStatus, Html> = {
  pending: html`<span class="badge wait">Pending</span>`,
  delivered: html`<span class="badge ok">Delivered</span>`,
  failed: html`<span class="badge bad">Failed</span>`,
};
const retryWaits = RETRY_DELAYS_MS.map((ms) => (ms < HOUR ? `${ms / MINUTE} min` : `${ms / HOUR} h`));
const RETRIES = `${retryWaits.slice(0, -1).join(', ')} and ${retryWaits.at(-1) ?? ''}`;
// Made on first use, like every Intl formatter here: ICU data is loaded only when a page needs it.
let whenFormat: Intl.DateTimeFormat | undefined;

/** A time on igloo's clock, in UTC (the page has no script to learn the viewer's zone). */
const when = (ms: number): Html => {
  whenFormat ??= new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'UTC', hourCycle: 'h23' });
  return html`<time datetime="${new Date(ms).toISOString()}">${whenFormat.format(ms)} UTC</time>`;
};

function deliveryItem(model: BasicDisplayModel, delivery: DeliveryRow): Html {
  const action = `${model.chrome.base}${appPath(model.app.appId, `instagram-basic-display/callbacks/${encodeURIComponent(delivery.id)}/replay/`)}`;
  const row = (label: string, value: Html | string) => html`<dt>${label}</dt><dd>${value}</dd>`;
  return html`<li class="item" data-delivery="${delivery.id}">
<div class="body"><strong>${KIND[delivery.kind]}</strong> ${STATUS[delivery.status]}
<dl class="kv spaced">
${row('URL', html`<code>${delivery.url}</code>`)}
${row('User ID', html`<code>${delivery.userId}</code>`)}
${row('Queued', when(delivery.createdAt))}
${row('Attempts', String(delivery.attempts))}
${row('Last result', delivery.lastResult === null ? 'Not sent yet' : delivery.lastResult)}
${delivery.status === 'pending' ? row('Next attempt', when(delivery.nextAttemptAt)) : ''}
${delivery.confirmationCode === null ? '' : row('Confirmation code', html`<code>${delivery.confirmationCode}</code>`)}
${delivery.statusUrl === null ? '' : row('Status URL', html`<code>${delivery.statusUrl}</code>`)}
</dl></div>
<div class="side"><form method="post" action="${action}">${csrfInput(model.chrome.csrfToken)}<button class="btn btn-secondary btn-small" type="submit">Replay</button></form></div>
</li>`;
}

function deliveriesCard(model: BasicDisplayModel): Html {
  return html`<div class="card deliveries" id="callback-deliveries">
<h2>Callback deliveries</h2>
<p class="lead">When a user removes your app in Apps and Websites, igloo POSTs to the Deauthorize Callback URL and the Data Deletion Request URL above, each with one form field, <code>signed_request</code>, signed with the Instagram App Secret. A callback that gets no 2xx answer is tried again after ${RETRIES}, then marked Failed. Replay sends one again.</p>
${model.deliveries.length === 0
    ? html`<p class="hint" id="no-callback-deliveries">No callbacks sent yet. They are sent when a user removes the app in Apps and Websites.</p>`
    : html`<p class="hint">The latest ${DELIVERIES_LISTED}, newest first; times in UTC on igloo's clock.</p>
<ul class="items" aria-label="Callback deliveries">${model.deliveries.map((delivery) => deliveryItem(model, delivery))}</ul>`}
</div>`;
}

/** Emulator mode only (issue 8): skip the consent screen, for CI (docs/decisions.md). */
function autoConsentCard(model: BasicDisplayModel & { igApp: InstagramApp }): Html {
  const action = `${model.chrome.base}${appPath(model.app.appId, 'instagram-basic-display/auto-consent/')}`;
  return postForm({
    action,
    csrfToken: model.chrome.csrfToken,
    id: 'auto-consent',
    body: html`<div class="card">
<h2>Auto consent <span class="badge wait">Emulator</span></h2>
<div class="field check">
<label for="autoConsent"><input id="autoConsent" name="autoConsent" type="checkbox" value="on"${model.igApp.autoConsent ? html` checked` : ''} aria-describedby="autoConsent-hint"> Skip the consent screen</label>
<p class="hint" id="autoConsent-hint">For CI: a valid Authorization Window request from a signed-in user who may authorize the app goes straight back to the redirect URI with a code, as if they had pressed Authorize. With nobody signed in and exactly one accepted Instagram Tester, the window authorizes as that tester. Invalid requests still get their error page.</p>
</div>
${formActions(submitButton('Save', 'secondary'))}
</div>`,
  });
}

function tokenGeneratorCard(model: BasicDisplayModel): Html {
  const { base, csrfToken } = model.chrome;
  const page = (rest: string) => `${base}${appPath(model.app.appId, rest)}`;
  return html`<div class="card" id="user-token-generator">
<h2>User Token Generator</h2>
<p class="lead">Generate long-lived access tokens for your Instagram Testers, without App Review. The tester logs in to the Authorization Window and authorizes your app. <a href="${page('roles/roles/')}">Add or Remove Instagram Testers</a></p>
${model.acceptedTesters.length === 0
    ? html`<p class="hint">No Instagram Tester has accepted an invitation yet.</p>`
    : html`<table class="rows"><tbody>${model.acceptedTesters.map(
        (tester) => html`<tr><td>${tester.username}</td><td class="act"><form method="post" action="${page('instagram-basic-display/token-generator/')}">${csrfInput(csrfToken)}<input type="hidden" name="accountId" value="${tester.accountId}"><button class="btn btn-secondary btn-small" type="submit">Generate Token</button></form></td></tr>`,
      )}</tbody></table>`}
</div>`;
}

export function basicDisplayPage(model: BasicDisplayModel): Html {
  const { base, csrfToken } = model.chrome;
  const igApp = model.igApp;
  let body: Html;
  if (!model.added) body = basicDisplayCard({ base, csrfToken, app: model.app, added: false });
  else if (!igApp) body = introCard(model);
  else {
    body = html`${settingsCard({ ...model, igApp })}
${model.autoConsentAvailable ? autoConsentCard({ ...model, igApp }) : ''}
${deliveriesCard(model)}
<div class="card" id="app-review">
<h2>App Review for Instagram Basic Display</h2>
<p class="lead">Submit the permissions your app needs. People who are not Instagram Testers can grant only approved permissions, and only while the app is Live.</p>
${model.statuses ? reviewTable({ base, appId: model.app.appId, csrfToken, statuses: model.statuses, returnTo: 'basic-display' }) : ''}
</div>
${tokenGeneratorCard(model)}`;
  }
  return dashboardLayout({ title: 'Basic Display', chrome: model.chrome, active: 'basic-display', notice: model.notice, body: html`<h1>Basic Display</h1>${body}` });
}
