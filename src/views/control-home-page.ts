// The emulator's home page (/_igloo/), like the Firebase Emulator Suite's overview: where each surface
// answers, the demo world and how to sign in, then the clock, faults and latest requests
// (control-home-sections.ts). Emulator mode only; no scripts, so "Show" is a <details> disclosure.
import type { SurfaceHosts } from '../config/config-schema.ts';
import type { EmulatorOverview } from '../overview/emulator-overview.ts';
import { clockSection, faultsSection, requestsSection } from './control-home-sections.ts';
import { dashboardDocument } from './dashboard-layout.ts';
import { html, trusted, type Html } from './html.ts';

/** A surface, named as the config names its hosts (http/host-dispatch.ts's Surface, without importing HTTP). */
type Surface = keyof SurfaceHosts;

export interface HomeSurface {
  surface: Surface;
  /** Where it answers for this client: the surface's base URL plus `/`. */
  url: string;
  /** The host names it also answers on in drop-in mode. */
  hosts: string[];
}

export interface HomeModel {
  csrfToken: string;
  overview: EmulatorOverview;
  surfaces: HomeSurface[];
  /** Each surface's base URL as this client sees it. */
  bases: Record<Surface, string>;
  /** The clock form's value and what is wrong with it, after a refused move. */
  clockError?: { value: string; message: string };
  faultError?: string;
}

const SURFACE_INFO: Record<Surface, { name: string; what: string }> = {
  www: { name: 'www.instagram.com', what: 'Instagram on the web: sign in, profiles and posts, posting, Settings › Apps and Websites.' },
  api: { name: 'api.instagram.com', what: 'OAuth: the Authorization Window (/oauth/authorize) and the code exchange (POST /oauth/access_token).' },
  graph: { name: 'graph.instagram.com', what: 'The Graph API: /me, /me/media, media and children, long-lived tokens and their refresh.' },
  developers: { name: 'developers.facebook.com', what: 'The App Dashboard: apps, Instagram Basic Display, Roles, App Review, the User Token Generator, the Request Log.' },
  cdn: { name: 'Media CDN', what: 'The signed image and video URLs that media_url and thumbnail_url point at.' },
};

const HOME_STYLES = trusted(`
.home{max-width:980px;margin:0 auto}
.home h2{margin-bottom:12px}
.surface-url{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:13px;overflow-wrap:anywhere}
.item>.side.url{flex:0 1 auto;min-width:0;max-width:100%}
.secret-value summary{cursor:pointer;color:#1464cc;display:inline}
.secret-value code{display:block;margin-top:4px}
.links{display:flex;flex-wrap:wrap;gap:8px;margin:14px 0 0}
.inline-form{display:flex;flex-wrap:wrap;gap:8px;align-items:flex-start;margin:16px 0 10px}
.inline-form .field{margin:0;flex:1 1 200px;max-width:360px}
.inline-form>.btn{margin-top:26px}
.quick{display:flex;flex-wrap:wrap;gap:8px;align-items:center;margin:0 0 10px}
.clock-now{font-size:20px;font-weight:600}
.rows.requests td{padding:8px}
.requests .hint{display:block}
@media (max-width:760px){
  .clock-now{font-size:17px}
  .rows.requests thead{display:none}
  .rows.requests tr{display:grid;grid-template-columns:1fr auto;gap:2px 8px;padding:8px 0;border-bottom:1px solid #ebedf0}
  .rows.requests td{padding:0;border:0}
  .rows.requests td.request{grid-column:1/-1}
  .rows.requests td.status{grid-row:1;grid-column:2}
}
`);

function surfacesSection(model: HomeModel): Html {
  return html`<section class="card" id="surfaces" aria-labelledby="surfaces-title">
<h2 id="surfaces-title">Surfaces</h2>
<p class="lead">Each Instagram and Facebook host igloo plays, at the URL it answers on here. A client that reaches igloo under the real host names (drop-in mode) is answered at each surface's root.</p>
<ul class="items">
${model.surfaces.map(({ surface, url, hosts }) => {
  const info = SURFACE_INFO[surface];
  return html`<li class="item" data-surface="${surface}"><div class="body"><strong>${info.name}</strong><p class="hint">${info.what}</p><p class="hint">Drop-in host names: ${hosts.join(', ')}</p></div>
<div class="side url">${surface === 'www' || surface === 'developers' ? html`<a class="surface-url" href="${url}">${url}</a>` : html`<span class="surface-url">${url}</span>`}</div></li>`;
})}
</ul>
</section>`;
}

