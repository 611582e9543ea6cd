// What the inspector keeps of one connection: a bounded record history plus the state
// derived from every record (counts, rates, heartbeat, reconnects). It is the single
// source of truth a panel renders from, so a reopened panel shows the full history.
import { MessageAssembler, type AssemblerOptions } from './assemble';
import type { Clock } from './base/clock';
import { DEFAULT_MAX_BYTES, DEFAULT_MAX_RECONNECTS, DEFAULT_MAX_RECORDS } from './base/defaults';
import { ContinuityChecker } from './continuity';
import { StreamDiagnostics, type DiagnosticsOptions } from './diagnostics';
import { systemClock } from './base/clock';
import { HeartbeatMonitor, type HeartbeatOptions } from './heartbeat';
import type { ConnectionState, PolicyName, RawChunk, ReconnectRecord, RequestSummary, SseRecord } from './base/records';
import { RecordRing } from './record-ring';
import type { ResponseSummary, SessionDelta, SessionSnapshot, SessionStats } from './snapshot';

export interface SessionOptions {
  id: string;
  label: string;
  policy: PolicyName;
  heartbeat: HeartbeatOptions;
  /** Most records held. Default DEFAULT_MAX_RECORDS. */
  maxRecords?: number;
  /** Most bytes held (estimated). Default DEFAULT_MAX_BYTES. */
  maxBytes?: number;
  /** Reconnect records kept apart from the ring buffer. Default DEFAULT_MAX_RECONNECTS. */
  maxReconnects?: number;
  clock?: Clock;
  /** How streamed answers are recognised (a JSON path for formats not known on their own). */
  assembler?: AssemblerOptions;
  diagnostics?: DiagnosticsOptions;
  /** The request the connection makes (redacted): shown before any response, and when none opens. */
  request?: RequestSummary;
}

/** Which records a snapshot holds (see Session.snapshot). */
export interface SnapshotWindow {
  /** At most this many records, the newest. */
  newest?: number;
  /** No record newer than this seq. */
  untilSeq?: number;
}

/** What one page of a delta holds (see Session.page). */
export interface PageRequest {
  /** Records newer than this seq (the newest the receiver has). */
  afterSeq: number;
  maxRecords?: number;
  maxBytes?: number;
  /** No record newer than this seq (capture held there). */
  untilSeq?: number;
}

const RATE_WINDOW_S = 5;

/** Rough memory cost of a record: its strings (2 bytes a char in V8's worst case) plus object overhead. */
export function estimateRecordBytes(r: SseRecord): number {
  const base = 160;
  switch (r.kind) {
    case 'event':
      return base + 2 * (r.data.length + r.type.length + (r.id?.length ?? 0) + r.lastEventId.length);
    case 'comment':
      return base + 2 * r.text.length;
    case 'error':
      // A refused response's record also carries its headers and the request that got it.
      return base + 2 * (r.message.length + (r.body?.length ?? 0)) + (r.response || r.request ? 2 * JSON.stringify([r.response, r.request]).length : 0);
    case 'open':
      return base + 2 * JSON.stringify(r.headers).length + 2 * JSON.stringify(r.request).length;
    default:
      return base + 100;
  }
}

function emptyStats(): SessionStats {
  return { events: 0, comments: 0, errors: 0, reconnects: 0, bytes: 0, byType: {}, eventsPerSec: 0, bytesPerSec: 0 };
}

export class Session {
  readonly id: string;
  label: string;
  private readonly clock: Clock;
  private readonly buffer: RecordRing;
  private heartbeat: HeartbeatMonitor;
  private readonly assembler: MessageAssembler;
  private continuity = new ContinuityChecker();
  private readonly diagnostics: StreamDiagnostics;
  private reconnects: ReconnectRecord[] = [];
  private readonly maxReconnects: number;
  private stats: SessionStats = emptyStats();
  /** Events and bytes per wall-clock second, for the rates. */
  private rateBuckets = new Map<number, { events: number; bytes: number }>();
  private state: ConnectionState = 'idle';
  private request: RequestSummary | undefined;
  /** Seq of the record that last set `request` (0: the options): deltas carry it only when newer, as `response` by its own seq. */
  private requestSeq = 0;
  private response: ResponseSummary | undefined;
  private lastEventId = '';
  private serverRetryMs: number | undefined;
  /** The counter of the last event name seen, and the current second's rate bucket: most events hit them. */
  private lastType: string | undefined;
  private lastTypeCount: { count: number; bytes: number } | undefined;
  private lastBucketSecond = NaN;
  private lastBucket: { events: number; bytes: number } | undefined;

