// The reconnection log: reason, delay and who chose it, Last-Event-ID, and the result of
// the attempt each reconnect started (derived from the records that follow it).
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { PROTOCOL_VERSION } from '../../src/protocol';
import { launchBrowser, PanelPage } from './support/panel';
import { deltaOf, RecordFactory, snapshotOf } from './support/records';
import { mixedSession } from './support/sessions';
import { startPanelServer, type PanelServer } from './support/server';

describe('webview: reconnection log', () => {
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

  async function table(): Promise<string[][]> {
    return panel.page.locator('.log-table tbody tr').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent ?? '')));
  }

  it('lists each reconnect with reason, delay, source, Last-Event-ID and the resulting status', async () => {
    await panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot: mixedSession() });
    await panel.selectTab('Reconnections');
    const rows = await table();
    assert.equal(rows.length, 2);
    // Time, #, reason, delay, chosen by, Last-Event-ID, result, detail
    assert.deepEqual(rows[0]!.slice(1), ['#1', 'error', '700 ms', 'policy linear', '80', '503 http-status: Service Unavailable', 'read ECONNRESET']);
    assert.deepEqual(rows[1]!.slice(1), ['#2', 'http-5xx', '3 s', 'server retry:', '80', '200 OK', '503 Service Unavailable']);
    assert.match(rows[0]![0]!, /^\d\d:\d\d:\d\d\.\d{3}$/);
    assert.match(await panel.page.locator('.log-summary').innerText(), /2 reconnects · policy linear · server retry: 3 s/);
    assert.equal(await panel.page.locator('.result-ok').count(), 1);
    assert.equal(await panel.page.locator('.result-error').count(), 1);
    assert.equal(await panel.page.getByRole('tab', { name: /Reconnections/ }).locator('.tab-badge').innerText(), '2');
  });

  it('adds reconnects that arrive in deltas, pending until the next attempt reports', async () => {
    const f = new RecordFactory();
    const records = [f.open(), f.event('message', 'a', { id: '41' }), f.event('message', 'b', { id: '42' })];
    await panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot: snapshotOf(records) });
    await panel.selectTab('Reconnections');
    assert.equal(await panel.page.locator('.log-empty').isVisible(), true);

    const closed = f.close('server-closed', 'ended', { willReconnect: true });
    const retryAfter = f.reconnect({ retryNumber: 1, delayMs: 30_000, reason: 'http-retryable', source: 'retry-after', detail: '429 Too Many Requests' });
    await panel.post({ type: 'delta', delta: deltaOf([closed, retryAfter], { state: 'waiting' }) });
    let rows = await table();
    assert.equal(rows.length, 1);
    assert.deepEqual(rows[0]!.slice(1, 7), ['#1', 'http-retryable', '30 s', 'Retry-After', '42', 'pending…']);
    assert.equal(await panel.page.locator('.log-empty').isVisible(), false);

    // The next attempt is refused; then a manual, immediate reconnect opens.
    await panel.post({ type: 'delta', delta: deltaOf([f.wait(30_000).error('http-status', 'Unauthorized', { status: 401, fatal: false })], { state: 'waiting' }) });
    const manual = f.reconnect({ retryNumber: 2, delayMs: 0, reason: 'manual', source: 'immediate' });
    await panel.post({ type: 'delta', delta: deltaOf([manual, f.open({ lastEventIdSent: '42' })], { state: 'open' }) });
    rows = await table();
    assert.equal(rows.length, 2);
    assert.equal(rows[0]![6], '401 http-status: Unauthorized');
    assert.deepEqual(rows[1]!.slice(1, 7), ['#2', 'manual', '0 ms', 'immediate', '42', '200 OK']);
  });

  it('shows a dash when the attempt outcome is unknown (not held, not pending)', async () => {
    const f = new RecordFactory();
    const records = [f.open(), f.reconnect({ retryNumber: 1, delayMs: 1000, reason: 'closed', source: 'policy', policy: 'fixed' })];
    await panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot: snapshotOf(records, { state: 'closed', policy: 'fixed' }) });
    await panel.selectTab('Reconnections');
    const rows = await table();
    assert.deepEqual(rows[0]!.slice(1, 7), ['#1', 'closed', '1 s', 'policy fixed', '—', '—']);
  });
});
