// Replays a recording from a local endpoint on 127.0.0.1, so a bug seen once can be
// reproduced against the app: the n-th connection gets the n-th recorded attempt (its
// status, headers and stream, with the original timing scaled by `speed`), and once the
// recording is used up the server answers 204 (stop). Any method, any path.
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { splitAttempts, toWire, type Attempt } from './export/attempts';
import type { SseRecord } from './base/records';

export interface ReplayOptions {
  /** 1 = original timing, 10 = ten times faster, 0 = as fast as possible. Default 1. */
  speed?: number;
  port?: number;
  /** Start again from the first attempt after the last one, instead of answering 204. */
  loop?: boolean;
}

export interface ReplayServer {
  url: string;
  /** Connections served so far. */
  readonly served: number;
  close(): Promise<void>;
}

/** Headers that describe the original transfer, not the stream: never replayed. */
const HOP_HEADERS = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive', 'content-encoding', 'date']);
/** The longest pause replayed, whatever the recording says (a stalled server would block the replay). */
const MAX_PAUSE_MS = 30_000;

export async function startReplayServer(records: readonly SseRecord[], options: ReplayOptions = {}): Promise<ReplayServer> {
  const attempts = splitAttempts(records).filter((a) => a.open || a.error?.status !== undefined);
  if (attempts.length === 0) throw new Error('The recording has no attempt to replay (no open record and no refused status)');
  const speed = options.speed ?? 1;
  let served = 0;
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });

  const server = http.createServer((req, res) => {
    req.resume();
    const index = options.loop ? served % attempts.length : served;
    served++;
    const attempt = attempts[index];
    if (!attempt) {
      res.writeHead(204);
      res.end();
      return;
    }
    void play(attempt, res, speed, wait);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    get served() {
      return served;
    },
    close: async () => {
      for (const t of timers) clearTimeout(t);
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function play(a: Attempt, res: http.ServerResponse, speed: number, wait: (ms: number) => Promise<void>): Promise<void> {
  if (!a.open) {
    const status = a.error?.status ?? 500;
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
    res.end(a.error?.body ?? '');
    return;
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of a.open.headers) if (!HOP_HEADERS.has(name.toLowerCase())) headers[name] = value;
  res.writeHead(a.open.status, headers);
  res.flushHeaders();
  let prevMono = a.open.mono;
  for (const r of a.stream) {
    const pause = speed > 0 ? Math.min(MAX_PAUSE_MS, (r.mono - prevMono) / speed) : 0;
    prevMono = r.mono;
    if (pause >= 1) await wait(pause);
    if (res.destroyed) return;
    res.write(toWire(r));
  }
  // End the attempt as it ended: a reset as a reset, a server's end as an end. When the
  // recording stopped with the stream still open (the user disconnected, or it went
  // silent), the replay stays open and silent too, until the client or close() ends it.
  const reason = a.close?.reason;
  if (reason === 'network-error') res.socket?.destroy();
  else if (reason === 'server-closed' || reason === 'buffer-overflow') res.end();
}
