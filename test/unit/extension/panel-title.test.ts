// A Connect-to-URL panel is titled by method and path, then its host label; never the query.
import assert from 'node:assert/strict';
import { adHocTitle, panelTitle } from '../../../src/extension/panel-title';

describe('panel title of an ad-hoc connection', () => {
  it('names the method and path before the host, and leaves the query (and its token) out', () => {
    assert.equal(adHocTitle('127.0.0.1:8787', undefined, 'http://127.0.0.1:8787/events?token=s3cr3t'), 'GET /events · 127.0.0.1:8787');
    assert.equal(adHocTitle('api.example.com (2)', 'post', 'https://api.example.com/v1/chat/completions'), 'POST /v1/chat/completions · api.example.com (2)');
    assert.equal(adHocTitle('h', 'GET', 'http://h/'), 'GET / · h');
    assert.equal(adHocTitle('not a url', 'GET', 'nonsense'), 'not a url');
  });

  it('the title a panel is saved under for restoring is the title it was opened with: a profile its label, Connect to URL the method and path', () => {
    const request = { url: 'http://127.0.0.1:8787/events?token=s3cr3t' };
    assert.equal(panelTitle({ label: 'Demo S1', fromProfile: true, spec: { method: 'GET' }, request }), 'Demo S1');
    assert.equal(panelTitle({ label: '127.0.0.1:8787', fromProfile: false, spec: {}, request }), 'GET /events · 127.0.0.1:8787');
  });
});
