// igloo's own redirect target (/_igloo/callback), so the tutorial can be followed without a website.
import { html, type Html } from './html.ts';
import { layout } from './layout.ts';

export interface CallbackModel {
  /** This page's own URL without query: the redirect_uri to send to /oauth/access_token. */
  redirectUri: string;
  tokenEndpoint: string;
  code?: string;
  state?: string;
  error?: { error: string; reason?: string; description?: string };
}

export function callbackPage(model: CallbackModel): Html {
  const curl = model.code
    ? `curl -X POST \\\n  ${model.tokenEndpoint} \\\n  -F client_id={app-id} \\\n  -F client_secret={app-secret} \\\n  -F grant_type=authorization_code \\\n  -F redirect_uri=${model.redirectUri} \\\n  -F code=${model.code}`
    : '';
  return layout({
    title: 'igloo callback',
    wide: true,
    body: html`<div class="card">
  <h1>igloo callback</h1>
  ${model.code
    ? html`<p>The Authorization Window sent this authorization code:</p>
  <pre id="code">${model.code}</pre>
  <p class="muted">The address bar ends in <code>#_</code>. Instagram appends that fragment to every redirect; it is
  not part of the code, and browsers never send it to the server, so the code above is already without it.
  Codes are valid for 1 hour and can be exchanged once.</p>
  <h2>Exchange it for a token</h2>
  <pre id="curl">${curl}</pre>`
    : ''}
  ${model.error
    ? html`<p>The Authorization Window returned an error:</p>
  <pre id="error">error=${model.error.error}
error_reason=${model.error.reason ?? ''}
error_description=${model.error.description ?? ''}</pre>`
    : ''}
  ${!model.code && !model.error ? html`<p>No authorization code or error was received. Point an app's Valid OAuth Redirect URI here.</p>` : ''}
  ${model.state !== undefined ? html`<p>state: <code id="state">${model.state}</code></p>` : ''}
</div>`,
  });
}
