// The session's record ring, counts and deltas.
import assert from 'node:assert/strict';
import { ManualClock } from '../../../src/core/base/clock';
import type { RequestSummary, SseRecord } from '../../../src/core/base/records';
import { RecordRing } from '../../../src/core/record-ring';
import { Session, type PageRequest } from '../../../src/core/session';

function event(seq: number, type: string, data: string, t = 1_700_000_000_000 + seq): SseRecord {
  return { kind: 'event', seq, t, mono: seq, attempt: 1, type, data, lastEventId: String(seq), size: Buffer.byteLength(data), cls: type === 'heartbeat' ? 'heartbeat' : 'data' };
}

function session(opts: { maxRecords?: number; maxBytes?: number; clock?: ManualClock } = {}) {
  return new Session({ id: 's1', label: 'test', policy: 'linear', heartbeat: { heartbeatEvents: ['heartbeat'], idleTimeoutMs: 60_000 }, ...opts });
}

describe('record ring', () => {
  const seqs = (rs: SseRecord[]): number[] => rs.map((r) => r.seq);
  const comment = (seq: number, text: string): SseRecord => ({ kind: 'comment', seq, t: seq, mono: seq, attempt: 1, text });

  it('keeps the newest records within a count bound and counts evictions', () => {
    const ring = new RecordRing(3, Infinity, () => 1);
    for (let i = 1; i <= 5; i++) ring.push(event(i, 'm', String(i)));
    assert.deepEqual(seqs(ring.toArray()), [3, 4, 5]);
    assert.equal(ring.evicted, 2);
    assert.deepEqual(seqs(ring.sliceFrom(1)), [4, 5]);
    assert.deepEqual(seqs(ring.sliceFrom(0, 2)), [3, 4]);
    assert.equal(ring.at(0)?.seq, 3);
    assert.equal(ring.at(3), undefined);
  });

  it('keeps within a byte budget, but always holds the newest record', () => {
    const ring = new RecordRing(100, 10, (r) => (r.kind === 'event' ? r.data.length : 0));
    for (const [i, d] of ['aaaa', 'bbbb', 'cccc'].entries()) ring.push(event(i + 1, 'm', d));
    assert.deepEqual(seqs(ring.toArray()), [2, 3]);
    ring.push(event(4, 'm', 'x'.repeat(50)));
    assert.deepEqual(seqs(ring.toArray()), [4]);
    assert.equal(ring.evicted, 3);
    assert.equal(ring.byteSize, 50);
  });

  it('gives back every record equal to what went in: events from their columns, other kinds as they came', () => {
    const withId: SseRecord = { kind: 'event', seq: 1, t: 10.5, mono: 0.25, attempt: 2, type: 'heartbeat', data: '{"a":1}', id: '', lastEventId: '', size: 7, cls: 'heartbeat' };
    const cut: SseRecord = { kind: 'event', seq: 3, t: 11, mono: 1, attempt: 2, type: 'big', data: 'xy', lastEventId: 'e9', size: 70_000_000, cls: 'data', truncated: true };
    const note = comment(2, 'keep-alive');
    const ring = new RecordRing(2, Infinity, () => 1);
    for (const r of [withId, note, cut]) ring.push(r);
    assert.deepEqual(ring.toArray(), [note, cut], 'the evicted slot is reused by an event');
    ring.push(withId);
    assert.deepEqual(ring.toArray(), [cut, withId], 'an empty id is an id');
    assert.equal(ring.at(1) === withId, false, 'events are made again on reading (that is the point)');
    assert.equal(JSON.stringify(ring.at(1)), JSON.stringify(withId), 'in the same field order');
    ring.push(note);
    assert.equal(ring.at(1), note, 'a comment comes back as the same object');
    ring.clear();
    assert.deepEqual([ring.size, ring.evicted, ring.toArray()], [0, 0, []]);
  });

  it('keeps every record in order across block edges (columns come in blocks of 4096 rows), wrap-round and byte evictions', () => {
    const ring = new RecordRing(5000, 30_000, (r) => (r.kind === 'event' ? r.data.length : 1));
    const all: SseRecord[] = [];
    const add = (r: SseRecord) => {
      all.push(r);
      ring.push(r);
      if (r.seq % 331 === 0) assert.deepEqual(ring.toArray(), all.slice(all.length - ring.size), `after ${r.seq} records`);
    };
    // Large records first: the byte budget holds 300 of them, and the head goes round the first block.
    for (let i = 1; i <= 2500; i++) add(event(i, 'm', `${i % 10}`.repeat(100)));
    // Then small ones: the ring fills its count bound with its head anywhere, across the edge of its two blocks (4096 + 904 rows).
    for (let i = 2501; i <= 12_000; i++) add(i % 7 === 0 ? comment(i, `c${i}`) : event(i, 'm', `${i % 10}`));
    assert.deepEqual(ring.toArray(), all.slice(-5000));
    assert.equal(ring.size, 5000);
  });

  it('gives back ids exactly, whether kept as numbers or as text: 0, 42, 007, 16 digits, -1, 1e3, empty', () => {
    const ids = ['0', '42', '007', '1234567890123456', '999999999999999', '-1', '1e3', '', ' 5'];
    const ring = new RecordRing(ids.length, Infinity, () => 1);
    const all: SseRecord[] = ids.map((id, k) => ({ kind: 'event', seq: k, t: k, mono: k, attempt: 1, type: 'm', data: `d${k}`, id, lastEventId: id, size: 2, cls: 'data' }));
    for (const r of all) ring.push(r);
    assert.deepEqual(ring.toArray(), all);
  });

  it('keeps any text: non-ASCII, lone surrogates, long data, ids that differ from lastEventId', () => {
    const texts = ['日本語 🙂', '\ud800 lone', 'é'.repeat(5000), '', 'plain'];
    const ring = new RecordRing(3, Infinity, () => 1);
    const all: SseRecord[] = texts.map((data, k) => ({ kind: 'event', seq: k, t: k, mono: k, attempt: 1, type: 'm', data, id: `id-${texts[(k + 1) % texts.length]}`, lastEventId: `id-${texts[(k + 1) % texts.length]}`, size: Buffer.byteLength(data), cls: 'data' }));
    all.push({ kind: 'event', seq: 9, t: 9, mono: 9, attempt: 1, type: 'm', data: 'no id of its own', lastEventId: 'id-plain', size: 16, cls: 'data' });
    for (const [k, r] of all.entries()) {
      ring.push(r);
      assert.deepEqual(ring.at(ring.size - 1), r, `record ${k} read back at once`);
    }
    assert.deepEqual(ring.toArray(), all.slice(-3));
    ring.clear();
    assert.deepEqual([ring.size, ring.toArray()], [0, []]);
    ring.push(all[0]!);
    assert.deepEqual(ring.toArray(), [all[0]], 'usable after clear');
  });
});

