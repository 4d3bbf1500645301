// Request Log (issue 8): the latest OAuth, Graph and CDN requests of the app's Instagram app, filtered by
// surface and status class with a plain GET form, each with a detail page. URLs are stored redacted.
import { STATUS_CODES } from 'node:http';
import type { LoggedSurface, RequestLogEntry } from '../requestlog/request-log.ts';
import { appPath, dashboardLayout, type DashboardChrome } from './dashboard-layout.ts';
import { html, type Html } from './html.ts';

export const SURFACE_LABEL: Record<LoggedSurface, string> = { api: 'OAuth (api.instagram.com)', graph: 'Graph API', cdn: 'Media CDN' };
export const STATUS_CLASSES = ['2xx', '3xx', '4xx', '5xx'] as const;
const STATUS_CLASS_LABEL: Record<(typeof STATUS_CLASSES)[number], string> = { '2xx': '2xx Success', '3xx': '3xx Redirect', '4xx': '4xx Client error', '5xx': '5xx Server error' };

export interface RequestLogFilters {
  surface: LoggedSurface | '';
  status: (typeof STATUS_CLASSES)[number] | '';
}

export interface RequestLogModel {
  chrome: DashboardChrome;
  appId: string;
  /** Undefined until the app has an Instagram app. */
  igAppId: string | undefined;
  logEnabled: boolean;
  filters: RequestLogFilters;
  entries: RequestLogEntry[];
  /** The `before` of the next, older page, if there is one. */
  nextBefore: number | undefined;
}

const latency = (ms: number) => `${ms < 10 ? ms.toFixed(2) : ms.toFixed(0)} ms`;
const bytes = (size: number) => (size < 0 ? 'unknown (chunked)' : `${size} ${size === 1 ? 'byte' : 'bytes'}`);
const statusBadge = (status: number) => html`<span class="badge${status < 400 ? ' ok' : ' bad'}">${status}</span>`;

function select(id: string, label: string, value: string, options: [string, string][]): Html {
  return html`<div class="field"><label for="${id}">${label}</label><select id="${id}" name="${id}">
${options.map(([option, text]) => html`<option value="${option}"${option === value ? html` selected` : ''}>${text}</option>`)}
</select></div>`;
}

function filterForm(action: string, filters: RequestLogFilters): Html {
  return html`<form class="filters" method="get" action="${action}" aria-label="Filter requests">
${select('surface', 'Surface', filters.surface, [['', 'All surfaces'], ...Object.entries(SURFACE_LABEL)])}
${select('status', 'Status', filters.status, [['', 'All statuses'], ...STATUS_CLASSES.map((c): [string, string] => [c, STATUS_CLASS_LABEL[c]])])}
<button class="btn btn-secondary" type="submit">Filter</button>
</form>`;
}

function requestsTable(page: (rest: string) => string, entries: RequestLogEntry[]): Html {
  return html`<table class="rows requests" id="request-log">
<thead><tr><th>Time (UTC)</th><th>Request</th><th>Status</th><th class="opt">Latency</th></tr></thead>
<tbody>
${entries.map((entry) => {
  const time = new Date(entry.virtualMs).toISOString();
  return html`<tr data-id="${entry.id}">
<td class="time"><time datetime="${time}" title="${time}">${time.slice(11, 19)}</time></td>
<td class="request"><a href="${page(`request-log/${entry.id}/`)}"><span class="method">${entry.method}</span> <code>${entry.url}</code></a>${entry.error ? html`<span class="hint">${entry.error.message}</span>` : ''}</td>
<td>${statusBadge(entry.status)}</td>
<td class="opt">${latency(entry.latencyMs)}</td>
</tr>`;
})}
</tbody>
</table>`;
}

export function requestLogPage(model: RequestLogModel): Html {
  const { base } = model.chrome;
  const page = (rest: string) => `${base}${appPath(model.appId, rest)}`;
  const older = new URLSearchParams({ ...(model.filters.surface ? { surface: model.filters.surface } : {}), ...(model.filters.status ? { status: model.filters.status } : {}), before: String(model.nextBefore) });
  let content: Html;
  if (!model.igAppId) content = html`<p>The Request Log lists the requests of the app's Instagram app. Create it first: <a href="${page('instagram-basic-display/basic-display/')}">Products › Instagram Basic Display › Basic Display</a>.</p>`;
  else if (!model.logEnabled) content = html`<p>The request log is turned off on this igloo (<code>IGLOO_REQUEST_LOG_SIZE=0</code>).</p>`;
  else {
    content = html`${filterForm(page('request-log/'), model.filters)}
${model.entries.length === 0 ? html`<p class="hint" id="no-requests">No requests yet${model.filters.surface || model.filters.status ? ' match these filters' : ''}.</p>` : requestsTable(page, model.entries)}
${model.nextBefore === undefined ? '' : html`<p class="more"><a class="btn btn-secondary btn-small" href="${page('request-log/')}?${older.toString()}">Older requests</a></p>`}`;
  }
  return dashboardLayout({
    title: 'Request Log',
    chrome: model.chrome,
    active: 'request-log',
    body: html`<h1>Request Log</h1>
<div class="card">
<p class="lead">The latest OAuth, Graph API and media CDN requests that named ${model.igAppId ? html`Instagram App ID <span class="mono">${model.igAppId}</span>` : 'this app'}, newest first. Tokens, secrets and codes are redacted. igloo keeps them in memory only: a restart empties the log.</p>
${content}
</div>`,
  });
}

export function requestDetailPage(model: { chrome: DashboardChrome; appId: string; entry: RequestLogEntry }): Html {
  const { entry } = model;
  const back = `${model.chrome.base}${appPath(model.appId, 'request-log/')}`;
  const time = new Date(entry.virtualMs).toISOString();
  return dashboardLayout({
    title: `Request ${entry.id}`,
    chrome: model.chrome,
    active: 'request-log',
    body: html`<p><a href="${back}">‹ Request Log</a></p>
<h1 class="request-title">${entry.method} ${entry.url.split('?')[0] ?? ''}</h1>
<div class="card">
<dl class="kv" id="request-detail">
<dt>Time</dt><dd><time datetime="${time}">${time}</time> <span class="hint">(igloo's clock)</span></dd>
<dt>Surface</dt><dd>${SURFACE_LABEL[entry.surface]}</dd>
<dt>Method</dt><dd>${entry.method}</dd>
<dt>URL</dt><dd><code id="request-url">${entry.scheme}://${entry.host}${entry.url}</code></dd>
<dt>Status</dt><dd>${statusBadge(entry.status)} ${STATUS_CODES[entry.status] ?? ''}</dd>
<dt>Latency</dt><dd>${latency(entry.latencyMs)}</dd>
<dt>Request body</dt><dd>${bytes(entry.requestSize)}</dd>
<dt>Response body</dt><dd>${bytes(entry.responseSize)}</dd>
${entry.error
    ? html`<dt>Error</dt><dd id="request-error">${entry.error.code === null ? '' : html`<code>${String(entry.error.code)}</code> `}${entry.error.message}</dd>`
    : ''}
</dl>
</div>`,
  });
}
