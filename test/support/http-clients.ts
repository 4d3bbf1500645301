// Typed clients for the JSON surfaces: the token endpoint and the Graph API. They return the raw text
// too, so tests can assert exact wire bodies.

export interface WireResponse {
  status: number;
  headers: Headers;
  text: string;
}

async function wire(response: Response): Promise<WireResponse> {
  return { status: response.status, headers: response.headers, text: await response.text() };
}

export type BodyEncoding = 'multipart' | 'urlencoded' | 'json';

/** POST /oauth/access_token with the fields encoded as asked (the tutorial uses multipart). */
export async function postAccessToken(baseUrl: string, fields: Record<string, string>, encoding: BodyEncoding = 'multipart'): Promise<WireResponse> {
  let body: FormData | URLSearchParams | string;
  const headers: Record<string, string> = {};
  if (encoding === 'multipart') {
    body = new FormData();
    for (const [k, v] of Object.entries(fields)) body.append(k, v);
  } else if (encoding === 'urlencoded') {
    body = new URLSearchParams(fields);
  } else {
    body = JSON.stringify(fields);
    headers['content-type'] = 'application/json';
  }
  return wire(await fetch(`${baseUrl}/oauth/access_token`, { method: 'POST', body, headers }));
}

export interface GraphRequest {
  /** Path after the graph prefix, e.g. `me` or `v21.0/me`. */
  path: string;
  fields?: string[] | string;
  token?: string;
  /** Send the token as `Authorization: Bearer` instead of the query parameter. */
  bearer?: boolean;
  query?: Record<string, string>;
  method?: string;
}

export async function graphGet(baseUrl: string, request: GraphRequest): Promise<WireResponse> {
  const query = new URLSearchParams(request.query);
  if (request.fields !== undefined) query.set('fields', Array.isArray(request.fields) ? request.fields.join(',') : request.fields);
  const headers: Record<string, string> = {};
  if (request.token !== undefined) {
    if (request.bearer) headers.authorization = `Bearer ${request.token}`;
    else query.set('access_token', request.token);
  }
  const qs = query.toString();
  return wire(await fetch(`${baseUrl}/graph/${request.path}${qs ? `?${qs}` : ''}`, { method: request.method ?? 'GET', headers }));
}

/** Graph errors carry a random fbtrace_id; this returns the body with it replaced by "TRACE". */
export function withoutTrace(text: string): string {
  return text.replace(/"fbtrace_id":"[A-Za-z0-9_-]+"/, '"fbtrace_id":"TRACE"');
}
