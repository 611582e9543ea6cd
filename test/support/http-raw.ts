// A client that keeps what it receives exactly (node:http, no decompression, every chunk as
// it arrived), and a TCP relay that records what a server sent, for byte-exactness tests
// of the proxy tap.
import * as http from 'node:http';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';

export interface RawResult {
  status: number;
  statusMessage: string;
  headers: http.IncomingHttpHeaders;
  rawHeaders: string[];
  chunks: Buffer[];
  body: Buffer;
  /** How the body ended: 'end' (complete), 'error' (the connection broke: reset or cut), 'stopped' (we stopped reading). */
  ended: 'end' | 'error' | 'stopped';
  error?: string;
}

export interface RawRequest {
  method?: string;
  headers?: Record<string, string | string[]>;
  body?: string | Buffer;
  /** Stop reading after this long (for streams that never end). */
  forMs?: number;
  /** Stop once this many bytes arrived. */
  untilBytes?: number;
  /** Stop once the body contains this text. */
  untilText?: string;
  agent?: http.Agent | false;
}

export function rawRequest(url: string, r: RawRequest = {}): Promise<RawResult> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: r.method ?? 'GET', headers: r.headers, agent: r.agent ?? false });
    let responded = false;
    req.on('error', (err) => {
      if (!responded) reject(err);
    });
    req.on('response', (res) => {
      responded = true;
      req.on('error', (err: NodeJS.ErrnoException) => finish('error', err.code ?? err.message));
      const chunks: Buffer[] = [];
      let size = 0;
      let done = false;
      let timer: NodeJS.Timeout | undefined;
      const finish = (ended: RawResult['ended'], error?: string): void => {
        if (done) return;
        done = true;
        if (timer) clearTimeout(timer);
        const result: RawResult = { status: res.statusCode ?? 0, statusMessage: res.statusMessage ?? '', headers: res.headers, rawHeaders: res.rawHeaders, chunks, body: Buffer.concat(chunks), ended };
        if (error) result.error = error;
        if (ended === 'stopped') req.destroy();
        resolve(result);
      };
      if (r.forMs !== undefined) timer = setTimeout(() => finish('stopped'), r.forMs);
      res.on('data', (c: Buffer) => {
        chunks.push(c);
        size += c.length;
        if (r.untilBytes !== undefined && size >= r.untilBytes) finish('stopped');
        else if (r.untilText !== undefined && Buffer.concat(chunks).includes(r.untilText)) finish('stopped');
      });
      res.on('end', () => finish('end'));
      res.on('error', (err: NodeJS.ErrnoException) => finish('error', err.code ?? err.message));
      res.on('close', () => finish(res.complete ? 'end' : 'error', 'closed'));
    });
    req.end(r.body);
  });
}

export interface RecordingRelay {
  url: string;
  /** What the server sent on each connection so far, raw (status line, headers, chunked framing). */
  fromServer(): Buffer[];
  close(): Promise<void>;
}

/** A TCP relay to `target` (http://127.0.0.1:PORT) that records the server's bytes. */
export async function startRecordingRelay(target: string): Promise<RecordingRelay> {
  const { hostname, port } = new URL(target);
  const recorded: Buffer[][] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const got: Buffer[] = [];
    recorded.push(got);
    const upstream = net.connect(Number(port), hostname);
    sockets.add(client).add(upstream);
    client.pipe(upstream);
    upstream.on('data', (b: Buffer) => got.push(b));
    upstream.pipe(client);
    const close = (): void => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    fromServer: () => recorded.map((c) => Buffer.concat(c)),
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The body of a raw HTTP/1.1 response (its chunked framing undone); a cut-off last chunk gives what arrived of it. */
export function httpBody(raw: Buffer): Buffer {
  const headEnd = raw.indexOf('\r\n\r\n');
  const head = raw.subarray(0, headEnd).toString('latin1');
  let rest = raw.subarray(headEnd + 4);
  if (!/\r\ntransfer-encoding:\s*chunked/i.test(head)) return rest;
  const out: Buffer[] = [];
  for (;;) {
    const lineEnd = rest.indexOf('\r\n');
    if (lineEnd < 0) break;
    const size = parseInt(rest.subarray(0, lineEnd).toString('latin1'), 16);
    if (!size) break;
    out.push(rest.subarray(lineEnd + 2, lineEnd + 2 + size));
    rest = rest.subarray(lineEnd + 2 + size + 2);
  }
  return Buffer.concat(out);
}
