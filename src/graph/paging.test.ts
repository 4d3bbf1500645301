import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { GraphError } from './graph-error.ts';
import { parseTime } from './paging.ts';

describe('parseTime (since/until)', () => {
  const zone = process.env.TZ;
  after(() => {
    if (zone === undefined) delete process.env.TZ;
    else process.env.TZ = zone;
  });

  it('reads Unix seconds and dates with a zone as given', () => {
    assert.equal(parseTime('1700000000', 'since'), 1_700_000_000_000);
    assert.equal(parseTime(' 2024-01-02T10:00:00+02:00 ', 'since'), Date.UTC(2024, 0, 2, 8));
    assert.equal(parseTime('2024-01-02', 'until'), Date.UTC(2024, 0, 2));
    assert.equal(parseTime('', 'until'), undefined);
  });

  it('reads a date and time without a zone as UTC, whatever the server zone', () => {
    // Node applies a changed TZ at once.
    process.env.TZ = 'America/Los_Angeles';
    assert.equal(parseTime('2024-01-02T10:00', 'since'), Date.UTC(2024, 0, 2, 10));
    assert.equal(parseTime('2024-01-02 10:00:30.5', 'since'), Date.UTC(2024, 0, 2, 10, 0, 30, 500));
  });

  it('refuses what is no time with code 100', () => {
    assert.throws(() => parseTime('soon', 'since'), (error: unknown) => error instanceof GraphError && error.wire.code === 100 && /since must be a Unix timestamp/.test(error.message));
  });
});
