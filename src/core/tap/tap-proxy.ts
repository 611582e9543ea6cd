// The proxy tap: a streaming reverse proxy on 127.0.0.1 in front of one upstream, so any
// client in any language can be put under the inspector by pointing its base URL here.
//
//   const proxy = await TapProxy.start({ upstream: 'https://api.example.com/v1', router });
//   proxy.url                    // http://127.0.0.1:PORT, give this to the program
//   proxy.faults.apply(source, { kind: 'end', reset: true })   // on a tapped stream
//   proxy.onExchange((e) => ...) // every response the client got through the tap (and its end)
//   proxy.faults.onFault((f) => ...)
//   await proxy.stop()           // closes the listener and every proxied socket
//
// - Every request is forwarded (method, path and query under the upstream's base path, the
//   body streamed, headers minus hop-by-hop ones, Host rewritten); every response comes
//   back unbuffered and unchanged: same status, headers minus hop-by-hop, same body bytes in
//   the same chunks (a gzip body stays gzip). The inspector gets a side copy, decoded.
// - Each response goes to `router.response(client, observed)`: event streams become tapped
//   streams (one per endpoint and client across its reconnects); anything else passes
//   through and nothing of it is kept.
// - The client key keeps one client's reconnects together and two clients apart: the value
//   of an `X-SSE-Tap-Client` request header when the program sets one (it is not forwarded),
//   else the remote address and User-Agent (the remote port changes with every connection,
//   so it cannot be part of it). Two copies of one program on one machine share a key, but
//   their concurrent streams stay apart anyway (the router gives a busy stream's endpoint a
//   second stream); set the header to keep their reconnects apart too.
// - Faults act on one tapped stream (a PassiveSource the router made), each recorded as a
//   'fault' marker on that stream's timeline; see fault-outlet.ts for how event-level
//   faults find event boundaries, and fault-plan.ts for unattended faults.
// - TLS to an https upstream is verified unless `insecureTls` (a profile's self-signed opt-in).
// - An upstream that cannot be reached gets the client a 502 with a body saying why.
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { systemClock, type Clock } from '../base/clock';
import { Emitter, type Disposable } from '../base/emitter';
import type { HeaderList, RequestSummary } from '../base/records';
import { redactHeaders, redactUrl } from '../base/redact';
import type { ObservedEnd, ObservedResponse, PassiveSource } from '../passive/passive-source';
import { streamKey, type TapExchange, type TapRouter } from '../passive/tap-router';
import { eventBytes, FaultOutlet, type LastingFaults } from './fault-outlet';
import { FaultPlanSchedule, type FaultPlan } from './fault-plan';
import { faultLabel, isEventLevel, type Fault, type RefusalStatus } from './faults';
import { isCompressed, sideCopy } from './side-copy';
import { observedAuthKind } from '../passive/observed-request';

export interface TapProxyOptions {
  /** The origin and optional base path requests go to: http(s)://host[:port][/base]. */
  upstream: string;
  /** The local port; 0 or absent: a free one. */
  port?: number;
  /** Accept an upstream certificate that does not verify (self-signed). */
  insecureTls?: boolean;
  router: TapRouter;
  /** Which client a request comes from (see the header comment); the default reads X-SSE-Tap-Client, else remote address + User-Agent. */
  clientKey?: (req: http.IncomingMessage) => string;
  clock?: Clock;
  /** Faults each new tapped stream gets unattended. */
  faultPlan?: FaultPlan;
}

/** A response the client got through the tap, when it began (`phase: 'response'`) and when it ended. */
export interface TapExchangeInfo {
  phase: 'response' | 'end';
  client: string;
  method: string;
  /** The upstream URL (redacted). */
  url: string;
  /** The request's headers as forwarded, redacted. */
  requestHeaders: HeaderList;
  lastEventIdSent?: string;
  status: number;
  /** The tapped stream it belongs to; undefined for a response that is not part of one. */
  source?: PassiveSource;
  /** Answered by the tap with this refusal instead of being forwarded. */
  refused?: Extract<Fault, { kind: 'refuse' }>;
  /** The upstream could not be reached (the client got a 502). */
  upstreamError?: string;
  requestMono: number;
  /** `phase: 'end'`: how it ended. */
  end?: ObservedEnd;
  endMessage?: string;
}

