// Record factories for the webview tests, typed against the core's SseRecord so the tests
// stay in step with what the host really sends.
import type {
  CloseReason,
  MarkerKind,
  DelaySource,
  ErrorCode,
  EventClass,
  EventRecord,
  HeaderList,
  OpenRecord,
  PolicyName,
  ReconnectReason,
  RecordBase,
  RequestSummary,
  ResponseMeta,
  SseRecord,
} from '../../../src/core/base/records';
import type { ContinuityState } from '../../../src/core/continuity';
import type { DeltaAppend, DeltaChanged, DeltaReplace, HeartbeatState, SessionDelta, SessionSnapshot, SessionStats } from '../../../src/core/snapshot';

/** 10:30:00.000 local time on a fixed day: rows show predictable HH:MM:SS.mmm. */
export const BASE_TIME = new Date(2025, 2, 14, 10, 30, 0, 0).getTime();

export const DEFAULT_REQUEST: RequestSummary = {
  method: 'GET',
  url: 'http://127.0.0.1:3000/events',
  headers: [['Accept', 'text/event-stream']],
  bodyBytes: 0,
  authKind: 'none',
};

export const SSE_HEADERS: HeaderList = [
  ['content-type', 'text/event-stream'],
  ['cache-control', 'no-cache, no-transform'],
  ['connection', 'keep-alive'],
  ['x-accel-buffering', 'no'],
];

/** Produces records the way a connection does: ascending seq, a clock, attempts that count up on reconnect. */
export class RecordFactory {
  private seq = 0;
  private attempt = 1;
  private lastEventId = '';
  t: number;

  constructor(
    private readonly start = BASE_TIME,
    private readonly request: RequestSummary = DEFAULT_REQUEST,
  ) {
    this.t = start;
  }

  /** Moves the clock on. */
  wait(ms: number): this {
    this.t += ms;
    return this;
  }

  private base(): RecordBase {
    return { seq: ++this.seq, t: this.t, mono: this.t - this.start, attempt: this.attempt };
  }

  event(type: string, data: string, o: { id?: string; cls?: EventClass; truncated?: boolean } = {}): EventRecord {
    if (o.id !== undefined) this.lastEventId = o.id;
    const r: EventRecord = {
      ...this.base(),
      kind: 'event',
      type,
      data,
      lastEventId: this.lastEventId,
      size: Buffer.byteLength(data, 'utf8'),
      cls: o.cls ?? (type === 'heartbeat' ? 'heartbeat' : 'data'),
    };
    if (o.id !== undefined) r.id = o.id;
    if (o.truncated) r.truncated = true;
    return r;
  }

  comment(text: string): SseRecord {
    return { ...this.base(), kind: 'comment', text };
  }

  retry(ms: number, previousMs?: number): SseRecord {
    return previousMs === undefined ? { ...this.base(), kind: 'retry', ms } : { ...this.base(), kind: 'retry', ms, previousMs };
  }

  open(o: { status?: number; statusText?: string; headers?: HeaderList; contentType?: string; lastEventIdSent?: string; request?: RequestSummary } = {}): OpenRecord {
    const r: OpenRecord = {
      ...this.base(),
      kind: 'open',
      status: o.status ?? 200,
      statusText: o.statusText ?? 'OK',
      headers: o.headers ?? SSE_HEADERS,
      contentType: o.contentType ?? 'text/event-stream',
      request: o.request ?? this.request,
      latencyMs: 12,
    };
    if (o.lastEventIdSent !== undefined) r.lastEventIdSent = o.lastEventIdSent;
    return r;
  }

  error(code: ErrorCode, message: string, o: { status?: number; body?: string; fatal?: boolean; response?: ResponseMeta } = {}): SseRecord {
    const r: SseRecord = { ...this.base(), kind: 'error', code, message, fatal: o.fatal ?? false };
    if (o.status !== undefined) r.status = o.status;
    if (o.body !== undefined) r.body = o.body;
    // A refused response carries what it said and the request that got it, as the connection records it.
    if (o.response !== undefined) {
      r.response = o.response;
      r.request = this.request;
    }
    return r;
  }

  /** A reconnect ends the current attempt: records after it belong to the next one. */
  reconnect(o: { retryNumber: number; delayMs: number; reason: ReconnectReason; source: DelaySource; policy?: PolicyName; detail?: string; lastEventId?: string }): SseRecord {
    const r: SseRecord = { ...this.base(), kind: 'reconnect', retryNumber: o.retryNumber, delayMs: o.delayMs, reason: o.reason, source: o.source, policy: o.policy ?? 'linear' };
    const lastEventId = o.lastEventId ?? (this.lastEventId || undefined);
    if (lastEventId !== undefined) r.lastEventId = lastEventId;
    if (o.detail !== undefined) r.detail = o.detail;
    this.attempt++;
    return r;
  }

