// Global fetch (undici bundled in Node), seen through its diagnostics channels:
// `undici:request:create` (the request), `:headers` (the response), `:trailers` (the end),
// `:error` (a broken or aborted response), and the body:
// - undici 7.11+ (Node 24) publishes each body chunk on `undici:request:bodyChunkReceived`,
//   read-only, before the program's handler gets it;
// - older undici (Node 20: 6.2x, Node 22: 6.2x) has no body channel. There the tapped
//   request object (the one `:create` published) gets an own `onData` that hands the
//   chunk to us and then calls the original with the same arguments and returns its
//   result: the program's handler sees exactly what it saw before. Only requests whose
//   response is a tapped event stream are wrapped; all others are never touched.
import * as diagnostics from 'node:diagnostics_channel';
import { performance } from 'node:perf_hooks';
import type { Exchanges, SeenRequest } from './exchanges';

interface UndiciRequest {
  origin?: unknown;
  path?: unknown;
  method?: unknown;
  headers?: unknown;
  onData?: (...args: unknown[]) => unknown;
}

interface Tracked {
  request: SeenRequest;
  id?: number;
}

/** Whether this undici publishes body chunks (7.11 and later). */
export function undiciHasBodyChannel(version: string | undefined): boolean {
  const [major = 0, minor = 0] = (version ?? '').split('.').map(Number);
  return major > 7 || (major === 7 && minor >= 11);
}

/** Subscribes; returns the unsubscriber. */
export function installFetchHooks(exchanges: Exchanges): () => void {
  const bodyChannel = undiciHasBodyChannel(process.versions.undici);
  const tracked = new WeakMap<object, Tracked>();

  const handlers: Record<string, (message: unknown) => void> = {
    'undici:request:create': (message) => {
      const request = requestOf(message);
      const seen = request && seenRequest(request);
      if (request && seen) tracked.set(request, { request: seen });
    },
    'undici:request:headers': (message) => {
      const request = requestOf(message);
      const t = request && tracked.get(request);
      const response = (message as { response?: { statusCode?: unknown; statusText?: unknown; headers?: unknown } }).response;
      if (!request || !t || !response || typeof response.statusCode !== 'number') return;
      // A second response to one request (a redirect followed inside undici) starts over.
      if (t.id !== undefined) exchanges.end(t.id, 'aborted');
      t.id = exchanges.begin(t.request, response.statusCode, typeof response.statusText === 'string' ? response.statusText : '', headerPairs(response.headers));
      if (t.id !== undefined && !bodyChannel) wrapOnData(request, t, exchanges);
    },
    'undici:request:bodyChunkReceived': (message) => {
      if (!bodyChannel) return;
      const request = requestOf(message);
      const t = request && tracked.get(request);
      const chunk = (message as { chunk?: unknown }).chunk;
      if (t?.id !== undefined && chunk instanceof Uint8Array) exchanges.chunk(t.id, chunk);
    },
    'undici:request:trailers': (message) => {
      const request = requestOf(message);
      const t = request && tracked.get(request);
      if (t?.id !== undefined) exchanges.end(t.id, 'server-closed');
      if (request) tracked.delete(request);
    },
    'undici:request:error': (message) => {
      const request = requestOf(message);
      const t = request && tracked.get(request);
      if (t?.id !== undefined) {
        const error = (message as { error?: { name?: unknown; message?: unknown } }).error;
        const text = typeof error?.message === 'string' ? error.message : undefined;
        exchanges.end(t.id, error?.name === 'AbortError' ? 'aborted' : 'network-error', text);
      }
      if (request) tracked.delete(request);
    },
  };
  return subscribeAll(handlers);
}

/** Subscribes each handler (each one guarded: nothing we do may throw into the program). */
export function subscribeAll(handlers: Record<string, (message: unknown) => void>): () => void {
  const subscribed: Array<[string, (message: unknown) => void]> = [];
  for (const [name, handler] of Object.entries(handlers)) {
    const guarded = (message: unknown) => {
      try {
        handler(message);
      } catch {
        // The program must not notice the tap, even when the tap breaks.
      }
    };
    diagnostics.subscribe(name, guarded);
    subscribed.push([name, guarded]);
  }
  return () => {
    for (const [name, guarded] of subscribed.splice(0)) diagnostics.unsubscribe(name, guarded);
  };
}

function wrapOnData(request: UndiciRequest, t: Tracked, exchanges: Exchanges): void {
  const original = request.onData;
  if (typeof original !== 'function') return;
  request.onData = function onData(this: unknown, ...args: unknown[]): unknown {
    try {
      const chunk = args[0];
      if (t.id !== undefined && chunk instanceof Uint8Array) exchanges.chunk(t.id, chunk);
    } catch {
      // never into the program
    }
    return Reflect.apply(original, this, args);
  };
}

function requestOf(message: unknown): (UndiciRequest & object) | undefined {
  const request = (message as { request?: unknown } | undefined)?.request;
  return typeof request === 'object' && request !== null ? (request as UndiciRequest) : undefined;
}

function seenRequest(request: UndiciRequest): SeenRequest | undefined {
  if (typeof request.path !== 'string' || typeof request.method !== 'string') return undefined;
  const origin = String(request.origin ?? '');
  let url: string;
  try {
    url = new URL(request.path, origin).toString();
  } catch {
    return undefined;
  }
  return { method: request.method, url, headers: headerPairs(request.headers), sentAt: performance.now() };
}

/** undici's headers: a flat [name, value, ...] array (strings or Buffers) or "name: value\r\n" text. */
export function headerPairs(headers: unknown): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  if (Array.isArray(headers)) {
    for (let i = 0; i + 1 < headers.length; i += 2) {
      const value = headers[i + 1];
      const values = Array.isArray(value) ? value : [value];
      for (const v of values) out.push([String(headers[i]), String(v)]);
    }
  } else if (typeof headers === 'string') {
    for (const line of headers.split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon > 0) out.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
    }
  }
  return out;
}
