// What the header says about a connection that failed before its stream ever opened (a 500,
// a 401, a wrong content type), about one whose open record was evicted, and about what was
// sent. The sessions are real: the demo server answers, the core records and the snapshot is
// what the host would send.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startDemoServer, type DemoServer } from '../../demo/server';
import type { InspectorOptions } from '../../src/core/inspector';
import { POLICY_PRESETS } from '../../src/core/base/reconnect';
import type { SessionSnapshot } from '../../src/core/snapshot';
import { PROTOCOL_VERSION } from '../../src/protocol';
import { run } from '../support/collect';
import { usePanel } from './support/fixture';
import { RecordFactory, snapshotOf } from './support/records';
import { repoRoot } from './support/server';

describe('webview: the header of a failed connection', () => {
  const fx = usePanel({ clean: 'errors-and-csp' });
  let demo: DemoServer;
  const outDir = join(repoRoot(), 'test-results');

  before(async () => {
    demo = await startDemoServer({ port: 0 });
    mkdirSync(outDir, { recursive: true });
  });
  after(() => demo.close());

  /** Runs a real connection until it gives up or its first event (or to its end) and returns the session's snapshot. */
  async function sessionOf(path: string, extra: Partial<InspectorOptions> = {}, label = path, toTheEnd = false): Promise<SessionSnapshot> {
    const r = run({ request: { url: `${demo.url}${path}` }, reconnect: POLICY_PRESETS.none, label, ...extra });
    try {
      // Until it gives up, or (a stream that goes on) its first answer.
      await r.until(() => ['closed', 'failed'].includes(r.inspector.connection.state) || r.ofKind('open').length > 0, 8000, 'an answer');
      if (toTheEnd) await r.untilState(['closed', 'failed'], 15_000);
      else if (r.ofKind('open').length > 0) await r.until(() => ['closed', 'failed'].includes(r.inspector.connection.state) || r.events().length > 0, 8000, 'an event');
      return r.inspector.session.snapshot();
    } finally {
      await r.dispose();
    }
  }

  const page = () => fx.panel.page;
  const stat = (name: string) => page().locator(`.stat-${name} .stat-value`);

  async function shoot(name: string): Promise<void> {
    await page().evaluate(() => document.fonts.ready.then(() => undefined));
    await fx.panel.settle();
    await page().screenshot({ path: join(outDir, name) });
  }

  it('a 500 before any open: method and URL, the status in words, its type, and its headers one click away', async () => {
    const snapshot = await sessionOf('/flaky?failures=1&key=webview-500', {}, '500, 500, then recovery');
    await fx.panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot });
    assert.equal(await page().locator('.header-request .method').innerText(), 'GET');
    assert.equal(await page().locator('.header-request .url').innerText(), `${demo.url}/flaky?failures=1&key=<redacted>`);
    assert.equal(await stat('status').innerText(), '500 Internal Server Error');
    assert.match((await page().locator('.stat-status').getAttribute('class'))!, /\bbad\b/);
    assert.match(await stat('content-type').innerText(), /^application\/json/);
    const headers = page().locator('.response-headers');
    assert.equal(await headers.isVisible(), true);
    await headers.locator('summary').click();
    assert.match(await headers.locator('.header-fields').innerText(), /content-type\s+application\/json/);
    await shoot('webview-header-500.png');
  });

  it('a wrong content type: "200 OK — not an event stream (text/html)", Type text/html', async () => {
    const snapshot = await sessionOf('/wrong-content-type', {}, 'Wrong content type');
    await fx.panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot });
    assert.equal(await page().locator('.state-badge').innerText(), 'FAILED');
    assert.equal(await page().locator('.header-request .method').innerText(), 'GET');
    assert.equal(await page().locator('.header-request .url').innerText(), `${demo.url}/wrong-content-type`);
    assert.equal(await stat('status').innerText(), '200 OK — not an event stream (text/html)');
    assert.match((await page().locator('.stat-status').getAttribute('class'))!, /\bbad\b/);
    assert.equal(await stat('content-type').innerText(), 'text/html; charset=utf-8');
    await page().locator('.response-headers summary').click();
    await shoot('webview-header-wrong-content-type.png');
  });

  it('a POST refused with 401: "401 Unauthorized — credentials refused", and the Request disclosure shows the redacted headers and the body, from the keyboard', async () => {
    const body = JSON.stringify({ message: 'What is SSE?', conversationId: 'conv-1', history: [], model: 'gpt-4', temperature: 0.7 });
    const snapshot = await sessionOf('/api/chat/stream', { request: { url: `${demo.url}/api/chat/stream`, method: 'POST', body, headers: { Authorization: 'Bearer expired-or-wrong-token' } } }, 'S5 chat answer (POST)');
    await fx.panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot });
    assert.equal(await page().locator('.header-request .method').innerText(), 'POST');
    assert.equal(await stat('status').innerText(), '401 Unauthorized — credentials refused');

    const request = page().locator('.request-details');
    assert.equal(await request.locator('summary').innerText(), `Request (4 headers, ${Buffer.byteLength(body)} B body)`);
    assert.equal(await request.locator('.request-body').isVisible(), false);
    await request.locator('summary').focus();
    await page().keyboard.press('Enter');
    assert.equal(await request.locator('.request-body').isVisible(), true);
    const fields = await request.locator('.request-fields').innerText();
    assert.match(fields, /Method\s+POST/);
    assert.match(fields, /Authorization\s+Bearer <redacted>/);
    assert.doesNotMatch(fields, /expired-or-wrong-token/, 'the secret stays hidden');
    assert.match(fields, /Content-Type\s+application\/json/);
    assert.equal(await request.locator('.request-body-preview').innerText(), body);
    await shoot('webview-header-request.png');
    await page().keyboard.press('Space');
    assert.equal(await request.locator('.request-body').isVisible(), false, 'Space closes it again');
  });

  it('keeps status and type when the open record was evicted from the history (a flood)', async () => {
    const snapshot = await sessionOf('/flood?count=2000&size=20', { maxRecords: 300 }, 'Flood', true);
    assert.equal(snapshot.records.some((r) => r.kind === 'open'), false, 'the open record is gone');
    await fx.panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot });
    assert.equal(await stat('status').innerText(), '200 OK');
    assert.match((await page().locator('.stat-status').getAttribute('class'))!, /\bgood\b/);
    assert.match(await stat('content-type').innerText(), /^text\/event-stream/);
    assert.equal(await page().locator('.header-request .method').innerText(), 'GET');
  });

  it('a token written into the URL (the S3 profile): shown as token=<redacted>, with the warning naming it', async () => {
    const token = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJkZW1vIn0.c2lnbmF0dXJl';
    const snapshot = await sessionOf(`/events?token=${token}&roomId=room-001&username=demo`, { request: { url: `${demo.url}/events?token=${token}&roomId=room-001&username=demo` }, idleTimeoutMs: 0 }, 'S3 room');
    await fx.panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot });
    const url = await page().locator('.header-request .url').innerText();
    assert.equal(url, `${demo.url}/events?token=<redacted>&roomId=room-001&username=demo`);
    assert.equal(await page().locator('.url-warning').isVisible(), true);
    assert.equal(await page().locator('.url-warning').innerText(), 'token in URL: visible in server logs');
  });

  it('an older recording whose URL was redacted encoded (%3Credacted%3E) reads as <redacted>', async () => {
    const f = new RecordFactory(undefined, { method: 'GET', url: 'http://127.0.0.1:3000/events?token=%3Credacted%3E&roomId=r1', headers: [], bodyBytes: 0, authKind: 'query', secretInUrl: true });
    await fx.panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot: snapshotOf([f.open()]) });
    assert.equal(await page().locator('.header-request .url').innerText(), 'http://127.0.0.1:3000/events?token=<redacted>&roomId=r1');
  });
});
