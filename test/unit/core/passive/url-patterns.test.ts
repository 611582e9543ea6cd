// The debug tap's URL filter, as users write it in settings.
import assert from 'node:assert/strict';
import { urlMatchesPatterns } from '../../../../src/core/passive/url-patterns';

describe('tap URL patterns', () => {
  const url = 'http://127.0.0.1:8787/v1/chat/completions?stream=true';
  it('takes every URL when there is no pattern', () => {
    assert.equal(urlMatchesPatterns(url, []), true);
  });
  it('matches a pattern without * anywhere in the URL', () => {
    assert.equal(urlMatchesPatterns(url, ['/chat/']), true);
    assert.equal(urlMatchesPatterns(url, ['/events']), false);
  });
  it('matches a pattern with * against the whole URL, * being any run of characters, other characters literal', () => {
    assert.equal(urlMatchesPatterns(url, ['http://127.0.0.1:*/v1/*']), true);
    assert.equal(urlMatchesPatterns(url, ['*/v1/chat']), false, 'must match to the end');
    assert.equal(urlMatchesPatterns('http://a.b/x', ['http://a?b/*']), false, '? is literal');
    assert.equal(urlMatchesPatterns(url, ['/events', '*completions*']), true, 'any pattern may match');
  });
});
