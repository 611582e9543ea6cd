// The rows the timeline shows: the positions of held records that pass the filter, in order.
// With no filter the view is the store itself (no index array at all); with one, a sorted
// array of positions that grows as records arrive (at the end, or at the front when older
// ones are backfilled) and is trimmed as old ones are dropped, so neither a flood nor a
// backfill ever re-filters the whole history.
import type { RecordStore } from './record-store';
import type { ModelChange } from './session-model';

export type KindFilter = 'all' | 'events';

export interface RecordFilter {
  /** Case-insensitive substring of type, id and data (or the summary of a non-event record). */
  text: string;
  kind: KindFilter;
  /** Event types the user switched off. */
  hiddenTypes: ReadonlySet<string>;
}

export const NO_FILTER: RecordFilter = { text: '', kind: 'all', hiddenTypes: new Set() };

export class FilteredView {
  /** Matching positions, ascending; undefined while nothing is filtered (every held record shows). */
  private positions: number[] | undefined;
  /** Entries before this index of `positions` were dropped from the store. */
  private head = 0;
  private needle = '';

  constructor(
    private readonly store: RecordStore,
    private filter: RecordFilter = NO_FILTER,
  ) {
    this.rebuild();
  }

  get current(): RecordFilter {
    return this.filter;
  }

  get isFiltered(): boolean {
    return this.positions !== undefined;
  }

  setFilter(filter: RecordFilter): void {
    this.filter = filter;
    this.rebuild();
  }

  /** Follows the store after a model change; returns how many rows it added above the others. */
  update(change: ModelChange): number {
    if (change.reset) {
      this.rebuild();
      return 0;
    }
    if (!this.positions) return change.prepended;
    this.trimFront();
    const above = change.prepended > 0 ? this.prependMatches(this.store.start, this.store.start + change.prepended) : 0;
    for (let pos = Math.max(change.appendedFrom, this.store.start); pos < this.store.end; pos++) {
      if (this.matches(pos)) this.positions.push(pos);
    }
    return above;
  }

  get count(): number {
    return this.positions ? this.positions.length - this.head : this.store.size;
  }

  /** Position of the i-th visible row. */
  positionAt(index: number): number | undefined {
    if (index < 0 || index >= this.count) return undefined;
    return this.positions ? this.positions[this.head + index] : this.store.start + index;
  }

  /** Row index of a position, or of the first row after it when it is filtered out (may equal count). */
  indexAtOrAfter(pos: number): number {
    if (!this.positions) return Math.min(Math.max(0, pos - this.store.start), this.count);
    let lo = this.head;
    let hi = this.positions.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.positions[mid]! < pos) lo = mid + 1;
      else hi = mid;
    }
    return lo - this.head;
  }

  /** Row index of a position when that record is visible. */
  indexOf(pos: number): number | undefined {
    const i = this.indexAtOrAfter(pos);
    return this.positionAt(i) === pos ? i : undefined;
  }

  private rebuild(): void {
    const f = this.filter;
    this.needle = f.text.trim().toLowerCase();
    this.head = 0;
    if (!this.needle && f.kind === 'all' && f.hiddenTypes.size === 0) {
      this.positions = undefined;
      return;
    }
    const positions: number[] = [];
    for (let pos = this.store.start; pos < this.store.end; pos++) if (this.matches(pos)) positions.push(pos);
    this.positions = positions;
  }

  /** Positions from..to were put before every held one: only they are filtered. */
  private prependMatches(from: number, to: number): number {
    const found: number[] = [];
    for (let pos = from; pos < to; pos++) if (this.matches(pos)) found.push(pos);
    if (found.length > 0 && this.positions) {
      this.positions = found.concat(this.head > 0 ? this.positions.slice(this.head) : this.positions);
      this.head = 0;
    }
    return found.length;
  }

  private matches(pos: number): boolean {
    const r = this.store.at(pos);
    if (!r) return false;
    if (r.kind !== 'event') {
      if (this.filter.kind === 'events') return false;
    } else if (this.filter.hiddenTypes.has(r.type)) {
      return false;
    }
    return this.needle === '' || this.store.haystack(pos).includes(this.needle);
  }

  private trimFront(): void {
    const positions = this.positions;
    if (!positions) return;
    const start = this.store.start;
    while (this.head < positions.length && positions[this.head]! < start) this.head++;
    if (this.head > 4096 && this.head * 2 > positions.length) {
      this.positions = positions.slice(this.head);
      this.head = 0;
    }
  }
}
