import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatPacificTime } from './pacific-time.ts';

describe('formatPacificTime', () => {
  it('writes summer times in PDT, as in the observed expiry message', () => {
    assert.equal(formatPacificTime(Date.UTC(2020, 8, 11, 13, 41, 31)), 'Friday, 11-Sep-20 06:41:31 PDT');
  });

  it('writes winter times in PST', () => {
    assert.equal(formatPacificTime(Date.UTC(2020, 10, 18, 14, 50, 7)), 'Wednesday, 18-Nov-20 06:50:07 PST');
  });

  it('uses a 24-hour clock', () => {
    assert.equal(formatPacificTime(Date.UTC(2021, 0, 1, 7, 5, 9)), 'Thursday, 31-Dec-20 23:05:09 PST');
  });
});
