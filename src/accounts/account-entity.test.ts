import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AccountError, checkUsername } from './account-entity.ts';

const refusal = (raw: string): string => {
  try {
    checkUsername(raw);
  } catch (error) {
    if (error instanceof AccountError) return error.message;
    throw error;
  }
  return assert.fail(`"${raw}" was accepted`);
};

describe('checkUsername', () => {
  it('accepts letters, digits, periods and underscores up to 30, lower-cased and trimmed', () => {
    assert.equal(checkUsername(' Jay.Posiris_2 '), 'jay.posiris_2');
    assert.equal(checkUsername('a'), 'a');
    assert.equal(checkUsername('x'.repeat(30)), 'x'.repeat(30));
    assert.equal(checkUsername('_under'), '_under');
  });

  it('refuses empty, long, odd-character and badly placed periods with Instagram-like messages', () => {
    assert.equal(refusal('  '), 'Enter a username.');
    assert.match(refusal('x'.repeat(31)), /up to 30 characters/);
    assert.match(refusal('a-b'), /only use letters, numbers, underscores and periods/);
    for (const raw of ['.a', 'a.', 'a..b']) assert.match(refusal(raw), /can't start or end with a period/, raw);
  });

  it('refuses the names of www paths, since profiles live at /{username}/', () => {
    for (const raw of ['accounts', 'P', 'create', 'media', 'oauth', '_igloo', 'developers', 'graph', 'cdn']) {
      assert.equal(refusal(raw), "This username isn't available. Please try another.", raw);
    }
  });
});
