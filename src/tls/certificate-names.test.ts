import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig } from '../config/load-config.ts';
import { certificateNames, surfaceHostNames } from './certificate-names.ts';

describe('certificateNames', () => {
  it('covers every default surface host name, localhost and the loopback addresses', () => {
    assert.deepEqual(certificateNames(loadConfig({})), {
      dns: ['www.instagram.com', 'instagram.com', 'api.instagram.com', 'graph.instagram.com', 'developers.facebook.com', 'scontent.cdninstagram.com', 'video.cdninstagram.com', 'scontent.xx.fbcdn.net', 'localhost'],
      ips: ['127.0.0.1', '::1'],
    });
  });

  it('drops ports, puts IP literals among the addresses, adds the public URL host and lists each name once', () => {
    const config = loadConfig({ IGLOO_HOSTS_GRAPH: 'graph.instagram.com,graph.test:8443,10.0.0.7', IGLOO_HOSTS_API: 'localhost', IGLOO_PUBLIC_URL: 'https://igloo.example:9443' });
    const names = certificateNames(config);
    assert.ok(names.dns.includes('graph.test'));
    assert.ok(names.dns.includes('igloo.example'));
    assert.equal(names.dns.filter((name) => name === 'localhost').length, 1);
    assert.deepEqual(names.ips, ['10.0.0.7', '127.0.0.1', '::1']);
    assert.deepEqual(surfaceHostNames(config).slice(0, 5), ['www.instagram.com', 'instagram.com', 'localhost', 'graph.instagram.com', 'graph.test']);
  });
});
