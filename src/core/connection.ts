// One SSE connection: a sequence of fetch attempts with reconnects between them.
// Every observable thing becomes a record (see records.ts); nothing is printed or
// rendered here. The spec parser (eventsource-parser) does the framing.
import { createParser, type EventSourceMessage, type EventSourceParser, type ParseError } from 'eventsource-parser';
import { Agent, fetch as undiciFetch } from 'undici';
import type { AuthConfig } from './auth';
import { systemClock, type Clock, type TimerHandle } from './clock';
import { Emitter, type Disposable } from './emitter';
import type {
  CloseReason,
  ConnectionState,
  DelaySource,
  ErrorCode,
  EventClass,
  EventRecord,
  MarkerKind,
  ReconnectReason,
  RecordInit,
  SseRecord,
} from './records';
import { classifyResponse, decideDelay, mayReconnect, parseRetryAfter, POLICY_PRESETS, type ReconnectPolicy } from './reconnect';
import { redactHeaders, scrubSecrets } from './redact';
import { buildRequest, followRedirect, headerProblem, takeLastEventIdHeader, type SseRequest } from './request';
import { TimeSlice } from './time-slice';

export const DEFAULT_HEARTBEAT_EVENTS = ['heartbeat', 'ping', 'keepalive', 'keep-alive'];

export interface ConnectionOptions {
  request: SseRequest;
  /** Defaults to the browser-like fixed 3 s policy. */
  reconnect?: ReconnectPolicy;
  /** Declare the stream dead after this much silence and reconnect. 0 turns it off. Default 60 s (the seed's client). */
  idleTimeoutMs?: number;
  /** How long to wait for the TCP/TLS connection and then for the response headers. Default 30 s; 0 = no limit. */
  headersTimeoutMs?: number;
  /**
   * The Last-Event-ID to start from (sent on the first attempt, and reported as the
   * `lastEventId` of events before the stream's first `id:`). A Last-Event-ID header in
   * `request.headers` is taken as this when it is not set.
   */
  lastEventId?: string;
  /** The parser's limit on one line or one event, in characters. Default 16 Mi. */
  maxBufferSize?: number;
  /** Event data longer than this is cut in the record (the size stays exact). Default 4 Mi characters. */
  maxStoredDataChars?: number;
  /** Event names that count as heartbeats. */
  heartbeatEvents?: string[];
  /** Called after a 401: return fresh credentials to retry once, or undefined to give up. */
  refreshAuth?: (context: { status: number; body: string }) => Promise<AuthConfig | undefined>;
  clock?: Clock;
  /** Stands in for undici's fetch (for tests of the fetch boundary only). */
  fetch?: typeof undiciFetch;
  /** Random source for jitter. */
  random?: () => number;
}

const BODY_PREVIEW_BYTES = 4096;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 10;
/** Distinct event names shared between records; a stream that invents names per event stops being interned past this. */
const MAX_INTERNED_TYPES = 1024;

/** A chunk of the response body as it arrived, timed like the records. */
export interface RawChunk {
  bytes: Uint8Array;
  attempt: number;
  /** The first chunk of its attempt. */
  first: boolean;
  /** Same clock as a record's `mono`. */
  mono: number;
  t: number;
}

/** An event name as records carry it: the shared string and whether it counts as a heartbeat. */
interface EventName {
  type: string;
  cls: EventClass;
}

type AttemptEnd =
  | { kind: 'closed' } // the server ended the response
  | { kind: 'aborted' } // stop() or reconnectNow()
  | { kind: 'network'; message: string }
  | { kind: 'idle' }
  | { kind: 'overflow'; message: string }
  | { kind: 'retryable'; status: number; retryAfterMs?: number; detail: string }
  | { kind: 'auth-refreshed' }
  | { kind: 'fatal'; noContent?: boolean }; // the fatal error and close records were already emitted

export class SseConnection {
  private readonly clock: Clock;
  private readonly policy: ReconnectPolicy;
  private readonly idleTimeoutMs: number;
  private readonly heartbeatEvents: Set<string>;
  private readonly maxStoredDataChars: number;
  private readonly agent: Agent;
  private readonly createdMono: number;
  private request: SseRequest;

