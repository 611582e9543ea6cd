// A long history reaches a fresh webview in pages, newest first: the `snapshot` message
// carries the newest records and all derived state (the first screen needs nothing else),
// then `backfill` messages bring the older records, one page at a time, each page just
// before the previous one. PURE: no `vscode` import, timers injected, so it is unit-tested
// on plain Node and the benchmark builds its messages with this very code.
//
// Why: one snapshot of 100 000 records is one huge structured clone; deserialising it alone
// kept the panel blank for most of a second. Pages are taken from the session when they are
// sent, so records the ring buffer evicted meanwhile are simply not sent.
import type { SseRecord } from '../core/base/records';
import type { SnapshotWindow } from '../core/session';
import type { SessionSnapshot } from '../core/snapshot';
import { MAX_PANEL_RECORDS, PROTOCOL_VERSION, type BackfillMessage, type SnapshotMessage } from '../protocol';
import { nodeTimers, postPaced, type BatchTimers } from './pacing';

/** Newest records in the snapshot message itself: enough for the first screen and then some. */
export const SNAPSHOT_PAGE_RECORDS = 2_000;
/** Older records per backfill message: a few tens of ms of work for the webview. */
export const BACKFILL_PAGE_RECORDS = 5_000;
/** Pause after a page was delivered before the next one (about a frame: the webview paints between pages). */
export const BACKFILL_INTERVAL_MS = 16;

/** What the pages are read from: an `src/core/session` Session satisfies it. */
export interface PagedHistory {
  readonly id: string;
  /** Records dropped from the front of the history so far (as deltas report it). */
  readonly evicted: number;
  /** The derived state and the newest records (up to a seq), already cut. */
  snapshot(window?: SnapshotWindow): SessionSnapshot;
  /** Up to `max` records older than `beforeSeq`, oldest first, and how many are older still. */
  recordsBefore(beforeSeq: number, max: number): { records: SseRecord[]; remaining: number };
}

export interface PagingOptions {
  /** Newest records in the snapshot message. Default SNAPSHOT_PAGE_RECORDS. */
  firstPage?: number;
  /** Records per backfill message. Default BACKFILL_PAGE_RECORDS. */
  pageSize?: number;
  /** Most records the webview holds in all. Default MAX_PANEL_RECORDS. */
  maxHeld?: number;
  /** Capture is held at this seq (an event breakpoint): the snapshot stops there. */
  holdSeq?: number;
}

export interface PagedSnapshot {
  /** Post first. */
  message: SnapshotMessage;
  /** The older records, a page per call of next(). */
  older: OlderPages;
}

/** The snapshot message for a fresh webview, and the pages of older records that follow it. */
export function pagedSnapshot(history: PagedHistory, options: PagingOptions = {}): PagedSnapshot {
  const firstPage = Math.max(1, options.firstPage ?? SNAPSHOT_PAGE_RECORDS);
  const maxHeld = Math.max(1, options.maxHeld ?? MAX_PANEL_RECORDS);
  // When held, the newest page up to the hold, not the newest page of all: records after the
  // hold stay out until capture resumes (they then come as deltas).
  const snapshot = history.snapshot(options.holdSeq === undefined ? { newest: firstPage } : { newest: firstPage, untilSeq: options.holdSeq });
  const oldest = snapshot.records[0];
  const older = oldest ? history.recordsBefore(oldest.seq, 0).remaining : 0;
  const pending = Math.min(older, Math.max(0, maxHeld - snapshot.records.length));
  const message: SnapshotMessage = { type: 'snapshot', version: PROTOCOL_VERSION, snapshot, olderPending: pending, olderSkipped: older - pending };
  return { message, older: new OlderPages(history, snapshot.records[0]?.seq ?? 0, pending, options.pageSize ?? BACKFILL_PAGE_RECORDS) };
}

