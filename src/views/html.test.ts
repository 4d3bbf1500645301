import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { html, trusted } from './html.ts';

describe('html', () => {
  it('escapes interpolated text', () => {
    assert.equal(html`<p title="${'"x"'}">${'<script>&'}</p>`.value, '<p title="&quot;x&quot;">&lt;script&gt;&amp;</p>');
  });

  it('keeps nested Html and joins arrays', () => {
    assert.equal(html`<ul>${['a', 'b'].map((x) => html`<li>${x}</li>`)}</ul>`.value, '<ul><li>a</li><li>b</li></ul>');
    assert.equal(html`${trusted('<b>ok</b>')}${undefined}${false}${0}`.value, '<b>ok</b>0');
  });
});
