// One outgoing SSE connection: a sequence of fetch attempts with reconnects between them,
// an idle watch on each open stream, and the reconnect policy that spaces them. Every
// observable thing becomes a record (see records.ts); nothing is printed or rendered here.
// Sending one attempt is fetch-attempt.ts; turning its body into records is the
// StreamReader that a passive source uses too.
import { Agent, fetch as undiciFetch } from 'undici';
import type { AuthConfig } from '../base/auth';
import { systemClock, type Clock, type TimerHandle } from '../base/clock';
import { DEFAULT_HEADERS_TIMEOUT_MS, DEFAULT_IDLE_TIMEOUT_MS, DEFAULT_RECONNECT_POLICY } from '../base/defaults';
import type { CloseReason, DelaySource, ReconnectReason, RecordInit, RequestSummary } from '../base/records';
import { classifyResponse, decideDelay, explainDelay, mayReconnect, parseRetryAfter, POLICY_PRESETS, type ReconnectPolicy } from '../base/reconnect';
import { scrubSecrets } from '../base/redact';
import { takeLastEventIdHeader, type SseRequest } from '../base/request';
import { ReaderSource } from '../stream/reader-source';
import { TimeSlice } from '../base/time-slice';
import { IdleWatch } from './idle-watch';
import { answered, describeNetworkError, isTimeout, MAX_REDIRECTS, readPreview, responseHeaders, sendRequest, statusLine, type FetchResponse } from './fetch-attempt';

export interface ConnectionOptions {
  request: SseRequest;
  /** Defaults to the DEFAULT_RECONNECT_POLICY preset. */
  reconnect?: ReconnectPolicy;
  /** Declare the stream dead after this much silence and reconnect. 0 turns it off. Default DEFAULT_IDLE_TIMEOUT_MS. */
  idleTimeoutMs?: number;
  /** How long to wait for the TCP/TLS connection and then for the response headers. Default DEFAULT_HEADERS_TIMEOUT_MS; 0 = no limit. */
  headersTimeoutMs?: number;
  /**
   * The Last-Event-ID to start from (sent on the first attempt, and reported as the
   * `lastEventId` of events before the stream's first `id:`). A Last-Event-ID header in
   * `request.headers` is taken as this when it is not set.
   */
  lastEventId?: string;
  /** The parser's limit on one line or one event, in characters. Default DEFAULT_MAX_BUFFER_SIZE. */
  maxBufferSize?: number;
  /** Event data longer than this is cut in the record (the size stays exact). Default DEFAULT_MAX_STORED_DATA_CHARS. */
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

type AttemptEnd =
  | { kind: 'closed' } // the server ended the response
  | { kind: 'aborted' } // stop() or reconnectNow()
  | { kind: 'network'; message: string }
  | { kind: 'idle' }
  | { kind: 'overflow'; message: string }
  | { kind: 'retryable'; status: number; retryAfterMs?: number; detail: string }
  | { kind: 'auth-refreshed' }
  | { kind: 'fatal'; noContent?: boolean }; // the fatal error and close records were already emitted

export class SseConnection extends ReaderSource {
  private readonly clock: Clock;
  private readonly policy: ReconnectPolicy;
  private readonly idle: IdleWatch;
  private readonly agent: Agent;
  private request: SseRequest;

  private retryNumber = 0;
  private refreshedSinceOpen = false;
  /** Whether the current attempt got a stream response (see scheduleReconnect). */
  private attemptOpened = false;

  private current: AbortController | undefined;
  /** Why the current attempt is being aborted, so the attempt knows what to report. */
  private abortCause: 'stop' | 'manual' | 'idle' | undefined;
  /** What stopped the run when it was not the user (a CLI's --timeout), for the close record. */
  private stopWhy: string | undefined;
  private reconnectTimer: TimerHandle | undefined;
  private running: Promise<void> | undefined;
  private disposed = false;

