// A stream someone else's client carries (a debuggee's fetch, a proxied request), fed in
// from outside: each response's metadata, its bytes, its end. Its bytes go through the
// same StreamReader as an outgoing connection's, so the records are the same for the same
// bytes. There is no reconnect policy and no timer here: the program decides when to ask
// again, and its successive requests to the stream become attempts 2, 3, ... with a
// `reconnect` record saying what the program did (how long it waited, which Last-Event-ID
// it sent against the last id it had received).
import { systemClock, type Clock } from '../base/clock';
import type { CloseReason, HeaderList, ReconnectReason, RecordInit, RequestSummary, VerdictRecord } from '../base/records';
import { classifyResponse } from '../base/reconnect';
import { redactHeaders, redactUrl } from '../base/redact';
import type { InspectedSource } from '../stream/record-source';
import { ReaderSource } from '../stream/reader-source';
import { AuthFingerprinter } from './auth-fingerprint';
import { headerValue } from '../base/headers';
import type { Fault } from '../base/fault';

export interface PassiveSourceOptions {
  clock?: Clock;
  /** The parser's limit on one line or one event, in characters. */
  maxBufferSize?: number;
  /** Event data longer than this is cut in the record (the size stays exact). */
  maxStoredDataChars?: number;
  /** Event names that count as heartbeats. */
  heartbeatEvents?: string[];
}

/** A response the program received, as a tap saw it. */
export interface ObservedResponse {
  /** The request the program sent. Its URL and headers are redacted here. */
  request: RequestSummary;
  status: number;
  statusText?: string;
  /** The response headers as received; redacted here. */
  headers: HeaderList;
  /** The Last-Event-ID header the program sent with this request, if any. */
  lastEventIdSent?: string;
  /** When the program sent the request, on the source's clock (`clock.monotonic()`); defaults to now. */
  requestMono?: number;
  /** ms from the request to the response headers, when the tap knows it (0 otherwise). */
  latencyMs?: number;
}

/** How an observed response ended. */
export type ObservedEnd =
  | 'server-closed' // the server ended the response
  | 'network-error' // the connection broke
  | 'aborted'; // the program (or the tap) dropped it

/** The close message when the tap stops observing a stream (followed by why, when it was not the user). */
export const STOPPED_OBSERVING = 'Stopped observing the stream';

const END_TEXT: Record<ObservedEnd, string> = {
  'server-closed': 'The server ended the response',
  'network-error': 'The connection broke',
  aborted: 'The program dropped the response',
};

/** The previous response of the stream, for the reconnect record of the next one. */
interface PreviousResponse {
  reason: ReconnectReason;
  what: string;
  /** clock.monotonic() when it ended. */
  endedMono: number;
  /** The last id received up to its end. */
  lastEventId: string;
  madeProgress: boolean;
}

export class PassiveSource extends ReaderSource implements InspectedSource {
  private readonly clock: Clock;
  /** The response being observed: whether it is a stream (its bytes are read) or a refused one (they are not). */
  private current: { stream: boolean; status: number } | undefined;
  private previous: PreviousResponse | undefined;
  private retryNumber = 0;
  /** Tells a refreshed Authorization from the same one, without keeping it (see RequestSummary.authFingerprint). */
  private readonly fingerprints = new AuthFingerprinter();
  private stopped = false;
  private disposed = false;

  constructor(options: PassiveSourceOptions = {}) {
    const clock = options.clock ?? systemClock;
    super(clock, { maxBufferSize: options.maxBufferSize, maxStoredDataChars: options.maxStoredDataChars, heartbeatEvents: options.heartbeatEvents });
    this.clock = clock;
  }

  /** Whether it still takes what the tap sees (false after stop() or dispose()). */
  get observing(): boolean {
    return !this.stopped;
  }

  /** Nothing to start: the program's first response begins the first attempt. */
  start(): void {}

  /**
   * Stops observing: the response in progress ends here as far as the inspector is
   * concerned, and later responses are not taken. The program's own stream goes on.
   * `why`: what stopped it when it was not the user ("--timeout 5 s elapsed"), for the close record.
   */
  stop(why?: string): void {
    if (this.stopped) return;
    // Stopped first, so that the close record of the response in progress says why it ends.
    this.stopped = true;
    this.endResponse('aborted', why ? `${STOPPED_OBSERVING}: ${why}` : STOPPED_OBSERVING);
  }

