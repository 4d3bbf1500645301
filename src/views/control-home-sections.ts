// The home page's live sections: the virtual clock with its form, the fault rules with Clear all and the
// presets, and the latest requests, each linked to the App Dashboard's Request Log where it has one.
import { FAULT_PRESET_NAMES } from '../faults/fault-catalogue.ts';
import type { FaultRule } from '../faults/fault-rules.ts';
import type { OverviewRequest } from '../overview/emulator-overview.ts';
import type { HomeModel } from './control-home-page.ts';
import { postForm, textField } from './dashboard-forms.ts';
import { html, type Html } from './html.ts';
import { SURFACE_LABEL } from './request-log-pages.ts';

/**
 * Where the page's forms post; each answers with a 303 back to the page, or the page with the error.
 * The fragment brings the browser back to the form's section either way.
 */
const HOME_FORMS = { clock: '/_igloo/home/clock', clearFaults: '/_igloo/home/faults/clear', preset: '/_igloo/home/faults/preset' } as const;
/** The quick moves offered next to the clock form. */
const QUICK_MOVES = ['1h', '25h', '60d'];

const UNITS: [string, number][] = [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1000], ['ms', 1]];

/** 90_061_000 → "+1d 1h 1m 1s". */
function offsetText(ms: number): string {
  if (ms === 0) return 'none: virtual time is the wall clock’s';
  const parts: string[] = [];
  let rest = Math.abs(ms);
  for (const [unit, size] of UNITS) {
    const count = Math.floor(rest / size);
    rest -= count * size;
    if (count > 0) parts.push(`${count}${unit}`);
  }
  return `${ms < 0 ? '−' : '+'}${parts.join(' ')}`;
}

const dateTime = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
const latency = (ms: number) => `${ms < 10 ? ms.toFixed(2) : ms.toFixed(0)} ms`;

export function clockSection(model: HomeModel): Html {
  const { nowMs, offsetMs } = model.overview.clock;
  const iso = new Date(nowMs).toISOString();
  return html`<section class="card" id="clock" aria-labelledby="clock-title">
<h2 id="clock-title">Virtual clock</h2>
<dl class="kv">
<dt>Virtual time</dt><dd><time class="clock-now" id="clock-now" datetime="${iso}">${dateTime(nowMs)} UTC</time></dd>
<dt>Offset</dt><dd id="clock-offset">${offsetText(offsetMs)}</dd>
</dl>
<p class="hint">It only moves forward. Codes, tokens, sessions, CDN URLs and callback retries all follow it.</p>
${postForm({
  action: `${HOME_FORMS.clock}#clock`,
  csrfToken: model.csrfToken,
  className: 'inline-form',
  id: 'clock-form',
  body: html`${textField({ id: 'advance', label: 'Advance by', value: model.clockError?.value ?? '', placeholder: '1h', hint: 'A number and a unit: ms, s, m, h or d (e.g. 90m, 25h, 60d).', error: model.clockError?.message })}
<button class="btn btn-primary" type="submit">Advance</button>`,
})}
${postForm({
  action: `${HOME_FORMS.clock}#clock`,
  csrfToken: model.csrfToken,
  className: 'quick',
  body: html`<span class="hint">Quick:</span>${QUICK_MOVES.map((move) => html`<button class="btn btn-secondary btn-small" type="submit" name="advance" value="${move}">+${move}</button>`)}`,
})}
</section>`;
}

function answerText(rule: FaultRule): string {
  const { answer } = rule;
  if (!answer) return 'delay only';
  return 'catalogue' in answer ? answer.catalogue : `HTTP ${answer.literal.status}`;
}

function ruleItem(rule: FaultRule): Html {
  const used = rule.count !== undefined && rule.fired >= rule.count;
  const details = [
    rule.method ?? 'any method',
    rule.appId === undefined ? '' : `app ${rule.appId}`,
    rule.probability < 1 ? `probability ${rule.probability}` : '',
    rule.latencyMs > 0 ? `+${rule.latencyMs} ms` : '',
    `fired ${rule.fired}${rule.count === undefined ? '' : ` of ${rule.count}`}`,
    rule.preset ? `preset ${rule.preset}` : '',
  ].filter(Boolean);
  return html`<li class="item" data-rule="${rule.id}"><div class="body"><strong>${rule.surface}</strong> <code>${rule.path}</code> → <code>${answerText(rule)}</code>
