// What the panel's header is built from: the request a connection makes and its latest
// response, kept by the session whether the stream opened or was refused, and after the
// records that told them are evicted. Against the demo server.
import assert from 'node:assert/strict';
import { startDemoServer, type DemoServer } from '../../../demo/server';
import { POLICY_PRESETS } from '../../../src/core/base/reconnect';
import { describeStatus, statusLine } from '../../../src/core/status-text';
import { run } from '../../support/collect';
import { SSE_HEADERS, startRawServer } from '../../support/raw-server';

describe('the latest request and response of a session', () => {
  let demo: DemoServer;
  before(async () => {
    demo = await startDemoServer({ port: 0 });
  });
  after(() => demo.close());

  it('a 500 before any open: the snapshot has the request that was sent and the refused response (status, type, headers)', async () => {
    const r = run({ request: { url: `${demo.url}/flaky?failures=2&key=header-500` }, reconnect: POLICY_PRESETS.none });
    try {
      await r.untilState(['closed', 'failed'], 8000);
      const snap = r.inspector.session.snapshot();
      assert.equal(r.ofKind('open').length, 0, 'the stream never opened');
      assert.equal(snap.request?.method, 'GET');
      // `key` reads as a credential: hidden, readably.
      assert.equal(snap.request?.url, `${demo.url}/flaky?failures=2&key=<redacted>`);
      const res = snap.response;
      assert.ok(res, 'a response summary');
      assert.equal(res.status, 500);
      assert.equal(res.statusText, 'Internal Server Error');
      assert.match(res.contentType, /^application\/json/);
      assert.ok(res.headers.some(([n, v]) => n === 'content-type' && v.startsWith('application/json')), JSON.stringify(res.headers));
      assert.deepEqual([res.refused?.code, res.refused?.fatal], ['http-status', false]);
      // The refused error record itself carries them too (the reconnection log and exports read records).
      const error = r.ofKind('error')[0]!;
      assert.equal(error.request?.url, snap.request?.url);
      assert.equal(error.response?.statusText, 'Internal Server Error');
    } finally {
      await r.dispose();
    }
  });

  it('a POST refused with 401: the request line, its headers (redacted) and its body are there without any open', async () => {
    const body = JSON.stringify({ message: 'What is SSE?', conversationId: 'conv-1' });
    const r = run({ request: { url: `${demo.url}/api/chat/stream`, method: 'POST', body, headers: { Authorization: 'Bearer not-a-valid-token' } }, reconnect: POLICY_PRESETS.none });
    try {
      await r.untilState(['closed', 'failed'], 8000);
      const snap = r.inspector.session.snapshot();
      assert.equal(snap.request?.method, 'POST');
      assert.equal(snap.request?.bodyPreview, body);
      assert.equal(snap.request?.bodyBytes, Buffer.byteLength(body));
      assert.deepEqual(snap.request?.headers.find(([n]) => n === 'Authorization'), ['Authorization', 'Bearer <redacted>']);
      assert.equal(snap.response?.status, 401);
      assert.equal(describeStatus(snap.response!.status, snap.response!.statusText, { code: snap.response!.refused!.code, contentType: snap.response!.contentType, fatal: snap.response!.refused!.fatal }), '401 Unauthorized — credentials refused');
    } finally {
      await r.dispose();
    }
  });

  it('an opened stream\'s response headers are redacted as a refused one\'s are (a session cookie never reaches the panel)', async () => {
    const server = await startRawServer(() => ({ headers: { ...SSE_HEADERS, 'set-cookie': 'session=s3cr3t-cookie; HttpOnly', 'x-request-id': 'req-7' }, chunks: ['data: hi\n\n'], keepOpen: true }));
    const r = run({ request: { url: `${server.url}/events` }, reconnect: POLICY_PRESETS.none });
    try {
      await r.until(() => r.ofKind('event').length >= 1, 8000, 'the first event');
      const open = r.ofKind('open')[0]!;
      const res = r.inspector.session.snapshot().response!;
      for (const headers of [open.headers, res.headers]) {
        assert.equal(JSON.stringify(headers).includes('s3cr3t-cookie'), false, JSON.stringify(headers));
        assert.deepEqual(headers.find(([n]) => n === 'x-request-id'), ['x-request-id', 'req-7'], 'other headers stay as sent');
        assert.ok(headers.some(([n]) => n === 'set-cookie'), 'the header is still listed, its value hidden');
      }
    } finally {
      await r.dispose();
      await server.close();
    }
  });

  it('a wrong content type: status 200 with its text/html type and the failure', async () => {
    const r = run({ request: { url: `${demo.url}/wrong-content-type` }, reconnect: POLICY_PRESETS.none });
    try {
      await r.untilState(['failed'], 8000);
      const res = r.inspector.session.snapshot().response!;
      assert.deepEqual([res.status, res.statusText, res.contentType, res.refused?.code, res.refused?.fatal], [200, 'OK', 'text/html; charset=utf-8', 'content-type', true]);
      assert.equal(describeStatus(res.status, res.statusText, { code: 'content-type', contentType: res.contentType, fatal: true }), '200 OK — not an event stream (text/html)');
    } finally {
      await r.dispose();
    }
  });

  it('the latest response outlives its open record: after a flood evicts it, snapshots and deltas still carry status and type', async () => {
    const r = run({ request: { url: `${demo.url}/flood?count=3000&size=20` }, reconnect: POLICY_PRESETS.none, maxRecords: 500 });
    try {
      await r.untilState(['closed', 'failed'], 15_000);
      const session = r.inspector.session;
      assert.ok(session.evicted > 0);
      const snap = session.snapshot();
      assert.equal(snap.records.some((x) => x.kind === 'open'), false, 'the open record was evicted');
      assert.deepEqual([snap.response?.status, snap.response?.statusText], [200, 'OK']);
      assert.match(snap.response?.contentType ?? '', /^text\/event-stream/);
      assert.equal(snap.request?.method, 'GET');
      // A delta from before the open (a panel that had nothing yet) carries them; one after it does not repeat them.
      assert.equal(session.page({ afterSeq: 0 }).changed.response?.status, 200);
      assert.equal(session.page({ afterSeq: session.lastSeq }).changed.response, undefined);
    } finally {
      await r.dispose();
    }
  });
});

describe('status in words', () => {
  it('the reason phrase, the server\'s own or the standard one, and the failure in words', () => {
    assert.equal(statusLine(500, 'Internal Server Error'), '500 Internal Server Error');
    assert.equal(statusLine(500, ''), '500 Internal Server Error', 'HTTP/2 sends no reason phrase');
    assert.equal(statusLine(599, ''), '599');
    assert.equal(describeStatus(500, '', { code: 'http-status', contentType: 'application/json', fatal: false }), '500 Internal Server Error');
    assert.equal(describeStatus(404, 'Not Found', { code: 'http-status', contentType: '', fatal: true }), '404 Not Found — not retried');
    assert.equal(describeStatus(200, 'OK', { code: 'content-type', contentType: '', fatal: true }), '200 OK — not an event stream (no Content-Type)');
    assert.equal(describeStatus(401, '', { code: 'http-status', contentType: '', fatal: false }), '401 Unauthorized — refreshing credentials');
    assert.equal(describeStatus(200, 'OK'), '200 OK');
  });
});