export interface AppliedFault {
  source: PassiveSource;
  fault: Fault;
  label: string;
  mono: number;
  /** Applied by the fault plan (its step number, from 1). */
  planStep?: number;
}

/** A fault that cannot be applied now; its message says why. */
export class TapFaultError extends Error {}

/** The live fault controls of a proxy. */
export interface TapFaults {
  /** The tapped streams seen through this proxy that are still observed. */
  streams(): PassiveSource[];
  /** Whether a response of the stream is open now (live faults need one). */
  isLive(source: PassiveSource): boolean;
  /** Applies a fault to a stream and marks it on its timeline; returns the label. Throws TapFaultError when it cannot apply. */
  apply(source: PassiveSource, fault: Fault): string;
  onFault(listener: (applied: AppliedFault) => void): Disposable;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade']);
export const CLIENT_KEY_HEADER = 'x-sse-tap-client';

/** Per tapped stream: its lasting faults, pending refusals, open responses and plan. */
interface StreamControl {
  source: PassiveSource;
  keyText: string;
  lasting: LastingFaults;
  refusal: { fault: Extract<Fault, { kind: 'refuse' }>; left: number } | undefined;
  open: Set<ProxiedResponse>;
  startedMono: number;
  events: number;
  schedule: FaultPlanSchedule | undefined;
  dispose: Array<() => void>;
}

interface ProxiedResponse {
  outlet: FaultOutlet;
  /** Ends the response now (a fault): cleanly or with a reset. */
  cut(reset: boolean, message: string): void;
}

export class TapProxy {
  readonly url: string;
  readonly port: number;
  readonly upstream: URL;
  readonly faults: TapFaults;
  private readonly exchanges = new Emitter<TapExchangeInfo>();
  private readonly faultEvents = new Emitter<AppliedFault>();
  private readonly controls = new Map<PassiveSource, StreamControl>();
  private readonly sockets = new Set<Socket>();
  private readonly upstreamRequests = new Set<http.ClientRequest>();
  private readonly agent: http.Agent;
  private readonly clock: Clock;
  private stopped = false;

  private constructor(
    private readonly server: http.Server,
    private readonly options: TapProxyOptions,
    upstream: URL,
  ) {
    this.upstream = upstream;
    this.clock = options.clock ?? systemClock;
    const { port } = server.address() as AddressInfo;
    this.port = port;
    this.url = `http://127.0.0.1:${port}`;
    this.agent = upstream.protocol === 'https:' ? new https.Agent({ keepAlive: true, rejectUnauthorized: !options.insecureTls }) : new http.Agent({ keepAlive: true });
    this.faults = {
      streams: () => [...this.controls.values()].filter((c) => c.source.observing).map((c) => c.source),
      isLive: (source) => (this.controls.get(source)?.open.size ?? 0) > 0,
      apply: (source, fault) => this.apply(source, fault),
      onFault: (listener) => this.faultEvents.on(listener),
    };
  }

  static async start(options: TapProxyOptions): Promise<TapProxy> {
    let upstream: URL;
    try {
      upstream = new URL(options.upstream);
    } catch {
      throw new Error(`The tap's upstream "${options.upstream}" is not a URL (http://host:port or https://host/base)`);
    }
    if (upstream.protocol !== 'http:' && upstream.protocol !== 'https:') throw new Error(`The tap's upstream must be http:// or https://, not ${upstream.protocol}`);
    const server = http.createServer();
    // A stream is a long response: no limit on receiving the request body either.
    server.requestTimeout = 0;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    const proxy = new TapProxy(server, options, upstream);
    server.on('request', (req, res) => proxy.handle(req, res));
    server.on('connection', (s) => {
      proxy.sockets.add(s);
      s.on('close', () => proxy.sockets.delete(s));
    });
    return proxy;
  }