  /** The program got a response to a request of this stream: a new attempt begins. */
  beginResponse(meta: ObservedResponse): void {
    if (this.stopped) return;
    // A new request while the last response is still open: the program dropped that one.
    if (this.current) this.endResponse('aborted');
    const requestMono = meta.requestMono ?? this.clock.monotonic();
    const sent = meta.lastEventIdSent;
    if (this.previous) this.emitReconnect(this.previous, requestMono, sent);
    // The program's Last-Event-ID buffer is what it sent: events before the response's first
    // `id:` carry it, and progress is measured from it.
    this.reader.lastEventId = sent ?? '';
    this.reader.beginAttempt();
    const headers = redactHeaders(meta.headers);
    const contentType = headerValue(headers, 'content-type') ?? '';
    const request: RequestSummary = { ...meta.request, url: redactUrl(meta.request.url), headers: redactHeaders(meta.request.headers) };
    const fingerprint = meta.request.authFingerprint ?? this.fingerprints.of(meta.request.headers);
    if (fingerprint !== undefined) request.authFingerprint = fingerprint;
    const statusText = meta.statusText ?? '';
    const cls = classifyResponse(meta.status, contentType);
    if (cls === 'stream') {
      const open: RecordInit = { kind: 'open', status: meta.status, statusText, headers, contentType, request, latencyMs: meta.latencyMs ?? 0 };
      if (sent) open.lastEventIdSent = sent;
      this.reader.emit(open);
      this.reader.openBody();
      this.current = { stream: true, status: meta.status };
      this.setState('open');
      return;
    }
    // Not a stream (an error status, a wrong content type, 204): recorded as the program got
    // it, not acted on. Its body is not parsed.
    const line = `HTTP ${meta.status}${statusText ? ' ' + statusText : ''}`;
    const what = cls === 'wrong-content-type' ? `${line} with Content-Type "${contentType || '(none)'}" instead of text/event-stream: not an event stream` : `${line}: the program's request was refused`;
    if (cls !== 'no-content') {
      this.reader.emit({ kind: 'error', code: cls === 'wrong-content-type' ? 'content-type' : 'http-status', status: meta.status, fatal: false, message: what, request, response: { statusText, contentType, headers } });
    }
    this.current = { stream: false, status: meta.status };
    this.setState('connecting');
  }

  /**
   * Bytes of the current response's body, as the program received them. `heldMs`: the
   * program was paused when they arrived and got them that many ms later (its events say so).
   */
  chunk(bytes: Uint8Array, heldMs?: number): void {
    const current = this.current;
    if (!current?.stream || this.reader.overflow !== undefined) return;
    if (this.reader.chunk(bytes, heldMs)) {
      this.reader.emit({ kind: 'error', code: 'buffer-overflow', fatal: false, message: `${this.reader.overflow}: the rest of this response is not read (events before it are kept)` });
    }
  }

  /** The current response ended. */
  endResponse(end: ObservedEnd, message?: string): void {
    const current = this.current;
    if (!current) return;
    this.current = undefined;
    const text = message ?? END_TEXT[end];
    let reason: CloseReason = end;
    if (current.stream) {
      if (this.reader.overflow !== undefined) reason = 'buffer-overflow';
      // As for a connection: a partly received event at the end is discarded.
      else if (end === 'server-closed') this.reader.finishBody();
    } else if (current.status === 204) {
      reason = 'no-content';
    }
    // The program, not this source, decides whether it asks again.
    const close: RecordInit = { kind: 'close', reason, willReconnect: false, message: text, bytes: this.reader.attemptBytes, reconnectBy: 'program' };
    if (!current.stream) close.status = current.status;
    if (this.stopped) close.stoppedObserving = true;
    this.reader.emit(close);
    this.previous = {
      reason: current.stream ? (end === 'server-closed' ? 'closed' : end === 'aborted' ? 'manual' : 'error') : refusedReason(current.status),
      what: current.stream ? text : `HTTP ${current.status}`,
      endedMono: this.clock.monotonic(),
      // A refused response gave the program no id: the last it received is still the one before.
      lastEventId: current.stream ? this.reader.lastEventId : (this.previous?.lastEventId ?? this.reader.lastEventId),
      madeProgress: this.reader.madeProgress(),
    };
    this.setState('closed');
  }

  /** A fault the tap applied, on the timeline: its label for people, the fault itself for the verdicts. */
  markFault(fault: Fault, label: string): void {
    this.reader.emit({ kind: 'marker', marker: 'fault', label, fault });
  }

  /** A judgement of the program's behaviour (src/core/tap/judge.ts) goes into the record stream. */
  addVerdict(verdict: RecordInit<VerdictRecord>): void {
    if (this.disposed) return;
    this.reader.emit(verdict);
  }

  dispose(): void {
    if (this.disposed) return;
    this.stop();
    this.disposed = true;
    this.clearListeners();
  }

  /** What the program did between the end of its last response and this request. */
  private emitReconnect(previous: PreviousResponse, requestMono: number, sent: string | undefined): void {
    // Counted as a connection counts its own: 1 after a response that brought a new event.
    this.retryNumber = previous.madeProgress ? 1 : this.retryNumber + 1;
    const delayMs = Math.max(0, Math.round(requestMono - previous.endedMono));
    const had = previous.lastEventId;
    const idText =
      sent === undefined
        ? had
          ? `sent no Last-Event-ID though the last id it received was "${had}"`
          : 'sent no Last-Event-ID (it had received no id)'
        : sent === had
          ? `sent Last-Event-ID "${sent}", the last id it received`
          : `sent Last-Event-ID "${sent}" but the last id it received was "${had || '(none)'}"`;
    const detail = `${previous.what}; the program sent its next request ${delayMs} ms later and ${idText}`;
    // No policy of ours chose the delay: 'none', with the program as the source.
    const rec: RecordInit = { kind: 'reconnect', retryNumber: this.retryNumber, delayMs, reason: previous.reason, source: 'program', policy: 'none', detail };
    if (sent !== undefined) rec.lastEventId = sent;
    this.reader.emit(rec);
  }

}

function refusedReason(status: number): ReconnectReason {
  if (status >= 500) return 'http-5xx';
  if (status === 408 || status === 429) return 'http-retryable';
  return 'error';
}
