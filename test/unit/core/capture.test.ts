// Capture pause at event breakpoints: the pure control (hit, pause, resume, edits) and the
// panel's batcher holding the timeline at the event that hit while the session goes on,
// then delivering everything since, without a hole.
import assert from 'node:assert/strict';
import { ManualClock, type TimerHandle } from '../../../src/core/base/clock';
import type { SseRecord } from '../../../src/core/base/records';
import { Session } from '../../../src/core/session';
import { CaptureControl, type CaptureChange } from '../../../src/core/capture';
import { DeltaBatcher, type BatchTimers } from '../../../src/panel/batcher';
import type { HostToWebview } from '../../../src/protocol';

function event(seq: number, type = 'message', data = `{"n":${seq}}`): SseRecord {
  return { kind: 'event', seq, t: 1_700_000_000_000 + seq, mono: seq, attempt: 1, type, data, lastEventId: '', size: data.length, cls: type === 'heartbeat' ? 'heartbeat' : 'data' };
}

describe('capture control: event breakpoints', () => {
  it('pauses at the first event that hits, reports it once, and ignores events while paused', () => {
    const changes: CaptureChange[] = [];
    const capture = new CaptureControl({ breakpoints: [{ id: 'hb', eventType: 'heartbeat' }] });
    capture.onChange((c) => changes.push(c));
    assert.equal(capture.observe(event(1, 'system')), undefined);
    assert.equal(capture.observe({ kind: 'comment', seq: 2, t: 0, mono: 0, attempt: 1, text: 'heartbeat' }), undefined, 'only events are checked');
    const hit = capture.observe(event(3, 'heartbeat'));
    assert.equal(hit?.seq, 3);
    assert.deepEqual(capture.paused, { seq: 3, reason: 'event type is "heartbeat"', breakpointId: 'hb', debuggerPaused: false });
    assert.equal(capture.observe(event(4, 'heartbeat')), undefined, 'already paused');
    assert.deepEqual(changes.map((c) => c.kind), ['paused']);

    assert.equal(capture.resume(), true);
    assert.equal(capture.paused, undefined);
    assert.equal(capture.resume(), false, 'nothing to resume');
    assert.deepEqual(changes.map((c) => c.kind), ['paused', 'resumed']);
    assert.equal(capture.observe(event(5, 'heartbeat'))?.seq, 5, 'checks again after resume');
  });

  it('asks onHit whether the debugger was paused too', () => {
    const asked: string[] = [];
    const capture = new CaptureControl({
      breakpoints: [{ id: 'done', jsonPath: 'status', equals: 'done', pauseDebugSession: true }],
      onHit: (hit) => {
        asked.push(hit.breakpoint.id);
        return hit.breakpoint.pauseDebugSession === true;
      },
    });
    capture.observe(event(1, 'message', '{"status":"running"}'));
    capture.observe(event(2, 'message', '{"status":"done"}'));
    assert.deepEqual(asked, ['done']);
    assert.deepEqual(capture.paused, { seq: 2, reason: 'status = done', breakpointId: 'done', debuggerPaused: true });
  });

  it('adds, toggles and removes breakpoints, refusing bad ones with a clear reason', () => {
    const capture = new CaptureControl();
    const kinds: string[] = [];
    capture.onChange((c) => kinds.push(c.kind));
    assert.equal(capture.observe(event(1, 'heartbeat')), undefined, 'no breakpoints: nothing hits');
    assert.equal(capture.edit('add', { eventType: 'heartbeat' }), undefined);
    assert.equal(capture.edit('add', { id: 'mine', text: 'boom' }), undefined);
    assert.deepEqual(capture.breakpoints().map((b) => b.id), ['bp-1', 'mine']);
    assert.match(capture.edit('add', { id: 'mine', text: 'x' })!, /already a breakpoint "mine"/);
    assert.match(capture.edit('add', { jsonPath: 'a[' })!, /^Breakpoint "jsonPath": Invalid JSON path "a\["/);
    assert.match(capture.edit('add', { pauseDebugSession: true })!, /needs "eventType", "text" or "jsonPath"/);

    assert.equal(capture.edit('toggle', { id: 'bp-1', eventType: 'heartbeat', enabled: false }), undefined, 'the panel\'s checkbox says what it wants');
    assert.equal(capture.breakpoints()[0]!.enabled, false);
    assert.equal(capture.edit('toggle', { id: 'bp-1', enabled: false }), undefined, 'sent twice: still off');
    assert.equal(capture.breakpoints()[0]!.enabled, false);
    assert.equal(capture.observe(event(2, 'heartbeat')), undefined, 'a disabled breakpoint does not hit');
    assert.equal(capture.edit('toggle', { id: 'bp-1' }), undefined, 'no enabled in the message: flips');
    assert.equal(capture.breakpoints()[0]!.enabled, true);

    assert.equal(capture.edit('remove', { id: 'bp-1' }), undefined);
    assert.match(capture.edit('remove', { id: 'bp-1' })!, /No breakpoint "bp-1"/);
    assert.match(capture.edit('toggle', { id: 'nope' })!, /No breakpoint "nope"/);
    assert.deepEqual(capture.breakpoints().map((b) => b.id), ['mine']);
    assert.equal(capture.edit('add', { text: 'again' }), undefined);
    assert.deepEqual(capture.breakpoints().map((b) => b.id), ['mine', 'bp-2'], 'a fresh id, not a reused one');
    assert.deepEqual(kinds, Array(7).fill('breakpoints'), 'one change per successful edit (2 adds, 3 toggles, 1 remove, 1 add)');
  });
});

