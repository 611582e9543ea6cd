// The panel's delta batcher: a flood of records becomes a few messages per second, in
// order, without gaps or duplicates, never more than one message in flight.
import assert from 'node:assert/strict';
import { ManualClock, type TimerHandle } from '../../../src/core/base/clock';
import type { SseRecord } from '../../../src/core/base/records';
import { Session } from '../../../src/core/session';
import { DeltaBatcher, type BatchTimers } from '../../../src/panel/batcher';
import { nodeTimers } from '../../../src/panel/pacing';
import type { HostToWebview } from '../../../src/protocol';

function event(seq: number, type = 'message', data = `{"n":${seq}}`): SseRecord {
  return { kind: 'event', seq, t: 1_700_000_000_000 + seq, mono: seq, attempt: 1, type, data, lastEventId: '', size: data.length, cls: type === 'heartbeat' ? 'heartbeat' : 'data' };
}

interface Harness {
  clock: ManualClock;
  session: Session;
  sent: HostToWebview[];
  /** The delay of every timer the batcher set, in order. */
  delays: number[];
  batcher: DeltaBatcher;
  /** Adds records seq from..to (with `data`, or a short JSON of their own) and notifies the batcher once per record, as the panel does. */
  add(from: number, to: number, data?: string): void;
  /** Seqs of every delivered record, in delivery order. */
  deliveredSeqs(): number[];
}

