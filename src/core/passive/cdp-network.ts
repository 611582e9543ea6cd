// Reads a page's event streams from the Chrome DevTools Protocol events of its debug target
// (js-debug's CDP proxy hands them over): each request the page makes, its response, the raw
// bytes of its body and its end, turned into the TapRouter's responses and chunks. Raw
// bytes, not Chrome's parsed EventSource messages, so `retry:`, comments and ids parse
// exactly as they do for a connection of ours.
//
// Chrome sends a response body over CDP only for requests it was told to stream
// (`Network.streamResourceContent`, Chrome 123+; from then on each `Network.dataReceived`
// carries its bytes in `data`). An EventSource, or a fetch that asks for text/event-stream,
// is told so as soon as it is sent, so no byte is missed; any other fetch when its response
// says text/event-stream (the reply holds what arrived before). A response that ended before
// that reply came is read whole with `Network.getResponseBody`.
//
// A chunk that reached the page while its JavaScript was paused at a breakpoint is delivered
// by Chrome in a burst right after it resumes (the renderer reads no network data while
// paused, and its network events carry the time it read them). Those chunks are marked held
// for the length of the pause: the most they can have waited, since CDP cannot say when
// during the pause they reached the socket.
//
// Never throws into its caller: whatever CDP sends, or fails to answer, is logged.
import { systemClock, type Clock } from '../base/clock';
import type { HeaderList, RequestSummary } from '../base/records';
import { urlCarriesSecret } from '../base/redact';
import { acceptsEventStream, observedAuthKind } from './observed-request';
import type { ObservedEnd, ObservedResponse } from './passive-source';
import type { TapExchange, TapRouter } from './tap-router';
import { headerValue } from '../base/headers';

/** Sends a CDP command to the target and resolves with its result (rejects with its error). */
export type CdpSend = (method: string, params: Record<string, unknown>) => Promise<unknown>;

export interface CdpNetworkTapOptions {
  /** The TapRouter's client key of this target (one debug session, one page). */
  client: string;
  router: Pick<TapRouter, 'response'>;
  send: CdpSend;
  /** Whether to take a request at this URL (the tap's setting and URL filter); all when absent. */
  accept?: (url: string) => boolean;
  /** Where CDP trouble goes (a log line); never an exception. */
  log?: (message: string) => void;
  clock?: Clock;
}

/** The CDP events the tap needs from the target (for JsDebug.subscribe). */
export const CDP_TAP_EVENTS = ['Network.*', 'Debugger.paused', 'Debugger.resumed'];

/** How long after a resume the first network event may come and still be part of the burst (host ms). */
const BURST_START_MS = 250;
/** How far (Chrome's seconds) a burst's network events spread after its first one. */
const BURST_SPREAD_S = 0.1;
/** Requests followed at once, at most (the oldest that are not streams are let go first). */
const MAX_FOLLOWED_REQUESTS = 2000;
/** Request bodies are kept up to this many characters, as for a connection's. */
const BODY_PREVIEW_CHARS = 4096;

/** Resource types whose body a page's script reads as it arrives. */
const STREAMABLE_TYPES = new Set(['EventSource', 'Fetch', 'XHR']);

interface CdpHeaders {
  [name: string]: unknown;
}

interface TrackedRequest {
  id: string;
  url: string;
  method: string;
  type: string;
  headers: HeaderList;
  /** The headers as sent on the wire (requestWillBeSentExtraInfo): Cookie, Last-Event-ID, ... */
  wireHeaders?: HeaderList;
  body?: string;
  bodyBytes: number;
  requestMono: number;
  /** The response, waiting for its wire headers (requestWillBeSentExtraInfo) for one more event. */
  pendingResponse?: PendingResponse;
  exchange?: TapExchange;
  /** Not part of an event stream, or not wanted: its later events are ignored. */
  ignored: boolean;
  streaming: 'no' | 'asked' | 'on' | 'refused';
  /** Read the whole body at the end (streaming came too late). */
  readBodyAtEnd: boolean;
  /** Bytes Chrome had before streaming began, for a response not begun yet. */
  early: Uint8Array[];
}

interface PendingResponse {
  status: number;
  statusText: string;
  headers: HeaderList;
  latencyMs: number;
}

/** A window after a resume in which the delivered chunks are the ones held during the pause. */
interface HeldWindow {
  heldMs: number;
  resumedMono: number;
  /** Chrome's timestamp (s) of the first network event after the resume. */
  firstTs?: number;
}

