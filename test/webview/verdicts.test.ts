// Verdicts on a tapped program's client in the reconnection log: a line under each reconnect
// (its level, what ended the response before it, each check in words), stop verdicts where
// they happened, and the summary above the table. The session is built by the real core: a
// PassiveSource fed the way the proxy tap feeds it (the seed's linear client's run: a reset,
// two 503s with Retry-After, a 204 it did not stop at), judged, recorded by a Session.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ManualClock } from '../../src/core/base/clock';
import type { HeaderList, RequestSummary } from '../../src/core/base/records';
import { PassiveSource, type ObservedResponse } from '../../src/core/passive/passive-source';
import { Session } from '../../src/core/session';
import type { SessionSnapshot } from '../../src/core/snapshot';
import { feedSession } from '../../src/core/stream/record-source';
import { JudgedSource } from '../../src/core/tap/judge-source';
import { PROTOCOL_VERSION } from '../../src/protocol';
import { usePanel } from './support/fixture';
import { PanelPage } from './support/panel';
import { repoRoot } from './support/server';

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** The seed's linear client behind the tap, as its records and verdicts come out of the core. `finished`: the tap stopped (the summary is in). */
async function linearClientRun(finished: boolean): Promise<SessionSnapshot> {
  const clock = new ManualClock(new Date(2025, 2, 14, 10, 30, 0, 0).getTime());
  const source = new PassiveSource({ clock });
  const session = new Session({ id: 'tap-1', label: 'GET /events · Tap 127.0.0.1:7001 → localhost:3000', policy: 'none', heartbeat: { heartbeatEvents: ['heartbeat'], idleTimeoutMs: 0 }, clock });
  const feed = feedSession(source, session);
  const judged = new JudgedSource(source, { policy: 'linear', heartbeatTimeoutMs: 60_000 }, clock);
  const request: RequestSummary = { method: 'GET', url: 'http://localhost:3000/events', headers: [['Accept', 'text/event-stream'], ['Authorization', 'Bearer YOUR_TOKEN']], bodyBytes: 0, authKind: 'bearer' };
  // Each response lets the judge's verdict out (a microtask) before time moves on, as it would live.
  const respond = async (waitMs: number, status: number, headers: HeaderList, extra: Partial<ObservedResponse> = {}): Promise<void> => {
    clock.advance(waitMs);
    source.beginResponse({ request, status, statusText: status === 200 ? 'OK' : '', headers, ...extra });
    await settle();
  };
  const sse: HeaderList = [['content-type', 'text/event-stream']];
  await respond(0, 200, sse);
  for (let id = 1; id <= 3; id++) {
    clock.advance(100);
    source.chunk(Buffer.from(`event: heartbeat\nid: ${id}\ndata: {"n":${id}}\n\n`));
  }
  source.mark('fault', 'Fault: connection reset (TCP RST)');
  source.endResponse('network-error', 'The tap reset the connection (fault)');
  for (const wait of [702, 1405]) {
    await respond(wait, 503, [['content-type', 'application/json'], ['retry-after', '3']]);
    source.endResponse('server-closed');
  }
  await respond(2104, 200, sse);
  clock.advance(100);
  source.chunk(Buffer.from('event: heartbeat\nid: 4\ndata: {"n":4}\n\n'));
  source.endResponse('network-error');
  await respond(701, 204, []);
  source.endResponse('server-closed');
  await respond(703, 200, sse);
  await settle();
  if (finished) {
    clock.advance(1000);
    source.stop();
    judged.finish();
    await settle();
  }
  const snap = session.snapshot();
  judged.dispose();
  feed.dispose();
  source.dispose();
  return snap;
}

