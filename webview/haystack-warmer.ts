// Builds the text filter's search strings (RecordStore.haystack) in idle time as records
// arrive, so the first filter over a big history only searches them instead of first
// lowercasing 100 000 records while the user waits. Idle time only: a flood or a backfill
// page is never slowed down by it, and whatever is still cold when the user filters is
// built then, as before.
import type { RecordStore } from './record-store';

/** Records warmed between two looks at the idle deadline. */
const CHUNK = 500;
/** Stop this far (ms) before the idle period ends: the next frame is due then. */
const MARGIN_MS = 1;

/** The browser's idle callbacks (injectable for tests). */
export interface IdleScheduler {
  requestIdleCallback(fn: (deadline: IdleDeadline) => void): number;
  cancelIdleCallback(handle: number): void;
}

export class HaystackWarmer {
  /** Position ranges [from, to) not warmed yet; the newest arrivals last (warmed first). */
  private ranges: Array<[number, number]> = [];
  private handle = 0;

  constructor(
    private readonly store: RecordStore,
    private readonly idle: IdleScheduler = window,
  ) {}

  /** Records arrived at positions from..to (exclusive). */
  add(from: number, to: number): void {
    if (to <= from) return;
    const last = this.ranges[this.ranges.length - 1];
    // Deltas arrive a few times a second, each right after the previous: one range for all.
    if (last && last[1] === from) last[1] = to;
    else this.ranges.push([from, to]);
    this.schedule();
  }

  /** Everything held was replaced (a snapshot): the old positions mean nothing now. */
  clear(): void {
    this.ranges = [];
  }

  dispose(): void {
    this.ranges = [];
    if (this.handle) this.idle.cancelIdleCallback(this.handle);
    this.handle = 0;
  }

  private schedule(): void {
    if (!this.handle && this.ranges.length > 0) this.handle = this.idle.requestIdleCallback(this.run);
  }

  private readonly run = (deadline: IdleDeadline): void => {
    this.handle = 0;
    while (this.ranges.length > 0 && deadline.timeRemaining() > MARGIN_MS) {
      const range = this.ranges[this.ranges.length - 1]!;
      const end = Math.min(range[1], range[0] + CHUNK);
      // Positions dropped meanwhile hold no record: the store builds nothing for them.
      for (let pos = range[0]; pos < end; pos++) this.store.haystack(pos);
      range[0] = end;
      if (range[0] >= range[1]) this.ranges.pop();
    }
    this.schedule();
  };
}
