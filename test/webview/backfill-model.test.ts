// The webview's model of a paged snapshot, on Node (it has no DOM): a real core Session,
// the host's real pager, and the webview's SessionModel, RecordStore and FilteredView.
// Older records go before the held ones without moving them, everything derived from
// records learns of them, and evictions while the backfill runs use up the records still
// on their way before the ones held.
import assert from 'node:assert/strict';
import type { SseRecord } from '../../src/core/base/records';
import type { Session } from '../../src/core/session';
import type { PagingOptions } from '../../src/panel/snapshot-pages';
import type { BackfillMessage } from '../../src/protocol';
import { FilteredView } from '../../webview/filtered-view';
import { OlderRecords } from '../../webview/older-records';
import { RecordStore } from '../../webview/record-store';
import { MAX_HELD_RECORDS, SessionModel, type ModelChange } from '../../webview/session-model';
import { PagedHost } from './support/paged-host';
import type { RecordFactory } from './support/records';

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** The host's side (a real session and pager) wired to a webview model, message by message, through structured clones as postMessage delivers them. */
class Link {
  readonly host: PagedHost;
  readonly model = new SessionModel();
  readonly changes: ModelChange[] = [];

  constructor(maxRecords = 1_000_000) {
    this.host = new PagedHost({ maxRecords });
    this.model.onChange((c) => this.changes.push(c));
  }

  get session(): Session {
    return this.host.session;
  }

  get f(): RecordFactory {
    return this.host.f;
  }

  add(count: number, make?: (f: RecordFactory, i: number) => SseRecord): void {
    this.host.add(count, make);
  }

  snapshot(options: PagingOptions = {}): void {
    const message = structuredClone(this.host.snapshot(options));
    this.model.applySnapshot(message.snapshot, message);
  }

  /** The next backfill page, as the host would send it now. */
  page(): BackfillMessage {
    const message = this.host.page();
    assert.ok(message, 'the host has a page to send');
    this.model.applyBackfill(structuredClone(message));
    return message;
  }

  /** Every page still to come. */
  pages(): void {
    while (this.host.remaining > 0) this.page();
  }

  delta(): void {
    this.model.applyDelta(structuredClone(this.host.delta().delta));
  }

  heldSeqs(): number[] {
    const store = this.model.records;
    const out: number[] = [];
    for (let pos = store.start; pos < store.end; pos++) out.push(store.at(pos)!.seq);
    return out;
  }
}

