// A tiny real HTTP server on 127.0.0.1 whose responses are scripted byte for byte,
// for tests that must control exact framing and chunk boundaries (the demo server
// plays realistic scenarios; this one plays precise bytes).
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ScriptedResponse {
  status?: number;
  headers?: Record<string, string>;
  /** Written one by one with a macrotask between them, so each arrives as its own chunk. */
  chunks?: Array<string | Buffer>;
  /** Keep the response open after the chunks (default: end it). */
  keepOpen?: boolean;
  /** Destroy the socket after the chunks (a reset). */
  reset?: boolean;
  /** Pause between chunks (default 1 ms). */
  gapMs?: number;
  /** Delay before sending headers. */
  delayHeadersMs?: number;
}

export interface SeenRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface RawServer {
  url: string;
  requests: SeenRequest[];
  /** Open sockets right now (to prove the client closed its connection). */
  openSockets(): number;
  close(): Promise<void>;
}

export const SSE_HEADERS = { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' };

export async function startRawServer(respond: (req: SeenRequest, index: number) => ScriptedResponse): Promise<RawServer> {
  const requests: SeenRequest[] = [];
  const sockets = new Set<import('node:net').Socket>();
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      const seen: SeenRequest = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
      requests.push(seen);
      const script = respond(seen, requests.length - 1);
      void play(res, script);
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    openSockets: () => sockets.size,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function play(res: http.ServerResponse, script: ScriptedResponse): Promise<void> {
  if (script.delayHeadersMs) await sleep(script.delayHeadersMs);
  res.writeHead(script.status ?? 200, script.headers ?? SSE_HEADERS);
  res.flushHeaders();
  for (const chunk of script.chunks ?? []) {
    if (res.destroyed) return;
    res.write(chunk);
    // setTimeout, not setImmediate: gives the kernel time to deliver the chunk on its own.
    await sleep(script.gapMs ?? 1);
  }
  if (script.reset) res.socket?.destroy();
  else if (!script.keepOpen) res.end();
}

/**
 * For a mocha suite: a `serve` that starts scripted servers, each closed after the test
 * that started it.
 */
export function useRawServers(): (respond: Parameters<typeof startRawServer>[0]) => Promise<RawServer> {
  const servers: RawServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });
  return async (respond) => {
    const s = await startRawServer(respond);
    servers.push(s);
    return s;
  };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