  /** Every response the client got through the tap, at its start and at its end. */
  onExchange(listener: (info: TapExchangeInfo) => void): Disposable {
    return this.exchanges.on(listener);
  }

  /** Closes the listener and every proxied socket (client and upstream side). */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const r of this.upstreamRequests) r.destroy();
    for (const s of this.sockets) s.destroy();
    this.agent.destroy();
    for (const c of this.controls.values()) for (const d of c.dispose) d();
    await closed;
  }

  // ---- requests ----

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    res.sendDate = false;
    const requestMono = this.clock.monotonic();
    const client = (this.options.clientKey ?? defaultClientKey)(req);
    const method = req.method ?? 'GET';
    const target = this.targetUrl(req.url ?? '/');
    const headers = forwardHeaders(req.rawHeaders, this.upstream.host);
    const headerList: HeaderList = [];
    for (const [name, value] of Object.entries(headers)) for (const v of Array.isArray(value) ? value : [value]) headerList.push([name, v]);
    const lastEventIdSent = header(req, 'last-event-id');
    const request: RequestSummary = { method, url: target.href, headers: headerList, bodyBytes: 0, authKind: observedAuthKind(headerList, target.href) };
    const base: Omit<TapExchangeInfo, 'phase' | 'status'> = { client, method, url: redactUrl(target.href), requestHeaders: redactHeaders(headerList), requestMono };
    if (lastEventIdSent !== undefined) base.lastEventIdSent = lastEventIdSent;

    const refusal = this.takeRefusal(client, method, target.href);
    if (refusal) {
      req.resume();
      this.refuse(res, refusal, { request, lastEventIdSent, requestMono }, client, base);
      return;
    }

    const lib = this.upstream.protocol === 'https:' ? https : http;
    const upReq = lib.request(target, { method, headers, agent: this.agent });
    this.upstreamRequests.add(upReq);
    upReq.on('close', () => this.upstreamRequests.delete(upReq));
    req.on('data', (c: Buffer) => (request.bodyBytes += c.length));
    req.pipe(upReq);
    let answered = false;
    // The client went away before the upstream answered.
    res.on('close', () => {
      if (!answered) upReq.destroy();
    });
    upReq.on('error', (err: Error) => {
      if (answered || res.headersSent || res.destroyed) return;
      answered = true;
      const message = `SSE Inspector tap: could not reach the upstream ${this.upstream.origin}: ${err.message}`;
      const observed: ObservedResponse = { request, status: 502, statusText: 'Bad Gateway', headers: [['content-type', 'text/plain; charset=utf-8']], requestMono, latencyMs: this.clock.monotonic() - requestMono };
      if (lastEventIdSent !== undefined) observed.lastEventIdSent = lastEventIdSent;
      const exchange = this.options.router.response(client, observed);
      res.writeHead(502, 'Bad Gateway', { 'content-type': 'text/plain; charset=utf-8' });
      res.end(message + '\n');
      const info: TapExchangeInfo = { ...base, phase: 'response', status: 502, upstreamError: err.message };
      if (exchange) info.source = exchange.source;
      this.exchanges.fire(info);
      exchange?.end('server-closed', message);
      this.exchanges.fire({ ...info, phase: 'end', end: 'server-closed', endMessage: message });
    });
    upReq.on('response', (up) => {
      answered = true;
      this.forward(up, res, upReq, { client, request, lastEventIdSent, requestMono, base });
    });
  }

  private forward(
    up: http.IncomingMessage,
    res: http.ServerResponse,
    upReq: http.ClientRequest,
    ctx: { client: string; request: RequestSummary; lastEventIdSent: string | undefined; requestMono: number; base: Omit<TapExchangeInfo, 'phase' | 'status'> },
  ): void {
    const status = up.statusCode ?? 502;
    const responseHeaders = pairs(up.rawHeaders);
    const observed: ObservedResponse = { request: ctx.request, status, statusText: up.statusMessage ?? '', headers: responseHeaders, requestMono: ctx.requestMono, latencyMs: Math.round(this.clock.monotonic() - ctx.requestMono) };
    if (ctx.lastEventIdSent !== undefined) observed.lastEventIdSent = ctx.lastEventIdSent;
    const exchange: TapExchange | undefined = this.stopped ? undefined : this.options.router.response(ctx.client, observed);
    const control = exchange ? this.controlFor(exchange.source, ctx.client, ctx.request) : undefined;
    const info: TapExchangeInfo = { ...ctx.base, phase: 'response', status };
    if (exchange) info.source = exchange.source;
    this.exchanges.fire(info);

    res.writeHead(status, up.statusMessage, withoutHopByHop(up.rawHeaders));
    res.flushHeaders();
    const encoding = up.headers['content-encoding'];
    const side = exchange ? sideCopy(encoding, (b) => exchange.chunk(b), (message) => exchange.source.mark('note', message)) : undefined;
    let finished = false;
    const finish = (end: ObservedEnd, message?: string): void => {
      if (finished) return;
      finished = true;
      outlet.close();
      if (control) control.open.delete(proxied);
      const done = (): void => {
        exchange?.end(end, message);
        const endInfo: TapExchangeInfo = { ...info, phase: 'end', end };
        if (message) endInfo.endMessage = message;
        this.exchanges.fire(endInfo);
      };
      if (side && end === 'server-closed') side.end(done);
      else {
        side?.destroy();
        done();
      }
    };
    const compressed = isCompressed(encoding);
    const outlet = new FaultOutlet({
      res,
      pauseUpstream: () => up.pause(),
      resumeUpstream: () => up.resume(),
      lasting: control?.lasting ?? { slowMs: 0, dropTypes: new Set() },
      compressed,
      clock: this.clock,
      // The inspector sees what the client got: an injected event is on its timeline, a dropped one is not.
      onWritten: (bytes) => side?.write(bytes),
      perEvent: !compressed && control?.schedule?.countsEvents === true,
    });
    const proxied: ProxiedResponse = {
      outlet,
      cut: (reset, message) => {
        upReq.destroy();
        if (reset) res.socket?.resetAndDestroy();
        else res.end();
        finish(reset ? 'network-error' : 'server-closed', message);
      },
    };
    control?.open.add(proxied);
    up.on('data', (chunk: Buffer) => {
      if (finished) return;
      outlet.write(chunk);
    });
    up.on('end', () => {
      if (finished) return;
      outlet.end();
      // The side copy ends when the client's response does (a stall may still hold bytes).
      res.once('finish', () => finish('server-closed'));
    });
    up.on('error', () => undefined);
    up.on('close', () => {
      if (finished || up.complete) return;
      // The upstream broke mid-response: the client's connection breaks too.
      res.destroy();
      finish('network-error', 'The upstream connection broke');
    });
    res.on('close', () => {
      if (finished) return;
      if (res.writableFinished) return finish('server-closed');
      upReq.destroy();
      finish('aborted', this.stopped ? 'The tap stopped: it closed the connection' : 'The program closed its connection');
    });
  }

  /** Answers a request with a refusal fault's status instead of forwarding it. */
  private refuse(
    res: http.ServerResponse,
    refusal: Extract<Fault, { kind: 'refuse' }>,
    ctx: { request: RequestSummary; lastEventIdSent: string | undefined; requestMono: number },
    client: string,
    base: Omit<TapExchangeInfo, 'phase' | 'status'>,
  ): void {
    const status: RefusalStatus = refusal.status;
    const headers: HeaderList = [];
    let body = '';
    if (status !== 204) {
      headers.push(['content-type', 'application/json']);
      body = JSON.stringify({ error: `${status} from the SSE Inspector tap (fault)` }) + '\n';
    }
    const retryAfter = refusal.retryAfterSec ?? (status === 503 ? 1 : undefined);
    if (retryAfter !== undefined) headers.push(['retry-after', String(retryAfter)]);
    if (status === 401) headers.push(['www-authenticate', 'Bearer']);
    const observed: ObservedResponse = { request: ctx.request, status, statusText: http.STATUS_CODES[status] ?? '', headers, requestMono: ctx.requestMono, latencyMs: 0 };
    if (ctx.lastEventIdSent !== undefined) observed.lastEventIdSent = ctx.lastEventIdSent;
    const exchange = this.options.router.response(client, observed);
    res.writeHead(status, http.STATUS_CODES[status], headers.flat());
    res.end(body);
    const info: TapExchangeInfo = { ...base, phase: 'response', status, refused: refusal };
    if (exchange) info.source = exchange.source;
    this.exchanges.fire(info);
    const message = `The tap answered ${status} instead of forwarding (fault)`;
    exchange?.end('server-closed', message);
    this.exchanges.fire({ ...info, phase: 'end', end: 'server-closed', endMessage: message });
  }

  private targetUrl(path: string): URL {
    const base = this.upstream.pathname.replace(/\/+$/, '');
    const url = new URL(this.upstream.origin);
    const q = path.indexOf('?');
    url.pathname = base + (q < 0 ? path : path.slice(0, q));
    url.search = q < 0 ? '' : path.slice(q);
    return url;
  }

  // ---- faults ----

  private controlFor(source: PassiveSource, client: string, request: RequestSummary): StreamControl {
    let control = this.controls.get(source);
    if (control) return control;
    const key = streamKey(client, request.method, request.url);
    control = {
      source,
      keyText: key ? `${key.client}\n${key.method} ${key.endpoint}` : '',
      lasting: { slowMs: 0, dropTypes: new Set() },
      refusal: undefined,
      open: new Set(),
      startedMono: this.clock.monotonic(),
      events: 0,
      schedule: this.options.faultPlan && this.options.faultPlan.length > 0 ? new FaultPlanSchedule(this.options.faultPlan) : undefined,
      dispose: [],
    };
    this.controls.set(source, control);
    if (control.schedule) this.runPlan(control);
    return control;
  }

  /** Runs the fault plan on one stream: timers for the timed steps, a record count for the others. */
  private runPlan(control: StreamControl): void {
    const schedule = control.schedule!;
    const check = (): void => {
      if (this.stopped || !control.source.observing) return;
      for (const { index, step } of schedule.due(this.clock.monotonic() - control.startedMono, control.events)) {
        try {
          this.apply(control.source, step.do, index + 1);
        } catch (err) {
          control.source.mark('note', `Fault plan step ${index + 1} not applied: ${(err as Error).message}`);
        }
      }
    };
    for (const delay of schedule.timedDelays()) {
      const timer = this.clock.setTimeout(check, delay);
      control.dispose.push(() => this.clock.clearTimeout(timer));
    }
    const sub = control.source.onRecord((r) => {
      if (r.kind !== 'event') return;
      control.events++;
      check();
    });
    control.dispose.push(() => sub.dispose());
  }

  private takeRefusal(client: string, method: string, url: string): Extract<Fault, { kind: 'refuse' }> | undefined {
    const key = streamKey(client, method, url);
    if (!key) return undefined;
    const keyText = `${key.client}\n${key.method} ${key.endpoint}`;
    for (const c of this.controls.values()) {
      if (c.keyText !== keyText || !c.refusal || !c.source.observing) continue;
      const { fault } = c.refusal;
      if (--c.refusal.left <= 0) c.refusal = undefined;
      return fault;
    }
    return undefined;
  }

  private apply(source: PassiveSource, fault: Fault, planStep?: number): string {
    const control = this.controls.get(source);
    if (!control || !source.observing) throw new TapFaultError('This stream is not tapped by this proxy (or no longer observed)');
    const open = [...control.open];
    const live = fault.kind === 'end' || fault.kind === 'stall' || fault.kind === 'inject' || fault.kind === 'retry' || fault.kind === 'split-utf8';
    if (live && open.length === 0) throw new TapFaultError('No response of this stream is open now: this fault acts on the live response (wait for the client to reconnect)');
    if (isEventLevel(fault) && open.some((p) => p.outlet.compressed)) {
      throw new TapFaultError('Event-level faults need an uncompressed stream, and this response is compressed (Content-Encoding): end, reset, a silent stall and refusals still apply');
    }
    const label = faultLabel(fault) + (planStep !== undefined ? ` (fault plan step ${planStep})` : '');
    // Marked first, so the marker sits before what the fault causes (a close, a reconnect).
    source.markFault(fault, label);
    switch (fault.kind) {
      case 'end':
        for (const p of open) p.cut(fault.reset === true, fault.reset ? 'The tap reset the connection (fault)' : 'The tap ended the response (fault)');
        break;
      case 'stall':
        for (const p of open) p.outlet.stall(fault.seconds, fault.comments === true);
        break;
      case 'inject':
        for (const p of open) p.outlet.sendAtBoundary(eventBytes(fault.event));
        break;
      case 'retry':
        for (const p of open) p.outlet.sendAtBoundary(Buffer.from(`retry: ${Math.round(fault.ms)}\n\n`, 'utf8'));
        break;
      case 'split-utf8':
        for (const p of open) p.outlet.splitNextEvent();
        break;
      case 'slow':
        control.lasting.slowMs = fault.ms;
        for (const p of open) p.outlet.lastingChanged();
        break;
      case 'drop':
        control.lasting.dropTypes.add(fault.type);
        for (const p of open) p.outlet.lastingChanged();
        break;
      case 'refuse':
        control.refusal = { fault, left: fault.count };
        break;
      case 'clear':
        control.lasting.slowMs = 0;
        control.lasting.dropTypes.clear();
        control.refusal = undefined;
        for (const p of open) p.outlet.lastingChanged();
        break;
    }
    const applied: AppliedFault = { source, fault, label, mono: this.clock.monotonic() };
    if (planStep !== undefined) applied.planStep = planStep;
    this.faultEvents.fire(applied);
    return label;
  }
}