  private readonly recordEmitter = new Emitter<SseRecord>();
  private readonly stateEmitter = new Emitter<ConnectionState>();
  private readonly bytesEmitter = new Emitter<number>();
  private readonly chunkEmitter = new Emitter<RawChunk>();

  private seq = 0;
  private attempt = 0;
  private retryNumber = 0;
  private _state: ConnectionState = 'idle';
  private _lastEventId = '';
  private _serverRetryMs: number | undefined;
  private _bytes = 0;
  private refreshedSinceOpen = false;
  // What the current attempt delivered, to tell whether it made progress (see madeProgress).
  private attemptOpened = false;
  private attemptEvents = 0;
  private attemptSawId = false;
  private attemptStartId = '';

  private current: AbortController | undefined;
  /** Why the current attempt is being aborted, so the attempt knows what to report. */
  private abortCause: 'stop' | 'manual' | 'idle' | undefined;
  private reconnectTimer: TimerHandle | undefined;
  private idleTimer: TimerHandle | undefined;
  /** sinceCreated() of the newest chunk of the current attempt (see armIdle). */
  private lastChunkMono = 0;
  private running: Promise<void> | undefined;
  /** Set while a chunk is being parsed: the time it arrived, stamped on every record it yields. */
  private chunkTime: { t: number; mono: number } | undefined;
  /** Event names seen, each kept once (see eventName). */
  private readonly eventNames = new Map<string, EventName>();
  private readonly messageName: EventName;
  private lastName: EventName;
  private disposed = false;

  constructor(private readonly options: ConnectionOptions) {
    this.clock = options.clock ?? systemClock;
    this.policy = options.reconnect ?? POLICY_PRESETS.fixed;
    this.idleTimeoutMs = options.idleTimeoutMs ?? 60_000;
    this.heartbeatEvents = new Set(options.heartbeatEvents ?? DEFAULT_HEARTBEAT_EVENTS);
    this.messageName = { type: 'message', cls: this.heartbeatEvents.has('message') ? 'heartbeat' : 'data' };
    this.lastName = this.messageName;
    this.maxStoredDataChars = options.maxStoredDataChars ?? 4 * 1024 * 1024;
    const taken = takeLastEventIdHeader(options.request);
    this.request = taken.request;
    this._lastEventId = options.lastEventId ?? taken.lastEventId ?? '';
    this.createdMono = this.clock.monotonic();
    // Node's global fetch would cut a quiet stream after its default 300 s body timeout;
    // an SSE stream may legitimately be silent longer, and idle detection is ours to do.
    const connectTimeout = options.headersTimeoutMs ?? 30_000;
    this.agent = new Agent({
      bodyTimeout: 0,
      headersTimeout: connectTimeout,
      connect: { timeout: connectTimeout, ...(options.request.insecureTls ? { rejectUnauthorized: false } : {}) },
    });
  }

  get state(): ConnectionState {
    return this._state;
  }
  get lastEventId(): string {
    return this._lastEventId;
  }
  get serverRetryMs(): number | undefined {
    return this._serverRetryMs;
  }
  get bytesReceived(): number {
    return this._bytes;
  }
  get policyName(): ReconnectPolicy['kind'] {
    return this.policy.kind;
  }

  onRecord(listener: (r: SseRecord) => void): Disposable {
    return this.recordEmitter.on(listener);
  }
  onState(listener: (s: ConnectionState) => void): Disposable {
    return this.stateEmitter.on(listener);
  }
  /** Raw bytes as they arrive (before parsing), for throughput and buffering diagnostics. */
  onBytes(listener: (n: number) => void): Disposable {
    return this.bytesEmitter.on(listener);
  }
  /** The raw chunks themselves, before decoding (stream diagnostics: BOM, line endings, bursts). */
  onChunk(listener: (chunk: RawChunk) => void): Disposable {
    return this.chunkEmitter.on(listener);
  }

  /** Starts the first attempt. Calling it again after a stop starts a fresh run. */
  start(): void {
    if (this.disposed) throw new Error('connection disposed');
    if (this._state === 'connecting' || this._state === 'open' || this._state === 'waiting') return;
    this.retryNumber = 0;
    this.launchAttempt();
  }