  constructor(private readonly options: SessionOptions) {
    this.id = options.id;
    this.label = options.label;
    this.clock = options.clock ?? systemClock;
    this.buffer = new RecordRing(options.maxRecords ?? DEFAULT_MAX_RECORDS, options.maxBytes ?? DEFAULT_MAX_BYTES, estimateRecordBytes);
    this.heartbeat = new HeartbeatMonitor(options.heartbeat);
    this.assembler = new MessageAssembler(options.assembler);
    this.diagnostics = new StreamDiagnostics(options.diagnostics);
    this.maxReconnects = options.maxReconnects ?? DEFAULT_MAX_RECONNECTS;
    this.request = options.request;
  }

  get connectionState(): ConnectionState {
    return this.state;
  }
  get size(): number {
    return this.buffer.size;
  }
  get evicted(): number {
    return this.buffer.evicted;
  }
  get totals(): Readonly<SessionStats> {
    return this.stats;
  }

  setState(state: ConnectionState): void {
    this.state = state;
  }

  /** Wire bytes, counted as they arrive (before parsing). */
  addBytes(n: number): void {
    this.stats.bytes += n;
    this.bucket().bytes += n;
  }

  /** A raw chunk of the body, before parsing (diagnostics: BOM, line endings, bursts). */
  addChunk(chunk: RawChunk): void {
    this.diagnostics.observeChunk(chunk.bytes, chunk.first, chunk.mono, chunk.t);
  }

  add(record: SseRecord): void {
    this.buffer.push(record);
    this.heartbeat.observe(record);
    this.assembler.observe(record);
    this.continuity.observe(record);
    this.diagnostics.observe(record);
    switch (record.kind) {
      case 'event': {
        this.stats.events++;
        // A flood is mostly one or two event names: the last one's counter is at hand
        // (names are interned by the connection, so the comparison is a pointer check).
        let t = this.lastType === record.type ? this.lastTypeCount : undefined;
        if (!t) {
          t = this.stats.byType[record.type] ??= { count: 0, bytes: 0 };
          this.lastType = record.type;
          this.lastTypeCount = t;
        }
        t.count++;
        t.bytes += record.size;
        this.stats.firstEventAt ??= record.t;
        this.stats.lastEventAt = record.t;
        this.lastEventId = record.lastEventId;
        this.bucket(record.t).events++;
        break;
      }
      case 'comment':
        this.stats.comments++;
        break;
      case 'error':
        this.stats.errors++;
        // A refused response (its status) is the latest response, and what it answered is the latest request.
        if (record.status !== undefined) {
          const meta = record.response;
          this.response = {
            seq: record.seq,
            attempt: record.attempt,
            status: record.status,
            statusText: meta?.statusText ?? '',
            contentType: meta?.contentType ?? '',
            headers: meta?.headers ?? [],
            refused: { code: record.code, message: record.message, fatal: record.fatal },
          };
          if (record.request) this.setRequest(record.request, record.seq);
        }
        break;
      case 'reconnect':
        this.stats.reconnects++;
        this.reconnects.push(record);
        if (this.reconnects.length > this.maxReconnects) this.reconnects.shift();
        break;
      case 'retry':
        this.serverRetryMs = record.ms;
        break;
      case 'open':
        this.setRequest(record.request, record.seq);
        this.response = { seq: record.seq, attempt: record.attempt, status: record.status, statusText: record.statusText, contentType: record.contentType, headers: record.headers };
        break;
      default:
        break;
    }
  }

