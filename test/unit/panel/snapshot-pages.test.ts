// The paged snapshot: a fresh webview gets the newest records at once and the older ones in
// pages, newest page first, each page oldest first, taken from the session when sent (what
// the ring buffer evicted meanwhile is not sent), at the webview's pace, one page in flight.
import assert from 'node:assert/strict';
import { ManualClock, type TimerHandle } from '../../../src/core/base/clock';
import type { SseRecord } from '../../../src/core/base/records';
import { Session } from '../../../src/core/session';
import type { BatchTimers } from '../../../src/panel/pacing';
import { BackfillSender, pagedSnapshot, SNAPSHOT_PAGE_RECORDS } from '../../../src/panel/snapshot-pages';
import type { BackfillMessage } from '../../../src/protocol';
import { MAX_PANEL_RECORDS, PROTOCOL_VERSION, isHostToWebview } from '../../../src/protocol';

function event(seq: number): SseRecord {
  const data = `{"n":${seq}}`;
  return { kind: 'event', seq, t: 1_700_000_000_000 + seq, mono: seq, attempt: 1, type: 'message', data, id: String(seq), lastEventId: String(seq), size: data.length, cls: 'data' };
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const seqs = (records: readonly { seq: number }[]) => records.map((r) => r.seq);
/** Lets promise callbacks (postMessage settling) run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

function sessionWith(count: number, maxRecords = 1_000_000, clock = new ManualClock()): Session {
  const session = new Session({ id: 's-1', label: 'test', policy: 'linear', heartbeat: { heartbeatEvents: ['heartbeat'], idleTimeoutMs: 0 }, clock, maxRecords });
  for (let seq = 1; seq <= count; seq++) session.add(event(seq));
  return session;
}

function manualTimers(clock: ManualClock): BatchTimers {
  return { setTimeout: (fn, ms) => clock.setTimeout(fn, ms), clearTimeout: (h) => clock.clearTimeout(h as TimerHandle) };
}

describe('paged snapshot', () => {
  describe('the messages', () => {
    it('sends a short history whole in the snapshot, with nothing to backfill', () => {
      const paged = pagedSnapshot(sessionWith(150));
      assert.equal(paged.message.type, 'snapshot');
      assert.equal(paged.message.version, PROTOCOL_VERSION);
      assert.deepEqual(seqs(paged.message.snapshot.records), range(1, 150));
      assert.equal(paged.message.olderPending, 0);
      assert.equal(paged.message.olderSkipped, 0);
      assert.equal(paged.older.done, true);
      assert.equal(paged.older.next(), undefined);
    });

    it('sends an empty session as an empty snapshot', () => {
      const paged = pagedSnapshot(sessionWith(0));
      assert.deepEqual(paged.message.snapshot.records, []);
      assert.equal(paged.message.olderPending, 0);
      assert.equal(paged.older.next(), undefined);
    });

    it('puts the newest page in the snapshot and the older records in pages, newest page first, each oldest first', () => {
      const session = sessionWith(12_345);
      const paged = pagedSnapshot(session, { firstPage: 2000, pageSize: 5000 });
      assert.deepEqual(seqs(paged.message.snapshot.records), range(10_346, 12_345));
      assert.equal(paged.message.olderPending, 10_345);
      assert.equal(paged.message.olderSkipped, 0);
      assert.equal(paged.message.snapshot.stats.events, 12_345, 'the derived state is of the whole session');

      const pages: BackfillMessage[] = [];
      for (let m = paged.older.next(); m; m = paged.older.next()) pages.push(m);
      assert.deepEqual(
        pages.map((p) => [p.records[0]?.seq, p.records.at(-1)?.seq, p.records.length, p.remaining]),
        [
          [5346, 10_345, 5000, 5345],
          [346, 5345, 5000, 345],
          [1, 345, 345, 0],
        ],
      );
      for (const p of pages) {
        assert.equal(p.sessionId, 's-1');
        assert.equal(p.evicted, 0);
        assert.ok(isHostToWebview(p), 'a well-formed protocol message');
      }
      // Together: every record once, in order, when the pages are put in front of each other.
      const all = [...pages].reverse().flatMap((p) => seqs(p.records)).concat(seqs(paged.message.snapshot.records));
      assert.deepEqual(all, range(1, 12_345));
    });

    it('defaults to a first page of SNAPSHOT_PAGE_RECORDS', () => {
      const paged = pagedSnapshot(sessionWith(SNAPSHOT_PAGE_RECORDS + 7));
      assert.equal(paged.message.snapshot.records.length, SNAPSHOT_PAGE_RECORDS);
      assert.equal(paged.message.olderPending, 7);
    });

    it('takes each page when it is sent: records evicted meanwhile are not sent, and remaining shrinks', () => {
      // A ring buffer of 10 000: seqs 1..10 000 held.
      const session = sessionWith(10_000, 10_000);
      const paged = pagedSnapshot(session, { firstPage: 2000, pageSize: 5000 });
      assert.equal(paged.message.olderPending, 8000);
      const first = paged.older.next()!;
      assert.deepEqual([first.records[0]!.seq, first.records.at(-1)!.seq, first.remaining, first.evicted], [3001, 8000, 3000, 0]);
      // 2500 new records evict seqs 1..2500: of the 3000 still to come only 500 are held.
      for (let seq = 10_001; seq <= 12_500; seq++) session.add(event(seq));
      const second = paged.older.next()!;
      assert.deepEqual(seqs(second.records), range(2501, 3000));
      assert.equal(second.remaining, 0);
      assert.equal(second.evicted, 2500, 'the session evicted count, as deltas report it');
      assert.equal(paged.older.next(), undefined);
    });

    it('sends a last, empty page when everything still to come was evicted, so the webview stops waiting', () => {
      const session = sessionWith(10_000, 10_000);
      const paged = pagedSnapshot(session, { firstPage: 2000, pageSize: 5000 });
      paged.older.next();
      for (let seq = 10_001; seq <= 20_000; seq++) session.add(event(seq));
      const last = paged.older.next()!;
      assert.deepEqual(last.records, []);
      assert.equal(last.remaining, 0);
      assert.equal(last.evicted, 10_000);
      assert.equal(paged.older.next(), undefined);
    });

    it('pages no more than the webview holds (MAX_PANEL_RECORDS): the rest is counted as skipped', () => {
      const paged = pagedSnapshot(sessionWith(12_000), { firstPage: 2000, pageSize: 1500, maxHeld: 5000 });
      assert.equal(paged.message.olderPending, 3000);
      assert.equal(paged.message.olderSkipped, 7000);
      const pages: BackfillMessage[] = [];
      for (let m = paged.older.next(); m; m = paged.older.next()) pages.push(m);
      assert.deepEqual(
        pages.map((p) => [p.records[0]!.seq, p.records.at(-1)!.seq, p.remaining]),
        [
          [8501, 10_000, 1500],
          [7001, 8500, 0],
        ],
      );
      assert.equal(MAX_PANEL_RECORDS, 200_000, 'the default cap is the webview’s');
    });

    it('while capture is held, the snapshot is the newest page up to the hold, and what is older follows', () => {
      const session = sessionWith(10_000);
      const paged = pagedSnapshot(session, { firstPage: 2000, pageSize: 5000, holdSeq: 6000 });
      assert.deepEqual(seqs(paged.message.snapshot.records), range(4001, 6000), 'nothing after the hold');
      assert.equal(paged.message.olderPending, 4000);
      const first = paged.older.next()!;
      assert.deepEqual([first.records[0]!.seq, first.records.at(-1)!.seq, first.remaining], [1, 4000, 0], 'backfill is older than the snapshot, so the hold does not concern it');
    });

    it('while held at an evicted seq, sends an empty snapshot and nothing to backfill', () => {
      const session = sessionWith(10_000, 5000); // seqs 5001..10 000 held
      const paged = pagedSnapshot(session, { holdSeq: 3000 });
      assert.deepEqual(paged.message.snapshot.records, []);
      assert.equal(paged.message.olderPending, 0);
      assert.equal(paged.older.next(), undefined);
    });
  });

  describe('the webview\'s check of incoming messages', () => {
    it('accepts well-formed backfill and snapshot paging fields and refuses malformed ones', () => {
      const page = { type: 'backfill', sessionId: 's', records: [], remaining: 3, evicted: 0 };
      assert.equal(isHostToWebview(page), true);
      for (const bad of [
        { ...page, sessionId: undefined },
        { ...page, records: 'x' },
        { ...page, remaining: -1 },
        { ...page, remaining: Number.NaN },
        { ...page, evicted: 1.5 },
        { ...page, evicted: '2' },
      ]) {
        assert.equal(isHostToWebview(bad), false, JSON.stringify(bad));
      }
      const snapshot = pagedSnapshot(sessionWith(3)).message;
      assert.equal(isHostToWebview(snapshot), true);
      assert.equal(isHostToWebview({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot: snapshot.snapshot }), true, 'paging fields are optional');
      assert.equal(isHostToWebview({ ...snapshot, olderPending: -5 }), false);
      assert.equal(isHostToWebview({ ...snapshot, olderSkipped: 'many' }), false);
    });
  });

  describe('the sender', () => {
    function harness(count: number, post?: (m: BackfillMessage) => unknown) {
      const clock = new ManualClock();
      const session = sessionWith(count, 1_000_000, clock);
      const sent: BackfillMessage[] = [];
      const sender = new BackfillSender({
        intervalMs: 16,
        timers: manualTimers(clock),
        post: (m) => {
          sent.push(m);
          return post?.(m);
        },
      });
      return { clock, session, sent, sender, paged: () => pagedSnapshot(session, { firstPage: 1000, pageSize: 1000 }) };
    }

    it('posts one page per interval after the snapshot, until all are sent', () => {
      const h = harness(4500);
      h.sender.start(h.paged().older);
      assert.equal(h.sent.length, 0, 'nothing before the first interval: the snapshot goes first');
      h.clock.advance(16);
      assert.equal(h.sent.length, 1);
      h.clock.advance(16);
      h.clock.advance(16);
      h.clock.advance(16);
      assert.deepEqual(
        h.sent.map((m) => m.remaining),
        [2500, 1500, 500, 0],
      );
      assert.equal(h.sender.active, false);
      h.clock.advance(1000);
      assert.equal(h.sent.length, 4, 'nothing after the last page');
      assert.equal(h.sender.messages, 4);
    });

    it('keeps one page in flight: the next waits until the previous post settled, then an interval', async () => {
      const pending: Array<() => void> = [];
      const h = harness(5000, () => new Promise<boolean>((resolve) => pending.push(() => resolve(true))));
      h.sender.start(h.paged().older);
      h.clock.advance(16);
      assert.equal(h.sent.length, 1);
      h.clock.advance(1000);
      assert.equal(h.sent.length, 1, 'no second page while the first is unanswered');
      pending.shift()!();
      await settle();
      h.clock.advance(15);
      assert.equal(h.sent.length, 1, 'an interval after it settled');
      h.clock.advance(1);
      assert.equal(h.sent.length, 2);
    });

    it('stops when the webview is hidden, and a new snapshot starts over from its own pages', () => {
      const h = harness(5000);
      h.sender.start(h.paged().older);
      h.clock.advance(16);
      h.sender.stop();
      h.clock.advance(1000);
      assert.equal(h.sent.length, 1, 'no page after stop()');
      // Shown again: the webview asks with ready, gets a new snapshot, and its pages.
      h.session.add(event(5001));
      const again = h.paged();
      assert.deepEqual(seqs(again.message.snapshot.records), range(4002, 5001));
      h.sender.start(again.older);
      for (let i = 0; i < 10; i++) h.clock.advance(16);
      const pages = h.sent.slice(1);
      assert.deepEqual(pages.map((m) => [m.records[0]!.seq, m.records.at(-1)!.seq]), [
        [3002, 4001],
        [2002, 3001],
        [1002, 2001],
        [2, 1001],
        [1, 1],
      ]);
    });

    it('a new start() while a page is in flight waits for it (still one in flight), then sends only the new pages', async () => {
      const pending: Array<() => void> = [];
      const h = harness(3000, () => new Promise<boolean>((resolve) => pending.push(() => resolve(true))));
      h.sender.start(h.paged().older);
      h.clock.advance(16);
      assert.equal(h.sent.length, 1);
      h.sender.start(h.paged().older);
      h.clock.advance(100);
      assert.equal(h.sent.length, 1, 'the old page is still in flight');
      pending.shift()!();
      await settle();
      h.clock.advance(16);
      assert.equal(h.sent.length, 2);
      assert.deepEqual(seqs(h.sent[1]!.records), range(1001, 2000), 'the first page of the new snapshot');
    });

    it('survives a post that throws (webview disposed) and sends nothing after dispose', () => {
      let fail = true;
      const h = harness(5000, () => {
        if (fail) throw new Error('Webview is disposed');
        return true;
      });
      h.sender.start(h.paged().older);
      h.clock.advance(16);
      fail = false;
      h.clock.advance(16);
      assert.equal(h.sent.length, 2, 'the next interval still sends');
      h.sender.dispose();
      h.clock.advance(1000);
      h.sender.start(h.paged().older);
      h.clock.advance(1000);
      assert.equal(h.sent.length, 2);
      assert.equal(h.sender.active, false);
    });

    it('does not start for a snapshot with nothing older', () => {
      const h = harness(10);
      h.sender.start(h.paged().older);
      assert.equal(h.sender.active, false);
      h.clock.advance(1000);
      assert.equal(h.sent.length, 0);
    });
  });
});