  /** Stops everything: the open request, the reconnect timer, the idle timer. */
  async stop(): Promise<void> {
    this.clock.clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
    const wasWaiting = this._state === 'waiting';
    if (this.current) {
      this.abortCause = 'stop';
      this.current.abort();
    }
    await this.running;
    if (wasWaiting) {
      this.emit({ kind: 'close', reason: 'aborted', willReconnect: false, message: 'Disconnected by the user while waiting to reconnect', bytes: 0 });
    }
    if (this._state !== 'failed' && this._state !== 'idle') this.setState('closed');
  }

  /** Drops the current attempt (or skips the wait) and connects again right away. */
  reconnectNow(): void {
    if (this.disposed) return;
    if (this._state === 'waiting') {
      this.clock.clearTimeout(this.reconnectTimer);
      this.reconnectTimer = undefined;
      this.emitReconnect('manual', 0, 'immediate', 'Reconnect requested by the user');
      this.launchAttempt();
    } else if (this.current) {
      this.abortCause = 'manual';
      this.current.abort();
    } else {
      this.retryNumber = 0;
      this.emitReconnect('manual', 0, 'immediate', 'Reconnect requested by the user');
      this.launchAttempt();
    }
  }

  /** Puts an outside happening (debug pause, a note) on the timeline. */
  mark(marker: MarkerKind, label: string): void {
    this.emit({ kind: 'marker', marker, label });
  }

  /** Replaces the credentials used from the next attempt on (e.g. after a refresh elsewhere). */
  setAuth(auth: AuthConfig): void {
    this.request = { ...this.request, auth };
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    await this.stop();
    this.disposed = true;
    this.recordEmitter.clear();
    this.stateEmitter.clear();
    this.bytesEmitter.clear();
    this.chunkEmitter.clear();
    await this.agent.close().catch(() => this.agent.destroy());
  }

  // ---- attempts -------------------------------------------------------------

  private launchAttempt(): void {
    const run = this.runAttempt().catch((err: unknown) => {
      // A bug here must not become an unhandled rejection in the extension host.
      this.fail({ kind: 'error', code: 'network', message: `Internal error: ${String(err)}`, fatal: true });
      this.setState('failed');
    });
    this.running = run;
  }

  private async runAttempt(): Promise<void> {
    this.attempt++;
    this.abortCause = undefined;
    this.attemptOpened = false;
    this.attemptEvents = 0;
    this.attemptSawId = false;
    this.attemptStartId = this._lastEventId;
    const controller = new AbortController();
    this.current = controller;
    this.setState('connecting');
    const end = await this.fetchAndRead(controller);
    this.clearIdle();
    this.current = undefined;
    this.afterAttempt(end);
  }