/**
 * The pages of records older than a snapshot's, newest page first, each page oldest first.
 * Each page is read from the history when next() is called: what was evicted meanwhile is
 * not sent, and `remaining` shrinks with it.
 */
export class OlderPages {
  /** Records still to send; only ever shrinks (evictions shrink it too). */
  private budget: number;
  private readonly pageSize: number;

  constructor(
    private readonly history: PagedHistory,
    /** Seq of the oldest record the webview holds: the next page ends just before it. */
    private beforeSeq: number,
    budget: number,
    pageSize: number,
  ) {
    this.budget = Math.max(0, budget);
    this.pageSize = Math.max(1, pageSize);
  }

  /** Older records still to send, as far as is known now. */
  get remaining(): number {
    return this.budget;
  }

  get done(): boolean {
    return this.budget === 0;
  }

  /** The next page, or undefined once everything was sent. */
  next(): BackfillMessage | undefined {
    if (this.budget === 0) return undefined;
    const page = this.history.recordsBefore(this.beforeSeq, Math.min(this.pageSize, this.budget));
    const first = page.records[0];
    if (first) this.beforeSeq = first.seq;
    // An empty page: everything older was evicted meanwhile. It still goes out (remaining
    // 0), so the webview stops waiting for records that will never come.
    this.budget = first ? Math.min(this.budget - page.records.length, page.remaining) : 0;
    return { type: 'backfill', sessionId: this.history.id, records: page.records, remaining: this.budget, evicted: this.history.evicted };
  }
}

export interface BackfillSenderOptions {
  /** Delivers one message; may return a promise (webview.postMessage's Thenable). */
  post(message: BackfillMessage): unknown;
  /** Pause between a page's delivery and the next page. Default BACKFILL_INTERVAL_MS. */
  intervalMs?: number;
  timers?: BatchTimers;
}

/**
 * Posts the pages of one snapshot at the webview's pace, like the DeltaBatcher: never a page
 * while the previous one is still in flight (its post has not settled), then a short pause.
 * A new start() (a new snapshot) replaces the pages being sent; stop() when the webview is
 * hidden or gone.
 */
export class BackfillSender {
  private readonly intervalMs: number;
  private readonly timers: BatchTimers;
  private pages: OlderPages | undefined;
  private timer: unknown;
  private inFlight = false;
  private disposed = false;
  private sent = 0;

  constructor(private readonly options: BackfillSenderOptions) {
    this.intervalMs = options.intervalMs ?? BACKFILL_INTERVAL_MS;
    this.timers = options.timers ?? nodeTimers;
  }

  /** Pages posted since creation. */
  get messages(): number {
    return this.sent;
  }

  /** True while pages remain to be sent. */
  get active(): boolean {
    return this.pages !== undefined;
  }

  /** Sends these pages (after the snapshot they belong to was posted), replacing any others. */
  start(pages: OlderPages): void {
    this.stop();
    if (this.disposed || pages.done) return;
    this.pages = pages;
    this.schedule();
  }

  /** The webview is hidden or gone: no more pages until the next start(). */
  stop(): void {
    this.pages = undefined;
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }

  dispose(): void {
    this.stop();
    this.disposed = true;
  }

  private schedule(): void {
    // A page still in flight (perhaps of a replaced run) schedules the next one when it settles.
    if (this.timer !== undefined || this.inFlight || !this.pages) return;
    this.timer = this.timers.setTimeout(() => {
      this.timer = undefined;
      this.sendNext();
    }, this.intervalMs);
  }

  private sendNext(): void {
    const pages = this.pages;
    const message = pages?.next();
    if (!pages || !message) {
      this.pages = undefined;
      return;
    }
    if (pages.done) this.pages = undefined;
    this.sent++;
    this.inFlight = true;
    const settled = (): void => {
      this.inFlight = false;
      this.schedule();
    };
    postPaced((m: BackfillMessage) => this.options.post(m), message)(settled);
  }
}