export class CdpNetworkTap {
  private readonly requests = new Map<string, TrackedRequest>();
  /** Wire headers that came before their requestWillBeSent (Chrome does not promise the order). */
  private readonly earlyWireHeaders = new Map<string, HeaderList>();
  private readonly clock: Clock;
  /**
   * Commands in flight. Meanwhile every event waits in `queue`, in the order CDP sent them:
   * a command's answer takes its place among them (what Chrome had before it), and one
   * response's end is never taken after the next response of its stream began.
   */
  private busy = 0;
  private readonly queue: Array<() => void> = [];
  private pausedMono: number | undefined;
  private held: HeldWindow | undefined;
  private disposed = false;

  constructor(private readonly options: CdpNetworkTapOptions) {
    this.clock = options.clock ?? systemClock;
  }

  /** One CDP event of the target. */
  event(method: string, params: unknown): void {
    if (this.disposed || typeof params !== 'object' || params === null) return;
    const p = params as Record<string, unknown>;
    // Pauses are timed as they come; the network events wait their turn.
    if (method === 'Debugger.paused') {
      // js-debug's own short stops (source maps, script parsing) are not the user's breakpoints.
      if (p['reason'] !== 'instrumentation') this.pausedMono = this.clock.monotonic();
      return;
    }
    if (method === 'Debugger.resumed') return this.resumed();
    if (!method.startsWith('Network.')) return;
    const held = method === 'Network.dataReceived' ? this.heldFor(p['timestamp']) : undefined;
    this.inOrder(() => {
      try {
        this.network(method, p, held);
      } catch (err) {
        this.log(`could not read ${method}: ${errorText(err)}`);
      }
    });
  }

  private network(method: string, p: Record<string, unknown>, held: number | undefined): void {
    switch (method) {
      case 'Network.requestWillBeSent':
        return this.requestWillBeSent(p);
      case 'Network.requestWillBeSentExtraInfo':
        return this.wireHeaders(p);
      case 'Network.responseReceived':
        return this.forRequest(p, (r) => this.responseReceived(r, p));
      case 'Network.dataReceived':
        return this.forRequest(p, (r) => this.dataReceived(r, p, held));
      case 'Network.loadingFinished':
        return this.forRequest(p, (r) => this.finished(r));
      case 'Network.loadingFailed':
        return this.forRequest(p, (r) => this.failed(r, p));
      default:
        return;
    }
  }

