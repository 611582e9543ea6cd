// Time as the core sees it. Connections and monitors take a Clock so tests can drive
// reconnect delays and idle timeouts without waiting in real time.

export type TimerHandle = { readonly __timer: unique symbol } | object;

export interface Clock {
  /** Wall-clock ms since the epoch (record timestamps). */
  now(): number;
  /** Monotonic ms from an arbitrary origin (intervals, rates). */
  monotonic(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle | undefined): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  monotonic: () => performance.now(),
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    // A pending reconnect or idle timer must not keep a CLI or test process alive on its own
    // after everything else is done; the connection's stop() clears them anyway.
    t.unref?.();
    return t as unknown as TimerHandle;
  },
  clearTimeout: (h) => {
    if (h !== undefined) clearTimeout(h as unknown as NodeJS.Timeout);
  },
};

/** A clock that only moves when told to; timers fire in due order inside advance(). */
export class ManualClock implements Clock {
  private current: number;
  private mono = 0;
  private nextId = 1;
  private readonly timers = new Map<number, { due: number; fn: () => void }>();

  constructor(startWallMs = 1_700_000_000_000) {
    this.current = startWallMs;
  }

  now(): number {
    return this.current;
  }

  monotonic(): number {
    return this.mono;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const id = this.nextId++;
    this.timers.set(id, { due: this.mono + Math.max(0, ms), fn });
    return { id } as unknown as TimerHandle;
  }

  clearTimeout(handle: TimerHandle | undefined): void {
    if (handle) this.timers.delete((handle as unknown as { id: number }).id);
  }

  /** Pending timers' delays from now, soonest first (for assertions). */
  pendingDelays(): number[] {
    return [...this.timers.values()].map((t) => t.due - this.mono).sort((a, b) => a - b);
  }

  get pendingCount(): number {
    return this.timers.size;
  }

  /** Moves time forward by `ms`, firing every timer that falls due, in order. */
  advance(ms: number): void {
    const target = this.mono + ms;
    for (;;) {
      let nextId: number | undefined;
      let nextDue = Infinity;
      for (const [id, t] of this.timers) {
        if (t.due <= target && t.due < nextDue) {
          nextDue = t.due;
          nextId = id;
        }
      }
      if (nextId === undefined) break;
      const timer = this.timers.get(nextId)!;
      this.timers.delete(nextId);
      this.current += timer.due - this.mono;
      this.mono = timer.due;
      timer.fn();
    }
    this.current += target - this.mono;
    this.mono = target;
  }
}
