// Turns the responses a tap sees into streams: a program's successive requests to one
// endpoint become one stream (so its reconnection log shows what the program did), and
// every response that is not part of an event stream is let go without a trace. Shared by
// every way in (the debug tap, the proxy tap); each says which client a response belongs
// to (a debug session, a proxied client) and gets back a handle for that response's bytes.
import type { ObservedEnd, ObservedResponse, PassiveSource } from './passive-source';
import { headerValue } from '../base/headers';
import { isEventStream } from '../base/reconnect';
import { acceptsEventStream } from './observed-request';

/** One stream of one client: the endpoint its requests go to. */
export interface StreamKey {
  /** Who made the request: a debug session, a proxied client. Streams of two clients never mix. */
  client: string;
  method: string;
  /** The request URL without its query and fragment: a reconnect may change the query (a resume token). */
  endpoint: string;
}

/** One response being observed: its bytes and its end go to the stream it belongs to. */
export interface TapExchange {
  readonly source: PassiveSource;
  /** `heldMs`: see PassiveSource.chunk. */
  chunk(bytes: Uint8Array, heldMs?: number): void;
  end(end: ObservedEnd, message?: string): void;
}

/**
 * Makes the stream for a key's first response: undefined to ignore the endpoint (a URL
 * filter, the tap turned off). Called only for a response that is part of an event stream.
 */
export type OpenTappedStream = (key: StreamKey, first: ObservedResponse) => PassiveSource | undefined;

interface TappedStream {
  client: string;
  source: PassiveSource;
  /** A response of this stream is being observed now. */
  busy: boolean;
}

export class TapRouter {
  private readonly streams = new Map<string, TappedStream[]>();

  constructor(private readonly open: OpenTappedStream) {}

  /**
   * A response the client got. Part of an event stream when it is one (Content-Type
   * text/event-stream), when the request asked for one (Accept: text/event-stream), or when
   * its endpoint already has a stream of this client (a refused reconnect belongs to its
   * stream). Anything else returns undefined and is not kept.
   */
  response(client: string, meta: ObservedResponse): TapExchange | undefined {
    const key = streamKey(client, meta.request.method, meta.request.url);
    if (!key) return undefined;
    const id = keyText(key);
    const known = (this.streams.get(id) ?? []).filter((s) => s.source.observing);
    if (known.length === 0 && !isEventStreamExchange(meta)) return undefined;
    // A free stream of this endpoint takes it; two at once (two tabs, two components) are two streams.
    let stream = known.find((s) => !s.busy);
    if (!stream) {
      const source = this.open(key, meta);
      if (!source) return undefined;
      stream = { client, source, busy: false };
      known.push(stream);
    }
    this.streams.set(id, known);
    const taken = stream;
    taken.busy = true;
    taken.source.beginResponse(meta);
    let ended = false;
    return {
      source: taken.source,
      chunk: (bytes, heldMs) => {
        if (!ended) taken.source.chunk(bytes, heldMs);
      },
      end: (end, message) => {
        if (ended) return;
        ended = true;
        taken.busy = false;
        taken.source.endResponse(end, message);
      },
    };
  }

  /** The streams of one client (e.g. when its debug session ends). */
  sourcesOf(client: string): PassiveSource[] {
    const out: PassiveSource[] = [];
    for (const list of this.streams.values()) for (const s of list) if (s.client === client && s.source.observing) out.push(s.source);
    return out;
  }

  /** Forgets a client's streams: later responses of that client start new ones. */
  forgetClient(client: string): void {
    for (const [id, list] of this.streams) if (list.some((s) => s.client === client)) this.streams.delete(id);
  }
}

/** Whether a response is, or was asked for as, an event stream. */
export function isEventStreamExchange(meta: Pick<ObservedResponse, 'headers' | 'request'>): boolean {
  const contentType = headerValue(meta.headers, 'content-type');
  if (contentType !== undefined && isEventStream(contentType)) return true;
  return acceptsEventStream(meta.request.headers);
}

/** The key of a request's stream; undefined when its URL cannot be read. */
export function streamKey(client: string, method: string, url: string): StreamKey | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  return { client, method: method.toUpperCase(), endpoint: `${parsed.origin}${parsed.pathname}` };
}

function keyText(key: StreamKey): string {
  return `${key.client}\n${key.method} ${key.endpoint}`;
}
