// igloo faults list|add|clear|remove: the fault rules of a RUNNING igloo (DESIGN.md §6, issue 8). Rules
// live in the server's memory, so this command is a client of its control API (/_igloo/faults) over
// HTTP: --url (default IGLOO_URL, else http://127.0.0.1:8080), with IGLOO_ADMIN_TOKEN in service mode.
import { parseArgs } from 'node:util';
import { loadControlClient } from '../config/load-config.ts';
import { UsageError } from './usage-error.ts';

export const FAULTS_USAGE = `  faults list [--json] | add … | clear | remove <id>  [--url <url>]
                        the fault rules of a running igloo, through its control API (--url, default
                        IGLOO_URL, else http://127.0.0.1:8080; IGLOO_ADMIN_TOKEN in service mode);
                        add: --preset <name>, or --surface graph|api|cdn [--path <glob>] [--method
                        <m>] [--error <catalogue name> | --status <code> [--body <JSON or text>]
                        [--header <name:value>]...]; either with [--app <instagram-app-id>]
                        [--probability <0-1>] [--count <n>] [--latency <ms>]. Prints the rules
                        (--json: the API's answer)
`;

/** The control API's body fields, by the option that sets them (to name options in the server's refusals). */
const OPTION_OF_FIELD: Record<string, string> = {
  preset: '--preset',
  surface: '--surface',
  path: '--path',
  method: '--method',
  app_id: '--app',
  error: '--error or --status',
  probability: '--probability',
  count: '--count',
  latency_ms: '--latency',
};

interface Rule {
  id: string;
  surface: string;
  path: string;
  method: string | null;
  app_id: string | null;
  error: string | { status: number } | null;
  probability: number;
  count: number | null;
  latency_ms: number;
  fired: number;
  preset: string | null;
}

/** One line a rule: what it catches, what it answers, how often. */
function ruleLine(rule: Rule): string {
  const answer = rule.error === null ? 'delay only' : typeof rule.error === 'string' ? rule.error : `status ${rule.error.status}`;
  const parts = [rule.id, rule.surface, rule.method ?? '*', rule.path, answer, `probability ${rule.probability}`, `fired ${rule.fired}${rule.count === null ? '' : `/${rule.count}`}`, `latency ${rule.latency_ms}ms`];
  if (rule.app_id !== null) parts.push(`app ${rule.app_id}`);
  if (rule.preset !== null) parts.push(`preset ${rule.preset}`);
  return parts.join('  ');
}

const number = (option: string, raw: string | undefined): number | undefined => {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value)) throw new UsageError(`${option} must be a number, not ${JSON.stringify(raw)}`);
  return value;
};

/** A --body: JSON when it parses as JSON, else the text as it is. */
function bodyOf(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

function headersOf(raw: string[] | undefined): Record<string, string> | undefined {
  if (raw === undefined) return undefined;
  return Object.fromEntries(
    raw.map((line) => {
      const colon = line.indexOf(':');
      if (colon <= 0) throw new UsageError(`--header must be <name>:<value>, not ${JSON.stringify(line)}`);
      return [line.slice(0, colon).trim(), line.slice(colon + 1).trim()];
    }),
  );
}

type AddValues = Partial<Record<'preset' | 'surface' | 'path' | 'method' | 'app' | 'error' | 'status' | 'body' | 'probability' | 'count' | 'latency', string>> & { header?: string[] };

/** The POST /_igloo/faults body of `igloo faults add`; the server checks values, this checks the shape. */
function addBody(values: AddValues): Record<string, unknown> {
  if (values.preset === undefined && values.surface === undefined) throw new UsageError('faults add needs --preset <name> or --surface graph|api|cdn');
  if (values.error !== undefined && values.status !== undefined) throw new UsageError('faults add takes --error <catalogue name> or --status <code>, not both');
  if (values.status === undefined && (values.body !== undefined || values.header !== undefined)) throw new UsageError('--body and --header need --status <code>');
  const literal = values.status === undefined ? undefined : { status: number('--status', values.status), body: values.body === undefined ? undefined : bodyOf(values.body), headers: headersOf(values.header) };
  const body: Record<string, unknown> = {
    preset: values.preset,
    surface: values.surface,
    path: values.path,
    method: values.method?.toUpperCase(),
    app_id: values.app,
    error: values.error ?? literal,
    probability: number('--probability', values.probability),
    count: number('--count', values.count),
    latency_ms: number('--latency', values.latency),
  };
  return Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined));
}