describe('webview model: a paged snapshot and its backfill', () => {
  it('puts backfill pages before the held records, in order, without moving the held ones', () => {
    const link = new Link();
    link.add(12_000);
    link.snapshot();
    const store = link.model.records;
    assert.deepEqual(link.heldSeqs(), range(10_001, 12_000));
    assert.equal(link.model.olderPending, 10_000);
    assert.equal(link.model.evicted, 0, 'records on their way are not "dropped"');
    const start = store.start;
    const newest = store.end - 1;
    const newestRecord = store.at(newest);

    link.page();
    assert.equal(link.model.olderPending, 5000);
    assert.equal(store.start, start - 5000, 'the older records got positions below the old start');
    assert.equal(store.at(newest), newestRecord, 'held records keep their positions');
    assert.deepEqual(link.changes.at(-1), { reset: false, appendedFrom: store.end, dropped: 0, prepended: 5000, delta: false });

    link.pages();
    assert.deepEqual(link.heldSeqs(), range(1, 12_000));
    assert.equal(link.model.olderPending, 0);
    assert.equal(store.at(newest), newestRecord);
    assert.equal(store.positionOfSeq(1), store.start);
    assert.equal(store.positionOfSeq(12_000), newest);
  });

  it('appends deltas that arrive between backfill pages after the newest, and the pages before the oldest', () => {
    const link = new Link();
    link.add(8000);
    link.snapshot();
    link.page();
    link.add(300);
    link.delta();
    link.pages();
    assert.deepEqual(link.heldSeqs(), range(1, 8300));
  });

  it('counts evictions while the backfill runs against the records still on their way first', () => {
    // The host holds 10 000: seqs 1..10 000. The snapshot has 8001..10 000, 8000 are on their way.
    const link = new Link(10_000);
    link.add(10_000);
    link.snapshot();
    assert.equal(link.model.olderPending, 8000);
    // 3000 new records evict seqs 1..3000 on the host: all of them were still on their way.
    link.add(3000);
    link.delta();
    assert.deepEqual(link.heldSeqs(), range(8001, 13_000), 'none of the held records dropped');
    assert.equal(link.model.olderPending, 5000);
    assert.equal(link.model.evicted, 3000);
    link.pages();
    assert.deepEqual(link.heldSeqs(), range(3001, 13_000));
    assert.equal(link.model.olderPending, 0);
    assert.equal(link.model.evicted, 3000);
  });

  it('drops held records only once the evictions went past everything on its way', () => {
    const link = new Link(10_000);
    link.add(10_000);
    link.snapshot();
    link.page(); // 3001..8000 held now, 3000 still on their way
    link.add(9000); // evicts 1..9000: the 3000 on their way and 6000 held
    link.delta();
    assert.equal(link.model.olderPending, 0);
    assert.deepEqual(link.heldSeqs(), range(9001, 19_000));
    assert.equal(link.model.evicted, 9000);
    // The host's next page is empty (nothing older is held) and says so.
    const last = link.page();
    assert.deepEqual([last.records.length, last.remaining, last.evicted], [0, 0, 9000]);
    assert.deepEqual(link.heldSeqs(), range(9001, 19_000));
  });

  it('takes remaining and evicted of a page as the host’s word, even with no delta in between', () => {
    const link = new Link(10_000);
    link.add(10_000);
    link.snapshot();
    // Evicted on the host, not yet told by a delta: the page carries it.
    link.add(1000); // evicts 1..1000
    const page = link.page();
    assert.deepEqual([page.records[0]!.seq, page.remaining, page.evicted], [3001, 2000, 1000]);
    assert.equal(link.model.olderPending, 2000);
    assert.equal(link.model.evicted, 1000);
    assert.deepEqual(link.heldSeqs(), range(3001, 10_000), 'the newer records are not here yet (no delta), the held ones stay');
    link.delta();
    link.pages();
    assert.deepEqual(link.heldSeqs(), range(1001, 11_000));
  });

  it('never holds more than MAX_HELD_RECORDS, counting what is on its way; the oldest of it is given up first', () => {
    const link = new Link();
    link.add(MAX_HELD_RECORDS + 3000);
    link.snapshot();
    assert.equal(link.model.olderPending, MAX_HELD_RECORDS - 2000, 'the host pages no more than the panel holds');
    assert.equal(link.model.evicted, 3000, 'older records beyond the cap show as dropped');
    link.page();
    // 7000 new records: the 7000 oldest still on their way no longer fit.
    link.add(7000);
    link.delta();
    assert.equal(link.model.olderPending, MAX_HELD_RECORDS - 2000 - 5000 - 7000);
    assert.equal(link.model.evicted, 10_000);
    link.pages();
    const held = link.heldSeqs();
    assert.equal(held.length, MAX_HELD_RECORDS);
    assert.deepEqual([held[0], held.at(-1)], [10_001, MAX_HELD_RECORDS + 10_000]);
    assert.deepEqual(held, range(10_001, MAX_HELD_RECORDS + 10_000), 'no hole');
    assert.equal(link.model.olderPending, 0);
    assert.equal(link.model.evicted, 10_000);
  });

  it('with a host holding more than the panel may, its evictions take the records beyond the cap first', () => {
    const link = new Link(MAX_HELD_RECORDS + 5000);
    link.add(MAX_HELD_RECORDS + 5000);
    link.snapshot(); // 5000 beyond the cap, 198 000 on their way
    link.add(4000); // evicts the 4000 oldest: all beyond the cap
    link.delta();
    assert.equal(link.model.olderPending, MAX_HELD_RECORDS - 2000 - 4000, 'only the cap shrinks it (4000 newer records arrived)');
    assert.equal(link.model.records.size, 6000, 'no held record dropped');
    link.pages();
    const held = link.heldSeqs();
    assert.deepEqual([held.length, held[0], held.at(-1)], [MAX_HELD_RECORDS, 9001, MAX_HELD_RECORDS + 9000]);
    assert.equal(link.model.evicted, 9000);
  });

  it('ignores a page of another session and a page before any snapshot', () => {
    const link = new Link();
    const page = { type: 'backfill' as const, sessionId: 'session-1', records: [link.f.event('a', '1')], remaining: 0, evicted: 0 };
    link.model.applyBackfill(page);
    assert.equal(link.model.records.size, 0);
    link.add(3000);
    link.snapshot();
    const other = link.f.event('b', '2');
    link.model.applyBackfill({ type: 'backfill', sessionId: 'another', records: [{ ...other, seq: 1 }], remaining: 0, evicted: 0 });
    assert.equal(link.model.records.size, 2000);
    assert.equal(link.model.olderPending, 1000, 'unchanged');
  });

  it('a new snapshot during the backfill starts over: positions never alias the old ones', () => {
    const link = new Link();
    link.add(9000);
    link.snapshot();
    link.page();
    const oldPositions = new Set(range(link.model.records.start, link.model.records.end - 1));
    link.snapshot(); // the webview asked again (or the user cleared)
    assert.deepEqual(link.heldSeqs(), range(7001, 9000));
    assert.equal(link.model.olderPending, 7000);
    link.pages();
    assert.deepEqual(link.heldSeqs(), range(1, 9000));
    const store = link.model.records;
    for (let pos = store.start; pos < store.end; pos++) assert.ok(!oldPositions.has(pos), `position ${pos} was used before the new snapshot`);
  });

  it('leaves out records of a page that are not older than the oldest held', () => {
    const link = new Link();
    link.add(3000);
    link.snapshot();
    const held = link.model.records.at(link.model.records.start)!;
    const overlapping = link.session.recordsBefore(held.seq + 2, 10).records; // ends with two held records
    link.model.applyBackfill({ type: 'backfill', sessionId: 'session-1', records: overlapping, remaining: 990, evicted: 0 });
    assert.deepEqual(link.heldSeqs().slice(0, 10), range(held.seq - 8, held.seq + 1));
    assert.equal(link.model.olderPending, 990);
  });

  it('learns attempt outcomes, the last response and debug pauses from older records, as if read in order', () => {
    const link = new Link();
    // An open, a debug pause, 3000 events, the continue, then 1000 events: the snapshot has only the last 2000.
    link.add(1, (f) => f.open());
    link.add(1, (f) => f.marker('Paused', 'debug-pause'));
    link.add(3000);
    link.add(1, (f) => f.marker('Continued', 'debug-continue'));
    link.add(1, (f) => f.error('http-status', 'Service Unavailable', { status: 503 }));
    link.add(1000);
    link.snapshot();
    const pausedEvent = 2000; // seq 3 is the first event after the pause
    assert.equal(link.model.lastOpen, undefined, 'the open is older than the snapshot');
    assert.equal(link.model.lastHttpError?.status, 503);
    assert.equal(link.model.debugSpans.contains(pausedEvent), false, 'the pause is not known yet');
    assert.deepEqual(
      link.model.outcomes.map((o) => o.seq),
      [3004],
    );
    link.pages();
    // (Read again: the assertion above narrowed the property to undefined for the compiler.)
    const model: SessionModel = link.model;
    assert.equal(model.lastOpen?.seq, 1);
    assert.equal(link.model.lastHttpError?.status, 503, 'the newer error stays the current status');
    assert.deepEqual(
      link.model.outcomes.map((o) => o.seq),
      [1, 3004],
      'sorted by seq',
    );
    assert.equal(link.model.debugSpans.contains(pausedEvent), true, 'the pause in the backfill is ended by the continue held before it');
    assert.equal(link.model.debugSpans.contains(3005), false);
  });

  it('a filtered view adds the matches of each page at its front without filtering the held records again', () => {
    const link = new Link();
    link.add(10_000, (f, i) => f.event(i % 100 === 0 ? 'needle' : 'message', `{"i":${i}}`));
    link.snapshot();
    const view = new FilteredView(link.model.records, { text: 'NEEDLE', kind: 'all', hiddenTypes: new Set() });
    view.update(link.changes.at(-1)!);
    assert.equal(view.count, 20);
    const before = link.model.records.haystack.bind(link.model.records);
    const looked: number[] = [];
    link.model.records.haystack = (pos: number) => {
      looked.push(pos);
      return before(pos);
    };
    link.page();
    assert.equal(view.update(link.changes.at(-1)!), 50, 'rows added above');
    assert.equal(view.count, 70);
    assert.ok(looked.length === 5000 && looked.every((pos) => pos < link.model.records.start + 5000), 'only the new page was filtered');
    const seen = link.changes.length;
    link.pages();
    for (const change of link.changes.slice(seen)) view.update(change);
    assert.equal(view.count, 100);
    const seqs = range(0, view.count - 1).map((i) => link.model.records.at(view.positionAt(i)!)!.seq);
    assert.deepEqual(seqs, range(0, 99).map((i) => 1 + 100 * i), 'in order');
  });
});

