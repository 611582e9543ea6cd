// Derived state of one connection, computed by the session from its records.
// Plain JSON so that the webview, the CLI and tests all read the same shape.
import type { AssembledMessage } from './assemble';
import type { ContinuityState } from './continuity';
import type { StreamDiagnostic } from './diagnostic-types';
import type { ConnectionState, ErrorCode, HeaderList, PolicyName, ReconnectRecord, RequestSummary, SseRecord } from './records';

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

/** What changed since the previous delta: new records plus the derived state. */
export interface SessionDelta {
  id: string;
  state: ConnectionState;
  records: SseRecord[];
  evicted: number;
  stats: SessionStats;
  heartbeat: HeartbeatState;
  lastEventId: string;
  serverRetryMs?: number;
  /** Assembled messages that changed in this delta's records (whole, replacing the webview's copy). */
  messages?: AssembledMessage[];
  /** Counters as now; `issues` and `resumes` only those newer than the delta's start (append them). */
  continuity?: ContinuityState;
  /** The whole list (it is short), replacing the webview's copy. */
  diagnostics?: StreamDiagnostic[];
  /** The latest request, when it changed since the delta's start. */
  request?: RequestSummary;
  /** The latest response, when it changed since the delta's start. */
  response?: ResponseSummary;
  at: number;
}
