import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseByteRange } from './byte-range.ts';

describe('parseByteRange', () => {
  it('reads a closed, an open and a suffix range', () => {
    assert.deepEqual(parseByteRange('bytes=0-99', 1000), { start: 0, end: 99 });
    assert.deepEqual(parseByteRange('bytes=500-', 1000), { start: 500, end: 999 });
    assert.deepEqual(parseByteRange('bytes=-100', 1000), { start: 900, end: 999 });
  });

  it('clamps an end past the file and a suffix longer than it', () => {
    assert.deepEqual(parseByteRange('bytes=900-5000', 1000), { start: 900, end: 999 });
    assert.deepEqual(parseByteRange('bytes=-5000', 1000), { start: 0, end: 999 });
  });

  it('answers unsatisfiable for a start past the end and an empty suffix', () => {
    assert.equal(parseByteRange('bytes=1000-', 1000), 'unsatisfiable');
    assert.equal(parseByteRange('bytes=-0', 1000), 'unsatisfiable');
  });

  it('ignores no header, other units, several ranges and reversed ranges', () => {
    for (const header of [undefined, '', 'items=0-1', 'bytes=0-1,5-6', 'bytes=9-3', 'bytes=-', 'bytes=a-b']) {
      assert.equal(parseByteRange(header, 1000), undefined, String(header));
    }
  });
});
