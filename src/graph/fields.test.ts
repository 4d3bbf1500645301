import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseFields } from './fields.ts';
import { GraphError } from './graph-error.ts';

describe('parseFields', () => {
  it('reads a flat list, tolerating spaces', () => {
    assert.deepEqual(parseFields('id, username ,account_type'), [
      { name: 'id', modifiers: {} },
      { name: 'username', modifiers: {} },
      { name: 'account_type', modifiers: {} },
    ]);
  });

  it('reads nested edges with modifiers', () => {
    assert.deepEqual(parseFields('media.limit(5){caption,children{media_url}},id'), [
      {
        name: 'media',
        modifiers: { limit: '5' },
        children: [
          { name: 'caption', modifiers: {} },
          { name: 'children', modifiers: {}, children: [{ name: 'media_url', modifiers: {} }] },
        ],
      },
      { name: 'id', modifiers: {} },
    ]);
  });

  it('treats an empty list as no selection', () => {
    assert.deepEqual(parseFields(''), []);
  });

  it('refuses malformed lists with a Graph syntax error', () => {
    for (const bad of ['id,', 'media{caption', 'id}', 'a b', '{id}', 'media.limit5']) {
      assert.throws(() => parseFields(bad), (error: unknown) => error instanceof GraphError && error.wire.code === 2500, bad);
    }
  });
});
