// The webview's copy of one session, kept in step with the host by protocol messages:
// a snapshot replaces everything (with the newest records), backfill pages put the older
// records before them, a delta appends records and replaces the derived state.
// Memory stays bounded: records the host evicted are dropped here too, and a hard cap
// protects the panel if the host's buffer is larger than the webview wants to hold.
import { MAX_PANEL_RECORDS, MAX_RECONNECTS, type AssembledMessage, type BackfillMessage, type CloseRecord, type ConnectionState, type DeltaReplace, type ErrorRecord, type HeartbeatState, type OpenRecord, type PolicyName, type ReconnectRecord, type RequestSummary, type ResponseSummary, type SessionDelta, type SessionSnapshot, type SessionStats, type SnapshotMessage, type SseRecord, type StreamDiagnostic } from '../src/protocol';
import { ContinuityLog } from './continuity-log';
import { DebugSpans } from './debug-spans';
import { OlderRecords } from './older-records';
import { RecordStore } from './record-store';
import { VerdictList } from './verdict-list';

/** Most records the panel holds (the host's ring buffer defaults to 50 000). */
export const MAX_HELD_RECORDS = MAX_PANEL_RECORDS;
/** Attempt outcomes (open / failing error) kept for the reconnection log, even after their records are evicted. */
const MAX_OUTCOMES = 2000;
const MAX_MESSAGES = 200;

export type AttemptOutcome = OpenRecord | ErrorRecord;

export interface ModelChange {
  /** Everything was replaced (a snapshot). */
  reset: boolean;
  /** Position of the first appended record (== records.end when none were). */
  appendedFrom: number;
  /** Records dropped from the front. */
  dropped: number;
  /** Older records put before the front (a backfill page): positions records.start to records.start + prepended. */
  prepended: number;
  /** The change came with a delta: records as they stream, possibly many messages a frame. */
  delta: boolean;
}

type Listener = (change: ModelChange) => void;

function emptyStats(): SessionStats {
  return { events: 0, comments: 0, errors: 0, reconnects: 0, bytes: 0, byType: {}, eventsPerSec: 0, bytesPerSec: 0 };
}

function emptyHeartbeat(): HeartbeatState {
  return {
    expectedSource: 'unknown',
    idleTimeoutMs: 0,
    beatSource: 'none',
    heartbeatEvents: [],
    beats: 0,
    missed: 0,
    gaps: { count: 0, minMs: 0, meanMs: 0, p50Ms: 0, p95Ms: 0, maxMs: 0 },
    recentGaps: [],
    commentsOnly: false,
  };
}

/** Errors that end an attempt (parse and decode problems are reported mid-stream, the attempt goes on). */
function isOutcome(r: SseRecord): r is AttemptOutcome {
  return r.kind === 'open' || (r.kind === 'error' && r.code !== 'parse' && r.code !== 'decode');
}

export class SessionModel {
  readonly records = new RecordStore();
  sessionId: string | undefined;
  label = '';
  state: ConnectionState = 'idle';
  request: RequestSummary | undefined;
  policy: PolicyName = 'none';
  stats: SessionStats = emptyStats();
  heartbeat: HeartbeatState = emptyHeartbeat();
  lastEventId = '';
  serverRetryMs: number | undefined;
  reconnects: ReconnectRecord[] = [];
  /** Opens and attempt-ending errors, oldest first. */
  outcomes: AttemptOutcome[] = [];
  /** The latest response (status, headers), kept even after its record is evicted. */
  lastOpen: OpenRecord | undefined;
  /** An HTTP error that came after lastOpen (the current status is then this one). */
  lastHttpError: ErrorRecord | undefined;
  /** The latest response as the host keeps it (outlives its record); absent from an older host. */
  response: ResponseSummary | undefined;
  /** The close record after which no reconnect came (why reconnecting stopped), until a reconnect or an open follows it. */
  stop: CloseRecord | undefined;
  readonly messages = new Map<string, AssembledMessage>();
  /** Gaps and duplicates in the id: sequence, and how each resume went. */
  readonly continuity = new ContinuityLog();
  /** How the server sends its stream (Problems tab); the host sends the whole list each time. */
  diagnostics: StreamDiagnostic[] = [];
  /** When the debugged program was paused (from the host's debug markers). */
  readonly debugSpans = new DebugSpans();
  /** Verdicts on a tapped program's reconnects (records of kind 'verdict'). */
  readonly verdicts = new VerdictList();
  /** Host clock minus webview clock, from each message's `at`: ages are computed in host time, so skew cancels. */
  hostOffset = 0;
  hasSnapshot = false;
  /** Evicted, on their way, or beyond the cap: the history older than the records held. */
  private readonly older = new OlderRecords();
  /** Host time at which the clock stands still (capture paused at a breakpoint), if it does. */
  private frozenAt: number | undefined;
  private readonly listeners = new Set<Listener>();

