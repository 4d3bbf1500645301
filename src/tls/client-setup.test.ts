import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig } from '../config/load-config.ts';
import { clientSetup, clientSetupScript } from './client-setup.ts';

const files = { ca: '/data/certs/ca.pem', server: '/data/certs/server.pem' };

describe('clientSetup', () => {
  it('sends clients to loopback when igloo listens on every interface, and brackets IPv6 in Chromium rules', () => {
    assert.equal(clientSetup(loadConfig({ IGLOO_BIND_HOST: '0.0.0.0' }), files, 'h').hosts_line.split(' ')[0], '127.0.0.1');
    const v6 = clientSetup(loadConfig({ IGLOO_BIND_HOST: '::', IGLOO_TLS_PORT: '9443' }), files, 'h');
    assert.ok(v6.hosts_line.startsWith('::1 www.instagram.com '));
    assert.ok(v6.chromium_flags[0]?.startsWith('--host-resolver-rules=MAP www.instagram.com [::1]:9443, '), v6.chromium_flags[0]);
    assert.match(v6.curl, /--connect-to graph\.instagram\.com:443:\[::1\]:9443 /);
  });

  it('maps each configured host name once, without its port, and curls the first graph host', () => {
    const setup = clientSetup(loadConfig({ IGLOO_HOSTS_GRAPH: 'graph.test:8443,graph.instagram.com', IGLOO_HOSTS_API: 'graph.test' }), files, 'h');
    assert.equal(setup.host_names.filter((name) => name === 'graph.test').length, 1);
    assert.ok(setup.curl.endsWith(`'https://graph.test/me?fields=id,username&access_token=…'`));
  });

  it('quotes paths for the shell, so eval "$(igloo env)" sets them as they are', () => {
    const script = clientSetupScript(clientSetup(loadConfig({}), { ca: "/home/o'neil/my data/ca.pem", server: '/s.pem' }, 'h'));
    assert.match(script, /^export NODE_EXTRA_CA_CERTS='\/home\/o'\\''neil\/my data\/ca\.pem'$/m);
  });
});
