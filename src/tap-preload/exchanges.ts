// The preload's bookkeeping of responses: which ones are tapped (only event streams, and
// only URLs the settings allow), and the messages sent for them. The same rule as the
// extension's TapRouter decides what an event stream is; a later response to an endpoint
// that was one (a refused or 204 reconnect) is sent too, so the stream sees it.
// Request headers are redacted here, before they leave the program.
import { performance } from 'node:perf_hooks';
import * as zlib from 'node:zlib';
import type { HeaderList, RequestSummary } from '../core/base/records';
import { redactHeaders, redactUrl } from '../core/base/redact';
import type { TapMessage } from '../core/passive/tap-wire';
import { isEventStreamExchange, streamKey } from '../core/passive/tap-router';
import { urlMatchesPatterns } from '../core/passive/url-patterns';
import type { TapLink } from './link';
import type { StallWatch } from './stall-watch';

/** A request the program sent, as a hook saw it. */
export interface SeenRequest {
  method: string;
  url: string;
  headers: Array<[string, string]>;
  /** performance.now() when it was sent. */
  sentAt: number;
}

type End = Extract<TapMessage, { t: 'end' }>['end'];

/** A tapped response whose body is compressed: what comes out of the decompressor is sent. */
interface Decoding {
  stream: zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress;
  /** heldMs of the compressed bytes last written in (the decompressor answers later). */
  heldMs: number | undefined;
  /** The end, sent once the decompressor has given everything out. */
  end?: { end: End; message?: string };
}

export class Exchanges {
  private nextId = 1;
  private readonly open = new Set<number>();
  private readonly decoding = new Map<number, Decoding>();
  /** Endpoints (method + URL without query) that answered with an event stream. */
  private readonly streamEndpoints = new Set<string>();

  constructor(
    private readonly link: TapLink,
    private readonly urlPatterns: readonly string[],
    private readonly stalls: StallWatch,
  ) {
    link.onDeath(() => {
      this.open.clear();
      stalls.stop();
    });
  }

  /** A response's headers arrived: its exchange id when it is tapped, else undefined. */
  begin(request: SeenRequest, status: number, statusText: string, responseHeaders: Array<[string, string]>): number | undefined {
    if (!this.link.alive) return undefined;
    // Interim answers and redirect hops are not what the program receives.
    if (status < 200 || (status >= 300 && status < 400)) return undefined;
    if (!urlMatchesPatterns(request.url, this.urlPatterns)) return undefined;
    const key = streamKey('', request.method, request.url);
    if (!key) return undefined;
    const endpoint = `${key.method} ${key.endpoint}`;
    const summary: RequestSummary = { method: request.method, url: request.url, headers: request.headers, bodyBytes: 0, authKind: 'none' };
    if (isEventStreamExchange({ headers: responseHeaders, request: summary })) this.streamEndpoints.add(endpoint);
    else if (!this.streamEndpoints.has(endpoint)) return undefined;
    const id = this.nextId++;
    const age = Math.max(0, Math.round(performance.now() - request.sentAt));
    this.link.send({
      t: 'begin',
      id,
      method: request.method,
      url: redactUrl(request.url),
      headers: pairs(redactHeaders(request.headers)),
      status,
      statusText,
      responseHeaders: pairs(redactHeaders(responseHeaders)),
      ageMs: age,
      latencyMs: age,
    });
    this.open.add(id);
    this.stalls.start();
    this.decodeIfCompressed(id, responseHeaders);
    return id;
  }

  /** Body bytes as they reached the program's HTTP client (compressed, if the response is). */
  chunk(id: number, bytes: Uint8Array | string): void {
    if (!this.open.has(id)) return;
    const buffer = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (buffer.byteLength === 0) return;
    const heldMs = this.stalls.heldMs();
    const decoding = this.decoding.get(id);
    if (decoding) {
      decoding.heldMs = heldMs;
      // A copy: the client may reuse its buffer once we return.
      decoding.stream.write(Buffer.from(buffer));
      return;
    }
    this.send(id, buffer, heldMs);
  }

  end(id: number, end: End, message?: string): void {
    if (!this.open.has(id)) return;
    const decoding = this.decoding.get(id);
    if (decoding && !decoding.end) {
      decoding.end = message === undefined ? { end } : { end, message };
      decoding.stream.end();
      return;
    }
    this.finish(id, end, message);
  }

  private finish(id: number, end: End, message?: string): void {
    if (!this.open.delete(id)) return;
    this.decoding.delete(id);
    this.link.send(message === undefined ? { t: 'end', id, end } : { t: 'end', id, end, message });
    if (this.open.size === 0) this.stalls.stop();
  }

  private send(id: number, buffer: Buffer, heldMs: number | undefined): void {
    this.link.send(heldMs === undefined ? { t: 'chunk', id, data: buffer.toString('base64') } : { t: 'chunk', id, data: buffer.toString('base64'), heldMs });
  }

  /**
   * fetch asks for gzip and deflate by default, and HTTP clients hand their program the
   * decoded body: the tap decodes a compressed stream too, in its own zlib stream (off the
   * program's path), and sends what comes out, in order, before the end.
   */
  private decodeIfCompressed(id: number, responseHeaders: Array<[string, string]>): void {
    const encoding = responseHeaders.find(([n]) => n.toLowerCase() === 'content-encoding')?.[1]?.trim().toLowerCase();
    const flush = { flush: zlib.constants.Z_SYNC_FLUSH, finishFlush: zlib.constants.Z_SYNC_FLUSH };
    const stream =
      encoding === 'gzip' || encoding === 'x-gzip'
        ? zlib.createGunzip(flush)
        : encoding === 'deflate'
          ? zlib.createInflate(flush)
          : encoding === 'br'
            ? zlib.createBrotliDecompress({ flush: zlib.constants.BROTLI_OPERATION_FLUSH, finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH })
            : undefined;
    if (!stream) return;
    const decoding: Decoding = { stream, heldMs: undefined };
    this.decoding.set(id, decoding);
    stream.on('data', (out: Buffer) => this.open.has(id) && this.send(id, out, decoding.heldMs));
    stream.on('end', () => this.finish(id, decoding.end?.end ?? 'server-closed', decoding.end?.message));
    // Bytes the tap cannot decode: the stream ends here for the inspector, not for the program.
    stream.on('error', (err: Error) => {
      this.decoding.delete(id);
      this.finish(id, 'aborted', `The tap could not decompress the ${encoding} body: ${err.message}`);
    });
  }
}

function pairs(headers: HeaderList): Array<[string, string]> {
  return headers.map(([n, v]) => [n, v]);
}