  constructor(private readonly options: ConnectionOptions) {
    const clock = options.clock ?? systemClock;
    const taken = takeLastEventIdHeader(options.request);
    super(clock, { lastEventId: options.lastEventId ?? taken.lastEventId ?? '', maxBufferSize: options.maxBufferSize, maxStoredDataChars: options.maxStoredDataChars, heartbeatEvents: options.heartbeatEvents });
    this.clock = clock;
    this.request = taken.request;
    this.policy = options.reconnect ?? POLICY_PRESETS[DEFAULT_RECONNECT_POLICY];
    this.idle = new IdleWatch(clock, options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS, () => this.reader.sinceCreated() - this.reader.lastChunkMono);
    // Node's global fetch would cut a quiet stream after its default 300 s body timeout;
    // an SSE stream may legitimately be silent longer, and idle detection is ours to do.
    const connectTimeout = options.headersTimeoutMs ?? DEFAULT_HEADERS_TIMEOUT_MS;
    this.agent = new Agent({
      bodyTimeout: 0,
      headersTimeout: connectTimeout,
      connect: { timeout: connectTimeout, ...(options.request.insecureTls ? { rejectUnauthorized: false } : {}) },
    });
  }

  get policyName(): ReconnectPolicy['kind'] {
    return this.policy.kind;
  }

  /** Starts the first attempt. Calling it again after a stop starts a fresh run. */
  start(): void {
    if (this.disposed) throw new Error('connection disposed');
    if (this.state === 'connecting' || this.state === 'open' || this.state === 'waiting') return;
    this.retryNumber = 0;
    this.launchAttempt();
  }

  /**
   * Stops everything: the open request, the reconnect timer, the idle timer. `why`: what
   * stopped it when it was not the user ("--timeout 5 s elapsed"); the close record says so.
   */
  async stop(why?: string): Promise<void> {
    this.stopWhy = why;
    this.clock.clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
    const wasWaiting = this.state === 'waiting';
    if (this.current) {
      this.abortCause = 'stop';
      this.current.abort();
    }
    await this.running;
    if (wasWaiting) {
      this.emit({ kind: 'close', reason: 'aborted', willReconnect: false, message: this.stoppedText(' while waiting to reconnect'), bytes: 0 });
    }
    if (this.state !== 'failed' && this.state !== 'idle') this.setState('closed');
  }

