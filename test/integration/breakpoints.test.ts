// Event breakpoints in the real host: a profile's breakpoint stops the panel's timeline at
// the first heartbeat (the webview is told, then sent nothing), the session keeps
// recording, Resume delivers everything since without a hole; edits from the panel and
// the command; the status bar, the tree and the log say where it stopped.
import * as assert from 'node:assert/strict';
import type { DemoServer } from '../../demo/server';
import type { ConnectionInfo, SseInspectorApi } from '../../src/extension/api';
import { closeAllConnections, inspectorApi, readLogFiles, run, startDemo, useProfiles, waitFor, type Outcome } from './helpers';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('event breakpoints', function () {
  this.timeout(30_000);
  let demo: DemoServer;
  let api: SseInspectorApi;
  let restore: (() => Promise<void>) | undefined;

  before(async () => {
    demo = await startDemo();
    api = await inspectorApi();
  });
  afterEach(async () => {
    await closeAllConnections(api);
    await restore?.();
    restore = undefined;
  });
  after(async () => demo.close());

  const info = (id: string): ConnectionInfo => {
    const c = api.connection(id);
    if (!c) throw new Error(`connection ${id} is gone`);
    return c;
  };
  const trace = (id: string) => info(id).panel!;
  const describe_ = (id: string) => () => JSON.stringify({ paused: api.connection(id)?.paused, panel: { ...api.connection(id)?.panel, eventTypes: undefined }, last: api.connection(id)?.session.lastSeq });

  it('holds the timeline at the first heartbeat while the session records on; resume delivers everything since', async () => {
    restore = await useProfiles([{ name: 'Breakpoint itest', url: `${demo.url}/events?heartbeatMs=50`, breakpoints: [{ id: 'hb', eventType: 'heartbeat' }] }]);
    const outcome = await run<Outcome>('sseInspector.connectProfile', 'Breakpoint itest');
    assert.ok(outcome.ok, JSON.stringify(outcome));
    const id = outcome.id;

    const paused = await waitFor(() => info(id).paused, 'capture to pause', 10_000, describe_(id));
    const firstBeat = info(id).session.snapshot().records.find((r) => r.kind === 'event' && r.type === 'heartbeat');
    assert.equal(paused.seq, firstBeat?.seq, 'paused at the first heartbeat');
    assert.deepEqual(paused, { seq: firstBeat!.seq, reason: 'event type is "heartbeat"', breakpointId: 'hb', debuggerPaused: false });

    // The webview: context (live, the profile's breakpoint) before the snapshot, then the pause, after the event itself.
    await waitFor(() => trace(id).pauses.length === 1, 'the paused message', 10_000, describe_(id));
    assert.deepEqual(trace(id).pauses[0], { type: 'paused', seq: paused.seq, reason: paused.reason, breakpointId: 'hb', debuggerPaused: false });
    assert.deepEqual(trace(id).context, { mode: 'live', breakpoints: [{ id: 'hb', eventType: 'heartbeat' }] });
    assert.ok(trace(id).firstTypes.indexOf('context') < trace(id).firstTypes.indexOf('snapshot'), `context first: ${trace(id).firstTypes.join(', ')}`);
    assert.equal(trace(id).lastSeq, paused.seq, 'the webview has every record up to the one that hit, and none after');

    // Held: no delta at all, while the session goes on counting heartbeats.
    const deltas = trace(id).deltas;
    const beats = info(id).session.totals.byType['heartbeat']!.count;
    await waitFor(() => info(id).session.totals.byType['heartbeat']!.count >= beats + 6, 'more heartbeats recorded while paused', 10_000, describe_(id));
    await sleep(1100); // longer than the panel's 1 s tick: not even a stats refresh goes out
    assert.equal(trace(id).deltas, deltas, 'no deltas while paused');
    assert.equal(trace(id).lastSeq, paused.seq);
    assert.match(api.statusBarText() ?? '', new RegExp(`paused at #${paused.seq} · \\d+ events$`));
    assert.equal(api.tree().connections[0]?.description, `open · paused at #${paused.seq}`);

    // Resume (the command): everything since arrives; the next heartbeat (after the resume) stops it again.
    const lastAtResume = info(id).session.lastSeq;
    assert.equal(await run('sseInspector.resumeCapture', { id }), true);
    await waitFor(() => trace(id).pauses.some((p) => p.type === 'resumed'), 'the resumed message');
    const again = await waitFor(() => info(id).paused, 'the next heartbeat to hit', 10_000, describe_(id));
    assert.ok(again.seq > lastAtResume, `stopped again at #${again.seq}, after the resume at #${lastAtResume}: events received while paused are not checked`);
    await waitFor(() => trace(id).lastSeq === again.seq, 'the webview to catch up to the second hit', 10_000, describe_(id));
    assert.ok(trace(id).deltas > deltas, 'deltas resumed');

    // The panel turns the breakpoint off and presses Resume: records flow, nothing stops.
    assert.equal(api.postFromWebview(id, { type: 'breakpoint', action: 'toggle', breakpoint: { id: 'hb', eventType: 'heartbeat', enabled: false } }), true);
    await waitFor(() => trace(id).context?.breakpoints[0]?.enabled === false, 'the context with the breakpoint disabled');
    assert.equal(api.postFromWebview(id, { type: 'command', command: 'resume' }), true);
    await waitFor(() => info(id).paused === undefined, 'the panel button to resume');
    const flowing = info(id).session.lastSeq;
    await waitFor(() => trace(id).lastSeq > flowing + 5, 'records to flow to the panel again', 10_000, describe_(id));
    assert.equal(info(id).paused, undefined, 'a disabled breakpoint does not hit');

    // Every seq reached the webview exactly once, in order: one snapshot from #1, deltas without a hole.
    const t = trace(id);
    assert.equal(t.snapshots, 1);
    assert.equal(t.gaps, 0, 'no delta skipped a record');
    assert.equal(t.records, t.lastSeq, 'records delivered = seqs 1..last');
    assert.match(api.statusBarText() ?? '', /^\$\(pass-filled\) Breakpoint itest · \d+ events$/);

    const logs = await waitFor(async () => {
      const files = await readLogFiles(api.logUri);
      return files.some((f) => f.text.includes('capture resumed')) ? files : undefined;
    }, 'the breakpoint lines in the log');
    const text = logs.map((f) => f.text).join('\n');
    assert.match(text, new RegExp(`\\[Breakpoint itest\\] breakpoint hb hit at #${paused.seq}: event type is "heartbeat"; capture paused`));
    assert.match(text, new RegExp(`\\[Breakpoint itest\\] capture resumed \\(held at #${paused.seq}; \\d+ records since\\)`));
  });

  it('adds breakpoints from the command and the panel, refusing a bad one with a clear message', async () => {
    const outcome = await run<Outcome>('sseInspector.connectUrl', { url: `${demo.url}/events?heartbeatMs=50` });
    assert.ok(outcome.ok);
    const id = outcome.id;
    await waitFor(() => (trace(id).snapshots ?? 0) >= 1 && trace(id).contexts >= 1, 'the panel to load');
    assert.deepEqual(trace(id).context, { mode: 'live', breakpoints: [] });

    // A bad JSON path from the panel: refused, shown in the panel's header, nothing added.
    const notices = trace(id).notices;
    api.postFromWebview(id, { type: 'breakpoint', action: 'add', breakpoint: { id: 'bad', jsonPath: 'timestamp[' } });
    await waitFor(() => trace(id).notices > notices, 'a notice in the panel');
    assert.deepEqual(info(id).breakpoints, []);
    const refused = await run<{ ok: boolean; error?: string }>('sseInspector.addEventBreakpoint', { id, breakpoint: { text: 'x', equals: '1' } });
    assert.equal(refused.ok, false);
    assert.match(refused.error ?? '', /"equals" needs "jsonPath"/);

    // The command, without prompts: a JSON path on the heartbeat's data.
    const added = await run<{ ok: boolean; breakpoint?: unknown }>('sseInspector.addEventBreakpoint', { id, breakpoint: { jsonPath: 'timestamp' } });
    assert.deepEqual(added, { ok: true, id, breakpoint: { id: 'bp-1', jsonPath: 'timestamp' } });
    await waitFor(() => trace(id).context?.breakpoints.length === 1, 'the context with the new breakpoint');
    const paused = await waitFor(() => info(id).paused, 'the JSON path breakpoint to hit', 10_000, describe_(id));
    assert.equal(paused.reason, 'timestamp exists');
    assert.equal(paused.breakpointId, 'bp-1');
    assert.equal(paused.debuggerPaused, false);

    // Removed from the panel while paused: the panel shows it gone; resuming then lets everything through.
    api.postFromWebview(id, { type: 'breakpoint', action: 'remove', breakpoint: { id: 'bp-1' } });
    await waitFor(() => trace(id).context?.breakpoints.length === 0, 'the context without it');
    assert.equal(await run('sseInspector.resumeCapture'), true, 'no argument: the paused connection');
    assert.equal(await run('sseInspector.resumeCapture'), false, 'nothing paused any more');
    const after = info(id).session.lastSeq;
    await waitFor(() => trace(id).lastSeq > after + 3, 'records flowing');
    assert.equal(trace(id).gaps, 0);
  });
});
