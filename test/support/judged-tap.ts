// Real clients behind a real proxy tap, judged: an upstream that ticks with ids and resumes
// from Last-Event-ID, a TapProxy whose tapped streams each get a Judge, and a way to run a
// client program and read what it logged. Used by the unit suite (Node clients) and the
// webview suite (curl and Chromium, which the setup step installs).
import { spawn, type ChildProcess } from 'node:child_process';
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { SseRecord, VerdictRecord } from '../../src/core/base/records';
import { PassiveSource } from '../../src/core/passive/passive-source';
import { TapRouter, type StreamKey } from '../../src/core/passive/tap-router';
import { JudgedSource } from '../../src/core/tap/judge-source';
import { TapProxy, type TapProxyOptions } from '../../src/core/tap/tap-proxy';
import type { ClientExpectations } from '../../src/core/tap/verdicts';

export interface TickServer {
  url: string;
  /** The Last-Event-ID header of each request to /events, in order (null: none). */
  lastEventIds: Array<string | null>;
  close(): Promise<void>;
}

/**
 * GET /events: `event: heartbeat`, `id: n`, `data: {"n":n}` every `everyMs`, n going on from
 * the request's Last-Event-ID (a `retry:` first when `retryMs` is set). GET /page: an HTML
 * page (for a browser's EventSource). POST /api/auth/refresh: a new token each time.
 */
export async function startTickServer(options: { everyMs?: number; retryMs?: number; page?: string } = {}): Promise<TickServer> {
  const everyMs = options.everyMs ?? 100;
  const lastEventIds: Array<string | null> = [];
  const sockets = new Set<Socket>();
  let tokens = 0;
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'POST' && path === '/api/auth/refresh') {
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ token: `refreshed-token-${++tokens}` }));
      return;
    }
    if (path === '/page' && options.page !== undefined) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(options.page);
      return;
    }
    if (path !== '/events') {
      res.writeHead(404).end();
      return;
    }
    const sent = req.headers['last-event-id'];
    const last = typeof sent === 'string' ? sent : null;
    lastEventIds.push(last);
    let n = last !== null && /^\d+$/.test(last) ? Number(last) : 0;
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'access-control-allow-origin': '*' });
    res.write(options.retryMs !== undefined ? `retry: ${options.retryMs}\n\n` : ': hello\n\n');
    const timer = setInterval(() => {
      n++;
      res.write(`event: heartbeat\nid: ${n}\ndata: {"n":${n}}\n\n`);
    }, everyMs);
    res.on('close', () => clearInterval(timer));
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    lastEventIds,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export interface JudgedStream {
  key: StreamKey;
  source: PassiveSource;
  judged: JudgedSource;
  records: SseRecord[];
}

export interface JudgedTap {
  proxy: TapProxy;
  streams: JudgedStream[];
  stream(n?: number): Promise<JudgedStream>;
  /** The reconnect/stop/stall verdicts of stream n so far. */
  verdicts(n?: number): VerdictRecord[];
  /** Waits until stream n has `count` verdicts (not counting summaries). */
  waitForVerdicts(count: number, n?: number, ms?: number): Promise<VerdictRecord[]>;
  /** Waits until stream n has this many records of a kind. */
  waitForRecords(kind: SseRecord['kind'], count: number, n?: number, ms?: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startJudgedTap(upstream: string, expectations: ClientExpectations, options: Partial<TapProxyOptions> = {}): Promise<JudgedTap> {
  const streams: JudgedStream[] = [];
  const router = new TapRouter((key) => {
    const source = new PassiveSource();
    const records: SseRecord[] = [];
    source.onRecord((r) => records.push(r));
    streams.push({ key, source, records, judged: new JudgedSource(source, expectations) });
    return source;
  });
  const proxy = await TapProxy.start({ upstream, router, ...options });
  const verdicts = (n = 0): VerdictRecord[] => (streams[n]?.records ?? []).filter((r): r is VerdictRecord => r.kind === 'verdict' && r.scope !== 'summary');
  return {
    proxy,
    streams,
    stream: (n = 0) => waitFor(() => streams[n], 15_000, `tapped stream ${n}`),
    verdicts,
    waitForVerdicts: (count, n = 0, ms = 30_000) => waitFor(() => (verdicts(n).length >= count ? verdicts(n) : undefined), ms, `${count} verdicts`, () => describeRecords(streams[n]?.records ?? [])),
    waitForRecords: async (kind, count, n = 0, ms = 30_000) => {
      await waitFor(() => (streams[n]?.records ?? []).filter((r) => r.kind === kind).length >= count, ms, `${count} ${kind} records`, () => describeRecords(streams[n]?.records ?? []));
    },
    stop: async () => {
      for (const s of streams) {
        s.judged.dispose();
        s.source.dispose();
      }
      await proxy.stop();
    },
  };
}

export interface RunningClient {
  child: ChildProcess;
  /** Lines of stdout so far (JSON lines for the fixture clients). */
  lines: string[];
  stderr(): string;
  stop(): Promise<void>;
}

/** Starts a client program; stop() kills it (by its own pid) and waits for its exit. */
export function runClient(command: string, args: string[]): RunningClient {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let rest = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (c: string) => {
    rest += c;
    const parts = rest.split('\n');
    rest = parts.pop() ?? '';
    lines.push(...parts.filter((l) => l !== ''));
  });
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (err += c));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    lines,
    stderr: () => err,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}

/** The JSON lines a fixture client logged with `what`. */
export function logged(client: RunningClient, what: string): Array<Record<string, unknown>> {
  return client.lines.flatMap((l) => {
    try {
      const v = JSON.parse(l) as Record<string, unknown>;
      return v.what === what ? [v] : [];
    } catch {
      return [];
    }
  });
}

export async function waitFor<T>(get: () => T | undefined | false, ms: number, what: string, describe?: () => string): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = get();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}${describe ? `; records:\n${describe()}` : ''}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** The records of a stream, one short line each (for a failing wait's message). */
export function describeRecords(records: readonly SseRecord[]): string {
  return records
    .filter((r) => r.kind !== 'event' && r.kind !== 'comment')
    .map((r) => {
      switch (r.kind) {
        case 'reconnect':
          return `#${r.seq} reconnect ${r.delayMs} ms ${r.reason} lastEventId=${r.lastEventId ?? '-'}`;
        case 'verdict':
          return `#${r.seq} verdict ${r.text}`;
        case 'close':
          return `#${r.seq} close ${r.reason} ${r.status ?? ''} ${r.message}`;
        case 'marker':
          return `#${r.seq} marker ${r.marker} ${r.label}`;
        case 'error':
          return `#${r.seq} error ${r.status ?? ''} ${r.message}`;
        case 'open':
          return `#${r.seq} open ${r.status}`;
        default:
          return `#${r.seq} ${r.kind}`;
      }
    })
    .join('\n');
}