describe('webview: verdicts on a tapped program in the reconnection log', () => {
  const fx = usePanel();

  async function rows(): Promise<Array<{ cls: string; text: string }>> {
    return fx.panel.page.locator('.log-table tbody tr').evaluateAll((trs) => trs.map((tr) => ({ cls: tr.className, text: (tr.textContent ?? '').replace(/\s+/g, ' ').trim() })));
  }

  it('puts each reconnect\'s verdict on a line under it, in words, with its level', async () => {
    await fx.panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot: await linearClientRun(false) });
    await fx.panel.selectTab('Reconnections');
    const all = await rows();
    // Five reconnects, each followed by its verdict.
    assert.equal(all.length, 10);
    const verdicts = all.filter((r) => r.cls.includes('log-verdict'));
    assert.deepEqual(verdicts.map((r) => r.cls.match(/verdict-row-(\w+)/)![1]), ['fail', 'fail', 'fail', 'fail', 'fail']);
    assert.equal(all[1]!.cls, 'log-verdict verdict-row-fail');
    assert.match(verdicts[0]!.text, /^fail after the connection broke: waited 702 ms as the linear policy \(reconnect #1 in a row\) asks \(700 ms\) · sent none: no Last-Event-ID though it had been given id "3"/);
    assert.match(verdicts[1]!.text, /^fail after HTTP 503: waited 1\.4\d* s, expected 3 s by Retry-After: 3: it followed its policy and ignored Retry-After/);
    assert.match(verdicts[4]!.text, /^fail after HTTP 204: kept asking after HTTP 204/);
    // The checks that passed read as passed, the failing ones in the error colour.
    assert.equal(await fx.panel.page.locator('.log-verdict').first().locator('.check-pass').count(), 1);
    assert.equal(await fx.panel.page.locator('.log-verdict').first().locator('.check-fail').count(), 1);
    // Before the tap stops, the summary line counts what came so far.
    assert.equal(await fx.panel.page.locator('.verdict-summary').innerText(), 'fail Verdicts so far: 5 fail (the summary comes when the tap stops)');
  });

  it('shows the summary the tap gives when it stops, and the verdicts in the timeline', async () => {
    await fx.panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot: await linearClientRun(true) });
    await fx.panel.selectTab('Reconnections');
    const summary = await fx.panel.page.locator('.verdict-summary').innerText();
    assert.match(summary, /^fail Verdicts: 5 verdicts: 5 FAIL — failed: sent none: no Last-Event-ID/);
    assert.equal(await fx.panel.page.locator('.verdict-summary .verdict-badge.verdict-fail').count(), 1);
    // The program's reconnects: no policy of ours, and no user of ours stopped them.
    assert.equal(await fx.panel.page.locator('.log-summary').innerText(), '5 reconnects by the program');
    assert.equal(await fx.panel.page.locator('.col-stop').innerText(), 'No request from the program since: Stopped observing the stream.');
    await fx.panel.selectTab('Timeline');
    const types = await fx.panel.rowTexts('type');
    // The timeline follows the newest rows: the summary is the last record, verdicts before it.
    assert.equal(types.at(-1), 'verdicts');
    assert.ok(types.includes('verdict'), types.join(', '));
  });

  it('says nothing about verdicts on a stream nobody judged', async () => {
    const snap = await linearClientRun(false);
    snap.records = snap.records.filter((r) => r.kind !== 'verdict');
    await fx.panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot: snap });
    await fx.panel.selectTab('Reconnections');
    assert.equal(await fx.panel.page.locator('.verdict-summary').isHidden(), true);
    assert.equal(await fx.panel.page.locator('.log-verdict').count(), 0);
  });

  describe('screenshots', () => {
    const outDir = join(repoRoot(), 'test-results');
    before(() => mkdirSync(outDir, { recursive: true }));
    for (const theme of ['dark', 'light'] as const) {
      it(`the reconnection log with verdicts: test-results/webview-${theme}-verdicts.png`, async () => {
        const panel = await PanelPage.open(fx.browser, fx.server, { theme, viewport: { width: 1280, height: 800 } });
        try {
          await panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot: await linearClientRun(true) });
          await panel.selectTab('Reconnections');
          await panel.page.evaluate(() => document.fonts.ready.then(() => undefined));
          await panel.settle();
          assert.equal(await panel.page.locator('.log-verdict').count(), 5);
          await panel.page.screenshot({ path: join(outDir, `webview-${theme}-verdicts.png`) });
          // In the timeline, a verdict is a row of its own, selected like any record.
          await panel.selectTab('Timeline');
          await panel.page.locator('.timeline-spacer .row.kind-verdict').last().click();
          assert.match(await panel.page.locator('.detail').innerText(), /verdict on the program's client/);
          await panel.settle();
          await panel.page.screenshot({ path: join(outDir, `webview-${theme}-verdicts-timeline.png`) });
          assert.deepEqual(panel.errors, []);
        } finally {
          await panel.close();
        }
      });
    }
  });
});
