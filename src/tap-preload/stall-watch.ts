// Notices when the program's event loop stood still: paused at a breakpoint (the debugger
// stops the whole loop) or blocked. Bytes the program reads right after such a stall waited
// for it in the socket, and the events in them reached the program late, in a burst. A
// ticking timer runs only while a tapped stream is open, and is unref'd: it never keeps
// the program alive. Two ways to see a stall, because after a pause either may run first:
// - a chunk arrives while the timer is overdue (the I/O phase ran before the timers phase);
// - the timer fires late, and chunks read in the same loop turn (before its setImmediate)
//   are the ones that waited.
import { performance } from 'node:perf_hooks';

export class StallWatch {
  private timer: NodeJS.Timeout | undefined;
  private lastTick = 0;
  /** The stall the timer just noticed, until the end of this loop turn. */
  private justStalledMs = 0;

  constructor(
    private readonly periodMs = 100,
    /** A gap longer than this (beyond the period) is a stall. */
    private readonly thresholdMs = 400,
    private readonly now: () => number = () => performance.now(),
  ) {}

  start(): void {
    if (this.timer) return;
    this.lastTick = this.now();
    this.timer = setInterval(() => this.tick(), this.periodMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.justStalledMs = 0;
  }

  /** How long the bytes being read now were held by a stall (undefined: they were not). */
  heldMs(): number | undefined {
    if (!this.timer) return undefined;
    const overdue = this.now() - this.lastTick;
    if (overdue - this.periodMs > this.thresholdMs) return Math.round(overdue);
    return this.justStalledMs > 0 ? Math.round(this.justStalledMs) : undefined;
  }

  private tick(): void {
    const now = this.now();
    const gap = now - this.lastTick;
    this.lastTick = now;
    if (gap - this.periodMs > this.thresholdMs) {
      this.justStalledMs = gap;
      setImmediate(() => {
        this.justStalledMs = 0;
      }).unref();
    }
  }
}
