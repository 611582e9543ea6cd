// The records the panel holds, oldest first, addressed by a "position": a number that
// never changes for a record while it is held (unlike an array index, which shifts when the
// front is dropped). Views keep positions, so dropping old records or appending new ones
// never invalidates a filter result or the selection.
import type { SseRecord } from '../src/core/records';
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
    const i = pos - this.base;
    let text = this.haystacks[i];
    if (text === undefined) {
      const r = this.items[i];
      text = r ? searchText(r) : '';
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

  /** Drops up to n of the oldest records; returns how many went. */
  dropFront(n: number): number {
    const dropped = Math.max(0, Math.min(n, this.size));
    this.first += dropped;
    const dead = this.first - this.base;
    if (dead >= COMPACT_AFTER || (dead > 0 && dead === this.items.length)) {
      this.items = this.items.slice(dead);
      this.haystacks = this.haystacks.slice(dead);
      this.base = this.first;
    }
    return dropped;
  }

  /** Forgets everything; positions restart after the old ones so stale positions never alias new records. */
  clear(): void {
    const next = this.end;
    this.items = [];
    this.haystacks = [];
    this.base = next;
    this.first = next;
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