/** The control API's answer; a refused body is the command line's fault (exit 2), the rest exit 1. */
async function call(base: string, adminToken: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  let response: Response;
  try {
    response = await fetch(new URL(path, base.endsWith('/') ? base : `${base}/`), {
      method,
      headers: { ...(adminToken ? { authorization: `Bearer ${adminToken}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new ControlCallError(`cannot reach igloo at ${base} (${cause?.code ?? cause?.message ?? (error as Error).message}): is it running? Set --url or IGLOO_URL`);
  }
  const text = await response.text();
  let json: unknown = null;
  try {
    if (text !== '') json = JSON.parse(text) as unknown;
  } catch {
    throw new ControlCallError(`${base} answered HTTP ${response.status} without JSON: is it igloo's address?`);
  }
  if (response.ok) return { status: response.status, json };
  const error = (json as { error?: { message?: string; field?: string } } | null)?.error;
  const message = error?.message ?? `HTTP ${response.status}`;
  if (response.status === 400) throw new UsageError(error?.field && OPTION_OF_FIELD[error.field] ? `${OPTION_OF_FIELD[error.field]}: ${message}` : message);
  if (response.status === 401) throw new ControlCallError(`${message} Set IGLOO_ADMIN_TOKEN.`);
  throw new ControlCallError(message);
}

/** The running igloo could not do it (not reachable, not allowed, no such rule): exit status 1. */
class ControlCallError extends Error {}

const OPTIONS = {
  url: { type: 'string' },
  json: { type: 'boolean' },
  preset: { type: 'string' },
  surface: { type: 'string' },
  path: { type: 'string' },
  method: { type: 'string' },
  app: { type: 'string' },
  error: { type: 'string' },
  status: { type: 'string' },
  body: { type: 'string' },
  header: { type: 'string', multiple: true },
  probability: { type: 'string' },
  count: { type: 'string' },
  latency: { type: 'string' },
} as const;

/** Options each action accepts besides --url. */
const ACCEPTS: Record<string, string[]> = { list: ['json'], add: Object.keys(OPTIONS).filter((name) => name !== 'url'), clear: [], remove: [] };

/** Runs `igloo faults …`; returns the exit code. Throws UsageError for a bad command line. */
export async function faultsCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: OPTIONS, allowPositionals: true, strict: true });
  const [action, ...rest] = positionals;
  const accepted = action === undefined ? undefined : ACCEPTS[action];
  if (accepted === undefined) throw new UsageError('faults needs list, add, clear or remove <id>');
  const stray = Object.keys(values).find((name) => name !== 'url' && !accepted.includes(name));
  if (stray) throw new UsageError(`faults ${action} does not take --${stray}`);
  if (action === 'remove' ? rest.length !== 1 : rest.length !== 0) throw new UsageError(action === 'remove' ? 'faults remove needs one rule id (see igloo faults list)' : `faults ${action} takes no arguments`);
  const client = loadControlClient();
  const base = values.url ?? client.url;
  if (!/^https?:$/.test(URL.canParse(base) ? new URL(base).protocol : '')) throw new UsageError(`${values.url === undefined ? 'IGLOO_URL' : '--url'} must be igloo's http:// or https:// address, not ${JSON.stringify(base)}`);
  const print = (json: unknown) => {
    const rules = (json as { data: Rule[] }).data;
    process.stdout.write(values.json ? `${JSON.stringify(json)}\n` : rules.length === 0 ? 'no fault rules\n' : `${rules.map(ruleLine).join('\n')}\n`);
  };
  try {
    if (action === 'list') print((await call(base, client.adminToken, 'GET', '_igloo/faults')).json);
    else if (action === 'add') print((await call(base, client.adminToken, 'POST', '_igloo/faults', addBody(values))).json);
    else if (action === 'clear') await call(base, client.adminToken, 'DELETE', '_igloo/faults');
    else await call(base, client.adminToken, 'DELETE', `_igloo/faults/${encodeURIComponent(rest[0] ?? '')}`);
    return 0;
  } catch (error) {
    if (!(error instanceof ControlCallError)) throw error;
    process.stderr.write(`igloo: ${error.message}\n`);
    return 1;
  }
}
