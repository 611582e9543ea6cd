// The connection header (state, request, status, headers, counters, buttons) and the
// assembled-messages tab.
import assert from 'node:assert/strict';
import type { ConnectionState } from '../../src/core/base/records';
import { PROTOCOL_VERSION, type CommandMessage } from '../../src/protocol';
import { usePanel } from './support/fixture';
import { DEFAULT_REQUEST, deltaOf, RecordFactory, snapshotOf } from './support/records';

describe('webview: header and messages', () => {
  const fx = usePanel();

  async function commands(): Promise<string[]> {
    return (await fx.panel.posted()).filter((m): m is CommandMessage => m.type === 'command').map((m) => m.command);
  }

  it('buttons post their command to the host', async () => {
    const f = new RecordFactory();
    await fx.panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot: snapshotOf([f.open()]) });
    for (const name of ['Disconnect', 'Reconnect', 'Clear records', 'Save as profile', 'Replay']) {
      await fx.panel.page.getByRole('button', { name, exact: true }).click();
    }
    assert.deepEqual(await commands(), ['disconnect', 'reconnect', 'clear', 'saveProfile', 'replay']);
  });

  it('the Export menu opens from the keyboard, moves with the arrows, posts the chosen command and closes on Escape', async () => {
    const f = new RecordFactory();
    await fx.panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot: snapshotOf([f.open()]) });
    const button = fx.panel.page.getByRole('button', { name: 'Export and share' });
    const menu = fx.panel.page.getByRole('menu');
    assert.equal(await button.getAttribute('aria-haspopup'), 'menu');
    assert.equal(await menu.isVisible(), false);
    const focused = (): Promise<string | null | undefined> => fx.panel.page.evaluate(() => document.activeElement?.textContent);

    await button.focus();
    await fx.panel.page.keyboard.press('ArrowDown');
    assert.equal(await menu.isVisible(), true);
    assert.equal(await button.getAttribute('aria-expanded'), 'true');
    assert.deepEqual(await menu.getByRole('menuitem').allInnerTexts(), ['Save recording (.sse.jsonl)', 'Export JSONL', 'Export HAR', 'Copy as curl', 'Copy as fetch']);
    assert.equal(await focused(), 'Save recording (.sse.jsonl)');
    await fx.panel.page.keyboard.press('ArrowDown');
    await fx.panel.page.keyboard.press('ArrowDown');
    assert.equal(await focused(), 'Export HAR');
    await fx.panel.page.keyboard.press('Enter');
    assert.equal(await menu.isVisible(), false);
    assert.equal(await fx.panel.page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.getAttribute('title')), 'Export and share');

    // ArrowUp opens on the last item; arrows wrap; Home goes to the first.
    await fx.panel.page.keyboard.press('ArrowUp');
    assert.equal(await focused(), 'Copy as fetch');
    await fx.panel.page.keyboard.press('ArrowDown');
    assert.equal(await focused(), 'Save recording (.sse.jsonl)');
    await fx.panel.page.keyboard.press('End');
    await fx.panel.page.keyboard.press('Home');
    await fx.panel.page.keyboard.press('ArrowDown');
    // Space chooses too.
    await fx.panel.page.keyboard.press(' ');
    assert.equal(await menu.isVisible(), false);
    // Enter on the button opens on the first item; Escape closes without choosing and gives the focus back.
    await fx.panel.page.keyboard.press('Enter');
    assert.equal(await focused(), 'Save recording (.sse.jsonl)');
    await fx.panel.page.keyboard.press('Escape');
    assert.equal(await menu.isVisible(), false);
    assert.equal(await button.getAttribute('aria-expanded'), 'false');
    assert.equal(await fx.panel.page.evaluate(() => document.activeElement?.getAttribute('title')), 'Export and share');

    // The mouse works too; a click elsewhere closes.
    await button.click();
    await menu.getByRole('menuitem', { name: 'Save recording (.sse.jsonl)' }).click();
    await button.click();
    await fx.panel.page.locator('.session-label').click();
    assert.equal(await menu.isVisible(), false);
    assert.deepEqual(await commands(), ['exportHar', 'export', 'saveRecording']);
  });

  it('a recording has no connection buttons, says where it came from, and can be replayed', async () => {
    const f = new RecordFactory();
    await fx.panel.post({ type: 'context', mode: 'recording', source: 'chat-outage.sse.jsonl', breakpoints: [] });
    await fx.panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot: snapshotOf([f.open(), f.event('message', 'hi')], { state: 'closed' }) });
    for (const name of ['Disconnect', 'Reconnect', 'Save as profile']) {
      assert.equal(await fx.panel.page.getByRole('button', { name, exact: true }).count(), 0, `${name} hidden`);
    }
    assert.equal(await fx.panel.page.locator('.recording-badge').innerText(), 'Recording: chat-outage.sse.jsonl');
    assert.equal(await fx.panel.page.locator('.replay-note').isVisible(), false);
    await fx.panel.page.getByRole('button', { name: 'Replay', exact: true }).click();
    assert.deepEqual(await commands(), ['replay']);

    await fx.panel.post({ type: 'context', mode: 'recording', source: 'chat-outage.sse.jsonl', breakpoints: [], replayUrl: 'http://127.0.0.1:41234/events' });
    assert.equal(await fx.panel.page.locator('.replay-note').textContent(), 'Replaying at http://127.0.0.1:41234/events');
    assert.equal(await fx.panel.page.locator('.replay-note').isVisible(), true);
    await fx.panel.page.getByRole('button', { name: 'Copy replay URL' }).click();
    assert.deepEqual((await fx.panel.posted()).at(-1), { type: 'copy', text: 'http://127.0.0.1:41234/events', what: 'replay URL' });

    // Back to a live connection: the buttons return, the badge goes.
    await fx.panel.post({ type: 'context', mode: 'live', breakpoints: [] });
    assert.equal(await fx.panel.page.getByRole('button', { name: 'Disconnect', exact: true }).isVisible(), true);
    assert.equal(await fx.panel.page.locator('.recording-badge').isVisible(), false);
    assert.equal(await fx.panel.page.locator('.replay-note').isVisible(), false);
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
      await fx.panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot: snapshotOf(records, { state }) });
      const badge = fx.panel.page.locator('.state-badge');
      assert.equal(await badge.innerText(), state.toUpperCase());
      assert.equal(await badge.getAttribute('class'), `state-badge state-${state}`);
      colours.set(state, await badge.evaluate((el) => getComputedStyle(el).color));
      assert.equal(await fx.panel.page.getByRole('button', { name: 'Disconnect', exact: true }).isEnabled(), canDisconnect, state);
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
    await fx.panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot });
    assert.equal(await fx.panel.page.locator('.method').innerText(), 'GET');
    assert.equal(await fx.panel.page.locator('.url').innerText(), DEFAULT_REQUEST.url);
    assert.equal(await fx.panel.page.locator('.url-warning').isVisible(), false);
    assert.equal(await fx.panel.page.locator('.stat-status .stat-value').innerText(), '200 OK');
    assert.equal(await fx.panel.page.locator('.stat-content-type .stat-value').innerText(), 'text/event-stream');
    assert.equal(await fx.panel.page.locator('.stat-bytes .stat-value').innerText(), '2.5 KB');
    assert.equal(await fx.panel.page.locator('.stat-rate .stat-value').innerText(), '12.5 ev/s');
    assert.equal(await fx.panel.page.locator('.stat-events .stat-value').innerText(), '2');
    assert.equal(await fx.panel.page.locator('.stat-last-event-id .stat-value').innerText(), '2');

    const headers = fx.panel.page.locator('.response-headers');
    assert.equal(await headers.locator('summary').innerText(), 'Response headers (4)');
    assert.equal(await headers.locator('dl').isVisible(), false);
    await headers.locator('summary').click();
    assert.equal(await headers.locator('dl').isVisible(), true);
    assert.match(await headers.locator('dl').innerText(), /x-accel-buffering\s+no/);
  });

  it('warns about a token in the URL', async () => {
    const f = new RecordFactory(undefined, { ...DEFAULT_REQUEST, url: 'http://127.0.0.1:3000/events?token=[redacted]', authKind: 'query', secretInUrl: true });
    await fx.panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot: snapshotOf([f.open()]) });
    const warning = fx.panel.page.locator('.url-warning');
    assert.equal(await warning.isVisible(), true);
    assert.equal(await warning.innerText(), 'token in URL: visible in server logs');
  });

  it('shows a refused status after the last open in red', async () => {
    const f = new RecordFactory();
    const records = [f.open(), f.error('http-status', 'Unauthorized', { status: 401, body: '{"error":"token expired"}' })];
    await fx.panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot: snapshotOf(records, { state: 'waiting' }) });
    const status = fx.panel.page.locator('.stat-status');
    // In words, not the internal code (was "401 http-status").
    assert.equal(await status.locator('.stat-value').innerText(), '401 Unauthorized — refreshing credentials');
    assert.equal(await status.getAttribute('class'), 'stat stat-status bad');
  });

  it('says how many older records were dropped to stay within the memory limit', async () => {
    const f = new RecordFactory();
    await fx.panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot: snapshotOf([f.event('tick', '1')], { evicted: 12_345 }) });
    assert.equal(await fx.panel.page.locator('.evicted-note').innerText(), '12,345 older records dropped to stay within the memory limit');
  });

  it('shows assembled answers, streaming then done', async () => {
    const f = new RecordFactory();
    const chunks = ['Hel', 'lo ', 'wor'].map((c, i) => f.event('bot-chunk', JSON.stringify({ messageId: 'b-1', chunk: c, isFinal: false }), { id: String(i) }));
    const streaming = { id: 'b-1', format: 'bot-chunk' as const, text: 'Hello wor', chunks: 3, done: false, firstSeq: chunks[0]!.seq, lastSeq: chunks[2]!.seq };
    await fx.panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot: snapshotOf(chunks, { messages: [streaming] }) });
    await fx.panel.selectTab('Messages');
    const message = fx.panel.page.locator('.message');
    assert.equal(await message.count(), 1);
    assert.equal(await message.locator('.message-text').innerText(), 'Hello wor');
    assert.equal(await message.locator('.message-state').innerText(), 'streaming…');

    const last = f.event('bot-chunk', JSON.stringify({ messageId: 'b-1', chunk: 'ld', isFinal: true }));
    await fx.panel.post({ type: 'delta', delta: deltaOf([last], { changed: { messages: [{ ...streaming, text: 'Hello world', chunks: 4, done: true, lastSeq: last.seq }] } }) });
    assert.equal(await message.count(), 1);
    assert.equal(await message.locator('.message-text').innerText(), 'Hello world');
    assert.equal(await message.locator('.message-state').innerText(), 'done');
    assert.equal(await fx.panel.page.getByRole('tab', { name: /Messages/ }).locator('.tab-badge').innerText(), '1');
  });
});