  private setRequest(request: RequestSummary, seq: number): void {
    this.request = request;
    this.requestSeq = seq;
  }

  private bucket(t = this.clock.now()): { events: number; bytes: number } {
    const second = Math.floor(t / 1000);
    if (second === this.lastBucketSecond && this.lastBucket) return this.lastBucket;
    let b = this.rateBuckets.get(second);
    if (!b) {
      b = { events: 0, bytes: 0 };
      this.rateBuckets.set(second, b);
      // Forget seconds that fell out of the window so the map stays tiny.
      for (const key of this.rateBuckets.keys()) if (key <= second - RATE_WINDOW_S - 1) this.rateBuckets.delete(key);
    }
    this.lastBucketSecond = second;
    this.lastBucket = b;
    return b;
  }

  private rates(now: number): { eventsPerSec: number; bytesPerSec: number } {
    const current = Math.floor(now / 1000);
    let events = 0;
    let bytes = 0;
    // The current second is still filling up: use the completed window before it plus it, over the elapsed span.
    for (const [second, b] of this.rateBuckets) {
      if (second > current - RATE_WINDOW_S && second <= current) {
        events += b.events;
        bytes += b.bytes;
      }
    }
    const span = RATE_WINDOW_S - 1 + (now % 1000) / 1000;
    return { eventsPerSec: round1(events / span), bytesPerSec: Math.round(bytes / span) };
  }

  private derivedStats(now: number): SessionStats {
    return { ...this.stats, byType: cloneByType(this.stats.byType), ...this.rates(now) };
  }

  /**
   * Everything a fresh webview needs. With `newest`, only that many of the newest records:
   * the first page of a snapshot sent in pages, the older ones following via recordsBefore().
   * With `untilSeq`, the session as it stood at that record (capture held there): no newer
   * record, and nothing derived from newer records.
   */
  snapshot(window: SnapshotWindow = {}): SessionSnapshot {
    const now = this.clock.now();
    const newest = window.newest ?? Infinity;
    const untilSeq = window.untilSeq;
    let records: SseRecord[];
    if (untilSeq === undefined) records = newest >= this.buffer.size ? this.buffer.toArray() : this.buffer.sliceFrom(this.buffer.size - newest);
    else {
      // Seqs in the buffer are contiguous, so the position is arithmetic, not a search.
      const end = Math.min(this.buffer.size, Math.max(0, untilSeq + 1 - (this.buffer.at(0)?.seq ?? 0)));
      const start = Math.max(0, end - newest);
      records = this.buffer.sliceFrom(start, end - start);
    }
    const continuity = this.continuity.state();
    const snap: SessionSnapshot = {
      id: this.id,
      label: this.label,
      state: this.state,
      policy: this.options.policy,
      records,
      evicted: this.evicted,
      reconnects: [...this.reconnects],
      stats: this.derivedStats(now),
      heartbeat: this.heartbeat.state(),
      lastEventId: this.lastEventId,
      messages: untilSeq === undefined ? this.assembler.list() : this.assembler.list().filter((m) => m.lastSeq <= untilSeq),
      continuity: untilSeq === undefined ? continuity : { ...continuity, issues: continuity.issues.filter((i) => i.seq <= untilSeq), resumes: continuity.resumes.filter((r) => r.seq <= untilSeq) },
      diagnostics: this.diagnostics.list(),
      at: now,
    };
    if (this.request) snap.request = this.request;
    if (this.response) snap.response = this.response;
    if (this.serverRetryMs !== undefined) snap.serverRetryMs = this.serverRetryMs;
    return snap;
  }