describe('session', () => {
  it('counts every event by type even after eviction, and reports evictions', () => {
    const s = session({ maxRecords: 10 });
    for (let i = 1; i <= 25; i++) s.add(event(i, i % 5 === 0 ? 'heartbeat' : 'token', 'x'.repeat(i)));
    const snap = s.snapshot();
    assert.equal(snap.records.length, 10);
    assert.equal(snap.evicted, 15);
    assert.equal(snap.stats.events, 25);
    assert.equal(snap.stats.byType.heartbeat!.count, 5);
    assert.equal(snap.stats.byType.token!.count, 20);
    assert.equal(snap.stats.byType.heartbeat!.bytes, 5 + 10 + 15 + 20 + 25);
    assert.equal(snap.records[0]!.seq, 16);
    assert.equal(snap.lastEventId, '25');
  });

  it('stays within its byte budget under a flood of large events', () => {
    const s = session({ maxRecords: 1_000_000, maxBytes: 1_000_000 });
    const big = 'y'.repeat(10_000);
    for (let i = 1; i <= 1000; i++) s.add(event(i, 'big', big));
    assert.ok(s.size < 60, `held ${s.size} records of 20 KB each within 1 MB`);
    assert.equal(s.snapshot().stats.events, 1000);
    assert.equal(s.evicted, 1000 - s.size);
  });

  it('gives a delta as pages of the records after a seq, oldest first, cut at a count, a size or a seq', () => {
    const s = session();
    for (let i = 1; i <= 10; i++) s.add(event(i, 'm', String(i)));
    const seqs = (request: PageRequest) => s.page(request).append.records.map((r) => r.seq);
    assert.deepEqual(seqs({ afterSeq: 7 }), [8, 9, 10]);
    assert.deepEqual(seqs({ afterSeq: 6, maxRecords: 2 }), [7, 8], 'a page of the backlog, oldest first');
    assert.deepEqual(seqs({ afterSeq: 6, maxBytes: 1 }), [7], 'at least one record, whatever its size');
    assert.deepEqual(seqs({ afterSeq: 2, maxRecords: 5, untilSeq: 4 }), [3, 4], 'none after the hold');
    assert.deepEqual(seqs({ afterSeq: 4, untilSeq: 4 }), [], 'nothing after a hold already reached');
    assert.deepEqual(s.page({ afterSeq: 10 }).append.records, []);
    assert.equal(s.lastSeq, 10);
  });

  it('gives a snapshot in pages: the newest first, then older pages before a seq', () => {
    const s = session({ maxRecords: 8 });
    for (let i = 1; i <= 10; i++) s.add(event(i, 'm', String(i)));
    assert.deepEqual(s.snapshot({ newest: 3 }).records.map((r) => r.seq), [8, 9, 10]);
    assert.deepEqual(s.snapshot().records.map((r) => r.seq), [3, 4, 5, 6, 7, 8, 9, 10], 'without a page size, everything held');
    assert.deepEqual(s.recordsBefore(8, 3), { records: [5, 6, 7].map((n) => s.snapshot().records[n - 3]), remaining: 2 });
    const last = s.recordsBefore(5, 3);
    assert.deepEqual([last.records.map((r) => r.seq), last.remaining], [[3, 4], 0], 'the oldest page is short, nothing older remains');
    assert.deepEqual(s.recordsBefore(3, 3), { records: [], remaining: 0 }, 'nothing held before the oldest');
    assert.deepEqual(s.recordsBefore(1000, 2).records.map((r) => r.seq), [9, 10], 'a seq past the newest pages from the newest');
  });

  it('gives exports the held records and the latest request without a snapshot', () => {
    const first: RequestSummary = { method: 'GET', url: 'http://127.0.0.1/a', headers: [], bodyBytes: 0, authKind: 'none' };
    const s = new Session({ id: 's1', label: 'test', policy: 'linear', heartbeat: { heartbeatEvents: [], idleTimeoutMs: 0 }, maxRecords: 3, request: first });
    assert.equal(s.latestRequest, first, 'before any answer, the request the connection was made with');
    const sent: RequestSummary = { ...first, url: 'http://127.0.0.1/b' };
    s.add({ kind: 'open', seq: 1, t: 1, mono: 1, attempt: 1, status: 200, statusText: 'OK', headers: [], contentType: 'text/event-stream', request: sent, latencyMs: 1 });
    for (let i = 2; i <= 5; i++) s.add(event(i, 'm', String(i)));
    assert.equal(s.latestRequest, sent, 'the one the latest response answered, though its record was evicted');
    assert.deepEqual(s.heldRecords().map((r) => r.seq), [3, 4, 5]);
    assert.deepEqual(s.heldRecords(), s.snapshot().records);
  });

  it('keeps reconnect records apart from the ring buffer', () => {
    const s = session({ maxRecords: 2 });
    s.add({ kind: 'reconnect', seq: 1, t: 0, mono: 0, attempt: 1, retryNumber: 1, delayMs: 700, reason: 'closed', source: 'policy', policy: 'linear' });
    for (let i = 2; i <= 6; i++) s.add(event(i, 'm', 'x'));
    const snap = s.snapshot();
    assert.equal(snap.records.some((r) => r.kind === 'reconnect'), false);
    assert.equal(snap.reconnects.length, 1);
    assert.equal(snap.stats.reconnects, 1);
  });

  it('computes events per second over a recent window', () => {
    const clock = new ManualClock(1_700_000_010_000);
    const s = session({ clock });
    for (let i = 0; i < 50; i++) s.add(event(i + 1, 'm', 'x', 1_700_000_006_000 + i * 80));
    const rate = s.snapshot().stats.eventsPerSec;
    assert.ok(rate > 9 && rate < 13, `about 50 events over ~4 s, got ${rate}/s`);
    clock.advance(60_000);
    assert.equal(s.snapshot().stats.eventsPerSec, 0, 'the rate decays when nothing arrives');
  });

  it('clear() forgets history and counts', () => {
    const s = session();
    for (let i = 1; i <= 5; i++) s.add(event(i, 'm', 'x'));
    s.clear();
    const snap = s.snapshot();
    assert.equal(snap.records.length, 0);
    assert.equal(snap.stats.events, 0);
    s.add(event(6, 'm', 'after'));
    assert.deepEqual(s.page({ afterSeq: 0 }).append.records.map((r) => r.seq), [6]);
  });
});