  close(reason: CloseReason, message: string, o: { willReconnect?: boolean; bytes?: number } = {}): SseRecord {
    return { ...this.base(), kind: 'close', reason, message, willReconnect: o.willReconnect ?? false, bytes: o.bytes ?? 0 };
  }

  /** Something outside the stream (a debug session's start, pause, ...), as the host records it. */
  marker(label: string, marker: MarkerKind = 'note'): SseRecord {
    return { ...this.base(), kind: 'marker', marker, label };
  }
}

/** Continuity state: numeric ids, nothing wrong, unless `o` says otherwise. */
export function continuityOf(o: Partial<ContinuityState> = {}): ContinuityState {
  return { numericIds: true, eventsWithIds: 0, gaps: 0, missingIds: 0, duplicates: 0, issues: [], resumes: [], ...o };
}

export function heartbeatOf(o: Partial<HeartbeatState> = {}): HeartbeatState {
  return {
    expectedSource: 'unknown',
    idleTimeoutMs: 60_000,
    beatSource: 'none',
    heartbeatEvents: ['heartbeat'],
    beats: 0,
    missed: 0,
    gaps: { count: 0, minMs: 0, meanMs: 0, p50Ms: 0, p95Ms: 0, maxMs: 0 },
    recentGaps: [],
    commentsOnly: false,
    ...o,
  };
}

/** Session stats as the core would count them from these records. */
export function statsOf(records: readonly SseRecord[]): SessionStats {
  const stats: SessionStats = { events: 0, comments: 0, errors: 0, reconnects: 0, bytes: 0, byType: {}, eventsPerSec: 0, bytesPerSec: 0 };
  for (const r of records) {
    if (r.kind === 'event') {
      stats.events++;
      const c = (stats.byType[r.type] ??= { count: 0, bytes: 0 });
      c.count++;
      c.bytes += r.size;
      stats.bytes += r.size + r.type.length + 16;
    } else if (r.kind === 'comment') stats.comments++;
    else if (r.kind === 'error') stats.errors++;
    else if (r.kind === 'reconnect') stats.reconnects++;
  }
  return stats;
}

export function snapshotOf(records: SseRecord[], o: Partial<SessionSnapshot> = {}): SessionSnapshot {
  const lastEvent = [...records].reverse().find((r): r is EventRecord => r.kind === 'event');
  const firstOpen = records.find((r): r is OpenRecord => r.kind === 'open');
  const snap: SessionSnapshot = {
    id: 'session-1',
    label: 'Demo S1 events',
    state: 'open',
    policy: 'linear',
    records,
    evicted: 0,
    reconnects: records.filter((r) => r.kind === 'reconnect'),
    stats: statsOf(records),
    heartbeat: heartbeatOf(),
    lastEventId: lastEvent?.lastEventId ?? '',
    messages: [],
    at: (records[records.length - 1]?.t ?? BASE_TIME) + 1000,
    ...o,
  };
  if (firstOpen && !o.request) snap.request = firstOpen.request;
  return snap;
}

/** What a test sets of a delta: any part of each group (the records are deltaOf's first argument). */
export interface DeltaParts {
  id?: string;
  at?: number;
  replace?: Partial<DeltaReplace>;
  append?: Partial<Omit<DeltaAppend, 'records'>>;
  changed?: DeltaChanged;
}

export function deltaOf(records: SseRecord[], o: DeltaParts = {}): SessionDelta {
  const { issues: _issues, resumes: _resumes, ...counters } = continuityOf();
  return {
    id: o.id ?? 'session-1',
    at: o.at ?? (records[records.length - 1]?.t ?? BASE_TIME) + 1000,
    replace: { state: 'open', evicted: 0, stats: statsOf(records), heartbeat: heartbeatOf(), lastEventId: '', continuity: counters, diagnostics: [], ...o.replace },
    append: { records, continuityIssues: [], resumes: [], ...o.append },
    changed: { ...o.changed },
  };
}

/** Delta parts carrying a ContinuityState as the host splits it: the counters replace, the issues and resumes append. */
export function withContinuity(state: ContinuityState, o: DeltaParts = {}): DeltaParts {
  const { issues, resumes, ...continuity } = state;
  return { ...o, replace: { ...o.replace, continuity }, append: { ...o.append, continuityIssues: issues, resumes } };
}