  /** The target is gone (the debug session ended, the proxy closed): its open responses end here. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.queue.length = 0;
    for (const r of this.requests.values()) r.exchange?.end('aborted', 'The debug session ended');
    this.requests.clear();
    this.earlyWireHeaders.clear();
  }

  private requestWillBeSent(p: Record<string, unknown>): void {
    const id = str(p['requestId']);
    const request = p['request'] as Record<string, unknown> | undefined;
    if (!id || !request) return;
    // A redirect reuses the request id: the earlier hop was not a stream of the page's.
    const previous = this.requests.get(id);
    if (previous) {
      previous.exchange?.end('aborted', 'The request was redirected');
      this.requests.delete(id);
    }
    const url = str(request['url']);
    if (!url || !/^https?:/i.test(url)) return;
    const type = str(p['type']);
    if (this.options.accept && !this.options.accept(url)) return;
    const body = typeof request['postData'] === 'string' ? request['postData'] : undefined;
    const r: TrackedRequest = {
      id,
      url,
      method: (str(request['method']) || 'GET').toUpperCase(),
      type,
      headers: headerList(request['headers'] as CdpHeaders | undefined),
      bodyBytes: body !== undefined ? Buffer.byteLength(body) : 0,
      requestMono: this.clock.monotonic(),
      ignored: false,
      streaming: 'no',
      readBodyAtEnd: false,
      early: [],
    };
    // Only a preview is ever shown: a large upload is not kept while its response is awaited.
    if (body !== undefined) r.body = body.slice(0, BODY_PREVIEW_CHARS);
    const early = this.earlyWireHeaders.get(id);
    if (early) {
      r.wireHeaders = early;
      this.earlyWireHeaders.delete(id);
    }
    this.requests.set(id, r);
    this.forgetStaleRequests();
    // An EventSource, or a script that asks for an event stream: its bytes from the first one.
    if (type === 'EventSource' || (STREAMABLE_TYPES.has(type) && acceptsEventStream(r.headers))) this.startStreaming(r);
  }

  private wireHeaders(p: Record<string, unknown>): void {
    const id = str(p['requestId']);
    if (!id) return;
    const headers = headerList(p['headers'] as CdpHeaders | undefined);
    const r = this.requests.get(id);
    if (!r) {
      if (this.earlyWireHeaders.size > 200) this.earlyWireHeaders.clear(); // never grows without bound
      this.earlyWireHeaders.set(id, headers);
      return;
    }
    r.wireHeaders = headers;
    // The response was waiting for them.
    if (r.pendingResponse) this.begin(r);
  }

  private responseReceived(r: TrackedRequest, p: Record<string, unknown>): void {
    const response = p['response'] as Record<string, unknown> | undefined;
    if (!response || r.exchange || r.pendingResponse) return;
    const timing = response['timing'] as Record<string, unknown> | undefined;
    const receiveHeadersEnd = timing && typeof timing['receiveHeadersEnd'] === 'number' ? timing['receiveHeadersEnd'] : 0;
    r.pendingResponse = {
      status: typeof response['status'] === 'number' ? response['status'] : 0,
      statusText: str(response['statusText']),
      headers: headerList(response['headers'] as CdpHeaders | undefined),
      latencyMs: Math.max(0, Math.round(receiveHeadersEnd)),
    };
    // The wire headers (Last-Event-ID among them) normally come first; if not, the response
    // waits for them until the next event of this request. A cached or service-worker
    // response has none.
    if (r.wireHeaders || response['fromDiskCache'] === true || response['fromServiceWorker'] === true) this.begin(r);
  }

  /** Hands the response to the router: a stream of the page's, or let go. */
  private begin(r: TrackedRequest): void {
    const pending = r.pendingResponse;
    if (!pending) return;
    r.pendingResponse = undefined;
    const headers = r.wireHeaders ?? r.headers;
    const meta: ObservedResponse = {
      request: summary(r, headers),
      status: pending.status,
      statusText: pending.statusText,
      headers: pending.headers,
      requestMono: r.requestMono,
      latencyMs: pending.latencyMs,
    };
    const lastEventId = headerValue(headers, 'last-event-id');
    if (lastEventId !== undefined) meta.lastEventIdSent = lastEventId;
    const exchange = this.options.router.response(this.options.client, meta);
    if (!exchange) {
      // Not an event stream: nothing of it is kept, and its later events are not looked at.
      r.ignored = true;
      r.early = [];
      this.requests.delete(r.id);
      return;
    }
    r.exchange = exchange;
    for (const bytes of r.early) exchange.chunk(bytes);
    r.early = [];
    // A fetch that did not say it wanted a stream: its bytes from now on (the reply holds the rest).
    if (r.streaming === 'no' && STREAMABLE_TYPES.has(r.type)) this.startStreaming(r);
    else if (r.streaming === 'no') r.readBodyAtEnd = true;
  }

  private dataReceived(r: TrackedRequest, p: Record<string, unknown>, held: number | undefined): void {
    const data = p['data'];
    if (typeof data !== 'string' || data === '') return;
    const bytes = Buffer.from(data, 'base64');
    if (r.exchange) r.exchange.chunk(bytes, held);
    else r.early.push(bytes);
  }

  private finished(r: TrackedRequest): void {
    if (r.readBodyAtEnd && r.exchange) {
      this.command(r, 'Network.getResponseBody', (result) => {
        const res = result as { body?: unknown; base64Encoded?: unknown };
        const body = typeof res.body === 'string' ? res.body : '';
        if (body) r.exchange?.chunk(res.base64Encoded === true ? Buffer.from(body, 'base64') : Buffer.from(body, 'utf8'));
        this.end(r, 'server-closed');
      }, (message) => this.end(r, 'server-closed', `The response ended; its body could not be read: ${message}`));
      return;
    }
    this.end(r, 'server-closed');
  }

  private failed(r: TrackedRequest, p: Record<string, unknown>): void {
    const errorText = str(p['errorText']);
    // The page closed it (EventSource.close(), an aborted fetch, leaving the page).
    if (p['canceled'] === true) this.end(r, 'aborted', `The page dropped the request${errorText ? ` (${errorText})` : ''}`);
    else this.end(r, 'network-error', errorText ? `The request failed: ${errorText}` : undefined);
  }

  private end(r: TrackedRequest, end: ObservedEnd, message?: string): void {
    this.requests.delete(r.id);
    r.exchange?.end(end, message);
  }