describe('webview record store: prepend', () => {
  const rec = (seq: number): SseRecord => ({ kind: 'comment', seq, t: seq, mono: seq, attempt: 1, text: String(seq) });

  it('gives older records positions below the held ones, within the room set aside by clear()', () => {
    const store = new RecordStore();
    store.push(rec(1));
    store.clear(3); // old position 0 must never come back
    const p = store.push(rec(10));
    assert.equal(p, 4);
    assert.equal(store.prepend([rec(7), rec(8), rec(9)]), 3);
    assert.deepEqual([store.start, store.end, store.at(1)?.seq, store.at(4)?.seq], [1, 5, 7, 10]);
    assert.equal(store.prepend([rec(6)]), 0, 'no room left: position 0 belonged to the old records');
    assert.equal(store.positionOfSeq(8), 2);
  });

  it('keeps the newest when not all fit', () => {
    const store = new RecordStore();
    store.clear(2);
    for (let seq = 5; seq <= 8; seq++) store.push(rec(seq));
    assert.equal(store.prepend([rec(1), rec(2), rec(3), rec(4)]), 2);
    assert.deepEqual([store.at(store.start)?.seq, store.size, store.haystack(store.start)], [3, 6, 'comment\ncomment\n: 3']);
  });

  it('never gives a dropped record’s position to another: nothing goes before the front after a drop', () => {
    const store = new RecordStore();
    store.clear(5);
    for (let seq = 6; seq <= 8; seq++) store.push(rec(seq));
    const selected = store.start; // a view holds the position of seq 6
    store.dropFront(1);
    assert.equal(store.prepend([rec(5)]), 0);
    assert.equal(store.at(selected), undefined, 'the position of the dropped record stays empty');
  });
});

describe('webview older-records count', () => {
  it('evictions use up the records beyond the cap, then those on their way, then the held ones', () => {
    const c = new OlderRecords();
    c.reset(10, 5, 3); // 10 evicted, 5 on their way, 3 older beyond the cap
    assert.deepEqual([c.pending, c.gone], [5, 13]);
    assert.equal(c.evict(12), 0, 'two of the three beyond the cap');
    assert.deepEqual([c.pending, c.gone], [5, 13]);
    assert.equal(c.evict(16), 0, 'the last beyond the cap and three on their way');
    assert.deepEqual([c.pending, c.gone], [2, 16]);
    assert.equal(c.evict(20), 2, 'the two on their way, then two held');
    assert.deepEqual([c.pending, c.gone], [0, 20]);
  });

  it('a page keeps at most what is pending, and its remaining caps the rest', () => {
    const c = new OlderRecords();
    c.reset(0, 10, 0);
    assert.equal(c.cap(95, 100), 0, '5 on their way given up to the cap');
    assert.equal(c.pending, 5);
    assert.equal(c.arrive(8, 2), 5, 'the 5 newest of the page');
    assert.deepEqual([c.pending, c.gone], [0, 5]);
  });
});