  /** Drops the current attempt (or skips the wait) and connects again right away. */
  reconnectNow(): void {
    if (this.disposed) return;
    if (this.state === 'waiting') {
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

  /** Replaces the credentials used from the next attempt on (e.g. after a refresh elsewhere). */
  setAuth(auth: AuthConfig): void {
    this.request = { ...this.request, auth };
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    await this.stop();
    this.disposed = true;
    this.clearListeners();
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
    this.reader.beginAttempt();
    this.abortCause = undefined;
    this.attemptOpened = false;
    const controller = new AbortController();
    this.current = controller;
    this.setState('connecting');
    const end = await this.fetchAndRead(controller);
    this.idle.clear();
    this.current = undefined;
    this.afterAttempt(end);
  }

  private async fetchAndRead(controller: AbortController): Promise<AttemptEnd> {
    const startedMono = this.clock.monotonic();
    const lastEventIdSent = this.reader.lastEventId;
    const sent = await sendRequest(this.request, {
      fetch: this.options.fetch ?? undiciFetch,
      agent: this.agent,
      signal: controller.signal,
      lastEventId: lastEventIdSent || undefined,
    });
    const scrub = (s: string) => scrubSecrets(s, sent.built.secrets);
    switch (sent.kind) {
      case 'unbuildable':
        return this.fail({ kind: 'error', code: 'request', fatal: true, message: `${scrub(sent.message)}: the request cannot be sent, so it is not retried` });
      case 'refused-to-send':
        return this.fail({ kind: 'error', code: 'request', fatal: true, message: `The request cannot be sent (${scrub(sent.message)}), so it is not retried` });
      case 'aborted':
        return this.closeAttempt('aborted', this.abortCause === 'manual' ? 'Reconnect requested by the user' : this.stoppedText(' before the server answered'), 0);
      case 'network': {
        const message = scrub(describeNetworkError(sent.error));
        this.emit({ kind: 'error', code: isTimeout(message) ? 'timeout' : 'network', message, fatal: false });
        return { kind: 'network', message };
      }
      case 'too-many-redirects':
        return this.fail({ kind: 'error', code: 'http-status', status: sent.status, fatal: true, message: `More than ${MAX_REDIRECTS} redirects: giving up` });
      case 'response':
        break;
    }
    const { response, built, redirects } = sent;
    const contentType = response.headers.get('content-type') ?? '';
    const cls = classifyResponse(response.status, contentType);
    const latencyMs = Math.round(this.clock.monotonic() - startedMono);
    if (cls !== 'stream') return this.refused(cls, response, controller, scrub, built.summary);

    const openRecord: RecordInit = {
      kind: 'open',
      status: response.status,
      statusText: response.statusText,
      headers: responseHeaders(response),
      contentType,
      request: built.summary,
      latencyMs,
    };
    if (lastEventIdSent) openRecord.lastEventIdSent = lastEventIdSent;
    if (redirects.length > 0) openRecord.redirects = redirects;
    this.emit(openRecord);
    // The retry count is not reset here: an attempt that opens and delivers nothing new is
    // not a success (see StreamReader.madeProgress).
    this.attemptOpened = true;
    this.refreshedSinceOpen = false;
    this.setState('open');
    return this.readStream(response, controller, scrub);
  }

  /** A response that is not a stream: records why, and says whether and how to go on. */
  private async refused(
    cls: Exclude<ReturnType<typeof classifyResponse>, 'stream'>,
    response: FetchResponse,
    controller: AbortController,
    scrub: (s: string) => string,
    request: RequestSummary,
  ): Promise<AttemptEnd> {
    const status = response.status;
    const contentType = response.headers.get('content-type') ?? '';
    const body = scrub(await readPreview(response, BODY_PREVIEW_BYTES));
    const line = statusLine(response);
    const meta = answered(response, request);
    switch (cls) {
      case 'no-content':
        this.emit({ kind: 'close', reason: 'no-content', willReconnect: false, status, bytes: 0, message: `${line}: the server asked the client not to reconnect` });
        return { kind: 'fatal', noContent: true };
      case 'wrong-content-type':
        return this.fail({ kind: 'error', code: 'content-type', status, body, ...meta, fatal: true, message: `${line} with Content-Type "${contentType || '(none)'}" instead of text/event-stream: not an event stream` });
      case 'auth':
        return this.refreshAfter401(response, body, meta, line, controller, scrub);
      case 'retryable': {
        const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), this.clock.now());
        this.emit({ kind: 'error', code: 'http-status', status, body, ...meta, fatal: false, message: `${line}: will retry` });
        const end: AttemptEnd = { kind: 'retryable', status, detail: line };
        if (retryAfterMs !== undefined) end.retryAfterMs = retryAfterMs;
        return end;
      }
      case 'fatal':
        return this.fail({ kind: 'error', code: 'http-status', status, body, ...meta, fatal: true, message: `${line}: not retried` });
    }
  }

