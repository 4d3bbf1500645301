import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseInt8 } from './postgres-database.ts';

describe('parseInt8 (PostgreSQL bigint to number)', () => {
  it('reads safe integers as numbers, negative ones too', () => {
    assert.equal(parseInt8('1767225600123'), 1_767_225_600_123);
    assert.equal(parseInt8('-9007199254740991'), -Number.MAX_SAFE_INTEGER);
    assert.equal(parseInt8('0'), 0);
  });

  it('refuses a value past the safe integers rather than round it', () => {
    assert.throws(() => parseInt8('9007199254740993'), { name: 'RangeError', message: "int8 value 9007199254740993 is beyond JavaScript's safe integers" });
  });
});
