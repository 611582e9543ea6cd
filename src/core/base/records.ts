// The one record stream every view reads (panel, CLI, exports, tests).
// Records are plain JSON: no class instances, no Dates, no Maps, so they cross
// postMessage, JSONL files and process boundaries unchanged.
import type { Fault } from './fault';

/** Fields every record carries. */
export interface RecordBase {
  /** Position in the connection's record stream, from 1, never reused (even after eviction). */
  seq: number;
  /** Wall-clock receive time, ms since the epoch. */
  t: number;
  /** Monotonic ms since the connection was created; use this for intervals. */
  mono: number;
  /** Which fetch attempt produced it: 1 for the first connect, 2 for the first reconnect, ... */
  attempt: number;
}

export type HeaderList = Array<[name: string, value: string]>;

/** The request as it was sent, with secrets already redacted. */
export interface RequestSummary {
  method: string;
  url: string;
  headers: HeaderList;
  bodyBytes: number;
  /** The body as text (redacted where a secret was substituted), cut to a preview size. */
  bodyPreview?: string;
  authKind: AuthKind;
  /** Set when the request carries a secret in its URL (query-parameter auth): it leaks into server logs. */
  secretInUrl?: boolean;
  /**
   * Tapped requests only: a short salted hash of the Authorization value, never the value,
   * so a verdict can tell a refreshed token from the same one sent again. Comparable only
   * within one tapped stream (the salt is the stream's own and is never recorded).
   */
  authFingerprint?: string;
}

export type AuthKind = 'none' | 'bearer' | 'query' | 'cookie' | 'basic' | 'header';

export interface OpenRecord extends RecordBase {
  kind: 'open';
  status: number;
  statusText: string;
  headers: HeaderList;
  contentType: string;
  request: RequestSummary;
  /** The Last-Event-ID header sent with this attempt, if any. */
  lastEventIdSent?: string;
  /** ms from issuing the request to receiving response headers. */
  latencyMs: number;
  /** Redirects followed to get here (URLs redacted). */
  redirects?: Array<{ status: number; url: string; crossOrigin: boolean }>;
}

/** How the heartbeat monitor classifies an event. */
export type EventClass = 'data' | 'heartbeat';

export interface EventRecord extends RecordBase {
  kind: 'event';
  /** Event name; `message` when the server sent none (as the browser's EventSource does). */
  type: string;
  data: string;
  /** The `id:` field of this event if it had one ('' is a valid id that resets Last-Event-ID). */
  id?: string;
  /** The Last-Event-ID the client would send if it reconnected now. */
  lastEventId: string;
  /** UTF-8 size of `data` in bytes. */
  size: number;
  cls: EventClass;
  /** Set when `data` was cut for storage; `size` still tells the original size. */
  truncated?: boolean;
  /**
   * Tapped streams only: the program was paused (at a breakpoint) when this event reached
   * it, and got it this many ms later, in a burst after Continue.
   */
  heldMs?: number;
}

export interface CommentRecord extends RecordBase {
  kind: 'comment';
  text: string;
}

export interface RetryRecord extends RecordBase {
  kind: 'retry';
  /** The reconnection time the server asked for, in ms. */
  ms: number;
  previousMs?: number;
}

/** What a response said besides its status (sensitive headers redacted). */
export interface ResponseMeta {
  statusText: string;
  contentType: string;
  headers: HeaderList;
}

export type ErrorCode =
  | 'http-status' // the server answered with a status that is not 200
  | 'content-type' // 200 but not text/event-stream
  | 'network' // DNS, refused, reset, TLS, ...
  | 'timeout' // no response headers in time
  | 'idle-timeout' // no bytes for longer than the idle timeout
  | 'buffer-overflow' // a line or event larger than the parser's max buffer
  | 'parse' // invalid retry, unknown field: reported, not fatal
  | 'auth-refresh' // the 401 refresh hook failed
  | 'request' // the request could not be built (a header value that is not Latin-1, ...): never retried
  | 'decode'; // invalid UTF-8 (replaced with U+FFFD, reported once per attempt)

export interface ErrorRecord extends RecordBase {
  kind: 'error';
  code: ErrorCode;
  message: string;
  status?: number;
  /** Body of a refused response (text, cut to a preview size). */
  body?: string;
  /** A refused response (a status or content type that is not a stream): what it said. */
  response?: ResponseMeta;
  /** A refused response: the request that got it (redacted), as an open record carries it. */
  request?: RequestSummary;
  /** True when the connection gives up because of it (no reconnect follows). */
  fatal: boolean;
}

export type ReconnectReason =
  | 'error' // a network error or reset
  | 'closed' // the server ended the response normally
  | 'idle-timeout'
  | 'http-5xx'
  | 'http-retryable' // 408, 429
  | 'auth-refresh' // after a 401 and a successful token refresh
  | 'manual'; // the user asked to reconnect now

