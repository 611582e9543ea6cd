// The webview's copy of one session, kept in step with the host by protocol messages:
// a snapshot replaces everything, a delta appends records and replaces the derived state.
// Memory stays bounded: records the host evicted are dropped here too, and a hard cap
// protects the panel if the host's buffer is larger than the webview wants to hold.
import type { AssembledMessage } from '../src/core/assemble';
import type { StreamDiagnostic } from '../src/core/diagnostics';
import type { ConnectionState, ErrorRecord, OpenRecord, PolicyName, ReconnectRecord, RequestSummary, SseRecord } from '../src/core/records';
import type { HeartbeatState, SessionDelta, SessionSnapshot, SessionStats } from '../src/core/snapshot';
import { ContinuityLog } from './continuity-log';
import { DebugSpans } from './debug-spans';
import { RecordStore } from './record-store';

/** Most records the panel holds (the host's ring buffer defaults to 50 000). */
export const MAX_HELD_RECORDS = 200_000;
const MAX_RECONNECTS = 1000;
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
  readonly messages = new Map<string, AssembledMessage>();
  /** Gaps and duplicates in the id: sequence, and how each resume went. */
  readonly continuity = new ContinuityLog();
  /** How the server sends its stream (Problems tab); the host sends the whole list each time. */
  diagnostics: StreamDiagnostic[] = [];
  /** When the debugged program was paused (from the host's debug markers). */
  readonly debugSpans = new DebugSpans();
  /** Host clock minus webview clock, from each message's `at`: ages are computed in host time, so skew cancels. */
  hostOffset = 0;
  hasSnapshot = false;
  /** Records the host evicted (as it last reported). */
  private hostEvicted = 0;
  /** Records this panel dropped on its own to stay under MAX_HELD_RECORDS. */
  private locallyDropped = 0;
  /** Host time at which the clock stands still (capture paused at a breakpoint), if it does. */
  private frozenAt: number | undefined;
  private readonly listeners = new Set<Listener>();

  /** Older records no longer shown, whoever dropped them. */
  get evicted(): number {
    return this.hostEvicted + this.locallyDropped;
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

  applySnapshot(snap: SessionSnapshot): void {
    this.sessionId = snap.id;
    this.label = snap.label;
    this.policy = snap.policy;
    this.request = snap.request;
    this.records.clear();
    this.reconnects = snap.reconnects.slice(-MAX_RECONNECTS);
    this.outcomes = [];
    this.lastOpen = undefined;
    this.lastHttpError = undefined;
    this.messages.clear();
    this.debugSpans.clear();
    this.continuity.replace(snap.continuity);
    this.diagnostics = snap.diagnostics ?? [];
    this.hostEvicted = snap.evicted;
    this.locallyDropped = 0;
    this.hasSnapshot = true;
    const appendedFrom = this.records.end;
    for (const r of snap.records) this.appendRecord(r, false);
    for (const m of snap.messages ?? []) this.putMessage(m);
    this.applyState(snap);
    const dropped = this.enforceCap();
    this.emit({ reset: true, appendedFrom, dropped });
  }

  applyDelta(delta: SessionDelta): void {
    // A delta of another session (a stale message after the panel switched) must not mix in.
    if (this.sessionId !== undefined && delta.id !== this.sessionId) return;
    this.sessionId = delta.id;
    let dropped = 0;
    const newlyEvicted = delta.evicted - this.hostEvicted;
    // The host evicts its oldest records, and this store holds the same records in the
    // same order, so dropping as many from the front keeps both windows aligned.
    if (newlyEvicted > 0) dropped += this.records.dropFront(newlyEvicted);
    this.hostEvicted = delta.evicted;
    const appendedFrom = this.records.end;
    for (const r of delta.records) this.appendRecord(r, true);
    for (const m of delta.messages ?? []) this.putMessage(m);
    if (delta.continuity) this.continuity.append(delta.continuity);
    if (delta.diagnostics) this.diagnostics = delta.diagnostics;
    this.applyState(delta);
    dropped += this.enforceCap();
    this.emit({ reset: false, appendedFrom, dropped });
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

  private applyState(s: SessionSnapshot | SessionDelta): void {
    this.state = s.state;
    this.stats = s.stats;
    this.heartbeat = s.heartbeat;
    this.lastEventId = s.lastEventId;
    this.serverRetryMs = s.serverRetryMs;
    this.hostOffset = s.at - Date.now();
  }

  private enforceCap(): number {
    const over = this.records.size - MAX_HELD_RECORDS;
    if (over <= 0) return 0;
    const dropped = this.records.dropFront(over);
    this.locallyDropped += dropped;
    return dropped;
  }

  private emit(change: ModelChange): void {
    for (const listener of this.listeners) listener(change);
  }
}
