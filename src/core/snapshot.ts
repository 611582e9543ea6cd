// Derived state of one connection, computed by the session from its records.
// Plain JSON so that the webview, the CLI and tests all read the same shape.
import type { AssembledMessage } from './assemble';
import type { ContinuityCounters, ContinuityIssue, ContinuityState, ResumeCheck } from './continuity';
import type { StreamDiagnostic } from './diagnostic-types';
import type { ConnectionState, ErrorCode, HeaderList, PolicyName, ReconnectRecord, RequestSummary, SseRecord } from './base/records';

export interface TypeCount {
  count: number;
  bytes: number;
}

export interface SessionStats {
  /** Every event received, including any evicted from the ring buffer. */
  events: number;
  comments: number;
  errors: number;
  reconnects: number;
  /** Bytes received on the wire (all attempts). */
  bytes: number;
  /** Per event type counts (all events received, not just the ones still held). */
  byType: Record<string, TypeCount>;
  /** Events per second over the last few seconds. */
  eventsPerSec: number;
  bytesPerSec: number;
  firstEventAt?: number;
  lastEventAt?: number;
}

export interface GapStats {
  count: number;
  minMs: number;
  meanMs: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
}

export interface HeartbeatState {
  /** The configured cadence, or the one inferred from observed beats. */
  expectedIntervalMs?: number;
  expectedSource: 'configured' | 'inferred' | 'unknown';
  /** Silence after which the connection is declared dead and reconnected. 0 = off. */
  idleTimeoutMs: number;
  /** What counts as a beat on this stream. */
  beatSource: 'event' | 'comment' | 'none';
  /** Names of events that count as heartbeats. */
  heartbeatEvents: string[];
  beats: number;
  lastBeatAt?: number;
  /** Any byte of the stream (events, comments, retry), for the idle timeout. */
  lastActivityAt?: number;
  /** Beats that should have come but did not (from gaps between beats). */
  missed: number;
  gaps: GapStats;
  /** The last gaps between beats (ms), oldest first, for the chart. */
  recentGaps: number[];
  /** True when the stream only ever sent `:` comments as keep-alives. */
  commentsOnly: boolean;
}

/**
 * The connection's latest response, whether its stream opened or it was refused (a status or
 * content type that is not a stream). Kept by the session, so it outlives its record's eviction.
 */
export interface ResponseSummary {
  /** The open or error record it came from. */
  seq: number;
  attempt: number;
  status: number;
  statusText: string;
  contentType: string;
  headers: HeaderList;
  /** Set when the response was refused: why, as its error record says. */
  refused?: { code: ErrorCode; message: string; fatal: boolean };
}

export interface SessionSnapshot {
  id: string;
  label: string;
  state: ConnectionState;
  /** The latest request sent (redacted); before any answer, the one the connection was made with. */
  request?: RequestSummary;
  /** The latest response (see ResponseSummary). */
  response?: ResponseSummary;
  policy: PolicyName;
  /** The records still held by the ring buffer, oldest first. */
  records: SseRecord[];
  /** Records dropped from the front of the ring buffer to keep it within bounds. */
  evicted: number;
  /** Every reconnect of the session (kept apart from the ring buffer, capped separately). */
  reconnects: ReconnectRecord[];
  stats: SessionStats;
  heartbeat: HeartbeatState;
  lastEventId: string;
  /** The server's latest `retry:` in ms, if it sent one. */
  serverRetryMs?: number;
  /** Streamed answers reassembled from their fragments (bot-chunk, content + [DONE]). */
  messages?: AssembledMessage[];
  /** Resume continuity of the id: sequence (gaps, duplicates, each resume judged). */
  continuity?: ContinuityState;
  /** How the server sends its stream, in the Problems style. */
  diagnostics?: StreamDiagnostic[];
  /** Wall-clock time the snapshot was taken; the webview ages "last beat" from it. */
  at: number;
}

/**
 * What changed since the previous delta, grouped by how the receiver merges it into its copy:
 * `replace` fields replace it whole, `append` lists go after what it holds, and `changed`
 * holds only what changed, each item replacing its own older version.
 */
export interface SessionDelta {
  id: string;
  /** Wall-clock time the delta was taken. */
  at: number;
  replace: DeltaReplace;
  append: DeltaAppend;
  changed: DeltaChanged;
}

/** The derived state as it is now (each field replaces the receiver's). */
export interface DeltaReplace {
  state: ConnectionState;
  /** Records dropped from the front of the history so far. */
  evicted: number;
  stats: SessionStats;
  heartbeat: HeartbeatState;
  lastEventId: string;
  serverRetryMs?: number;
  /** Continuity counters (the issues and resumes come in `append`). */
  continuity: ContinuityCounters;
  /** The whole list (it is short). */
  diagnostics: StreamDiagnostic[];
}

/** Newer than anything the receiver holds, oldest first. */
export interface DeltaAppend {
  records: SseRecord[];
  /** Continuity issues found at this delta's records. */
  continuityIssues: ContinuityIssue[];
  /** Resume checks of attempts that opened in this delta's records. */
  resumes: ResumeCheck[];
}

/** Only what changed in this delta's records. */
export interface DeltaChanged {
  /** Assembled answers that grew, whole (each replaces the receiver's answer of the same id). */
  messages?: AssembledMessage[];
  /** The latest request, when its record is in this delta. */
  request?: RequestSummary;
  /** The latest response, when its record is in this delta. */
  response?: ResponseSummary;
}
