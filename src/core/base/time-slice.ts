// A budget of uninterrupted work for a loop that may find its input already waiting.
//
// Why: a body reader whose next chunk is already queued gets it in a microtask, so after
// any stall (a GC, a busy panel) the backlog a flood built up meanwhile is worked off in
// one turn of the event loop, and that turn is itself a stall the next backlog grows in.
// Timers, other extensions and the panel's batches wait all that while. Giving the event
// loop a turn once the budget is spent bounds any one turn; the unread chunks wait in the
// stream (undici stops reading the socket while they do), so nothing is lost or reordered.

/** Milliseconds of work in one turn of the event loop before the loop gets a turn. */
export const DEFAULT_SLICE_MS = 8;

export class TimeSlice {
  private start = performance.now();

  constructor(private readonly budgetMs = DEFAULT_SLICE_MS) {}

  /** A promise to await when the budget is spent (it settles after a turn of the event loop); otherwise undefined, so the caller need not await. */
  pauseIfSpent(): Promise<void> | undefined {
    if (performance.now() - this.start < this.budgetMs) return undefined;
    return new Promise<void>((resolve) => {
      setImmediate(() => {
        this.start = performance.now();
        resolve();
      });
    });
  }
}
