// A cookie-jar HTTP client for the HTML surfaces (sign-in, the Authorization Window): follows no
// redirects, so tests see every Location, and reads CSRF tokens from the forms it is shown.

export interface PageResponse {
  status: number;
  headers: Headers;
  text: string;
  location: string | null;
}

export interface WebSession {
  get(path: string): Promise<PageResponse>;
  postForm(path: string, fields: Record<string, string>): Promise<PageResponse>;
  /** A form POST whose fields may repeat (`[['username', 'a'], ['username', 'b']]`), as a tampered form sends them. */
  postFields(path: string, fields: [string, string][]): Promise<PageResponse>;
  /** The `_csrf` value of the last page's first form. */
  csrf(page: PageResponse): string;
  /** Signs in through /accounts/login/; returns the response (303 on success). */
  signIn(username: string, password: string, next?: string): Promise<PageResponse>;
  cookies(): Map<string, string>;
}

export function decodeEntities(text: string): string {
  return text.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

export function createWebSession(baseUrl: string): WebSession {
  const jar = new Map<string, string>();
  const remember = (headers: Headers) => {
    for (const line of headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair?.indexOf('=') ?? -1;
      if (!pair || eq < 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line) || /max-age=0/i.test(line)) jar.delete(name);
      else jar.set(name, value);
    }
  };
  const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const send = async (path: string, init: RequestInit): Promise<PageResponse> => {
    const response = await fetch(path.startsWith('http') ? path : baseUrl + path, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), cookie: cookieHeader() },
    });
    remember(response.headers);
    return { status: response.status, headers: response.headers, text: await response.text(), location: response.headers.get('location') };
  };
  const session: WebSession = {
    get: (path) => send(path, { method: 'GET' }),
    postForm: (path, fields) => session.postFields(path, Object.entries(fields)),
    postFields: (path, fields) => send(path, { method: 'POST', body: new URLSearchParams(fields), headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
    csrf(page) {
      const match = /name="_csrf" value="([^"]+)"/.exec(page.text);
      if (!match?.[1]) throw new Error('no CSRF token on the page');
      return match[1];
    },
    async signIn(username, password, next = '/') {
      const page = await session.get(`/accounts/login/?next=${encodeURIComponent(next)}`);
      return session.postForm('/accounts/login/', { _csrf: session.csrf(page), username, password, next });
    },
    cookies: () => jar,
  };
  return session;
}
