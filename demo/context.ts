// What every demo endpoint shares: the server's options, its token issuer, its rooms.
import type * as http from 'node:http';
import type { TokenIssuer } from './jwt';
import type { RoomHub } from './rooms';

export interface DemoOptions {
  /** 0 picks a free port. Default 0. */
  port?: number;
  host?: string;
  /** S1's heartbeat cadence (the seed's 25 s); `?heartbeatMs=` overrides per request. */
  heartbeatMs?: number;
  /** S5's delay between characters (the seed's 50 ms); `?delayMs=` overrides. */
  chatCharDelayMs?: number;
  /** S2's delay between bot-chunk fragments; `?botChunkMs=` overrides. */
  botChunkMs?: number;
  /** The HS256 secret (the seed's 'your-secret-key'). */
  jwtSecret?: string;
  /** Called with one line per request, for the demo's console. */
  log?: (line: string) => void;
}

export interface DemoContext {
  heartbeatMs: number;
  chatCharDelayMs: number;
  botChunkMs: number;
  tokens: TokenIssuer;
  rooms: RoomHub;
  /** Per-key counters for endpoints that behave differently on later requests (flaky, 401 loops). */
  counters: Map<string, number>;
  log: (line: string) => void;
}

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse, url: URL, ctx: DemoContext) => void | Promise<void>;

/** Increments and returns the counter for `key` (1 on the first call). */
export function bump(ctx: DemoContext, key: string): number {
  const n = (ctx.counters.get(key) ?? 0) + 1;
  ctx.counters.set(key, n);
  return n;
}
