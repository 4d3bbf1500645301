// Helpers for the Instagram web pages over HTTP: multipart posts with a WebSession's cookies, signing
// an account in, and reading a field's error message off a page.
import assert from 'node:assert/strict';
import { decodeEntities, createWebSession, type PageResponse, type WebSession } from './browser.ts';
import type { TestAccount } from './builders.ts';

/** POSTs a multipart form with the session's cookies (WebSession itself only sends url-encoded forms). */
export async function postMultipart(web: WebSession, url: string, form: FormData | { body: BodyInit; contentType: string }): Promise<PageResponse> {
  const cookie = [...web.cookies()].map(([k, v]) => `${k}=${v}`).join('; ');
  const headers: Record<string, string> = { cookie };
  let body: BodyInit;
  if (form instanceof FormData) body = form;
  else {
    body = form.body;
    headers['content-type'] = form.contentType;
  }
  const response = await fetch(url, { method: 'POST', body, headers, redirect: 'manual' });
  for (const line of response.headers.getSetCookie()) {
    const [pair = ''] = line.split(';');
    const eq = pair.indexOf('=');
    if (eq > 0) web.cookies().set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
  }
  return { status: response.status, headers: response.headers, text: await response.text(), location: response.headers.get('location') };
}

/** A new web session signed in as the account. */
export async function signedIn(baseUrl: string, account: TestAccount): Promise<WebSession> {
  const web = createWebSession(baseUrl);
  const response = await web.signIn(account.username, account.password);
  assert.equal(response.status, 303, response.text);
  return web;
}

/** The error message shown under the field with this id, or undefined when there is none. */
export function fieldErrorOf(page: PageResponse, id: string): string | undefined {
  const match = new RegExp(`<p class="error field-error" id="${id}-error" role="alert">([^<]*)</p>`).exec(page.text);
  return match?.[1] === undefined ? undefined : decodeEntities(match[1]);
}

/** The text of the page's banner message (`role=alert` error or `role=status` notice). */
export function bannerOf(page: PageResponse, role: 'alert' | 'status'): string | undefined {
  const match = new RegExp(`<p class="(?:error|notice)" role="${role}">([^<]*)</p>`).exec(page.text);
  return match?.[1] === undefined ? undefined : decodeEntities(match[1]);
}

/** Asserts the CSRF refusal page: 403 and "Page expired". */
export function assertCsrfRefused(response: PageResponse, what: string): void {
  assert.equal(response.status, 403, `${what}: ${response.status} ${response.text.slice(0, 200)}`);
  assert.match(response.text, /Page expired/, what);
}

/** Fills in Edit Profile > Change Password with the session's account; returns the form's answer. */
export async function submitPasswordChange(web: WebSession, fields: { old: string; new: string; confirm?: string }): Promise<PageResponse> {
  const page = await web.get('/accounts/password/change/');
  assert.equal(page.status, 200, page.text);
  return web.postForm('/accounts/password/change/', { _csrf: web.csrf(page), old_password: fields.old, new_password1: fields.new, new_password2: fields.confirm ?? fields.new });
}

/** Signs the account in and changes its password through the page; the account then holds the new one. */
export async function changePasswordThroughPage(baseUrl: string, account: TestAccount, newPassword: string): Promise<WebSession> {
  const web = await signedIn(baseUrl, account);
  const response = await submitPasswordChange(web, { old: account.password, new: newPassword });
  assert.equal(response.status, 303, response.text);
  assert.equal(response.location, '/accounts/password/change/?changed=1');
  account.password = newPassword;
  return web;
}
