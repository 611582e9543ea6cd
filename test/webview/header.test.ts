// The connection header (state, request, status, headers, counters, buttons) and the
// assembled-messages tab.
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import type { ConnectionState } from '../../src/core/records';
import { PROTOCOL_VERSION, type WebviewToHost } from '../../src/protocol';
import { launchBrowser, PanelPage } from './support/panel';
import { DEFAULT_REQUEST, deltaOf, RecordFactory, snapshotOf } from './support/records';
import { startPanelServer, type PanelServer } from './support/server';

describe('webview: header and messages', () => {
  let browser: Browser;
  let server: PanelServer;
  let panel: PanelPage;

  before(async () => {
    server = await startPanelServer();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });
  beforeEach(async () => {
    panel = await PanelPage.open(browser, server);
  });
  afterEach(async () => {
    assert.deepEqual(panel.errors, [], 'no page errors');
    await panel.close();
  });

  it('buttons post their command to the host', async () => {
    const f = new RecordFactory();
    await panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot: snapshotOf([f.open()]) });
    for (const name of ['Disconnect', 'Reconnect', 'Clear records', 'Save as profile', 'Export records']) {
      await panel.page.getByRole('button', { name, exact: true }).click();
    }
    const commands = (await panel.posted()).filter((m): m is Extract<WebviewToHost, { type: 'command' }> => m.type === 'command').map((m) => m.command);
    assert.deepEqual(commands, ['disconnect', 'reconnect', 'clear', 'saveProfile', 'export']);
  });

  it('shows the state as a coloured badge; Disconnect only while connected', async () => {
    const f = new RecordFactory();
    const records = [f.open()];
    const expected: Array<[ConnectionState, boolean]> = [
      ['open', true],
      ['connecting', true],
      ['waiting', true],
      ['failed', false],
      ['closed', false],
    ];
    const colours = new Map<string, string>();
    for (const [state, canDisconnect] of expected) {
      await panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot: snapshotOf(records, { state }) });
      const badge = panel.page.locator('.state-badge');
      assert.equal(await badge.innerText(), state.toUpperCase());
      assert.equal(await badge.getAttribute('class'), `state-badge state-${state}`);
      colours.set(state, await badge.evaluate((el) => getComputedStyle(el).color));
      assert.equal(await panel.page.getByRole('button', { name: 'Disconnect', exact: true }).isEnabled(), canDisconnect, state);
    }
    // open green, connecting/waiting yellow, failed red, closed grey.
    assert.equal(colours.get('connecting'), colours.get('waiting'));
    assert.equal(new Set([colours.get('open'), colours.get('waiting'), colours.get('failed'), colours.get('closed')]).size, 4);
  });

  it('shows the request, the status, content type, counters and expandable response headers', async () => {
    const f = new RecordFactory();
    const records = [f.open(), f.event('system', '{"message":"SSE connected"}', { id: '1' }), f.event('heartbeat', '{}', { id: '2' })];
    const snapshot = snapshotOf(records);
    snapshot.stats.bytes = 2_560;
    snapshot.stats.eventsPerSec = 12.5;
    await panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot });
    assert.equal(await panel.page.locator('.method').innerText(), 'GET');
    assert.equal(await panel.page.locator('.url').innerText(), DEFAULT_REQUEST.url);
    assert.equal(await panel.page.locator('.url-warning').isVisible(), false);
    assert.equal(await panel.page.locator('.stat-status .stat-value').innerText(), '200 OK');
    assert.equal(await panel.page.locator('.stat-content-type .stat-value').innerText(), 'text/event-stream');
    assert.equal(await panel.page.locator('.stat-bytes .stat-value').innerText(), '2.5 KB');
    assert.equal(await panel.page.locator('.stat-rate .stat-value').innerText(), '12.5 ev/s');
    assert.equal(await panel.page.locator('.stat-events .stat-value').innerText(), '2');
    assert.equal(await panel.page.locator('.stat-last-event-id .stat-value').innerText(), '2');

    const headers = panel.page.locator('.response-headers');
    assert.equal(await headers.locator('summary').innerText(), 'Response headers (4)');
    assert.equal(await headers.locator('dl').isVisible(), false);
    await headers.locator('summary').click();
    assert.equal(await headers.locator('dl').isVisible(), true);
    assert.match(await headers.locator('dl').innerText(), /x-accel-buffering\s+no/);
  });

  it('warns about a token in the URL', async () => {
    const f = new RecordFactory(undefined, { ...DEFAULT_REQUEST, url: 'http://127.0.0.1:3000/events?token=[redacted]', authKind: 'query', secretInUrl: true });
    await panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot: snapshotOf([f.open()]) });
    const warning = panel.page.locator('.url-warning');
    assert.equal(await warning.isVisible(), true);
    assert.equal(await warning.innerText(), 'token in URL: visible in server logs');
  });

  it('shows a refused status after the last open in red', async () => {
    const f = new RecordFactory();
    const records = [f.open(), f.error('http-status', 'Unauthorized', { status: 401, body: '{"error":"token expired"}' })];
    await panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot: snapshotOf(records, { state: 'waiting' }) });
    const status = panel.page.locator('.stat-status');
    assert.equal(await status.locator('.stat-value').innerText(), '401 http-status');
    assert.equal(await status.getAttribute('class'), 'stat stat-status bad');
  });

  it('says how many older records were dropped to stay within the memory limit', async () => {
    const f = new RecordFactory();
    await panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot: snapshotOf([f.event('tick', '1')], { evicted: 12_345 }) });
    assert.equal(await panel.page.locator('.evicted-note').innerText(), '12,345 older records dropped to stay within the memory limit');
  });

  it('shows assembled answers, streaming then done', async () => {
    const f = new RecordFactory();
    const chunks = ['Hel', 'lo ', 'wor'].map((c, i) => f.event('bot-chunk', JSON.stringify({ messageId: 'b-1', chunk: c, isFinal: false }), { id: String(i) }));
    const streaming = { id: 'b-1', format: 'bot-chunk' as const, text: 'Hello wor', chunks: 3, done: false, firstSeq: chunks[0]!.seq, lastSeq: chunks[2]!.seq };
    await panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot: snapshotOf(chunks, { messages: [streaming] }) });
    await panel.selectTab('Messages');
    const message = panel.page.locator('.message');
    assert.equal(await message.count(), 1);
    assert.equal(await message.locator('.message-text').innerText(), 'Hello wor');
    assert.equal(await message.locator('.message-state').innerText(), 'streaming…');

    const last = f.event('bot-chunk', JSON.stringify({ messageId: 'b-1', chunk: 'ld', isFinal: true }));
    await panel.post({ type: 'delta', delta: deltaOf([last], { messages: [{ ...streaming, text: 'Hello world', chunks: 4, done: true, lastSeq: last.seq }] }) });
    assert.equal(await message.count(), 1);
    assert.equal(await message.locator('.message-text').innerText(), 'Hello world');
    assert.equal(await message.locator('.message-state').innerText(), 'done');
    assert.equal(await panel.page.getByRole('tab', { name: /Messages/ }).locator('.tab-badge').innerText(), '1');
  });
});
