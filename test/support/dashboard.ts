// Helpers for the App Dashboard over HTTP: a developer signed in through /developers/login/, the
// app's page paths, and reading a field's error message or the page's notice.
import assert from 'node:assert/strict';
import type { Services } from '../../src/services.ts';
import { createWebSession, decodeEntities, type PageResponse, type WebSession } from './browser.ts';

export const DEVELOPER_PASSWORD = 'developer password';

export interface TestDeveloper {
  id: string;
  email: string;
  password: string;
}

let counter = 0;

export async function buildDeveloper(services: Services): Promise<TestDeveloper> {
  const email = `dash${process.pid % 1000}_${++counter}@example.com`;
  const developer = await services.developers.createDeveloper({ email, name: 'Dash Developer', password: DEVELOPER_PASSWORD });
  return { id: developer.id, email, password: DEVELOPER_PASSWORD };
}

/** The developer of a builders.ts world, with the password buildWorld gave them. */
export async function developerOf(services: Services, developerId: string): Promise<TestDeveloper> {
  const developer = await services.developers.findDeveloper(developerId);
  assert.ok(developer);
  return { id: developer.id, email: developer.email, password: DEVELOPER_PASSWORD };
}

/** A web session signed in to the dashboard. */
export async function signInDeveloper(baseUrl: string, developer: { email: string; password: string }): Promise<WebSession> {
  const web = createWebSession(baseUrl);
  const page = await web.get('/developers/login/');
  const response = await web.postForm('/developers/login/', { _csrf: web.csrf(page), email: developer.email, password: developer.password, next: '/apps/' });
  assert.equal(response.status, 303, response.text);
  return web;
}

/** `/developers/apps/{appId}/{rest}` */
export const appPage = (appId: string, rest: string): string => `/developers/apps/${appId}/${rest}`;

/** GETs a page (asserting 200) and POSTs its form fields with the page's CSRF token. */
export async function submitFrom(web: WebSession, pagePath: string, action: string, fields: Record<string, string>): Promise<PageResponse> {
  const page = await web.get(pagePath);
  assert.equal(page.status, 200, `${pagePath}: ${page.text.slice(0, 300)}`);
  return web.postForm(action, { _csrf: web.csrf(page), ...fields });
}

/** The error message under the field with this id, if any. */
export function fieldError(page: PageResponse, id: string): string | undefined {
  const match = new RegExp(`<p class="field-error" id="${id}-error">([^<]*)</p>`).exec(page.text);
  return match?.[1] === undefined ? undefined : decodeEntities(match[1]);
}

/** The banner notice (success, info or error) of a page, if any. */
export function noticeText(page: PageResponse): string | undefined {
  const match = /<div class="notice (?:success|error|info)" role="(?:alert|status)">([^<]*)<\/div>/.exec(page.text);
  return match?.[1] === undefined ? undefined : decodeEntities(match[1]);
}

/** Follows a 303 within the dashboard and returns the page it leads to. */
export async function follow(web: WebSession, response: PageResponse): Promise<PageResponse> {
  assert.equal(response.status, 303, response.text.slice(0, 500));
  assert.ok(response.location);
  return web.get(response.location);
}
