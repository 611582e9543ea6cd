// node:http and node:https clients (hand-written http.get, the eventsource package before
// v3, axios, many SDKs), seen through Node's diagnostics channels:
// `http.client.request.start` (when the request went out) and `http.client.response.finish`
// (the IncomingMessage, before the program's 'response' listener gets it; both exist since
// Node 18/20).
// The body: the response object gets an own `push` that hands us each chunk the HTTP parser
// pushes and then calls the original with the same arguments. It sees every chunk in order,
// as raw bytes whatever setEncoding says, however the program reads (a 'data' listener,
// 'readable' + read(), pipe, for await), and adds no listener the program could count or
// remove: the eventsource package, for one, removes every 'end' and 'close' listener of its
// responses. (Node core's own network inspection adds a 'data' listener with
// EventEmitter.prototype.on so as not to start the stream flowing; that works too, but it
// can be removed by the program.) `_destroy` is wrapped the same way to see an end that is
// not the server's.
import { performance } from 'node:perf_hooks';
import type { Exchanges, SeenRequest } from './exchanges';
import { subscribeAll } from './fetch-hooks';

interface ClientRequestLike {
  method?: unknown;
  protocol?: unknown;
  host?: unknown;
  path?: unknown;
  getHeader?: (name: string) => unknown;
  getHeaders?: () => Record<string, unknown>;
}

interface IncomingLike {
  statusCode?: unknown;
  statusMessage?: unknown;
  rawHeaders?: unknown;
  push?: (...args: unknown[]) => unknown;
  _destroy?: (...args: unknown[]) => unknown;
}

export function installHttpHooks(exchanges: Exchanges): () => void {
  const sentAt = new WeakMap<object, number>();
  return subscribeAll({
    'http.client.request.start': (message) => {
      const request = (message as { request?: unknown }).request;
      if (typeof request === 'object' && request !== null) sentAt.set(request, performance.now());
    },
    'http.client.response.finish': (message) => {
      const { request, response } = message as { request?: ClientRequestLike; response?: IncomingLike };
      if (!request || !response || typeof response.statusCode !== 'number') return;
      const seen = seenRequest(request, sentAt.get(request) ?? performance.now());
      if (!seen) return;
      const id = exchanges.begin(seen, response.statusCode, typeof response.statusMessage === 'string' ? response.statusMessage : '', rawPairs(response.rawHeaders));
      if (id === undefined) return;
      observeBody(response, id, exchanges);
    },
  });
}

function observeBody(response: IncomingLike, id: number, exchanges: Exchanges): void {
  const original = response.push;
  if (typeof original !== 'function') return exchanges.end(id, 'aborted', 'The tap could not read this response');
  let complete = false;
  response.push = function push(this: unknown, ...args: unknown[]): unknown {
    try {
      const chunk = args[0];
      if (chunk === null) {
        complete = true;
        exchanges.end(id, 'server-closed');
      } else if (chunk instanceof Uint8Array || typeof chunk === 'string') exchanges.chunk(id, chunk);
    } catch {
      // never into the program
    }
    return Reflect.apply(original, this, args);
  };
  // A response destroyed before its end (the socket broke, the program dropped it).
  const originalDestroy = response._destroy;
  if (typeof originalDestroy !== 'function') return;
  response._destroy = function _destroy(this: unknown, ...args: unknown[]): unknown {
    try {
      if (!complete) {
        complete = true;
        const error = args[0] as { message?: unknown } | null | undefined;
        exchanges.end(id, error ? 'network-error' : 'aborted', typeof error?.message === 'string' ? error.message : undefined);
      }
    } catch {
      // never into the program
    }
    return Reflect.apply(originalDestroy, this, args);
  };
}

function seenRequest(request: ClientRequestLike, at: number): SeenRequest | undefined {
  if (typeof request.method !== 'string' || typeof request.path !== 'string') return undefined;
  const protocol = typeof request.protocol === 'string' ? request.protocol : 'http:';
  const hostHeader = request.getHeader?.('host');
  const host = typeof hostHeader === 'string' ? hostHeader : typeof request.host === 'string' ? request.host : undefined;
  if (!host) return undefined;
  let url: string;
  try {
    url = new URL(request.path, `${protocol}//${host}`).toString();
  } catch {
    return undefined;
  }
  const headers: Array<[string, string]> = [];
  for (const [name, value] of Object.entries(request.getHeaders?.() ?? {})) {
    for (const v of Array.isArray(value) ? value : [value]) headers.push([name, String(v)]);
  }
  return { method: request.method, url, headers, sentAt: at };
}

function rawPairs(raw: unknown): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  if (!Array.isArray(raw)) return out;
  for (let i = 0; i + 1 < raw.length; i += 2) out.push([String(raw[i]), String(raw[i + 1])]);
  return out;
}
