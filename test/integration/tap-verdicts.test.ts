// Verdicts in the real host: Start Tap with what the client should do (expect), the seed's
// linear client behind it (in front of an upstream that sends ids: the demo's /events would
// refuse the client's placeholder Bearer token), its stream reset by a fault, the verdict on
// its reconnect in the tapped stream's records, and the summary when Stop Tap ends the run.
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { DemoServer } from '../../demo/server';
import type { SseRecord, VerdictRecord } from '../../src/core/base/records';
import type { SseInspectorApi } from '../../src/extension/api';
import { startTickServer, type TickServer } from '../support/judged-tap';
import { closeAllConnections, inspectorApi, run, startDemo, waitFor } from './helpers';

/** The seed's linear fetch client (test/fixtures/clients), on this host's Node. */
function linearClient(url: string): ChildProcess {
  const fixture = [join(__dirname, '../../../test/fixtures/clients/seed-linear-client.mjs'), join(__dirname, '../../test/fixtures/clients/seed-linear-client.mjs')].find((p) => existsSync(p));
  assert.ok(fixture, 'the seed linear client fixture');
  return spawn(process.execPath, [fixture, url], { stdio: 'ignore', env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
}

describe('proxy tap verdicts', function () {
  this.timeout(40_000);
  let demo: DemoServer;
  let api: SseInspectorApi;
  let client: ChildProcess | undefined;
  let upstream: TickServer;

  before(async () => {
    demo = await startDemo();
    upstream = await startTickServer({ everyMs: 100 });
    api = await inspectorApi();
  });
  afterEach(async () => {
    client?.kill();
    client = undefined;
    await run('sseInspector.stopTap', { all: true });
    await closeAllConnections(api);
  });
  after(async () => {
    await upstream.close();
    await demo.close();
  });

  it("judges the seed's linear client's reconnect against the expected policy, and sums up when the tap stops", async () => {
    const started = await run<{ ok: boolean; url: string }>('sseInspector.startTap', { upstream: upstream.url, quiet: true, expect: { policy: 'linear', heartbeatTimeoutMs: 60000 } });
    assert.ok(started.ok, JSON.stringify(started));
    client = linearClient(`${started.url}/events`);
    const tapped = await waitFor(() => api.connections().find((c) => c.origin.kind === 'tap' && c.session.totals.events >= 2), 'a tapped stream with events', 15_000);
    const records = (): SseRecord[] => api.connection(tapped.id)!.session.snapshot().records;
    const verdicts = (): VerdictRecord[] => records().filter((r): r is VerdictRecord => r.kind === 'verdict');

    const applied = await run<{ ok: boolean }>('sseInspector.applyFault', { id: tapped.id, fault: { kind: 'end', reset: true } });
    assert.ok(applied.ok);
    const [verdict] = await waitFor(() => (verdicts().length > 0 ? verdicts() : undefined), 'the verdict on the reconnect', 10_000);
    assert.equal(verdict!.scope, 'reconnect');
    assert.match(verdict!.text, /waited \d+ ms as the linear policy \(reconnect #1 in a row\) asks \(700 ms\)/);
    // The seed's fetch client never sends Last-Event-ID.
    assert.equal(verdict!.level, 'fail');
    assert.match(verdict!.text, /sent none: no Last-Event-ID though it had been given id "\d+"/);
    assert.equal(verdict!.reconnectSeq, records().find((r) => r.kind === 'reconnect')!.seq);

    assert.equal(await run<boolean>('sseInspector.stopTap'), true);
    const summary = await waitFor(() => verdicts().find((v) => v.scope === 'summary'), 'the summary when the tap stops', 5000);
    assert.match(summary.text, /^1 verdict: /);
    assert.deepEqual(summary.counts, { pass: 0, fail: 1, info: 0, unknown: 0 });
  });

  it('refuses an expectation it cannot read, with the field that is wrong', async () => {
    const outcome = await run<{ ok: boolean; error?: string }>('sseInspector.startTap', { upstream: demo.url, quiet: true, expect: { policy: 'sometimes' } });
    assert.equal(outcome.ok, false);
    assert.match(outcome.error ?? '', /"policy" must be "linear", "exponential" or "fixed:MS"/);
  });
});
