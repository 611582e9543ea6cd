// Turns a session's record stream into a few `delta` messages per second for one webview.
// PURE: no `vscode` import, timers injected, so it is unit-tested on plain Node.
//
// Why batch: a stream can deliver tens of thousands of events a second; one postMessage
// per event would saturate the webview's message channel and its renderer. Instead the
// host only *notices* that something changed, and at most once per interval sends
// everything since the last message, in pages of at most `maxRecordsPerMessage`.
// A message is never sent while the previous one is still in flight (postMessage's
// promise has not settled), so a slow webview throttles the host rather than queueing
// an unbounded backlog of messages; the backlog stays in the session's bounded ring buffer.
import type { SessionDelta } from '../core/snapshot';
import type { HostToWebview } from '../protocol';

/** What the batcher reads from: an `src/core/session` Session satisfies it. */
export interface DeltaSource {
  deltaSince(afterSeq: number, max?: number): SessionDelta;
}

export interface BatchTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface BatcherOptions {
  source: DeltaSource;
  /** Delivers one message; may return a promise (webview.postMessage's Thenable). */
  post(message: HostToWebview): unknown;
  /** Minimum time between two messages. Default 50 ms (≈ 20 messages/s). */
  intervalMs?: number;
  /** Records per message; more are sent in the following messages. Default 5000. */
  maxRecordsPerMessage?: number;
  timers?: BatchTimers;
}

export interface BatcherStats {
  messages: number;
  records: number;
}

const nodeTimers: BatchTimers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export class DeltaBatcher {
  private readonly intervalMs: number;
  private readonly maxRecords: number;
  private readonly timers: BatchTimers;
  /** Seq of the newest record the webview has (from the snapshot or a delta). */
  private sentSeq = 0;
  private running = false;
  private disposed = false;
  /** Something changed (or a page remains) that the webview has not been sent yet. */
  private pending = false;
  private inFlight = false;
  private timer: unknown;
  private readonly counters: BatcherStats = { messages: 0, records: 0 };

  constructor(private readonly options: BatcherOptions) {
    this.intervalMs = options.intervalMs ?? 50;
    this.maxRecords = Math.max(1, options.maxRecordsPerMessage ?? 5000);
    this.timers = options.timers ?? nodeTimers;
  }

  get stats(): Readonly<BatcherStats> {
    return this.counters;
  }

  /** The webview holds everything up to `seq` (it was just sent a snapshot): stream what follows. */
  start(seq: number): void {
    if (this.disposed) return;
    this.sentSeq = seq;
    this.running = true;
    this.pending = false;
    this.cancelTimer();
  }

  /** The webview is gone or hidden: send nothing until the next start(). */
  stop(): void {
    this.running = false;
    this.pending = false;
    this.cancelTimer();
  }

  /** The session changed (a record, a state change, a tick): a delta goes out within one interval. */
  notify(): void {
    if (!this.running || this.disposed) return;
    this.pending = true;
    this.schedule();
  }

  dispose(): void {
    this.stop();
    this.disposed = true;
  }

  private schedule(): void {
    if (this.timer !== undefined || this.inFlight) return;
    this.timer = this.timers.setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, this.intervalMs);
  }

  private cancelTimer(): void {
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private flush(): void {
    if (!this.running || !this.pending) return;
    this.pending = false;
    const delta = this.options.source.deltaSince(this.sentSeq);
    if (delta.records.length > this.maxRecords) {
      // Oldest first, so the webview's timeline never has a hole: the rest follows next interval.
      delta.records = delta.records.slice(0, this.maxRecords);
      this.pending = true;
    }
    const last = delta.records[delta.records.length - 1];
    if (last) this.sentSeq = last.seq;
    this.counters.messages++;
    this.counters.records += delta.records.length;
    this.inFlight = true;
    const settled = (): void => {
      this.inFlight = false;
      // Changes noticed while this message was in flight (or the rest of a long backlog).
      if (this.pending && this.running) this.schedule();
    };
    let result: unknown;
    try {
      result = this.options.post({ type: 'delta', delta });
    } catch {
      // The webview was disposed under us: the panel's dispose stops the batcher.
      result = undefined;
    }
    if (isThenable(result)) result.then(settled, settled);
    else settled();
  }
}

function isThenable(v: unknown): v is PromiseLike<unknown> {
  return typeof v === 'object' && v !== null && typeof (v as { then?: unknown }).then === 'function';
}