/** The default client key: see the file header. */
export function defaultClientKey(req: http.IncomingMessage): string {
  const named = header(req, CLIENT_KEY_HEADER);
  if (named) return `client:${named}`;
  return `${req.socket.remoteAddress ?? '?'} ${header(req, 'user-agent') ?? '(no User-Agent)'}`;
}

function header(req: http.IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(', ') : v;
}

/** Names the Connection header lists are hop-by-hop too. */
function connectionNamed(raw: string[]): Set<string> {
  const named = new Set<string>();
  for (let i = 0; i < raw.length; i += 2) {
    if (raw[i]!.toLowerCase() !== 'connection') continue;
    for (const n of raw[i + 1]!.split(',')) if (n.trim()) named.add(n.trim().toLowerCase());
  }
  return named;
}

/** Response headers for the client: as received, in order and case, minus hop-by-hop ones. */
export function withoutHopByHop(raw: string[]): string[] {
  const named = connectionNamed(raw);
  const out: string[] = [];
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    if (HOP_BY_HOP.has(name) || named.has(name)) continue;
    out.push(raw[i]!, raw[i + 1]!);
  }
  return out;
}

/** Request headers for the upstream: minus hop-by-hop ones and the tap's own, Host rewritten. */
export function forwardHeaders(raw: string[], host: string): Record<string, string | string[]> {
  const named = connectionNamed(raw);
  const out: Record<string, string | string[]> = {};
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    const lower = name.toLowerCase();
    if (HOP_BY_HOP.has(lower) || named.has(lower) || lower === 'host' || lower === CLIENT_KEY_HEADER) continue;
    const prev = out[name];
    out[name] = prev === undefined ? raw[i + 1]! : [...(Array.isArray(prev) ? prev : [prev]), raw[i + 1]!];
  }
  out.host = host;
  return out;
}

function pairs(raw: string[]): HeaderList {
  const out: Array<[string, string]> = [];
  for (let i = 0; i < raw.length; i += 2) out.push([raw[i]!, raw[i + 1]!]);
  return out;
}
