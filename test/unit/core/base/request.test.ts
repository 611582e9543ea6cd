// Building the request and redacting it.
import assert from 'node:assert/strict';
import { REDACTED, redactHeaders, redactUrl, scrubSecrets } from '../../../../src/core/base/redact';
import { buildRequest } from '../../../../src/core/base/request';

describe('request building and redaction', () => {
  it('adds Accept, Cache-Control and Last-Event-ID; keeps the user headers', () => {
    const b = buildRequest({ url: 'http://127.0.0.1/e', headers: { 'X-Trace': 't1' } }, '42');
    const h = Object.fromEntries(b.headers);
    assert.equal(h['Accept'], 'text/event-stream');
    assert.equal(h['Cache-Control'], 'no-cache');
    assert.equal(h['Last-Event-ID'], '42');
    assert.equal(h['X-Trace'], 't1');
    assert.equal(b.method, 'GET');
    assert.equal(b.body, undefined);
  });

  it('does not override an Accept the user set, and never sends a body with GET', () => {
    const b = buildRequest({ url: 'http://h/e', headers: [['accept', 'application/x-ndjson']], body: 'x' });
    assert.deepEqual(b.headers.filter(([n]) => n.toLowerCase() === 'accept'), [['accept', 'application/x-ndjson']]);
    assert.equal(b.body, undefined);
  });

  it('redacts the query token and marks the URL as carrying a secret', () => {
    const b = buildRequest({ url: 'http://h/events?roomId=r1', auth: { kind: 'query', param: 'token', value: 'abc.def.ghi' } });
    assert.equal(new URL(b.url).searchParams.get('token'), 'abc.def.ghi');
    assert.equal(new URL(b.summary.url).searchParams.get('token'), REDACTED);
    assert.equal(new URL(b.summary.url).searchParams.get('roomId'), 'r1');
    assert.equal(b.summary.secretInUrl, true);
  });

  it('shows a redacted query token readably (token=<redacted>, not %3Credacted%3E) and hides the same things', () => {
    const b = buildRequest({ url: 'http://h/events?roomId=r1', auth: { kind: 'query', param: 'token', value: 'abc.def.ghi' } });
    assert.equal(b.summary.url, 'http://h/events?roomId=r1&token=<redacted>');
    assert.equal(redactUrl('http://u:pw-123@h/e?token=abc&api_key=k&x=1'), 'http://u:<redacted>@h/e?token=<redacted>&api_key=<redacted>&x=1');
    assert.equal(redactUrl('http://h/e?x=1'), 'http://h/e?x=1');
  });

  it('a token written into the URL by hand (the demo S3 profile) marks the URL as carrying a secret, not only auth: query', () => {
    const b = buildRequest({ url: 'http://127.0.0.1:8787/events?token=eyJhbGciOi.payload.sig&roomId=room-001&username=demo' });
    assert.equal(b.summary.authKind, 'none');
    assert.equal(b.summary.secretInUrl, true);
    assert.equal(b.summary.url, 'http://127.0.0.1:8787/events?token=<redacted>&roomId=room-001&username=demo');
    assert.equal(buildRequest({ url: 'http://h/events?roomId=r1' }).summary.secretInUrl, undefined);
    // An empty token parameter carries nothing.
    assert.equal(buildRequest({ url: 'http://h/events?token=' }).summary.secretInUrl, undefined);
  });

  it('redacts a custom API-key header named by the profile, and well-known sensitive headers', () => {
    const b = buildRequest({ url: 'http://h/', headers: { Cookie: 'a=b', 'X-Other': 'fine' }, auth: { kind: 'header', header: 'X-Team-Key', value: 'team-secret' } });
    const h = Object.fromEntries(b.summary.headers);
    assert.equal(h['X-Team-Key'], REDACTED);
    assert.equal(h['Cookie'], REDACTED);
    assert.equal(h['X-Other'], 'fine');
  });

  it('scrubs secrets from a JSON body preview', () => {
    const b = buildRequest({ url: 'http://h/', method: 'POST', body: '{"token":"super-secret-1"}', auth: { kind: 'bearer', token: 'super-secret-1' } });
    assert.equal(b.body, '{"token":"super-secret-1"}');
    assert.equal(b.summary.bodyPreview, `{"token":"${REDACTED}"}`);
    assert.equal(Object.fromEntries(b.headers)['Content-Type'], 'application/json');
  });

  it('redactUrl hides well-known credential parameters and URL passwords', () => {
    assert.equal(new URL(redactUrl('http://u:pw@h/x?access_token=1&a=2')).searchParams.get('access_token'), REDACTED);
    assert.ok(!redactUrl('http://u:pw@h/x').includes('pw@'));
    assert.equal(redactUrl('not a url'), 'not a url');
  });

  it('scrubSecrets replaces raw and URL-encoded forms, ignores tiny values', () => {
    assert.equal(scrubSecrets('a=s3cr et&b=s3cr%20et', ['s3cr et']), `a=${REDACTED}&b=${REDACTED}`);
    assert.equal(scrubSecrets('abc', ['ab']), 'abc');
  });

  it('redactHeaders keeps the scheme of Authorization', () => {
    assert.deepEqual(redactHeaders([['Authorization', 'Basic Zm9vOmJhcg==']]), [['Authorization', `Basic ${REDACTED}`]]);
  });
});
