// Small helpers every demo endpoint uses to speak SSE and JSON over node:http.
import type * as http from 'node:http';

/** The headers the seed's servers set on every stream (S1). */
export const SSE_RESPONSE_HEADERS: Record<string, string> = {
  'Content-Type': 'text/event-stream; charset=utf-8',
  'Cache-Control': 'no-cache, no-transform',
  Connection: 'keep-alive',
  'X-Accel-Buffering': 'no',
};

export function openStream(res: http.ServerResponse, extra: Record<string, string> = {}): void {
  res.writeHead(200, { ...SSE_RESPONSE_HEADERS, ...extra });
  res.flushHeaders();
}

export interface SseFields {
  event?: string;
  id?: string;
  retry?: number;
  /** Objects are sent as JSON; multi-line strings become several `data:` lines. */
  data: unknown;
}

/** Frames one event the way the spec reads it back: one `data:` line per line of data. */
export function frame(fields: SseFields, eol = '\n'): string {
  let out = '';
  if (fields.event !== undefined) out += `event: ${fields.event}${eol}`;
  if (fields.id !== undefined) out += `id: ${fields.id}${eol}`;
  if (fields.retry !== undefined) out += `retry: ${fields.retry}${eol}`;
  const text = typeof fields.data === 'string' ? fields.data : JSON.stringify(fields.data);
  for (const line of text.split('\n')) out += `data: ${line}${eol}`;
  return out + eol;
}

/** Writes unless the client went away; says whether it did. */
export function send(res: http.ServerResponse, text: string): boolean {
  if (res.destroyed || res.writableEnded) return false;
  res.write(text);
  return true;
}

export function json(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(Buffer.byteLength(text)), ...headers });
  res.end(text);
}

/** Reads a request body (capped: this is a demo, not a storage service). */
export function readBody(req: http.IncomingMessage, maxBytes = 1024 * 1024): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    req.on('data', (c: Buffer) => {
      total += c.length;
      if (total > maxBytes) {
        reject(new Error('request body too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function readJson(req: http.IncomingMessage): Promise<Record<string, unknown> | undefined> {
  const text = await readBody(req);
  if (!text.trim()) return {};
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Runs `tick` every `ms` until the response closes; returns a stop function. */
export function every(res: http.ServerResponse, ms: number, tick: () => void): () => void {
  const timer = setInterval(() => {
    if (res.destroyed || res.writableEnded) stop();
    else tick();
  }, ms);
  const stop = () => clearInterval(timer);
  res.on('close', stop);
  return stop;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** A positive integer query parameter, or the fallback (clamped so a typo can't DoS the demo). */
export function intParam(q: URLSearchParams, name: string, fallback: number, max = 1_000_000_000): number {
  const raw = q.get(name);
  if (raw === null || raw === '') return fallback;
  const n = Number(raw);
  return Number.isFinite(n) && n >= 0 ? Math.min(Math.floor(n), max) : fallback;
}
