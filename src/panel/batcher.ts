// Turns a session's record stream into a few `delta` messages per second for one webview.
// PURE: no `vscode` import, timers injected, so it is unit-tested on plain Node.
//
// Why batch: a stream can deliver tens of thousands of events a second; one postMessage
// per event would saturate the webview's message channel and its renderer. Instead the
// host only *notices* that something changed, and at most once per interval sends
// everything since the last message, in pages of at most `maxRecordsPerMessage` records
// and `maxBytesPerMessage` bytes.
// Why pages this small: serialising a message is the host's largest single piece of work in
// a flood. A message string over 128 KiB lands in V8's large-object space, mapped afresh
// for every message, and in a flood those fresh pages made most of the host's page faults
// and its longest pauses (figures in docs/design.md, "Measurements").
// The pages of one interval go out back to back, each from its own timer callback, up to
// `maxRecordsPerInterval`, so that any one turn of the event loop stays short.
// A message is never sent while the previous one is still in flight (postMessage's
// promise has not settled), so a slow webview throttles the host rather than queueing
// an unbounded backlog of messages; the backlog stays in the session's bounded ring buffer.
import type { PageRequest } from '../core/session';
import type { SessionDelta } from '../core/snapshot';
import type { HostToWebview } from '../protocol';
import { nodeTimers, postPaced, type BatchTimers } from './pacing';

export type { BatchTimers } from './pacing';

/** What the batcher reads from: an `src/core/session` Session satisfies it. */
export interface DeltaSource {
  /** One page of what came after a seq, already cut (see Session.page). */
  page(request: PageRequest): SessionDelta;
  /** The newest record's seq. */
  readonly lastSeq: number;
}

export interface BatcherOptions {
  source: DeltaSource;
  /** Delivers one message; may return a promise (webview.postMessage's Thenable). */
  post(message: HostToWebview): unknown;
  /** Minimum time between two messages. Default 50 ms (≈ 20 messages/s). */
  intervalMs?: number;
  /** Records per message; more are sent in the following messages. Default 1000. */
  maxRecordsPerMessage?: number;
  /**
   * Bytes of records per message, by the session's estimate (estimateRecordBytes: about twice
   * their JSON); at least one record goes in each message. Default 96 KiB (messages of 40-80 KiB).
   */
  maxBytesPerMessage?: number;
  /** Records sent back to back before waiting for the next interval. Default 5000 (≈ 100k records/s). */
  maxRecordsPerInterval?: number;
  timers?: BatchTimers;
}

export interface BatcherStats {
  messages: number;
  records: number;
}

export class DeltaBatcher {
  private readonly intervalMs: number;
  private readonly maxRecords: number;
  private readonly maxBytes: number;
  private readonly maxPerInterval: number;
  private readonly timers: BatchTimers;
  /** Records sent since the batcher last waited a whole interval. */
  private sentInBurst = 0;
  /** The next page follows at once (a backlog remains and this interval's budget is not spent). */
  private pageFollows = false;
  /** Seq of the newest record the webview has (from the snapshot or a delta). */
  private sentSeq = 0;
  private running = false;
  private disposed = false;
  /** Something changed (or a page remains) that the webview has not been sent yet. */
  private pending = false;
  private inFlight = false;
  private timer: unknown;
  private readonly counters: BatcherStats = { messages: 0, records: 0 };
  /** Capture paused at this seq (an event breakpoint): nothing newer is sent until release(). */
  private holdSeq: number | undefined;
  /** Called once the webview has every record up to holdSeq. */
  private onHeld: (() => void) | undefined;

  constructor(private readonly options: BatcherOptions) {
    this.intervalMs = options.intervalMs ?? 50;
    this.maxRecords = Math.max(1, options.maxRecordsPerMessage ?? 1000);
    this.maxBytes = options.maxBytesPerMessage ?? 96 * 1024;
    this.maxPerInterval = Math.max(this.maxRecords, options.maxRecordsPerInterval ?? 5000);
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
    this.pageFollows = false;
    // A fresh webview is told it is paused by whoever sent the snapshot, not by this callback.
    this.onHeld = undefined;
    this.cancelTimer();
  }

  /**
   * Capture paused at `seq`: records up to it still go out (the timeline stops *at* that
   * event), then no message at all until release(). `reached` runs once the webview has
   * been sent everything up to `seq` (at once if it already has), so a "paused" message
   * posted from it arrives after the event it is about.
   */
  hold(seq: number, reached?: () => void): void {
    if (this.disposed) return;
    this.holdSeq = seq;
    this.onHeld = undefined;
    if (this.sentSeq >= seq || !this.running) {
      if (this.running) reached?.();
      return;
    }
    this.onHeld = reached;
    this.notify();
  }

  /** Capture resumed: everything since the hold goes out, in pages, as usual. */
  release(): void {
    this.holdSeq = undefined;
    this.onHeld = undefined;
    this.notify();
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
    this.timer = this.timers.setTimeout(
      () => {
        this.timer = undefined;
        this.flush();
      },
      this.pageFollows ? 0 : this.intervalMs,
    );
  }

  private cancelTimer(): void {
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private flush(): void {
    const follows = this.pageFollows;
    this.pageFollows = false;
    if (!this.running || !this.pending) return;
    this.pending = false;
    if (!follows) this.sentInBurst = 0;
    // Held and the webview already has the event that hit: the timeline stays as it is.
    if (this.holdSeq !== undefined && this.sentSeq >= this.holdSeq) return;
    // One page, oldest first, cut by the session (and at the hold, when held).
    const source = this.options.source;
    const delta = source.page({ afterSeq: this.sentSeq, maxRecords: this.maxRecords, maxBytes: this.maxBytes, untilSeq: this.holdSeq });
    const records = delta.append.records;
    if (records.length === 0 && this.holdSeq !== undefined) {
      // What led up to the hold was dropped before it could be sent: nothing more to show.
      this.sentSeq = this.holdSeq;
      const reached = this.onHeld;
      this.onHeld = undefined;
      reached?.();
      return;
    }
    // Oldest first, so the webview's timeline never has a hole: the rest follows in the next
    // page (or after release() when the page stops at the hold).
    const last = records[records.length - 1];
    if (last && last.seq < source.lastSeq && (this.holdSeq === undefined || last.seq < this.holdSeq)) {
      this.pending = true;
      this.pageFollows = this.sentInBurst + records.length < this.maxPerInterval;
    }
    this.sentInBurst += records.length;
    if (last) this.sentSeq = last.seq;
    const reached = this.holdSeq !== undefined && this.sentSeq >= this.holdSeq ? this.onHeld : undefined;
    if (reached) this.onHeld = undefined;
    this.counters.messages++;
    this.counters.records += records.length;
    this.inFlight = true;
    const settled = (): void => {
      this.inFlight = false;
      // Changes noticed while this message was in flight (or the rest of a long backlog).
      if (this.pending && this.running) this.schedule();
    };
    const whenSettled = postPaced((m: HostToWebview) => this.options.post(m), { type: 'delta', delta });
    // Posted right after the delta, so it arrives after it (postMessage keeps order).
    reached?.();
    whenSettled(settled);
  }
}
