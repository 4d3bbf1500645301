import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Type, type TObject } from '@sinclair/typebox';
import { paramsValidatorCompiler, safeLocalPath } from './request-params.ts';

/** Where a browser on this origin ends up after `Location: <path>` (it drops tabs and newlines and reads `\` as `/`). */
function browserTarget(location: string): URL {
  return new URL(location.replace(/[\t\n\r]/g, ''), 'https://igloo.test/x/');
}

// Each value as the handler sees it, after the query string or form body was decoded.
const HOSTILE = [
  '//evil.test',
  '///evil.test',
  '/\\evil.test',
  '\\/evil.test',
  '/\t/evil.test/x', // next=/%09/evil.test/x
  '/\n/evil.test',
  '/\r\n/evil.test',
  '\t//evil.test',
  '/.//evil.test',
  '/x/..//evil.test',
  '/%2e%2e//evil.test',
  'https://evil.test/',
  'http:/evil.test',
  'javascript:alert(1)',
  'JavaScript:alert(1)',
  'data:text/html,hi',
  'evil.test',
  '',
  '/\u0000/x', // next=/%00/x
  '/\u007f/x',
  '/\u0085/evil.test',
  '/a\u0000b',
  '/%0d%0aSet-Cookie:%20x=1',
  '/\r\nSet-Cookie: x=1',
];

describe('safeLocalPath', () => {
  it('keeps local paths with their query, normalised', () => {
    assert.equal(safeLocalPath('/'), '/');
    assert.equal(safeLocalPath('/somewhere/?x=1&y=2'), '/somewhere/?x=1&y=2');
    assert.equal(safeLocalPath('/oauth/authorize?client_id=1&redirect_uri=https%3A%2F%2Fapp.test%2F'), '/oauth/authorize?client_id=1&redirect_uri=https%3A%2F%2Fapp.test%2F');
    assert.equal(safeLocalPath('/a/./b/../c'), '/a/c');
    assert.equal(safeLocalPath('/../../etc'), '/etc');
    assert.equal(safeLocalPath('/page#section'), '/page');
  });

  it('percent-encodes what a Location header cannot carry instead of passing it on', () => {
    assert.equal(safeLocalPath('/caf\u00e9/?q=\u65e5\u672c'), '/caf%C3%A9/?q=%E6%97%A5%E6%9C%AC');
    assert.equal(safeLocalPath('/a b/?c d'), '/a%20b/?c%20d');
    assert.equal(safeLocalPath('/\u{1F600}'), '/%F0%9F%98%80');
    assert.equal(safeLocalPath('/\u2028/x'), '/%E2%80%A8/x');
    assert.equal(safeLocalPath('/"<x>'), '/%22%3Cx%3E');
  });

  it('keeps percent-encoded tabs, backslashes and slashes encoded, where browsers read them as path text', () => {
    assert.equal(safeLocalPath('/%09/evil.test/x'), '/%09/evil.test/x');
    assert.equal(safeLocalPath('/%5Cevil.test'), '/%5Cevil.test');
    assert.equal(safeLocalPath('/%2F%2Fevil.test'), '/%2F%2Fevil.test');
  });

  it('turns anything that could leave the origin, or that Node cannot send, into /', () => {
    for (const next of HOSTILE) {
      const path = safeLocalPath(next);
      assert.ok(path === '/' || next.startsWith('/%'), `${JSON.stringify(next)} gave ${path}`);
      assert.equal(browserTarget(path).origin, 'https://igloo.test', JSON.stringify(next));
      assert.match(path, /^\/(?!\/)[\x21-\x7e]*$/, JSON.stringify(next));
    }
    assert.equal(safeLocalPath(undefined), '/');
  });
});

describe('paramsValidatorCompiler', () => {
  const compile = (schema: TObject = Type.Object({ name: Type.Optional(Type.String()), limit: Type.Optional(Type.String()) })) =>
    paramsValidatorCompiler()({ schema, method: 'GET', url: '/x', httpPart: 'querystring' }) as (data: unknown) => { value?: unknown; error?: Error };

  it('reads each declared parameter by its first value, drops what is not a string and every undeclared name', () => {
    const validate = compile();
    assert.deepEqual(validate({ name: ['a', 'b'], limit: '5', other: 'x' }), { value: { name: 'a', limit: '5' } });
    assert.deepEqual(validate({ name: { nested: 'a' }, limit: [['5']] }), { value: {} });
    assert.deepEqual(validate([{ name: 'a' }]), { value: {} });
    assert.deepEqual(validate(null), { value: {} });
  });

  it('never refuses a value: the services check them, in their surface’s words', () => {
    assert.deepEqual(compile()({ limit: ['abc', '5'] }), { value: { limit: 'abc' } });
  });

  it('refuses, when the routes are compiled, a constraint that would answer outside the surface’s envelope', () => {
    const constrained = Type.Object({ limit: Type.Optional(Type.String({ pattern: '^[0-9]+$' })) });
    assert.throws(() => compile(constrained), /\/x: limit has a constraint; its service checks it, in its surface's words/);
  });
});