  /** Older records no longer shown (and not on their way), whoever dropped them. */
  get evicted(): number {
    return this.older.gone;
  }

  /** Older records the host is still sending (backfill pages after a snapshot). */
  get olderPending(): number {
    return this.older.pending;
  }

  /** The host's clock now (or the moment it was frozen). */
  hostNow(): number {
    return this.frozenAt ?? Date.now() + this.hostOffset;
  }

  /**
   * Stops (or restarts) the clock the panel ages things by. While capture is paused at a
   * breakpoint the host sends nothing, so the last beat would seem to grow stale and turn the
   * heartbeat red: the stream is fine, only the view holds still, and so does its clock.
   */
  freezeClock(frozen: boolean): void {
    this.frozenAt = frozen ? (this.frozenAt ?? Date.now() + this.hostOffset) : undefined;
  }

  onChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A snapshot (or the snapshot message: with it, how many older records follow in backfill pages). */
  applySnapshot(snap: SessionSnapshot, paging: Pick<SnapshotMessage, 'olderPending' | 'olderSkipped'> = {}): void {
    const pending = paging.olderPending ?? 0;
    this.sessionId = snap.id;
    this.label = snap.label;
    this.policy = snap.policy;
    this.request = snap.request;
    this.response = snap.response;
    // Positions are set aside for the older records on their way.
    this.records.clear(Math.min(pending, MAX_HELD_RECORDS));
    this.reconnects = snap.reconnects.slice(-MAX_RECONNECTS);
    this.outcomes = [];
    this.lastOpen = undefined;
    this.lastHttpError = undefined;
    this.stop = undefined;
    this.messages.clear();
    this.debugSpans.clear();
    this.verdicts.clear();
    this.continuity.replace(snap.continuity);
    this.diagnostics = snap.diagnostics ?? [];
    this.older.reset(snap.evicted, pending, paging.olderSkipped ?? 0);
    this.hasSnapshot = true;
    const appendedFrom = this.records.end;
    for (const r of snap.records) this.appendRecord(r, false);
    for (const m of snap.messages ?? []) this.putMessage(m);
    this.applyState(snap, snap.at);
    const dropped = this.enforceCap();
    this.emit({ reset: true, appendedFrom, dropped, prepended: 0, delta: false });
  }

  /**
   * A page of older records after a snapshot: they go before the held ones (whose positions
   * stay), and everything derived from records learns of them. Its `remaining` and `evicted`
   * are the host's word as of its sending.
   */
  applyBackfill(page: BackfillMessage): void {
    // A page of another session, or before any snapshot, belongs to nothing held here.
    if (!this.hasSnapshot || page.sessionId !== this.sessionId) return;
    // Evictions since the last message use up the older records first.
    const dropped = this.records.dropFront(this.older.evict(page.evicted));
    // Only records older than the oldest held; the newest of them when not all fit.
    const front = this.records.at(this.records.start)?.seq ?? Number.POSITIVE_INFINITY;
    let end = page.records.length;
    while (end > 0 && page.records[end - 1]!.seq >= front) end--;
    const kept = this.older.arrive(end, page.remaining);
    const older = page.records.slice(end - kept, end);
    const prepended = this.records.prepend(older);
    this.learnOlder(older.slice(older.length - prepended));
    this.emit({ reset: false, appendedFrom: this.records.end, dropped, prepended, delta: false });
  }

  applyDelta(delta: SessionDelta): void {
    // A delta of another session (a stale message after the panel switched) must not mix in.
    if (this.sessionId !== undefined && delta.id !== this.sessionId) return;
    this.sessionId = delta.id;
    // The host evicts its oldest records, and this store holds the same records in the
    // same order (after any older ones still on their way or beyond the cap), so dropping
    // what is left from the front keeps both windows aligned.
    const { replace, append, changed } = delta;
    let dropped = this.records.dropFront(this.older.evict(replace.evicted));
    const appendedFrom = this.records.end;
    for (const r of append.records) this.appendRecord(r, true);
    for (const m of changed.messages ?? []) this.putMessage(m);
    this.continuity.append(replace.continuity, append.continuityIssues, append.resumes);
    this.diagnostics = replace.diagnostics;
    if (changed.request) this.request = changed.request;
    if (changed.response) this.response = changed.response;
    this.applyState(replace, delta.at);
    dropped += this.enforceCap();
    this.emit({ reset: false, appendedFrom, dropped, prepended: 0, delta: true });
  }