  private async fetchAndRead(controller: AbortController): Promise<AttemptEnd> {
    let request = this.request;
    let built = buildRequest(request, this._lastEventId || undefined);
    const scrub = (s: string) => scrubSecrets(s, built.secrets);
    const startedMono = this.clock.monotonic();
    const redirects: Array<{ status: number; url: string; crossOrigin: boolean }> = [];
    let response: Awaited<ReturnType<typeof undiciFetch>>;
    for (;;) {
      const problem = headerProblem(built.headers);
      if (problem) return this.fail({ kind: 'error', code: 'request', fatal: true, message: `${scrub(problem)}: the request cannot be sent, so it is not retried` });
      try {
        const fetchImpl = this.options.fetch ?? undiciFetch;
        response = await fetchImpl(built.url, {
          method: built.method,
          headers: built.headers,
          body: built.body ?? null,
          signal: controller.signal,
          dispatcher: this.agent,
          redirect: 'manual',
        });
      } catch (err) {
        if (controller.signal.aborted) {
          return this.closeAttempt('aborted', this.abortCause === 'manual' ? 'Reconnect requested by the user' : 'Disconnected by the user before the server answered', 0);
        }
        // fetch reports a failure to connect as "fetch failed" with the cause; any other
        // TypeError is a request it refused to build, which no retry can fix.
        if (err instanceof TypeError && err.message !== 'fetch failed' && (err as Error & { cause?: unknown }).cause === undefined) {
          return this.fail({ kind: 'error', code: 'request', fatal: true, message: `The request cannot be sent (${scrub(err.message)}), so it is not retried` });
        }
        const message = scrub(describeNetworkError(err));
        const code: ErrorCode = /HeadersTimeout|UND_ERR_HEADERS_TIMEOUT|ConnectTimeout|UND_ERR_CONNECT_TIMEOUT/i.test(message) ? 'timeout' : 'network';
        this.emit({ kind: 'error', code, message, fatal: false });
        return { kind: 'network', message };
      }
      const location = response.headers.get('location');
      if (!REDIRECT_STATUSES.has(response.status) || !location) break;
      if (redirects.length >= MAX_REDIRECTS) {
        return this.fail({ kind: 'error', code: 'http-status', status: response.status, fatal: true, message: `More than ${MAX_REDIRECTS} redirects: giving up` });
      }
      await response.body?.cancel().catch(() => undefined);
      const step = followRedirect(request, built.url, response.status, location);
      request = step.next;
      built = buildRequest(request, this._lastEventId || undefined);
      redirects.push({ status: response.status, url: built.summary.url, crossOrigin: step.crossOrigin });
    }

    const contentType = response.headers.get('content-type') ?? '';
    const status = response.status;
    const cls = classifyResponse(status, contentType);
    const latencyMs = Math.round(this.clock.monotonic() - startedMono);

    if (cls !== 'stream') {
      const body = scrub(await readPreview(response, BODY_PREVIEW_BYTES));
      const statusLine = `HTTP ${status}${response.statusText ? ' ' + response.statusText : ''}`;
      // What was sent and what came back, so the panel can show both for a refused attempt too.
      const answered = { request: built.summary, response: { statusText: response.statusText, contentType, headers: redactHeaders([...response.headers]) } };
      switch (cls) {
        case 'no-content':
          this.emit({ kind: 'close', reason: 'no-content', willReconnect: false, status, bytes: 0, message: `${statusLine}: the server asked the client not to reconnect` });
          return { kind: 'fatal', noContent: true };
        case 'wrong-content-type':
          return this.fail({ kind: 'error', code: 'content-type', status, body, ...answered, fatal: true, message: `${statusLine} with Content-Type "${contentType || '(none)'}" instead of text/event-stream: not an event stream` });
        case 'auth': {
          const refresh = this.options.refreshAuth;
          const canRefresh = refresh !== undefined && !this.refreshedSinceOpen;
          const refused: RecordInit = { kind: 'error', code: 'http-status', status, body, ...answered, fatal: !canRefresh, message: canRefresh ? `${statusLine}: refreshing credentials` : `${statusLine}: the server refused the credentials` };
          if (!canRefresh) return this.fail(refused);
          this.emit(refused);
          // One refresh per run of failures: a server that keeps answering 401 must not loop forever.
          this.refreshedSinceOpen = true;
          let fresh: AuthConfig | undefined;
          try {
            fresh = await refresh({ status, body });
          } catch (err) {
            return this.fail({ kind: 'error', code: 'auth-refresh', fatal: true, message: `Token refresh failed: ${scrub(String(err instanceof Error ? err.message : err))}` });
          }
          if (controller.signal.aborted) return { kind: 'aborted' };
          if (!fresh) {
            return this.fail({ kind: 'error', code: 'auth-refresh', fatal: true, message: 'Token refresh gave no new credentials' });
          }
          this.request = { ...this.request, auth: fresh };
          return { kind: 'auth-refreshed' };
        }
        case 'retryable': {
          const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), this.clock.now());
          this.emit({ kind: 'error', code: 'http-status', status, body, ...answered, fatal: false, message: `${statusLine}: will retry` });
          const end: AttemptEnd = { kind: 'retryable', status, detail: statusLine };
          if (retryAfterMs !== undefined) end.retryAfterMs = retryAfterMs;
          return end;
        }
        case 'fatal':
          return this.fail({ kind: 'error', code: 'http-status', status, body, ...answered, fatal: true, message: `${statusLine}: not retried` });
      }
    }

    const openRecord: RecordInit = {
      kind: 'open',
      status,
      statusText: response.statusText,
      headers: redactHeaders([...response.headers]),
      contentType,
      request: built.summary,
      latencyMs,
    };
    if (this._lastEventId) openRecord.lastEventIdSent = this._lastEventId;
    if (redirects.length > 0) openRecord.redirects = redirects;
    this.emit(openRecord);
    // The retry count is not reset here: an attempt that opens and delivers nothing new is
    // not a success (see madeProgress).
    this.attemptOpened = true;
    this.refreshedSinceOpen = false;
    this.setState('open');
    return this.readStream(response, controller, scrub);
  }

  private async readStream(
    response: Awaited<ReturnType<typeof undiciFetch>>,
    controller: AbortController,
    scrub: (s: string) => string,
  ): Promise<AttemptEnd> {
    let attemptBytes = 0;
    let overflow: string | undefined;
    let decodeReported = false;
    const parser = this.createParser((message) => {
      overflow = message;
    });
    // ignoreBOM keeps a leading U+FEFF in the text: the parser strips exactly one, as the
    // spec says; a decoder that stripped one too would eat a second BOM that belongs to the
    // first line.
    const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
    const body = response.body;
    if (!body) return this.closeAttempt('server-closed', 'The response had no body', 0);
    const reader = body.getReader();
    const slice = new TimeSlice();
    this.armIdle(controller);
    try {
      for (;;) {
        const pause = slice.pauseIfSpent();
        if (pause) await pause;
        const { done, value } = await reader.read();
        if (done) break;
        attemptBytes += value.byteLength;
        this._bytes += value.byteLength;
        this.bytesEmitter.fire(value.byteLength);
        // Every record parsed from this chunk arrived with it: one timestamp for all of them
        // (also saves two clock reads per event in a flood).
        const chunkTime = { t: this.clock.now(), mono: this.sinceCreated() };
        if (this.chunkEmitter.size > 0) this.chunkEmitter.fire({ bytes: value, attempt: this.attempt, first: attemptBytes === value.byteLength, ...chunkTime });
        this.lastChunkMono = chunkTime.mono;
        const text = decoder.decode(value, { stream: true });
        if (!decodeReported && text.includes('\uFFFD') && !containsReplacementBytes(value)) {
          decodeReported = true;
          this.emit({ kind: 'error', code: 'decode', fatal: false, message: 'The stream is not valid UTF-8: bad bytes were replaced with U+FFFD' });
        }
        this.chunkTime = chunkTime;
        try {
          parser.feed(text);
        } finally {
          this.chunkTime = undefined;
        }
        if (overflow !== undefined) {
          controller.abort();
          break;
        }
      }
      if (overflow === undefined) parser.feed(decoder.decode());
    } catch (err) {
      if (overflow === undefined) {
        if (controller.signal.aborted) {
          if (this.abortCause === 'idle') return this.closeAttempt('idle-timeout', `No data for ${this.idleTimeoutMs} ms: declaring the stream dead`, attemptBytes);
          return this.closeAttempt('aborted', this.abortCause === 'manual' ? 'Reconnect requested by the user' : 'Disconnected by the user', attemptBytes);
        }
        const message = scrub(describeNetworkError(err));
        this.emit({ kind: 'error', code: 'network', message, fatal: false });
        return this.closeAttempt('network-error', message, attemptBytes);
      }
    } finally {
      reader.releaseLock?.();
    }
    if (overflow !== undefined) {
      this.emit({ kind: 'error', code: 'buffer-overflow', fatal: true, message: overflow });
      return this.closeAttempt('buffer-overflow', overflow, attemptBytes);
    }
    // A partly received event at the end of the stream is discarded, as the spec says;
    // the parser is not fed a final blank line.
    return this.closeAttempt('server-closed', 'The server ended the response', attemptBytes);
  }

  /** Emits the close record of an attempt that had opened, and says how the attempt ended. */
  private closeAttempt(reason: CloseReason, message: string, bytes: number): AttemptEnd {
    const end: AttemptEnd =
      reason === 'aborted'
        ? { kind: 'aborted' }
        : reason === 'idle-timeout'
          ? { kind: 'idle' }
          : reason === 'network-error'
            ? { kind: 'network', message }
            : reason === 'buffer-overflow'
              ? { kind: 'overflow', message }
              : { kind: 'closed' };
    const willReconnect = this.wouldReconnect(end);
    this.emit({ kind: 'close', reason, willReconnect, message, bytes });
    return end;
  }

  private wouldReconnect(end: AttemptEnd): boolean {
    switch (end.kind) {
      case 'aborted':
        return this.abortCause === 'manual';
      case 'fatal':
      case 'overflow':
        return false;
      case 'auth-refreshed':
        return true;
      default:
        return mayReconnect(this.policy, this.nextRetryNumber());
    }
  }

  /**
   * Whether the attempt that just ended delivered a new event: only that resets the retry
   * count (and the backoff). With ids, "new" means the Last-Event-ID moved (a server that
   * replays 1..3 and resets before 4 makes no progress); an attempt whose events carried no
   * id counts when it delivered any event. Checked once per attempt, so the read loop only
   * counts events.
   */
  private madeProgress(): boolean {
    return this.attemptEvents > 0 && (!this.attemptSawId || this._lastEventId !== this.attemptStartId);
  }

  /** The retry number of the reconnect that would follow the attempt that just ended. */
  private nextRetryNumber(): number {
    return this.madeProgress() ? 1 : this.retryNumber + 1;
  }

  /** Emits a fatal error and the close record that ends the run with it. */
  private fail(error: RecordInit & { kind: 'error' }): AttemptEnd {
    this.emit(error);
    const close: RecordInit = { kind: 'close', reason: 'fatal', willReconnect: false, message: error.message, bytes: 0 };
    if (error.status !== undefined) close.status = error.status;
    this.emit(close);
    return { kind: 'fatal' };
  }

  private afterAttempt(end: AttemptEnd): void {
    if (this.disposed) return;
    switch (end.kind) {
      case 'aborted':
        if (this.abortCause === 'manual') {
          this.retryNumber = 0;
          this.emitReconnect('manual', 0, 'immediate', 'Reconnect requested by the user');
          this.launchAttempt();
        } else {
          this.setState('closed');
        }
        return;
      case 'fatal':
        // 204 is the server's normal way of saying "stop": closed, not failed.
        this.setState(end.noContent ? 'closed' : 'failed');
        return;
      case 'overflow':
        this.setState('failed');
        return;
      case 'auth-refreshed':
        this.emitReconnect('auth-refresh', 0, 'immediate', 'Credentials refreshed after HTTP 401');
        this.launchAttempt();
        return;
      case 'closed':
        return this.scheduleReconnect('closed', 'The server ended the response');
      case 'network':
        return this.scheduleReconnect('error', end.message);
      case 'idle':
        return this.scheduleReconnect('idle-timeout', `No data for ${this.idleTimeoutMs} ms`);
      case 'retryable':
        return this.scheduleReconnect(end.status >= 500 ? 'http-5xx' : 'http-retryable', end.detail, end.retryAfterMs, end.status);
    }
  }

  private scheduleReconnect(reason: ReconnectReason, detail: string, retryAfterMs?: number, status?: number): void {
    const next = this.nextRetryNumber();
    if (!mayReconnect(this.policy, next)) {
      if (this.policy.kind === 'none') {
        // An attempt that opened has its close record already; one that never did gets one
        // here, so every run ends with a close record that says why.
        if (!this.attemptOpened) {
          const close: RecordInit = { kind: 'close', reason: status !== undefined ? 'fatal' : 'network-error', willReconnect: false, message: `${detail}; reconnect is off for this connection`, bytes: 0 };
          if (status !== undefined) close.status = status;
          this.emit(close);
        }
        // The server ending its response is a normal end; anything else is a failure.
        this.setState(reason === 'closed' ? 'closed' : 'failed');
        return;
      }
      const why = `Gave up: ${this.retryNumber} reconnect${this.retryNumber === 1 ? '' : 's'} in a row delivered no new event (policy ${this.policy.kind}, maxAttempts ${this.policy.maxAttempts})`;
      this.emit({ kind: 'close', reason: 'max-attempts', willReconnect: false, message: why, bytes: 0 });
      this.setState('failed');
      return;
    }
    this.retryNumber = next;
    const input: Parameters<typeof decideDelay>[0] = { policy: this.policy, retryNumber: next };
    if (this._serverRetryMs !== undefined) input.serverRetryMs = this._serverRetryMs;
    if (retryAfterMs !== undefined) input.retryAfterMs = retryAfterMs;
    if (this.options.random) input.random = this.options.random;
    const { delayMs, source, clampedFromMs, raisedFromMs, raisedFrom } = decideDelay(input);
    let why = clampedFromMs === undefined ? detail : `${detail}; the server asked to wait ${clampedFromMs} ms, more than a timer can: waiting ${delayMs} ms (about ${Math.round(delayMs / 86_400_000)} days)`;
    if (raisedFromMs !== undefined) {
      const asked = raisedFrom === 'retry-field' ? `the server's retry: ${raisedFromMs} ms` : raisedFrom === 'retry-after' ? `Retry-After ${raisedFromMs} ms` : `the policy's ${raisedFromMs} ms`;
      why +=
        source === 'floor'
          ? `; ${asked} raised to the ${delayMs} ms minimum delay`
          : `; ${next - 1} attempt${next === 2 ? '' : 's'} in a row delivered no new event, so the backoff (${delayMs} ms) replaces ${asked}`;
    }
    this.emitReconnect(reason, delayMs, source, why);
    this.setState('waiting');
    this.reconnectTimer = this.clock.setTimeout(() => {
      this.reconnectTimer = undefined;
      this.launchAttempt();
    }, delayMs);
  }

  private emitReconnect(reason: ReconnectReason, delayMs: number, source: DelaySource, detail: string): void {
    const rec: RecordInit = { kind: 'reconnect', retryNumber: this.retryNumber, delayMs, reason, source, policy: this.policy.kind, detail };
    if (this._lastEventId) rec.lastEventId = this._lastEventId;
    this.emit(rec);
  }

  // ---- parsing --------------------------------------------------------------

  private createParser(onOverflow: (message: string) => void): EventSourceParser {
    return createParser({
      maxBufferSize: this.options.maxBufferSize ?? 16 * 1024 * 1024,
      onEvent: (m) => this.onEvent(m),
      // onId fires for id-only blocks too: they update Last-Event-ID without an event.
      onId: (id) => {
        this._lastEventId = id;
        this.attemptSawId = true;
      },
      onRetry: (ms) => {
        const rec: RecordInit = { kind: 'retry', ms };
        if (this._serverRetryMs !== undefined) rec.previousMs = this._serverRetryMs;
        this._serverRetryMs = ms;
        this.emit(rec);
      },
      onComment: (text) => this.emit({ kind: 'comment', text }),
      onError: (err: ParseError) => {
        if (err.type === 'max-buffer-size-exceeded') {
          onOverflow(`A line or event exceeded the parser's limit of ${this.options.maxBufferSize ?? 16 * 1024 * 1024} characters: connection closed (events before it are kept)`);
          return;
        }
        const what = err.type === 'invalid-retry' ? `Ignored invalid retry value "${err.value ?? ''}"` : `Ignored unknown field "${err.field ?? ''}"`;
        this.emit({ kind: 'error', code: 'parse', fatal: false, message: what });
      },
    });
  }

  private onEvent(m: EventSourceMessage): void {
    this.attemptEvents++;
    const name = this.eventName(m.event);
    const type = name.type;
    const truncated = m.data.length > this.maxStoredDataChars;
    const seq = ++this.seq;
    const t = this.chunkTime?.t ?? this.clock.now();
    const mono = this.chunkTime?.mono ?? this.sinceCreated();
    const data = truncated ? m.data.slice(0, this.maxStoredDataChars) : m.data;
    const size = utf8Length(m.data);
    const cls = name.cls;
    // Whole literals, fields in one order: two hidden classes for all event records, no
    // property added or deleted after creation (this runs once per event of a flood).
    const rec: EventRecord =
      m.id === undefined
        ? { kind: 'event', seq, t, mono, attempt: this.attempt, type, data, lastEventId: this._lastEventId, size, cls }
        : { kind: 'event', seq, t, mono, attempt: this.attempt, type, data, id: m.id, lastEventId: this._lastEventId, size, cls };
    if (truncated) rec.truncated = true;
    this.recordEmitter.fire(rec);
  }

  /**
   * The event's type and class. The parser hands out a fresh string per event name; a stream
   * uses a handful of names, so each is kept once (one string per name, not per held record:
   * memory, and GC work in a flood), with its class worked out once.
   */
  private eventName(name: string | undefined): EventName {
    if (!name) return this.messageName;
    // The same name as the previous event (a flood): no hashing of the fresh string.
    if (name === this.lastName.type) return this.lastName;
    let known = this.eventNames.get(name);
    if (known === undefined) {
      known = { type: name, cls: this.heartbeatEvents.has(name) ? 'heartbeat' : 'data' };
      if (this.eventNames.size >= MAX_INTERNED_TYPES) return known;
      this.eventNames.set(name, known);
    }
    this.lastName = known;
    return known;
  }

  // ---- idle timeout ---------------------------------------------------------

  /**
   * Starts the attempt's idle watch. Chunks only note their time (lastChunkMono); the timer,
   * when it fires, waits again for what is left since the last chunk. Re-arming a timer per
   * chunk cost a timer object and two list operations per chunk in a flood.
   */
  private armIdle(controller: AbortController): void {
    this.clearIdle();
    if (this.idleTimeoutMs <= 0) return;
    this.lastChunkMono = this.sinceCreated();
    const wait = (ms: number): void => {
      this.idleTimer = this.clock.setTimeout(() => {
        const quiet = this.sinceCreated() - this.lastChunkMono;
        if (quiet < this.idleTimeoutMs) return wait(this.idleTimeoutMs - quiet);
        this.idleTimer = undefined;
        this.emit({ kind: 'error', code: 'idle-timeout', fatal: false, message: `No data or comment for ${this.idleTimeoutMs} ms: the stream is considered dead` });
        this.abortCause = 'idle';
        controller.abort();
      }, ms);
    };
    wait(this.idleTimeoutMs);
  }

  private clearIdle(): void {
    this.clock.clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }

  // ---- plumbing -------------------------------------------------------------

  private setState(state: ConnectionState): void {
    if (this._state === state) return;
    this._state = state;
    this.stateEmitter.fire(state);
  }

  /** Monotonic ms since the connection was created, to the microsecond (records' `mono`). */
  private sinceCreated(): number {
    return Math.round((this.clock.monotonic() - this.createdMono) * 1000) / 1000;
  }

  private emit(init: RecordInit): void {
    // Stamped in place, not copied: every caller passes a fresh literal, and a copy per
    // event was measurable in a flood.
    const record = init as SseRecord;
    record.seq = ++this.seq;
    record.t = this.chunkTime?.t ?? this.clock.now();
    record.mono = this.chunkTime?.mono ?? this.sinceCreated();
    record.attempt = this.attempt;
    this.recordEmitter.fire(record);
  }
}

