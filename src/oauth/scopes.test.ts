import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OAuthError } from './oauth-error.ts';
import { parseScopeParam } from './scopes.ts';

const messageOf = (raw: string | undefined): string => {
  try {
    parseScopeParam(raw);
  } catch (error) {
    assert.ok(error instanceof OAuthError);
    return error.message;
  }
  assert.fail('expected an OAuthError');
};

describe('parseScopeParam', () => {
  it('accepts comma- and space-separated lists in canonical order', () => {
    assert.deepEqual(parseScopeParam('user_profile,user_media'), ['user_profile', 'user_media']);
    assert.deepEqual(parseScopeParam('user_media user_profile'), ['user_profile', 'user_media']);
    assert.deepEqual(parseScopeParam('user_profile, user_profile'), ['user_profile']);
  });

  it('requires user_profile', () => {
    assert.equal(messageOf('user_media'), 'Invalid scope: user_profile is required');
  });

  it('names unknown scopes as a Python list', () => {
    assert.equal(messageOf('basic'), "Invalid scope: ['basic']");
    assert.equal(messageOf('user_profile,basic,comments'), "Invalid scope: ['basic', 'comments']");
    assert.equal(messageOf(''), 'Invalid scope: []');
  });

  it('reports a missing scope parameter', () => {
    assert.equal(messageOf(undefined), 'Missing required field scope');
  });
});