describe('delta batcher: holding the timeline at a breakpoint', () => {
  function harness() {
    const clock = new ManualClock();
    const session = new Session({ id: 's', label: 't', policy: 'linear', heartbeat: { heartbeatEvents: ['heartbeat'], idleTimeoutMs: 0 }, clock, maxRecords: 100_000 });
    const sent: HostToWebview[] = [];
    const timers: BatchTimers = { setTimeout: (fn, ms) => clock.setTimeout(fn, ms), clearTimeout: (h) => clock.clearTimeout(h as TimerHandle) };
    const batcher = new DeltaBatcher({ source: session, timers, post: (m) => void sent.push(m), maxRecordsPerMessage: 1000 });
    const add = (from: number, to: number) => {
      for (let seq = from; seq <= to; seq++) {
        session.add(event(seq));
        batcher.notify();
      }
    };
    const seqs = () => sent.flatMap((m) => (m.type === 'delta' ? m.delta.append.records.map((r) => r.seq) : []));
    return { clock, session, sent, batcher, add, seqs };
  }

  it('sends up to the event that hit, then nothing while the session grows, then everything since', () => {
    const h = harness();
    h.batcher.start(0);
    h.add(1, 10);
    const reached: number[] = [];
    h.batcher.hold(7, () => reached.push(h.sent.length));
    h.clock.advance(50);
    assert.deepEqual(h.seqs(), [1, 2, 3, 4, 5, 6, 7], 'the timeline stops at #7');
    assert.deepEqual(reached, [1], 'told once the delta with #7 was posted');
    const messages = h.sent.length;
    h.add(11, 500);
    h.clock.advance(5000);
    assert.equal(h.sent.length, messages, 'no delta at all while held');
    assert.equal(h.session.lastSeq, 500, 'the session kept recording');

    h.batcher.release();
    h.clock.advance(50);
    assert.deepEqual(h.seqs(), Array.from({ length: 500 }, (_, i) => i + 1), 'every record once, in order');
  });

  it('tells at once when the webview already has the event, and holds across a resync', () => {
    const h = harness();
    h.add(1, 5);
    h.batcher.start(5);
    let told = 0;
    h.batcher.hold(5, () => told++);
    assert.equal(told, 1);
    h.add(6, 9);
    h.batcher.stop();
    h.batcher.start(5); // a reloaded webview got a snapshot cut at #5
    h.clock.advance(500);
    assert.equal(h.sent.length, 0, 'still held after start()');
    h.batcher.notify(); // the session changed: still nothing past the hold
    h.clock.advance(500);
    assert.equal(h.sent.length, 0, 'the hold outlives start()');
    h.batcher.release();
    h.clock.advance(50);
    assert.deepEqual(h.seqs(), [6, 7, 8, 9]);
  });

  it('cuts at the hold by seq, not by count, when older records were dropped', () => {
    const h = harness();
    h.batcher.start(0);
    for (const seq of [5, 6, 7, 8, 9]) {
      h.session.add(event(seq));
      h.batcher.notify();
    }
    h.batcher.hold(7);
    h.clock.advance(50);
    assert.deepEqual(h.seqs(), [5, 6, 7]);

    // Held at a record already dropped: reached at once, nothing is sent until release().
    const g = harness();
    for (const seq of [5, 6]) g.session.add(event(seq));
    g.batcher.start(0);
    let reached = 0;
    g.batcher.hold(3, () => reached++);
    g.clock.advance(500);
    assert.equal(reached, 1);
    assert.equal(g.sent.length, 0);
    g.batcher.release();
    g.clock.advance(50);
    assert.deepEqual(g.seqs(), [5, 6]);
  });

  it('does not send continuity issues of records it held back, so none arrives twice', () => {
    const h = harness();
    h.batcher.start(0);
    // ids 1, 2, then 5: a gap at #3 (ids 3 and 4 missing).
    for (const [seq, id] of [[1, '1'], [2, '2'], [3, '5']] as const) {
      h.session.add({ ...event(seq), id, lastEventId: id } as SseRecord);
      h.batcher.notify();
    }
    h.batcher.hold(2);
    h.clock.advance(50);
    const first = h.sent[0];
    assert.ok(first?.type === 'delta');
    assert.deepEqual(first.delta.append.records.map((r) => r.seq), [1, 2]);
    assert.deepEqual(first.delta.append.continuityIssues, [], 'the gap at #3 waits for #3');
    h.batcher.release();
    h.clock.advance(50);
    const second = h.sent[1];
    assert.ok(second?.type === 'delta');
    assert.deepEqual(second.delta.append.continuityIssues.map((i) => i.seq), [3]);
  });
});
