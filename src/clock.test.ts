import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDuration, parseInstant } from './clock.ts';

describe('parseInstant', () => {
  it('reads RFC 3339 instants in UTC or with an offset, with or without seconds and milliseconds', () => {
    assert.equal(parseInstant('2026-01-01T00:00:00Z'), Date.UTC(2026, 0, 1));
    assert.equal(parseInstant('2026-01-01T00:00Z'), Date.UTC(2026, 0, 1));
    assert.equal(parseInstant('2026-01-01T00:00:00.250Z'), Date.UTC(2026, 0, 1) + 250);
    assert.equal(parseInstant('2026-01-01T01:00:00+01:00'), Date.UTC(2026, 0, 1));
    assert.equal(parseInstant('2025-12-31T19:30:00-04:30'), Date.UTC(2026, 0, 1));
    assert.equal(parseInstant('2028-02-29T12:00:00Z'), Date.UTC(2028, 1, 29, 12));
  });

  it('refuses dates that do not exist, times without a zone and other formats', () => {
    for (const value of ['2027-02-29T00:00:00Z', '2026-04-31T00:00:00Z', '2026-00-10T00:00:00Z', '2026-13-01T00:00:00Z', '2026-01-01T24:00:00Z', '2026-01-01T23:60:00Z', '2026-01-01T00:00:60Z', '2026-01-01T00:00:00', '2026-01-01', '2026-01-01 00:00:00Z', '2026-01-01T00:00:00+2400', '2026-01-01T00:00:00+24:00', '1767225600000', '']) {
      assert.equal(parseInstant(value), undefined, value);
    }
  });
});

describe('parseDuration', () => {
  it('reads a number and a unit, or whole milliseconds', () => {
    assert.equal(parseDuration('90s'), 90_000);
    assert.equal(parseDuration(' 25h '), 90_000_000);
    assert.equal(parseDuration(1500), 1500);
    for (const value of ['1.5h', '-1h', '1y', 1.5, -1, '']) assert.equal(parseDuration(value), undefined, String(value));
  });
});
