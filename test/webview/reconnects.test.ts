// The reconnection log: reason, delay and who chose it, Last-Event-ID, and the result of
// the attempt each reconnect started (derived from the records that follow it).
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ResumeCheck } from '../../src/core/continuity';
import type { SseRecord } from '../../src/core/base/records';
import { PROTOCOL_VERSION } from '../../src/protocol';
import { usePanel } from './support/fixture';
import { PanelPage } from './support/panel';
import { continuityOf, deltaOf, RecordFactory, snapshotOf, withContinuity } from './support/records';
import { mixedSession } from './support/sessions';
import { repoRoot } from './support/server';

describe('webview: reconnection log', () => {
  const fx = usePanel();

  async function table(): Promise<string[][]> {
    return fx.panel.page.locator('.log-table tbody tr').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent ?? '')));
  }

  it('lists each reconnect with reason, delay, source, Last-Event-ID and the resulting status', async () => {
    await fx.panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot: mixedSession() });
    await fx.panel.selectTab('Reconnections');
    const rows = await table();
    assert.equal(rows.length, 2);
    // Time, #, reason, delay, chosen by, Last-Event-ID, result, resumed, detail
    assert.deepEqual(rows[0]!.slice(1), ['#1', 'error', '700 ms', 'policy linear', '80', '503 http-status: Service Unavailable', '—', 'read ECONNRESET']);
    // The attempt the second reconnect started opened, and its first id skipped one.
    assert.deepEqual(rows[1]!.slice(1), ['#2', 'http-5xx', '3 s', 'server retry:', '80', '200 OK', 'gap sent 80 → got 82', '503 Service Unavailable']);
    assert.match(rows[0]![0]!, /^\d\d:\d\d:\d\d\.\d{3}$/);
    assert.match(await fx.panel.page.locator('.log-summary').innerText(), /2 reconnects · policy linear · server retry: 3 s/);
    assert.equal(await fx.panel.page.locator('.result-ok').count(), 1);
    assert.equal(await fx.panel.page.locator('.result-error').count(), 1);
    assert.equal(await fx.panel.page.getByRole('tab', { name: /Reconnections/ }).locator('.tab-badge').innerText(), '2');
  });

  it('adds reconnects that arrive in deltas, pending until the next attempt reports', async () => {
    const f = new RecordFactory();
    const records = [f.open(), f.event('message', 'a', { id: '41' }), f.event('message', 'b', { id: '42' })];
    await fx.panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot: snapshotOf(records) });
    await fx.panel.selectTab('Reconnections');
    assert.equal(await fx.panel.page.locator('.log-empty').isVisible(), true);

    const closed = f.close('server-closed', 'ended', { willReconnect: true });
    const retryAfter = f.reconnect({ retryNumber: 1, delayMs: 30_000, reason: 'http-retryable', source: 'retry-after', detail: '429 Too Many Requests' });
    await fx.panel.post({ type: 'delta', delta: deltaOf([closed, retryAfter], { replace: { state: 'waiting' } }) });
    let rows = await table();
    assert.equal(rows.length, 1);
    assert.deepEqual(rows[0]!.slice(1, 7), ['#1', 'http-retryable', '30 s', 'Retry-After', '42', 'pending…']);
    assert.equal(await fx.panel.page.locator('.log-empty').isVisible(), false);

    // The next attempt is refused; then a manual, immediate reconnect opens.
    await fx.panel.post({ type: 'delta', delta: deltaOf([f.wait(30_000).error('http-status', 'Unauthorized', { status: 401, fatal: false })], { replace: { state: 'waiting' } }) });
    const manual = f.reconnect({ retryNumber: 2, delayMs: 0, reason: 'manual', source: 'immediate' });
    await fx.panel.post({ type: 'delta', delta: deltaOf([manual, f.open({ lastEventIdSent: '42' })], { replace: { state: 'open' } }) });
    rows = await table();
    assert.equal(rows.length, 2);
    assert.equal(rows[0]![6], '401 http-status: Unauthorized');
    assert.deepEqual(rows[1]!.slice(1, 7), ['#2', 'manual', '0 ms', 'immediate', '42', '200 OK']);
  });

  it('shows how each resume went: the outcome in its colour, the id sent and the first id received', async () => {
    const f = new RecordFactory();
    const records: SseRecord[] = [f.open(), f.event('message', 'a', { id: '3' })];
    const resumes: ResumeCheck[] = [];
    const outcomes: Array<[ResumeCheck['outcome'], string | undefined]> = [
      ['continued', '4'],
      ['replayed', '2'],
      ['restarted', '1'],
      ['no-ids', undefined],
    ];
    for (const [outcome, firstId] of outcomes) {
      records.push(f.reconnect({ retryNumber: 1, delayMs: 100, reason: 'closed', source: 'policy', lastEventId: '3' }));
      const open = f.open({ lastEventIdSent: '3' });
      records.push(open);
      const check: ResumeCheck = { attempt: open.attempt, lastEventIdSent: '3', outcome, seq: open.seq };
      if (firstId !== undefined) check.firstId = firstId;
      resumes.push(check);
    }
    const continuity = (list: ResumeCheck[]) => continuityOf({ eventsWithIds: 4, resumes: list });
    // The first check comes in the snapshot, the others in deltas, which carry only the new ones.
    await fx.panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot: snapshotOf(records, { continuity: continuity(resumes.slice(0, 1)) }) });
    await fx.panel.post({ type: 'delta', delta: deltaOf([], withContinuity(continuity(resumes.slice(1, 3)))) });
    await fx.panel.post({ type: 'delta', delta: deltaOf([], withContinuity(continuity(resumes.slice(3)))) });
    await fx.panel.selectTab('Reconnections');
    const rows = await table();
    assert.deepEqual(
      rows.map((r) => r[7]),
      ['continued sent 3 → got 4', 'replayed sent 3 → got 2', 'restarted sent 3 → got 1', 'no-ids sent 3 → no ids'],
    );
    const colours = await fx.panel.page.locator('.log-table .resume').evaluateAll((els) => els.map((e) => getComputedStyle(e).color));
    // continued green; replayed and restarted the warning colour; no ids muted.
    assert.deepEqual(colours, ['rgb(115, 201, 145)', 'rgb(204, 167, 0)', 'rgb(204, 167, 0)', 'rgb(157, 157, 157)']);
    assert.equal(await fx.panel.page.locator('.log-table th').nth(7).innerText(), 'RESUMED');
  });

  it('shows a dash when the attempt outcome is unknown (not held, not pending)', async () => {
    const f = new RecordFactory();
    const records = [f.open(), f.reconnect({ retryNumber: 1, delayMs: 1000, reason: 'closed', source: 'policy', policy: 'fixed' })];
    await fx.panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot: snapshotOf(records, { state: 'closed', policy: 'fixed' }) });
    await fx.panel.selectTab('Reconnections');
    const rows = await table();
    assert.deepEqual(rows[0]!.slice(1, 7), ['#1', 'closed', '1 s', 'policy fixed', '—', '—']);
  });

  it('says when the minimum delay or the backoff growth chose the delay, and shows the true retry number', async () => {
    const f = new RecordFactory();
    const records = [
      f.open(),
      f.close('server-closed', 'ended', { willReconnect: true }),
      f.reconnect({ retryNumber: 1, delayMs: 250, reason: 'closed', source: 'floor', detail: "The server ended the response; the server's retry: 0 ms raised to the 250 ms minimum delay" }),
      f.open(),
      f.close('server-closed', 'ended', { willReconnect: true }),
      f.reconnect({ retryNumber: 2, delayMs: 1400, reason: 'closed', source: 'growth', detail: 'The server ended the response; 1 attempt in a row delivered no new event, so the backoff (1400 ms) replaces the server\'s retry: 0 ms' }),
    ];
    await fx.panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot: snapshotOf(records, { state: 'waiting', policy: 'linear' }) });
    await fx.panel.selectTab('Reconnections');
    const rows = await table();
    assert.deepEqual(rows.map((r) => [r[1], r[3], r[4]]), [
      ['#1', '250 ms', 'minimum delay'],
      ['#2', '1.4 s', 'backoff growth'],
    ]);
    assert.match(rows[1]![8]!, /delivered no new event/);
  });

  describe('the last row says why reconnecting stopped', () => {
    /** A run of reconnects that ends the way `end` makes it end. */
    function stoppedRun(end: (f: RecordFactory) => SseRecord[], state: 'closed' | 'failed') {
      const f = new RecordFactory();
      const records: SseRecord[] = [f.open(), f.event('message', 'a', { id: '3' }), f.close('server-closed', 'The server ended the response', { willReconnect: true })];
      records.push(f.reconnect({ retryNumber: 1, delayMs: 700, reason: 'closed', source: 'policy', detail: 'The server ended the response' }));
      records.push(...end(f));
      return snapshotOf(records, { state, policy: 'linear' });
    }

    const cases: Array<{ name: string; end: (f: RecordFactory) => SseRecord[]; state: 'closed' | 'failed'; result: string; stop: RegExp }> = [
      {
        name: 'a 204',
        end: (f) => [{ ...f.close('no-content', 'HTTP 204 No Content: the server asked the client not to reconnect'), status: 204 } as SseRecord],
        state: 'closed',
        result: '204 No Content',
        stop: /^Stopped: the server answered HTTP 204 No Content, which tells a client not to reconnect\.$/,
      },
      {
        name: 'the attempt limit',
        end: (f) => [
          f.error('network', 'ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:9'),
          f.close('max-attempts', 'Gave up: 1 reconnect in a row delivered no new event (policy linear, maxAttempts 1)'),
        ],
        state: 'failed',
        result: 'network: ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:9',
        stop: /^Stopped: Gave up: 1 reconnect in a row delivered no new event \(policy linear, maxAttempts 1\)\.$/,
      },
      {
        // The attempt opened and ended: its one close is the give-up (as the connection records it).
        name: 'the attempt limit after an attempt that opened',
        end: (f) => [f.open({ lastEventIdSent: '3' }), f.close('max-attempts', 'Gave up: 1 reconnect in a row delivered no new event (policy linear, maxAttempts 1)', { bytes: 15 })],
        state: 'failed',
        result: '200 OK',
        stop: /^Stopped: Gave up: 1 reconnect in a row delivered no new event \(policy linear, maxAttempts 1\)\.$/,
      },
      {
        name: 'a fatal status',
        end: (f) => [f.error('http-status', 'HTTP 404 Not Found: not retried', { status: 404, fatal: true }), { ...f.close('fatal', 'HTTP 404 Not Found: not retried'), status: 404 } as SseRecord],
        state: 'failed',
        result: '404 http-status: HTTP 404 Not Found: not retried',
        stop: /^Stopped: HTTP 404 Not Found: not retried \(a failure that reconnecting cannot fix\)\.$/,
      },
      {
        name: 'the user',
        end: (f) => [f.open(), f.close('aborted', 'Disconnected by the user')],
        state: 'closed',
        result: '200 OK',
        stop: /^Stopped: disconnected by the user\.$/,
      },
    ];

    for (const c of cases) {
      it(`${c.name}: the result of the last attempt, then a row saying why no reconnect follows`, async () => {
        await fx.panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot: stoppedRun(c.end, c.state) });
        await fx.panel.selectTab('Reconnections');
        const rows = await table();
        assert.equal(rows.length, 2);
        assert.equal(rows[0]![6], c.result);
        assert.equal(rows[1]!.length, 2, 'the time, then the reason across the other columns');
        assert.match(rows[1]![0]!, /^\d\d:\d\d:\d\d\.\d{3}$/);
        assert.match(rows[1]![1]!, c.stop);
        assert.notEqual(rows[0]![6], '—');
      });
    }

    it('a reconnect after the stop (the user reconnected) takes the stop row away', async () => {
      const f = new RecordFactory();
      const records = [f.open(), f.close('aborted', 'Disconnected by the user')];
      await fx.panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot: snapshotOf(records, { state: 'closed' }) });
      await fx.panel.selectTab('Reconnections');
      assert.deepEqual((await table()).map((r) => r[1]), ['Stopped: disconnected by the user.']);
      const manual = f.reconnect({ retryNumber: 0, delayMs: 0, reason: 'manual', source: 'immediate' });
      await fx.panel.post({ type: 'delta', delta: deltaOf([manual, f.open()], { replace: { state: 'open' } }) });
      const rows = await table();
      assert.equal(rows.length, 1);
      assert.deepEqual([rows[0]![2], rows[0]![6]], ['manual', '200 OK']);
    });

    it('screenshots, dark and light: test-results/webview-reconnects-stopped-{dark,light}.png', async () => {
      const f = new RecordFactory();
      const records: SseRecord[] = [f.open(), f.event('update', '{"n":1}', { id: '1' }), f.event('update', '{"n":2}', { id: '2' }), f.event('update', '{"n":3}', { id: '3' })];
      records.push(f.error('network', 'ECONNRESET: read ECONNRESET'), f.close('network-error', 'ECONNRESET: read ECONNRESET', { willReconnect: true }));
      for (let n = 1; n <= 3; n++) {
        records.push(f.reconnect({ retryNumber: n, delayMs: 700 * n, reason: 'error', source: 'policy', detail: 'ECONNRESET: read ECONNRESET' }));
        records.push(f.open({ lastEventIdSent: '3' }), f.error('network', 'ECONNRESET: read ECONNRESET'));
        // The last attempt's close is the run's end: the connection gives up with it.
        records.push(n < 3 ? f.close('network-error', 'ECONNRESET: read ECONNRESET', { willReconnect: true }) : f.close('max-attempts', 'Gave up: 3 reconnects in a row delivered no new event (policy linear, maxAttempts 3)'));
      }
      await fx.panel.page.setViewportSize({ width: 1280, height: 800 });
      await fx.panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot: snapshotOf(records, { state: 'failed', policy: 'linear' }) });
      await fx.panel.selectTab('Reconnections');
      assert.match((await table()).at(-1)![1]!, /^Stopped: Gave up: 3 reconnects in a row delivered no new event/);
      const outDir = join(repoRoot(), 'test-results');
      mkdirSync(outDir, { recursive: true });
      await fx.panel.settle();
      await fx.panel.page.screenshot({ path: join(outDir, 'webview-reconnects-stopped-dark.png') });
      // The same view in the Light Modern test theme (its colours and VS Code's body class).
      const light = await PanelPage.open(fx.browser, fx.server, { theme: 'light', viewport: { width: 1280, height: 800 } });
      try {
        await light.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot: snapshotOf(records, { state: 'failed', policy: 'linear' }) });
        await light.selectTab('Reconnections');
        assert.equal(await light.page.locator('tr.log-stop').count(), 1);
        await light.page.screenshot({ path: join(outDir, 'webview-reconnects-stopped-light.png') });
      } finally {
        await light.close();
      }
    });
  });
});