  /**
   * One page of what came after `afterSeq`, already cut: the held records after it, oldest
   * first, at most `maxRecords` of them and `maxBytes` by estimateRecordBytes (always at least
   * one), none newer than `untilSeq`; plus the derived state now. When the page stops before
   * the newest record, what belongs to the records left out stays out too (continuity issues
   * and resumes, grown answers, request and response): they come with the page that holds
   * their record, so nothing is sent twice and nothing from beyond a breakpoint shows.
   */
  page(request: PageRequest): SessionDelta {
    const { afterSeq } = request;
    const now = this.clock.now();
    const first = this.buffer.at(0);
    let records: SseRecord[] = [];
    if (first) {
      // Seqs in the buffer are contiguous, so positions are arithmetic, not a search.
      const from = afterSeq + 1 - first.seq;
      let max = request.maxRecords ?? Infinity;
      if (request.untilSeq !== undefined) max = Math.max(0, Math.min(max, request.untilSeq + 1 - first.seq - Math.max(0, from)));
      if (max > 0) records = this.buffer.sliceFrom(from, max, request.maxBytes ?? Infinity);
    }
    const last = records[records.length - 1];
    const upTo = last && last.seq < this.lastSeq ? last.seq : Infinity;
    const within = (seq: number): boolean => seq > afterSeq && seq <= upTo;
    const { issues, resumes, ...counters } = this.continuity.state();
    const delta: SessionDelta = {
      id: this.id,
      at: now,
      replace: {
        state: this.state,
        evicted: this.evicted,
        stats: this.derivedStats(now),
        heartbeat: this.heartbeat.state(),
        lastEventId: this.lastEventId,
        continuity: counters,
        diagnostics: this.diagnostics.list(),
      },
      append: { records, continuityIssues: issues.filter((i) => within(i.seq)), resumes: resumes.filter((r) => within(r.seq)) },
      changed: {},
    };
    if (this.serverRetryMs !== undefined) delta.replace.serverRetryMs = this.serverRetryMs;
    const grown = this.assembler.list().filter((m) => within(m.lastSeq));
    if (grown.length > 0) delta.changed.messages = grown;
    // Only when newer than what the webview has: a request carries up to 4 KB of body preview.
    if (this.request && within(this.requestSeq)) delta.changed.request = this.request;
    if (this.response && within(this.response.seq)) delta.changed.response = this.response;
    return delta;
  }

  /**
   * Up to `max` held records older than `beforeSeq`, oldest first: the page of history just
   * before what a webview already has. `remaining`: how many held records are older still.
   */
  recordsBefore(beforeSeq: number, max: number): { records: SseRecord[]; remaining: number } {
    const first = this.buffer.at(0);
    if (!first) return { records: [], remaining: 0 };
    // Seqs in the buffer are contiguous (see page).
    const end = Math.min(this.buffer.size, Math.max(0, beforeSeq - first.seq));
    const start = Math.max(0, end - Math.max(0, max));
    return { records: this.buffer.sliceFrom(start, end - start), remaining: start };
  }

  /** The records held, oldest first: what exports and recordings write (no derived state computed for them). */
  heldRecords(): SseRecord[] {
    return this.buffer.toArray();
  }

  /** The latest request sent (redacted); before any answer, the one the connection was made with. */
  get latestRequest(): RequestSummary | undefined {
    return this.request;
  }

  /** The newest record's seq, or 0. */
  get lastSeq(): number {
    return this.buffer.at(this.buffer.size - 1)?.seq ?? 0;
  }

  /** Lets go of the history at once (a disposed inspector may stay referenced a while); the session holds no records after. */
  dispose(): void {
    this.buffer.clear();
  }

  /** Forgets the history (the user's "clear"); the connection keeps running. */
  clear(): void {
    this.buffer.clear();
    this.reconnects = [];
    this.stats = emptyStats();
    this.lastType = undefined;
    this.lastTypeCount = undefined;
    this.rateBuckets.clear();
    this.lastBucket = undefined;
    this.heartbeat = new HeartbeatMonitor(this.options.heartbeat);
    this.assembler.clear();
    this.continuity = new ContinuityChecker();
    this.diagnostics.clear();
  }

  /** Streamed answers assembled so far. */
  messages(): ReturnType<MessageAssembler['list']> {
    return this.assembler.list();
  }
}

function cloneByType(byType: SessionStats['byType']): SessionStats['byType'] {
  const out: SessionStats['byType'] = {};
  for (const [k, v] of Object.entries(byType)) out[k] = { ...v };
  return out;
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}