function harness(opts: { intervalMs?: number; maxRecordsPerMessage?: number; maxBytesPerMessage?: number; post?: (m: HostToWebview) => unknown } = {}): Harness {
  const clock = new ManualClock();
  const session = new Session({ id: 's', label: 'test', policy: 'linear', heartbeat: { heartbeatEvents: ['heartbeat'], idleTimeoutMs: 0 }, clock, maxRecords: 1_000_000 });
  const sent: HostToWebview[] = [];
  const delays: number[] = [];
  const timers: BatchTimers = {
    setTimeout: (fn, ms) => {
      delays.push(ms);
      return clock.setTimeout(fn, ms);
    },
    clearTimeout: (h) => clock.clearTimeout(h as TimerHandle),
  };
  const batcher = new DeltaBatcher({
    source: session,
    timers,
    post: (m) => {
      sent.push(m);
      return opts.post?.(m);
    },
    ...(opts.intervalMs !== undefined ? { intervalMs: opts.intervalMs } : {}),
    ...(opts.maxRecordsPerMessage !== undefined ? { maxRecordsPerMessage: opts.maxRecordsPerMessage } : {}),
    ...(opts.maxBytesPerMessage !== undefined ? { maxBytesPerMessage: opts.maxBytesPerMessage } : {}),
  });
  return {
    clock,
    session,
    sent,
    delays,
    batcher,
    add(from, to, data) {
      for (let seq = from; seq <= to; seq++) {
        session.add(event(seq, 'message', data));
        batcher.notify();
      }
    },
    deliveredSeqs: () => sent.flatMap((m) => (m.type === 'delta' ? m.delta.append.records.map((r) => r.seq) : [])),
  };
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** Lets promise callbacks (postMessage settling) run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('delta batcher', () => {
  it('sends nothing before start() (the webview has not asked with ready yet)', () => {
    const h = harness();
    h.add(1, 10);
    h.clock.advance(1000);
    assert.equal(h.sent.length, 0);
  });

  it('coalesces everything within one interval into one delta after the snapshot seq', () => {
    const h = harness({ maxBytesPerMessage: Infinity });
    h.add(1, 5); // in the snapshot
    h.batcher.start(5);
    h.add(6, 1005);
    h.clock.advance(49);
    assert.equal(h.sent.length, 0, 'nothing before the interval has passed');
    h.clock.advance(1);
    assert.equal(h.sent.length, 1);
    const m = h.sent[0]!;
    assert.equal(m.type, 'delta');
    assert.deepEqual(h.deliveredSeqs(), range(6, 1005));
    assert.equal(m.type === 'delta' && m.delta.replace.stats.events, 1005, 'the delta carries the current stats');
  });

  it('turns a flood of 50 000 events in one second into about 20 bursts of pages of at most 1000, in order, nothing lost or repeated', () => {
    const h = harness({ maxBytesPerMessage: Infinity });
    h.batcher.start(0);
    let seq = 0;
    for (let ms = 0; ms < 1000; ms++) {
      h.add(seq + 1, seq + 50);
      seq += 50;
      h.clock.advance(1);
    }
    h.clock.advance(100); // the tail
    const sizes = h.sent.map((m) => (m.type === 'delta' ? m.delta.append.records.length : -1));
    assert.ok(Math.max(...sizes) <= 1000, `largest message ${Math.max(...sizes)} records`);
    // Each 50 ms interval holds about 2500 records: pages of 1000, 1000 and 500.
    assert.ok(h.sent.length >= 55 && h.sent.length <= 65, `${h.sent.length} messages`);
    assert.deepEqual(h.deliveredSeqs(), range(1, 50_000));
    assert.equal(h.batcher.stats.records, 50_000);
    assert.equal(h.batcher.stats.messages, h.sent.length);
  });

  it('sends the pages of a backlog back to back, each from its own timer callback, up to maxRecordsPerInterval, then waits an interval', () => {
    const h = harness({ maxRecordsPerMessage: 1000, maxBytesPerMessage: Infinity });
    h.batcher.start(0);
    h.add(1, 12_000);
    const sizes = () => h.sent.map((m) => (m.type === 'delta' ? m.delta.append.records.length : -1));
    h.clock.advance(50);
    assert.deepEqual(sizes(), [1000, 1000, 1000, 1000, 1000], '5000 records in a burst');
    assert.deepEqual(h.delays, [50, 0, 0, 0, 0, 50], 'each page from its own timer callback, then a wait of one interval');
    h.clock.advance(49);
    assert.equal(h.sent.length, 5);
    h.clock.advance(1);
    assert.equal(h.sent.length, 10, 'the next burst');
    h.clock.advance(500);
    assert.deepEqual(h.deliveredSeqs(), range(1, 12_000));
    assert.equal(h.sent.length, 12, 'no empty messages once caught up');
  });

  it('splits a backlog into pages of maxRecordsPerMessage, oldest first, one page per interval', () => {
    const h = harness({ maxRecordsPerMessage: 5000, maxBytesPerMessage: Infinity });
    h.batcher.start(0);
    h.add(1, 12_000);
    h.clock.advance(50);
    assert.deepEqual(
      h.sent.map((m) => (m.type === 'delta' ? m.delta.append.records.length : -1)),
      [5000],
    );
    h.clock.advance(50);
    h.clock.advance(50);
    assert.deepEqual(
      h.sent.map((m) => (m.type === 'delta' ? m.delta.append.records.length : -1)),
      [5000, 5000, 2000],
    );
    assert.deepEqual(h.deliveredSeqs(), range(1, 12_000));
    h.clock.advance(500);
    assert.equal(h.sent.length, 3, 'no empty messages once caught up');
  });

  it('keeps each message under 128 KiB of JSON by default (V8 puts larger strings in fresh pages), at least one record a message', () => {
    const h = harness();
    h.batcher.start(0);
    // LLM-sized events (~200 B of JSON data), then two of 1 MB.
    const token = JSON.stringify({ choices: [{ delta: { content: ' token' } }], pad: 'p'.repeat(150) });
    h.add(1, 3000, token);
    h.add(3001, 3002, 'x'.repeat(1024 * 1024));
    h.clock.advance(2000);
    assert.deepEqual(h.deliveredSeqs(), range(1, 3002));
    const pages = h.sent.map((m) => (m.type === 'delta' ? m.delta.append.records : []));
    const bytes = h.sent.map((m) => JSON.stringify(m).length);
    const small = bytes.slice(0, -2);
    assert.ok(Math.max(...small) < 128 * 1024, `largest message of small events: ${Math.max(...small)} bytes`);
    assert.ok(Math.min(...pages.slice(0, -3).map((p) => p.length)) > 100, `pages of small events hold over 100 records (${pages.map((p) => p.length).join(', ')})`);
    assert.deepEqual(pages.slice(-2).map((p) => p.map((r) => r.seq)), [[3001], [3002]], 'an event over the budget goes alone');
  });

  it('keeps at most one message in flight: a slow webview throttles the host', async () => {
    const pending: Array<() => void> = [];
    const h = harness({ post: () => new Promise<boolean>((resolve) => pending.push(() => resolve(true))) });
    h.batcher.start(0);
    h.add(1, 10);
    h.clock.advance(50);
    assert.equal(h.sent.length, 1);
    h.add(11, 20);
    h.clock.advance(1000);
    assert.equal(h.sent.length, 1, 'no second message while the first is unanswered');
    pending.shift()!();
    await settle();
    h.clock.advance(50);
    assert.equal(h.sent.length, 2);
    assert.deepEqual(h.deliveredSeqs(), range(1, 20));
  });

  it('sends a delta on a notify without records (state change, rate tick)', () => {
    const h = harness();
    h.batcher.start(0);
    h.session.setState('open');
    h.batcher.notify();
    h.clock.advance(50);
    assert.equal(h.sent.length, 1);
    const m = h.sent[0]!;
    assert.ok(m.type === 'delta' && m.delta.replace.state === 'open' && m.delta.append.records.length === 0);
  });

  it('stops while hidden, and restarts after a new snapshot (e.g. after clear) from its seq', () => {
    const h = harness();
    h.batcher.start(0);
    h.add(1, 3);
    h.batcher.stop();
    h.clock.advance(200);
    assert.equal(h.sent.length, 0, 'a stopped batcher drops the pending flush');
    h.session.clear();
    h.batcher.start(0); // the fresh snapshot after clear holds nothing
    h.add(4, 6);
    h.clock.advance(50);
    assert.deepEqual(h.deliveredSeqs(), [4, 5, 6], 'seqs continue after clear; nothing from before it');
  });

  it('survives a post that throws (webview disposed) and sends nothing after dispose', () => {
    let fail = true;
    const h = harness({
      post: () => {
        if (fail) throw new Error('Webview is disposed');
        return true;
      },
    });
    h.batcher.start(0);
    h.add(1, 2);
    h.clock.advance(50);
    fail = false;
    h.add(3, 3);
    h.clock.advance(50);
    assert.equal(h.sent.length, 2, 'the next interval still sends');
    h.batcher.dispose();
    h.add(4, 5);
    h.batcher.start(5);
    h.batcher.notify();
    h.clock.advance(500);
    assert.equal(h.sent.length, 2);
  });
});

describe('the batchers’ Node timers', () => {
  it('runs a 0 ms callback on the next turn of the event loop and cancels either kind', async () => {
    const ran: string[] = [];
    nodeTimers.setTimeout(() => ran.push('now'), 0);
    nodeTimers.clearTimeout(nodeTimers.setTimeout(() => ran.push('cancelled now'), 0));
    nodeTimers.clearTimeout(nodeTimers.setTimeout(() => ran.push('cancelled later'), 5));
    nodeTimers.setTimeout(() => ran.push('later'), 5);
    assert.deepEqual(ran, [], 'nothing runs synchronously');
    await new Promise((resolve) => setTimeout(resolve, 30));
    assert.deepEqual(ran, ['now', 'later']);
  });
});