<p class="hint">#${rule.id} · ${details.join(' · ')}</p></div>
<div class="side"><span class="badge${used ? '' : ' bad'}">${used ? 'Used up' : 'Armed'}</span></div></li>`;
}

export function faultsSection(model: HomeModel): Html {
  const { faults } = model.overview;
  return html`<section class="card" id="faults" aria-labelledby="faults-title">
<div class="head"><h2 id="faults-title">Faults</h2>
${faults.length > 0 ? postForm({ action: `${HOME_FORMS.clearFaults}#faults`, csrfToken: model.csrfToken, body: html`<button class="btn btn-danger btn-small" type="submit">Clear all</button>` }) : ''}</div>
${model.faultError ? html`<p class="field-error" role="alert">${model.faultError}</p>` : ''}
${faults.length === 0 ? html`<p id="no-faults">No fault rules: every request gets igloo's real answer.</p>` : html`<ul class="items" id="fault-rules">${faults.map(ruleItem)}</ul>`}
${postForm({
  action: `${HOME_FORMS.preset}#faults`,
  csrfToken: model.csrfToken,
  className: 'quick',
  body: html`<span class="hint">Arm a preset:</span>${FAULT_PRESET_NAMES.map((name) => html`<button class="btn btn-secondary btn-small" type="submit" name="preset" value="${name}">${name}</button>`)}`,
})}
<p class="hint">Rules with a path, method, app, probability or count: <code>POST /_igloo/faults</code> (README, Fault injection).</p>
</section>`;
}

function requestRow(model: HomeModel, { entry, fbAppId }: OverviewRequest): Html {
  const iso = new Date(entry.virtualMs).toISOString();
  const request = html`<span class="method">${entry.method}</span> <code>${entry.url}</code>`;
  return html`<tr data-id="${entry.id}">
<td class="time"><time datetime="${iso}" title="${iso}">${dateTime(entry.virtualMs)}</time></td>
<td class="request">${fbAppId ? html`<a href="${model.bases.developers}/apps/${fbAppId}/request-log/${entry.id}/">${request}</a>` : request}<span class="hint">${SURFACE_LABEL[entry.surface]} · ${latency(entry.latencyMs)}${entry.error ? ` · ${entry.error.message}` : ''}</span></td>
<td class="status"><span class="badge${entry.status < 400 ? ' ok' : ' bad'}">${entry.status}</span></td>
</tr>`;
}

export function requestsSection(model: HomeModel): Html {
  const { requests, requestLogEnabled } = model.overview;
  let content: Html;
  if (!requestLogEnabled) content = html`<p>The request log is turned off on this igloo (<code>IGLOO_REQUEST_LOG_SIZE=0</code>).</p>`;
  else if (requests.length === 0) content = html`<p id="no-requests">No OAuth, Graph API or CDN requests yet.</p>`;
  else {
    content = html`<table class="rows requests" id="recent-requests">
<thead><tr><th>Time (UTC, virtual)</th><th>Request</th><th>Status</th></tr></thead>
<tbody>${requests.map((request) => requestRow(model, request))}</tbody>
</table>`;
  }
  return html`<section class="card" id="requests" aria-labelledby="requests-title">
<h2 id="requests-title">Recent requests</h2>
<p class="lead">The latest OAuth, Graph API and CDN requests, newest first, with tokens, secrets and codes redacted. A request of a known app links to its App Dashboard Request Log entry. All of them: <code>GET /_igloo/requests</code> or <code>/_igloo/requests.har</code>.</p>
${content}
</section>`;
}