  /** Finds the outcome of the attempt a reconnect started: the first open/error after it, before the next reconnect. */
  outcomeAfter(seq: number, beforeSeq: number): AttemptOutcome | undefined {
    let lo = 0;
    let hi = this.outcomes.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.outcomes[mid]!.seq <= seq) lo = mid + 1;
      else hi = mid;
    }
    const next = this.outcomes[lo];
    return next && next.seq < beforeSeq ? next : undefined;
  }

  private appendRecord(r: SseRecord, fromDelta: boolean): void {
    // Deltas may overlap what is held (a resend after the panel was hidden): seq decides.
    if (r.seq <= this.records.lastSeq) return;
    this.records.push(r);
    this.debugSpans.observe(r);
    this.verdicts.observe(r);
    if (r.kind === 'close') {
      if (!r.willReconnect) this.stop = r;
    } else if (r.kind === 'reconnect' || r.kind === 'open') {
      this.stop = undefined;
    }
    if (isOutcome(r)) {
      this.outcomes.push(r);
      if (this.outcomes.length > MAX_OUTCOMES) this.outcomes.splice(0, this.outcomes.length - MAX_OUTCOMES);
      if (r.kind === 'open') {
        this.lastOpen = r;
        this.lastHttpError = undefined;
        this.request = r.request;
      } else if (r.status !== undefined) {
        this.lastHttpError = r;
      }
    }
    if (fromDelta && r.kind === 'reconnect' && r.seq > (this.reconnects[this.reconnects.length - 1]?.seq ?? 0)) {
      this.reconnects.push(r);
      if (this.reconnects.length > MAX_RECONNECTS) this.reconnects.splice(0, this.reconnects.length - MAX_RECONNECTS);
    }
  }

  /** What older records (oldest first, all older than those held) add to the derived state. */
  private learnOlder(records: readonly SseRecord[]): void {
    if (records.length === 0) return;
    this.debugSpans.observeOlder(records);
    this.verdicts.observeOlder(records);
    const outcomes = records.filter(isOutcome);
    if (outcomes.length === 0) return;
    const merged = outcomes.concat(this.outcomes);
    this.outcomes = merged.length > MAX_OUTCOMES ? merged.slice(merged.length - MAX_OUTCOMES) : merged;
    // The latest response, only when no newer record told it: as if read in seq order.
    if (this.lastOpen) return;
    let open: OpenRecord | undefined;
    let httpError: ErrorRecord | undefined;
    for (const r of outcomes) {
      if (r.kind === 'open') {
        open = r;
        httpError = undefined;
      } else if (r.status !== undefined) {
        httpError = r;
      }
    }
    // A newer HTTP error (there is no newer open) stays the current status.
    this.lastHttpError ??= httpError;
    if (open) {
      this.lastOpen = open;
      this.request ??= open.request;
    }
  }

  private putMessage(m: AssembledMessage): void {
    // firstSeq tells turns apart when a server reuses a message id for a new answer.
    const key = `${m.format}:${m.id}:${m.firstSeq}`;
    this.messages.delete(key);
    this.messages.set(key, m);
    if (this.messages.size > MAX_MESSAGES) {
      const oldest = this.messages.keys().next().value;
      if (oldest !== undefined) this.messages.delete(oldest);
    }
  }

  private applyState(s: SessionSnapshot | DeltaReplace, at: number): void {
    this.state = s.state;
    this.stats = s.stats;
    this.heartbeat = s.heartbeat;
    this.lastEventId = s.lastEventId;
    this.serverRetryMs = s.serverRetryMs;
    this.hostOffset = at - Date.now();
  }

  /** Older records on their way count against the cap too: those are given up first. */
  private enforceCap(): number {
    return this.records.dropFront(this.older.cap(this.records.size, MAX_HELD_RECORDS));
  }

  private emit(change: ModelChange): void {
    for (const listener of this.listeners) listener(change);
  }
}