  private startStreaming(r: TrackedRequest): void {
    r.streaming = 'asked';
    this.command(
      r,
      'Network.streamResourceContent',
      (result) => {
        r.streaming = 'on';
        const buffered = (result as { bufferedData?: unknown }).bufferedData;
        if (typeof buffered !== 'string' || buffered === '') return;
        const bytes = Buffer.from(buffered, 'base64');
        if (r.exchange) r.exchange.chunk(bytes);
        else r.early.push(bytes);
      },
      (message) => {
        // It ended before the command came (a short response), or Chrome cannot stream it:
        // the whole body is read when it ends.
        r.streaming = 'refused';
        r.readBodyAtEnd = true;
        if (!/finished loading/i.test(message)) this.log(`${r.url}: its bytes cannot be streamed (${message}); they are read when it ends`);
      },
    );
  }

  /** Sends a command about one request; every later event waits for its answer. */
  private command(r: TrackedRequest, method: string, done: (result: unknown) => void, fail: (message: string) => void): void {
    this.busy++;
    const settle = (fn: () => void) => {
      if (this.disposed) return;
      try {
        fn();
      } catch (err) {
        this.log(`could not use the answer to ${method}: ${errorText(err)}`);
      }
      this.busy--;
      while (this.busy === 0 && this.queue.length > 0 && !this.disposed) this.queue.shift()!();
    };
    let sent: Promise<unknown>;
    try {
      sent = this.options.send(method, { requestId: r.id });
    } catch (err) {
      sent = Promise.reject(err);
    }
    sent.then(
      (result) => settle(() => done(result)),
      (err: unknown) => settle(() => fail(errorText(err))),
    );
  }

  /**
   * Every request is followed until its response says what it is and it ends; one whose end
   * never came (a page that went away mid-request) must not be kept forever.
   */
  private forgetStaleRequests(): void {
    if (this.requests.size <= MAX_FOLLOWED_REQUESTS) return;
    for (const [id, r] of this.requests) {
      if (this.requests.size <= MAX_FOLLOWED_REQUESTS) break;
      if (!r.exchange) this.requests.delete(id);
    }
  }

  /** Runs `fn` now, or after the commands in flight (in arrival order). */
  private inOrder(fn: () => void): void {
    if (this.busy > 0) this.queue.push(fn);
    else fn();
  }

  /** Runs `fn` for the event's request, if it is one being followed. */
  private forRequest(p: Record<string, unknown>, fn: (r: TrackedRequest) => void): void {
    const r = this.requests.get(str(p['requestId']));
    if (!r || r.ignored) return;
    // Any later event of the request: a response still waiting for its wire headers goes without them.
    if (r.pendingResponse) this.begin(r);
    if (r.ignored || this.requests.get(r.id) !== r) return;
    fn(r);
  }

  private resumed(): void {
    if (this.pausedMono === undefined) return;
    const now = this.clock.monotonic();
    this.held = { heldMs: Math.round(now - this.pausedMono), resumedMono: now };
    this.pausedMono = undefined;
  }

  /** heldMs for a chunk delivered now with Chrome's `timestamp`, if it is part of the burst after a resume. */
  private heldFor(timestamp: unknown): number | undefined {
    const w = this.held;
    if (!w || typeof timestamp !== 'number') return undefined;
    if (w.firstTs === undefined) {
      if (this.clock.monotonic() - w.resumedMono > BURST_START_MS) {
        this.held = undefined;
        return undefined;
      }
      w.firstTs = timestamp;
    }
    if (timestamp - w.firstTs > BURST_SPREAD_S) {
      this.held = undefined;
      return undefined;
    }
    return w.heldMs > 0 ? w.heldMs : undefined;
  }

  private log(message: string): void {
    try {
      this.options.log?.(message);
    } catch {
      // a log that fails has nowhere else to go
    }
  }
}

/** CDP's headers object (a value may hold several lines) as a header list. */
export function headerList(headers: CdpHeaders | undefined): HeaderList {
  const out: HeaderList = [];
  if (!headers || typeof headers !== 'object') return out;
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value !== 'string') continue;
    for (const line of value.split('\n')) out.push([name, line]);
  }
  return out;
}

function summary(r: TrackedRequest, headers: HeaderList): RequestSummary {
  const s: RequestSummary = { method: r.method, url: r.url, headers, bodyBytes: r.bodyBytes, authKind: observedAuthKind(headers, r.url) };
  if (r.body !== undefined) s.bodyPreview = r.body;
  if (urlCarriesSecret(r.url)) s.secretInUrl = true;
  return s;
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function errorText(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (typeof err === 'object' && err !== null && typeof (err as { message?: unknown }).message === 'string') return (err as { message: string }).message;
  return String(err);
}
