// The records the panel holds, oldest first, addressed by a "position": a number that
// never changes for a record while it is held (unlike an array index, which shifts when the
// front is dropped). Views keep positions, so dropping old records, appending new ones or
// prepending older ones (a snapshot's backfill) never invalidates a filter result or the
// selection.
import type { SseRecord } from '../src/protocol';
import { searchText } from './describe';

/** Compact the backing arrays once this many dropped slots have piled up at their front. */
const COMPACT_AFTER = 16_384;

export class RecordStore {
  private items: SseRecord[] = [];
  /** Lowercased search text per item, built on first use by the text filter. */
  private haystacks: Array<string | undefined> = [];
  /** Position of items[0]. */
  private base = 0;
  /** Position of the oldest held record (>= base: dropped slots linger until compaction). */
  private first = 0;
  /**
   * Lowest position prepend() may use: positions below it belonged to other records (before
   * the last clear(), or dropped since), and a view may still hold them.
   */
  private floor = 0;

  /** Position of the oldest held record. */
  get start(): number {
    return this.first;
  }
  /** One past the newest held record's position. */
  get end(): number {
    return this.base + this.items.length;
  }
  get size(): number {
    return this.end - this.first;
  }
  get lastSeq(): number {
    return this.items[this.items.length - 1]?.seq ?? 0;
  }

  at(pos: number): SseRecord | undefined {
    return pos >= this.first && pos < this.end ? this.items[pos - this.base] : undefined;
  }

  /** The record's lowercased search text, computed once (filtering 100k records then costs no allocation). */
  haystack(pos: number): string {
    const r = this.at(pos);
    // Not held: nothing to search, and nothing stored outside the held slots.
    if (!r) return '';
    const i = pos - this.base;
    let text = this.haystacks[i];
    if (text === undefined) {
      text = searchText(r);
      this.haystacks[i] = text;
    }
    return text;
  }

  /** Appends a record; returns its position. Callers keep seqs ascending (see SessionModel). */
  push(record: SseRecord): number {
    this.items.push(record);
    this.haystacks.push(undefined);
    return this.end - 1;
  }

  /**
   * Puts older records (oldest first, all older than the held ones) before the held ones;
   * returns how many it took. They get positions below `start`, so the held records keep
   * theirs. At most `start - floor` fit (the room set aside by clear(), none once a record
   * was dropped): beyond it the oldest are left out.
   */
  prepend(records: readonly SseRecord[]): number {
    const n = Math.min(records.length, this.first - this.floor);
    if (n <= 0) return 0;
    const older = n === records.length ? records : records.slice(records.length - n);
    // No dropped slots linger at the front here (a drop raised the floor to `first`).
    this.items = older.concat(this.items);
    this.haystacks = new Array<string | undefined>(n).fill(undefined).concat(this.haystacks);
    this.first -= n;
    this.base = this.first;
    return n;
  }

  /** Drops up to n of the oldest records; returns how many went. */
  dropFront(n: number): number {
    const dropped = Math.max(0, Math.min(n, this.size));
    this.first += dropped;
    // Nothing may go before the front any more: it would take the dropped records' positions.
    if (dropped > 0) this.floor = this.first;
    const dead = this.first - this.base;
    if (dead >= COMPACT_AFTER || (dead > 0 && dead === this.items.length)) {
      this.items = this.items.slice(dead);
      this.haystacks = this.haystacks.slice(dead);
      this.base = this.first;
    }
    return dropped;
  }

  /**
   * Forgets everything; positions restart after the old ones so stale positions never alias
   * new records. `olderRoom`: how many older records prepend() may bring before the first
   * one held next (positions are set aside for them).
   */
  clear(olderRoom = 0): void {
    const next = this.end;
    this.items = [];
    this.haystacks = [];
    this.floor = next;
    this.base = next + Math.max(0, olderRoom);
    this.first = this.base;
  }

  /** Position of the record with this seq, or undefined (seqs ascend, so a binary search). */
  positionOfSeq(seq: number): number | undefined {
    let lo = this.first;
    let hi = this.end - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const s = this.items[mid - this.base]!.seq;
      if (s === seq) return mid;
      if (s < seq) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }
}