/** undici wraps the useful part (ECONNREFUSED, ECONNRESET, ...) in `cause`. */
export function describeNetworkError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = (err as Error & { cause?: unknown }).cause;
  if (cause instanceof Error) {
    const code = (cause as Error & { code?: string }).code;
    return code ? `${code}: ${cause.message}` : `${err.message}: ${cause.message}`;
  }
  const code = (err as Error & { code?: string }).code;
  return code ? `${code}: ${err.message}` : err.message;
}

/** Reads at most `maxBytes` of a refused response's body, then drops the rest. */
async function readPreview(response: Awaited<ReturnType<typeof undiciFetch>>, maxBytes: number): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  // A refused response that never finishes its body must not hang the attempt.
  const timeout = new Promise<'timeout'>((resolve) => {
    const t = setTimeout(() => resolve('timeout'), 2000);
    t.unref?.();
  });
  try {
    while (total < maxBytes) {
      const next = await Promise.race([reader.read(), timeout]);
      if (next === 'timeout' || next.done) break;
      chunks.push(next.value);
      total += next.value.byteLength;
    }
  } catch {
    // The body failed midway: what arrived is still worth showing.
  } finally {
    reader.cancel().catch(() => undefined);
  }
  const text = new TextDecoder().decode(Buffer.concat(chunks).subarray(0, maxBytes));
  return total > maxBytes ? text + '…' : text;
}

/**
 * UTF-8 size of `s`. Short ASCII strings (heartbeats, ids, small tokens) are counted here:
 * a call into Buffer.byteLength cost more than the loop for them.
 */
function utf8Length(s: string): number {
  if (s.length > 32) return Buffer.byteLength(s);
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 0x80) return Buffer.byteLength(s);
  return s.length;
}

/** True when the raw bytes themselves contain an encoded U+FFFD (EF BF BD), i.e. it was sent, not substituted. */
function containsReplacementBytes(bytes: Uint8Array): boolean {
  for (let i = 0; i + 2 < bytes.length; i++) {
    if (bytes[i] === 0xef && bytes[i + 1] === 0xbf && bytes[i + 2] === 0xbd) return true;
  }
  return false;
}