/**
 * Who picked the delay. 'growth': attempts in a row delivered no new event, so the policy's
 * growing backoff replaced a shorter server delay; 'floor': the policy's minimum delay
 * replaced a shorter one; 'program': the observed program's own client (a passive source
 * applies no policy).
 */
export type DelaySource = 'policy' | 'retry-field' | 'retry-after' | 'immediate' | 'growth' | 'floor' | 'program';

export type PolicyName = 'fixed' | 'linear' | 'exponential' | 'none';

export interface ReconnectRecord extends RecordBase {
  kind: 'reconnect';
  /** 1 for the first reconnect after an attempt that delivered a new event, counting up while attempts deliver none. */
  retryNumber: number;
  delayMs: number;
  reason: ReconnectReason;
  source: DelaySource;
  policy: PolicyName;
  /** What the next attempt will send as Last-Event-ID, if anything. */
  lastEventId?: string;
  /** Human-readable detail: the error message, the status, ... */
  detail?: string;
}

export type CloseReason =
  | 'server-closed' // the response ended (a reconnect may follow)
  | 'network-error'
  | 'aborted' // the user disconnected
  | 'no-content' // HTTP 204: the server asked the client to stop
  | 'fatal' // a status, content type or request that must not be retried (the error before it says which)
  | 'max-attempts' // the policy gave up
  | 'idle-timeout'
  | 'buffer-overflow';

export interface CloseRecord extends RecordBase {
  kind: 'close';
  reason: CloseReason;
  willReconnect: boolean;
  message: string;
  /** Bytes received in this attempt. */
  bytes: number;
  /** The HTTP status when the close came from one (204). */
  status?: number;
  /**
   * A tapped stream's close (a PassiveSource's): whether a request follows is the observed
   * program's choice, not ours, so `willReconnect` (always false there) claims nothing.
   */
  reconnectBy?: 'program';
  /** A tapped stream's close because the tap stopped observing it (the program's own response may go on). */
  stoppedObserving?: true;
}

export type MarkerKind = 'debug-start' | 'debug-stop' | 'debug-pause' | 'debug-continue' | 'note' | 'fault';

/** Something that happened outside the stream, shown on the timeline (debug sessions, user notes). */
export interface MarkerRecord extends RecordBase {
  kind: 'marker';
  marker: MarkerKind;
  label: string;
  /** marker 'fault': the fault the tap applied, as data (the label is its words, for people). */
  fault?: Fault;
}

/** How a program's behaviour measured up; 'unknown' is shown as "cannot tell": the evidence is missing. */
export type VerdictLevel = 'pass' | 'fail' | 'info' | 'unknown';

/** What a verdict check looked at. */
export type VerdictAspect = 'delay' | 'resume' | 'stop' | 'auth' | 'stall' | 'reconnect';

export interface VerdictCheck {
  aspect: VerdictAspect;
  level: VerdictLevel;
  /** One line in plain words: what the program did against what was expected. */
  text: string;
}

/**
 * A judgement of what a tapped program did (src/core/tap/judge.ts), against what the user
 * expects of its client (reconnect policy, heartbeat timeout). 'reconnect': one of its
 * reconnects (`reconnectSeq`); 'stop': it made no further request when it should, or should
 * not, have; 'summary': the run so far.
 */
export interface VerdictRecord extends RecordBase {
  kind: 'verdict';
  scope: 'reconnect' | 'stop' | 'stall' | 'summary';
  /** The worst of the checks (fail, then unknown, then info, then pass). */
  level: VerdictLevel;
  text: string;
  checks: VerdictCheck[];
  /** scope 'reconnect': the seq of the program's reconnect record it judges. */
  reconnectSeq?: number;
  /** scope 'reconnect': what ended the response before it, in words ("HTTP 503", "the connection broke"). */
  after?: string;
  /** scope 'summary': how many reconnect and stop verdicts of each level came before it. */
  counts?: Record<VerdictLevel, number>;
}

export type SseRecord =
  | OpenRecord
  | EventRecord
  | CommentRecord
  | RetryRecord
  | ErrorRecord
  | ReconnectRecord
  | CloseRecord
  | MarkerRecord
  | VerdictRecord;

export type RecordKind = SseRecord['kind'];

/** A record before the connection stamps seq/t/mono/attempt on it. */
export type RecordInit<R extends SseRecord = SseRecord> = R extends SseRecord ? Omit<R, keyof RecordBase> : never;

/** A chunk of a response body as it arrived, before decoding, timed like the records. */
export interface RawChunk {
  bytes: Uint8Array;
  attempt: number;
  /** The first chunk of its attempt. */
  first: boolean;
  /** Same clock as a record's `mono`. */
  mono: number;
  t: number;
}

export type ConnectionState =
  | 'idle' // created, not started
  | 'connecting' // request sent, waiting for headers
  | 'open' // streaming
  | 'waiting' // a reconnect is scheduled
  | 'closed' // stopped by the user, by 204, or the stream ended with reconnect off
  | 'failed'; // gave up: fatal status, content type, max attempts