  private async refreshAfter401(
    response: FetchResponse,
    body: string,
    meta: ReturnType<typeof answered>,
    line: string,
    controller: AbortController,
    scrub: (s: string) => string,
  ): Promise<AttemptEnd> {
    const status = response.status;
    const refresh = this.options.refreshAuth;
    const canRefresh = refresh !== undefined && !this.refreshedSinceOpen;
    const refused: RecordInit = { kind: 'error', code: 'http-status', status, body, ...meta, fatal: !canRefresh, message: canRefresh ? `${line}: refreshing credentials` : `${line}: the server refused the credentials` };
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

  /** Reads an opened stream's body through the reader until it ends, fails, overflows or is aborted. */
  private async readStream(response: FetchResponse, controller: AbortController, scrub: (s: string) => string): Promise<AttemptEnd> {
    const body = response.body;
    if (!body) return this.closeAttempt('server-closed', 'The response had no body', 0);
    const reader = this.reader;
    reader.openBody();
    const bodyReader = body.getReader();
    const slice = new TimeSlice();
    this.idle.arm(() => {
      this.emit({ kind: 'error', code: 'idle-timeout', fatal: false, message: `No data or comment for ${this.idle.timeoutMs} ms: the stream is considered dead` });
      this.abortCause = 'idle';
      controller.abort();
    });
    try {
      for (;;) {
        const pause = slice.pauseIfSpent();
        if (pause) await pause;
        const { done, value } = await bodyReader.read();
        if (done) break;
        if (reader.chunk(value)) {
          controller.abort();
          break;
        }
      }
      reader.finishBody();
    } catch (err) {
      if (reader.overflow === undefined) {
        if (controller.signal.aborted) {
          if (this.abortCause === 'idle') return this.closeAttempt('idle-timeout', `No data for ${this.idle.timeoutMs} ms: declaring the stream dead`, reader.attemptBytes);
          return this.closeAttempt('aborted', this.abortCause === 'manual' ? 'Reconnect requested by the user' : this.stoppedText(''), reader.attemptBytes);
        }
        const message = scrub(describeNetworkError(err));
        this.emit({ kind: 'error', code: 'network', message, fatal: false });
        return this.closeAttempt('network-error', message, reader.attemptBytes);
      }
    } finally {
      bodyReader.releaseLock?.();
    }
    if (reader.overflow !== undefined) {
      const overflow = `${reader.overflow}: connection closed (events before it are kept)`;
      this.emit({ kind: 'error', code: 'buffer-overflow', fatal: true, message: overflow });
      return this.closeAttempt('buffer-overflow', overflow, reader.attemptBytes);
    }
    return this.closeAttempt('server-closed', 'The server ended the response', reader.attemptBytes);
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
    // An ending after which the policy gives up is the run's end: its one close record says
    // so (scheduleReconnect adds none for an attempt that opened).
    if (!willReconnect && this.givesUpAfter(end)) this.emit({ kind: 'close', reason: 'max-attempts', willReconnect, message: this.giveUpMessage(), bytes });
    else this.emit({ kind: 'close', reason, willReconnect, message, bytes });
    return end;
  }

  /** Whether `end` is one the policy would reconnect after but for its attempt limit. */
  private givesUpAfter(end: AttemptEnd): boolean {
    return this.policy.kind !== 'none' && (end.kind === 'closed' || end.kind === 'network' || end.kind === 'idle');
  }

  /** The close message of a stop(): "Disconnected by the user<when>", or "Stopped<when>: <why>" when stop() was given why. */
  private stoppedText(when: string): string {
    return this.stopWhy ? `Stopped${when}: ${this.stopWhy}` : `Disconnected by the user${when}`;
  }

  private giveUpMessage(): string {
    return `Gave up: ${this.retryNumber} reconnect${this.retryNumber === 1 ? '' : 's'} in a row delivered no new event (policy ${this.policy.kind}, maxAttempts ${this.policy.maxAttempts})`;
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
   * The retry number of the reconnect that would follow the attempt that just ended: only an
   * attempt that delivered a new event resets the count (and the backoff).
   */
  private nextRetryNumber(): number {
    return this.reader.madeProgress() ? 1 : this.retryNumber + 1;
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
        return this.scheduleReconnect('idle-timeout', `No data for ${this.idle.timeoutMs} ms`);
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
      // An attempt that opened said so in its close record (closeAttempt); one that never
      // opened (a refused connection, a 503) ends the run here.
      if (!this.attemptOpened) this.emit({ kind: 'close', reason: 'max-attempts', willReconnect: false, message: this.giveUpMessage(), bytes: 0 });
      this.setState('failed');
      return;
    }
    this.retryNumber = next;
    const input: Parameters<typeof decideDelay>[0] = { policy: this.policy, retryNumber: next };
    const serverRetryMs = this.reader.serverRetryMs;
    if (serverRetryMs !== undefined) input.serverRetryMs = serverRetryMs;
    if (retryAfterMs !== undefined) input.retryAfterMs = retryAfterMs;
    if (this.options.random) input.random = this.options.random;
    const decision = decideDelay(input);
    const { delayMs } = decision;
    this.emitReconnect(reason, delayMs, decision.source, explainDelay(detail, decision, next));
    this.setState('waiting');
    this.reconnectTimer = this.clock.setTimeout(() => {
      this.reconnectTimer = undefined;
      this.launchAttempt();
    }, delayMs);
  }

  private emitReconnect(reason: ReconnectReason, delayMs: number, source: DelaySource, detail: string): void {
    const rec: RecordInit = { kind: 'reconnect', retryNumber: this.retryNumber, delayMs, reason, source, policy: this.policy.kind, detail };
    const lastEventId = this.reader.lastEventId;
    if (lastEventId) rec.lastEventId = lastEventId;
    this.emit(rec);
  }

  // ---- plumbing -------------------------------------------------------------

  private emit(init: RecordInit): void {
    this.reader.emit(init);
  }
}
