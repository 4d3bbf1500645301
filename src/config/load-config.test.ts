import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from './load-config.ts';

describe('loadConfig', () => {
  it('reads signed-URL lifetimes per kind: 96 hours for images and 24 for videos by default', () => {
    const config = loadConfig({});
    assert.equal(config.cdnImageUrlTtlHours, 96);
    assert.equal(config.cdnVideoUrlTtlHours, 24);
    const set = loadConfig({ IGLOO_CDN_IMAGE_URL_TTL_HOURS: '672', IGLOO_CDN_VIDEO_URL_TTL_HOURS: '1' });
    assert.deepEqual([set.cdnImageUrlTtlHours, set.cdnVideoUrlTtlHours], [672, 1]);
  });

  it('refuses the retired IGLOO_CDN_URL_TTL_HOURS, naming the keys that replace it', () => {
    assert.throws(
      () => loadConfig({ IGLOO_CDN_URL_TTL_HOURS: '672' }),
      (error: unknown) =>
        error instanceof ConfigError &&
        error.problems.includes('IGLOO_CDN_URL_TTL_HOURS is no longer read: set IGLOO_CDN_IMAGE_URL_TTL_HOURS and IGLOO_CDN_VIDEO_URL_TTL_HOURS'),
    );
  });

  it('refuses IGLOO_TLS with IGLOO_TLS_PORT equal to IGLOO_PORT, and takes 8443 by default', () => {
    assert.equal(loadConfig({ IGLOO_TLS: '1' }).tlsPort, 8443);
    assert.throws(
      () => loadConfig({ IGLOO_TLS: '1', IGLOO_PORT: '8443' }),
      (error: unknown) => error instanceof ConfigError && error.problems.includes('IGLOO_TLS_PORT must differ from IGLOO_PORT (both are 8443): HTTPS and plain HTTP each need their own port'),
    );
    assert.equal(loadConfig({ IGLOO_TLS: '1', IGLOO_PORT: '0', IGLOO_TLS_PORT: '0' }).tlsPort, 0);
  });

  it('takes sqlite: and postgres:// (or postgresql://) database URLs, and refuses others by name', () => {
    for (const url of ['sqlite::memory:', 'postgres://igloo:pw@db.internal:5432/igloo', 'postgresql://igloo@127.0.0.1/igloo']) assert.equal(loadConfig({ IGLOO_DATABASE_URL: url }).databaseUrl, url);
    assert.throws(
      () => loadConfig({ IGLOO_DATABASE_URL: 'mysql://db/igloo' }),
      (error: unknown) => error instanceof ConfigError && error.problems.includes('IGLOO_DATABASE_URL="mysql://db/igloo" must start with sqlite:, postgres:// or postgresql://'),
    );
  });

  it('keeps media in the database on PostgreSQL and in files on SQLite by default; IGLOO_MEDIA_STORE chooses, and refuses others by name', () => {
    assert.equal(loadConfig({}).mediaStore, 'files');
    assert.equal(loadConfig({ IGLOO_DATABASE_URL: 'postgres://igloo@db.internal/igloo' }).mediaStore, 'database');
    assert.equal(loadConfig({ IGLOO_DATABASE_URL: 'postgres://igloo@db.internal/igloo', IGLOO_MEDIA_STORE: 'files' }).mediaStore, 'files');
    assert.equal(loadConfig({ IGLOO_MEDIA_STORE: 'database' }).mediaStore, 'database');
    assert.throws(
      () => loadConfig({ IGLOO_MEDIA_STORE: 's3' }),
      (error: unknown) => error instanceof ConfigError && JSON.stringify(error.problems) === JSON.stringify(['IGLOO_MEDIA_STORE="s3" must be one of database, files']),
    );
  });

  it('reads the operations keys: metrics on, no metrics token and a 10 s drain by default; refuses bad values, all listed', () => {
    const config = loadConfig({});
    assert.deepEqual([config.metrics, config.metricsToken, config.drainSeconds], [true, '', 10]);
    const set = loadConfig({ IGLOO_METRICS: 'false', IGLOO_DRAIN_SECONDS: '0', IGLOO_MODE: 'service', IGLOO_METRICS_TOKEN: 'm'.repeat(16) });
    assert.deepEqual([set.metrics, set.metricsToken, set.drainSeconds], [false, 'm'.repeat(16), 0]);
    assert.throws(
      () => loadConfig({ IGLOO_METRICS: 'maybe', IGLOO_DRAIN_SECONDS: '-1', IGLOO_MODE: 'service', IGLOO_METRICS_TOKEN: 'short' }),
      (error: unknown) =>
        error instanceof ConfigError &&
        JSON.stringify(error.problems) ===
          JSON.stringify(['IGLOO_METRICS="maybe" must be true or false', 'IGLOO_DRAIN_SECONDS="-1" must be a whole number from 0 to 3600', 'IGLOO_METRICS_TOKEN must be at least 16 characters']),
    );
  });
});