function demoSection(model: HomeModel): Html {
  const demo = model.overview.demo;
  if (!demo) {
    return html`<section class="card" id="demo" aria-labelledby="demo-title"><h2 id="demo-title">Demo world</h2>
<p id="no-demo">There is no demo world on this igloo. <code>POST /_igloo/reset</code> with <code>{"demo": true}</code>, or <code>igloo seed --demo</code>, creates it.</p></section>`;
  }
  const { www, api, developers } = model.bases;
  const authorize = `${api}/oauth/authorize?${new URLSearchParams({ client_id: demo.app.instagram_app_id, redirect_uri: demo.app.redirect_uri, scope: 'user_profile,user_media', response_type: 'code' }).toString().replace(/%2C/g, ',')}`;
  return html`<section class="card" id="demo" aria-labelledby="demo-title">
<h2 id="demo-title">Demo world</h2>
<p class="lead">The world <code>npm start</code> creates on an empty data dir. Every password here is the demo's, printed by the startup banner too.</p>
<h3>App: ${demo.app.display_name}</h3>
<dl class="kv" id="demo-app">
<dt>App ID</dt><dd class="mono">${demo.app.app_id}</dd>
<dt>Instagram App ID</dt><dd class="mono" id="demo-ig-app-id">${demo.app.instagram_app_id}</dd>
<dt>Instagram App Secret</dt><dd><details class="secret-value"><summary>Show</summary><code id="demo-secret">${demo.app.instagram_app_secret}</code></details></dd>
<dt>Redirect URI</dt><dd class="mono">${demo.app.redirect_uri}</dd>
</dl>
<div class="links"><a class="btn btn-primary btn-small" id="authorize-link" href="${authorize}">Authorization Window</a><a class="btn btn-secondary btn-small" href="${developers}/apps/${demo.app.app_id}/dashboard/">App Dashboard</a><a class="btn btn-secondary btn-small" href="${developers}/apps/${demo.app.app_id}/instagram-basic-display/basic-display/">Basic Display</a></div>
<h3>Developer (App Dashboard)</h3>
<dl class="kv" id="demo-developer"><dt>Email</dt><dd class="mono">${demo.developer.email}</dd><dt>Password</dt><dd class="mono">${demo.developer.password}</dd></dl>
<div class="links"><a class="btn btn-secondary btn-small" href="${developers}/login/">Sign in to the App Dashboard</a></div>
<h3>Instagram accounts</h3>
<ul class="items" id="demo-accounts">
${demo.accounts.map(
  (account) => html`<li class="item"><div class="body"><strong><a href="${www}/${account.username}/">${account.username}</a></strong> <span class="mono">/ ${account.password}</span>
<p class="hint">${account.tester === 'accepted' ? 'Accepted Instagram Tester of the demo app: can authorize it in Development mode.' : 'Not a tester: the Authorization Window refuses it while the app is in Development mode.'}</p></div>
<div class="side"><span class="badge${account.tester === 'accepted' ? ' ok' : ''}">${account.tester === 'accepted' ? 'Tester' : 'Not a tester'}</span></div></li>`,
)}
</ul>
<div class="links"><a class="btn btn-secondary btn-small" href="${www}/accounts/login/">Sign in to Instagram</a></div>
</section>`;
}

export function controlHomePage(model: HomeModel): Html {
  return dashboardDocument(
    'igloo emulator',
    html`<header class="topbar"><a class="brand" href="/_igloo/">igloo <b>emulator</b></a><span class="spacer"></span><span class="badge ok">Emulator mode</span></header>
<main class="content home">
<h1>igloo emulator</h1>
<p class="lead">The Instagram Basic Display API platform on this machine: its surfaces, the demo world, the virtual clock, fault injection and the latest requests. Everything here can be done with the control API too (README, Emulator controls).</p>
${surfacesSection(model)}
${demoSection(model)}
${clockSection(model)}
${faultsSection(model)}
${requestsSection(model)}
</main>`,
    HOME_STYLES,
  );
}
