// `igloo faults` as a child process against a real running igloo (its rules live in that server's
// memory, so the command goes through /_igloo/faults over HTTP): list, add (a preset or a rule of its
// own), remove and clear, the --url and IGLOO_URL defaults, the admin token in service mode, and every
// bad command line answered with a usage error and exit status 2. @see issue 8
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { buildWorld, issueToken } from '../support/builders.ts';
import { graphGet } from '../support/http-clients.ts';
import { removeTempDirs, runIgloo } from '../support/igloo-cli.ts';
import { startServiceModeServer, startTestServer, type TestServer } from '../support/start-server.ts';
import { freePort } from '../../tools/free-port.ts';

after(removeTempDirs);

const RULE_ID = '[A-Za-z0-9_-]+';

describe('igloo faults against a running igloo', () => {
  let server: TestServer;
  let token: string;
  const faults = (...args: string[]) => runIgloo(['faults', ...args, '--url', server.url], {});

  before(async () => {
    server = await startTestServer();
    token = (await issueToken(server.services, await buildWorld(server.services))).accessToken;
  });
  afterEach(() => server.services.faults.clear());
  after(() => server.close());

  it('adds the shutdown preset, after which Graph answers as it did after 2024-12-04, and lists its rules', async () => {
    const added = await faults('add', '--preset', 'shutdown');
    assert.equal(added.code, 0, added.stderr);
    const lines = added.stdout.split('\n');
    assert.equal(lines.length, 3);
    assert.match(lines[0] ?? '', new RegExp(`^${RULE_ID}  graph  \\*  \\*  unsupported_request  probability 1  fired 0  latency 0ms  preset shutdown$`));
    assert.match(lines[1] ?? '', new RegExp(`^${RULE_ID}  api  \\*  /oauth/authorize\\*  oauth_shutdown  probability 1  fired 0  latency 0ms  preset shutdown$`));

    const me = await graphGet(server.url, { path: 'me', fields: 'id', token });
    assert.equal(me.status, 400);
    assert.match(me.text, /^\{"error":\{"message":"Unsupported request - method type: get","type":"IGApiException","code":100,"fbtrace_id":"[^"]+"\}\}$/);

    const listed = await faults('list');
    assert.equal(listed.code, 0, listed.stderr);
    assert.equal(listed.stdout, added.stdout.replace('unsupported_request  probability 1  fired 0', 'unsupported_request  probability 1  fired 1'));
    const json = await faults('list', '--json');
    assert.deepEqual(JSON.parse(json.stdout), await (await fetch(`${server.url}/_igloo/faults`)).json());
  });

  it('adds a rule of its own with a literal answer that Graph then sends, once', async () => {
    const added = await faults('add', '--surface', 'graph', '--path', '/me', '--method', 'get', '--status', '503', '--body', '{"oops":true}', '--header', 'retry-after: 30', '--count', '1', '--probability', '1', '--latency', '0');
    assert.equal(added.code, 0, added.stderr);
    assert.match(added.stdout, new RegExp(`^${RULE_ID}  graph  GET  /me  status 503  probability 1  fired 0/1  latency 0ms\\n$`));
    const faulted = await graphGet(server.url, { path: 'me', fields: 'id', token });
    assert.equal(faulted.status, 503);
    assert.equal(faulted.text, '{"oops":true}');
    assert.equal(faulted.headers.get('retry-after'), '30');
    assert.equal((await graphGet(server.url, { path: 'me', fields: 'id', token })).status, 200);
  });

  it('sends a --body that is not JSON as text', async () => {
    assert.equal((await faults('add', '--surface', 'graph', '--status', '500', '--body', 'down for maintenance')).code, 0);
    const faulted = await graphGet(server.url, { path: 'me', fields: 'id', token });
    assert.deepEqual([faulted.status, faulted.text], [500, 'down for maintenance']);
  });

  it('removes one rule by id, then clears the rest', async () => {
    await faults('add', '--surface', 'cdn', '--error', 'cdn_not_found');
    await faults('add', '--surface', 'graph', '--latency', '5');
    const [first, second] = server.services.faults.list();
    const removed = await faults('remove', first?.id ?? '');
    assert.deepEqual([removed.code, removed.stdout, removed.stderr], [0, '', '']);
    assert.deepEqual(server.services.faults.list().map((rule) => rule.id), [second?.id]);
    const cleared = await faults('clear');
    assert.deepEqual([cleared.code, cleared.stdout], [0, '']);
    assert.equal((await faults('list')).stdout, 'no fault rules\n');
  });

  it('finds igloo at IGLOO_URL without --url', async () => {
    const run = await runIgloo(['faults', 'add', '--preset', 'rate_limited'], { IGLOO_URL: server.url });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(server.services.faults.list().length, 1);
  });

  it('exits 1 with the server\'s message for a rule id it does not have', async () => {
    const run = await faults('remove', 'no-such-rule');
    assert.deepEqual([run.code, run.stdout, run.stderr], [1, '', 'igloo: No fault rule has the id "no-such-rule".\n']);
  });

  it('exits 1 naming the address when nothing answers there', async () => {
    const nobody = `http://127.0.0.1:${await freePort()}`;
    const run = await runIgloo(['faults', 'list', '--url', nobody], {});
    assert.equal(run.code, 1);
    assert.equal(run.stderr, `igloo: cannot reach igloo at ${nobody} (ECONNREFUSED): is it running? Set --url or IGLOO_URL\n`);
  });

  const BAD: [string, string[], string][] = [
    ['no action', [], 'faults needs list, add, clear or remove <id>'],
    ['an unknown action', ['pause'], 'faults needs list, add, clear or remove <id>'],
    ['add with neither --preset nor --surface', ['add'], 'faults add needs --preset <name> or --surface graph|api|cdn'],
    ['--error with --status', ['add', '--surface', 'graph', '--error', 'server_error', '--status', '500'], 'faults add takes --error <catalogue name> or --status <code>, not both'],
    ['--body without --status', ['add', '--surface', 'graph', '--body', 'x'], '--body and --header need --status <code>'],
    ['a --header without a colon', ['add', '--surface', 'graph', '--status', '500', '--header', 'retry-after'], '--header must be <name>:<value>, not "retry-after"'],
    ['a --count that is no number', ['add', '--preset', 'shutdown', '--count', 'twice'], '--count must be a number, not "twice"'],
    ['a --probability out of range (the server refuses it)', ['add', '--preset', 'shutdown', '--probability', '2'], '--probability: probability must be a number from 0 to 1'],
    ['an unknown surface (the server refuses it)', ['add', '--surface', 'web', '--error', 'x'], '--surface: surface must be "graph", "api" or "cdn"'],
    ['an unknown preset (the server refuses it)', ['add', '--preset', 'outage'], '--preset: preset must be "rate_limited", "token_expired", "server_error" or "shutdown"'],
    ['a catalogue name of another surface', ['add', '--surface', 'cdn', '--error', 'server_error'], '--error or --status: error must be one of the cdn catalogue\'s cdn_url_expired, cdn_bad_url_hash, cdn_not_found, or {"status", "body", "headers"}'],
    ['an option of add on list', ['list', '--preset', 'shutdown'], 'faults list does not take --preset'],
    ['remove without an id', ['remove'], 'faults remove needs one rule id (see igloo faults list)'],
    ['clear with an argument', ['clear', 'all'], 'faults clear takes no arguments'],
  ];
  for (const [name, args, message] of BAD) {
    it(`exits 2 with a usage error for ${name}, adding nothing`, async () => {
      const run = await faults(...args);
      assert.equal(run.code, 2, run.stderr);
      assert.equal(run.stdout, '');
      assert.ok(run.stderr.startsWith(`igloo: ${message}\nUsage: igloo <command>`), run.stderr);
      assert.match(run.stderr, /\n {2}faults list \[--json\] \| add … \| clear \| remove <id>/);
      assert.deepEqual(server.services.faults.list(), []);
    });
  }

  it('exits 2 for a --url or IGLOO_URL that is no http address', async () => {
    const flag = await runIgloo(['faults', 'list', '--url', 'ftp://127.0.0.1/'], {});
    assert.equal(flag.code, 2);
    assert.ok(flag.stderr.startsWith('igloo: --url must be igloo\'s http:// or https:// address, not "ftp://127.0.0.1/"\nUsage:'), flag.stderr);
    const variable = await runIgloo(['faults', 'list'], { IGLOO_URL: '127.0.0.1:8080' });
    assert.equal(variable.code, 2);
    assert.ok(variable.stderr.startsWith('igloo: IGLOO_URL must be igloo\'s http:// or https:// address, not "127.0.0.1:8080"\nUsage:'), variable.stderr);
  });

  it('exits 2 for an option it does not know', async () => {
    const run = await faults('list', '--verbose');
    assert.equal(run.code, 2);
    assert.match(run.stderr, /^igloo: Unknown option '--verbose'/);
  });
});

describe('igloo faults against igloo in service mode', () => {
  const ADMIN = 'faults-cli-admin-token';
  let server: Awaited<ReturnType<typeof startServiceModeServer>>;

  before(async () => {
    server = await startServiceModeServer(ADMIN);
  });
  after(() => server.close());

  it('exits 1 asking for IGLOO_ADMIN_TOKEN without it, and works with it', async () => {
    const refused = await runIgloo(['faults', 'list', '--url', server.url], {});
    assert.deepEqual([refused.code, refused.stderr], [1, 'igloo: The control API needs the admin token in service mode. Set IGLOO_ADMIN_TOKEN.\n']);
    const added = await runIgloo(['faults', 'add', '--preset', 'server_error', '--url', server.url], { IGLOO_ADMIN_TOKEN: ADMIN });
    assert.equal(added.code, 0, added.stderr);
    assert.equal(server.services.faults.list()[0]?.preset, 'server_error');
  });
});
