// Stream diagnostics, in the style of the Problems view: things about how a server sends
// its stream that make clients misbehave, found from the raw chunks and the records.
import type { DiagnosticCode, DiagnosticSeverity, StreamDiagnostic } from './diagnostic-types';
import type { ErrorRecord, ReconnectRecord, SseRecord } from './base/records';
import { describeStatus } from './status-text';

export type { DiagnosticCode, DiagnosticSeverity, StreamDiagnostic } from './diagnostic-types';

export interface DiagnosticsOptions {
  /** Every event's data should be JSON (except the [DONE] sentinel). */
  expectJson?: boolean;
  /** A burst: at least this many events from one read... */
  burstEvents?: number;
  /** ...after at least this much silence (ms). */
  burstQuietMs?: number;
  /** An event slower than this from first byte to end (ms). */
  slowEventMs?: number;
  /** A reconnect storm: at least this many reconnects... */
  stormReconnects?: number;
  /** ...within this many ms. */
  stormWindowMs?: number;
}

const RETRY_TOO_SMALL_MS = 100;
const RETRY_TOO_LARGE_MS = 60 * 60 * 1000;

/** Errors without a status (the attempt failed before or after its response): code, severity, words. */
const ERROR_PROBLEMS: Partial<Record<ErrorRecord['code'], { code: DiagnosticCode; severity: DiagnosticSeverity; prefix: string }>> = {
  network: { code: 'network-error', severity: 'warning', prefix: 'Network error' },
  timeout: { code: 'no-response', severity: 'warning', prefix: 'No response' },
  'idle-timeout': { code: 'idle-timeout', severity: 'warning', prefix: 'Idle timeout' },
  'buffer-overflow': { code: 'too-large', severity: 'error', prefix: 'Too large' },
  'auth-refresh': { code: 'auth-refresh', severity: 'error', prefix: 'Credentials' },
  parse: { code: 'invalid-field', severity: 'info', prefix: 'Ignored' },
  decode: { code: 'invalid-utf8', severity: 'warning', prefix: 'Encoding' },
};

export class StreamDiagnostics {
  /** By code, or code and detail where one code covers several problems (each HTTP status). */
  private readonly found = new Map<string, StreamDiagnostic>();
  private readonly burstEvents: number;
  private readonly burstQuietMs: number;
  private readonly slowEventMs: number;
  private readonly stormReconnects: number;
  private readonly stormWindowMs: number;
  /** `mono` of the recent reconnects (within the storm window), and the most seen in one window. */
  private recentReconnects: number[] = [];
  private stormPeak = 0;
  /** Line ending kinds seen in the current attempt. */
  private endings = { lf: false, crlf: false, cr: false };
  private endingsSettled = false;
  private crAtChunkEnd = false;
  /** Monotonic time of the latest chunk and the one before it, and the events since the latest. */
  private chunkAt: number | undefined;
  private quietBefore = 0;
  private eventsInChunk = 0;
  /** Monotonic time the first byte of the event being received arrived. */
  private eventStartedAt: number | undefined;

  constructor(private readonly options: DiagnosticsOptions = {}) {
    this.burstEvents = options.burstEvents ?? 10;
    this.burstQuietMs = options.burstQuietMs ?? 1000;
    this.slowEventMs = options.slowEventMs ?? 2000;
    this.stormReconnects = options.stormReconnects ?? 5;
    this.stormWindowMs = options.stormWindowMs ?? 60_000;
  }

  /** A raw chunk as it arrived (before decoding); `first` is the first of its attempt. */
  observeChunk(bytes: Uint8Array, first: boolean, mono: number, wall: number): void {
    if (first) {
      this.endings = { lf: false, crlf: false, cr: false };
      this.endingsSettled = false;
      this.crAtChunkEnd = false;
      this.eventStartedAt = undefined;
      if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
        this.report('bom', 'info', 'The stream starts with a UTF-8 byte order mark. EventSource skips it; hand-written parsers often read it into the first field name.', wall);
      }
    }
    this.scanLineEndings(bytes, wall);
    this.quietBefore = this.chunkAt === undefined ? 0 : mono - this.chunkAt;
    this.chunkAt = mono;
    this.eventsInChunk = 0;
    this.eventStartedAt ??= mono;
  }

  /** Called for every record, after the chunk that carried it. */
  observe(r: SseRecord): void {
    switch (r.kind) {
      case 'open':
        this.chunkAt = undefined;
        if (r.headers.some(([n, v]) => n.toLowerCase() === 'content-encoding' && /gzip|br|deflate/i.test(v))) {
          this.report('gzip', 'warning', 'The stream is compressed (Content-Encoding). Events reach the client only when the server flushes its compressor after each one; many frameworks do not.', r.t, r.seq);
        }
        break;
      case 'event':
        // A held event (a tap saw the program paused) came when the program resumed: its timing says nothing of the server.
        if (r.heldMs === undefined) this.observeEventTiming(r.mono, r.t, r.seq);
        if (this.options.expectJson && r.data !== '[DONE]' && !isJson(r.data)) {
          this.report('not-json', 'warning', `Event data is not valid JSON (the profile expects JSON): "${r.data.slice(0, 80)}${r.data.length > 80 ? '…' : ''}"`, r.t, r.seq);
        }
        if (r.type === 'error') this.observeErrorEvent(r.data, r.t, r.seq);
        break;
      case 'comment':
        this.eventStartedAt = undefined;
        break;
      case 'retry':
        this.eventStartedAt = undefined;
        if (r.ms < RETRY_TOO_SMALL_MS) this.report('retry-extreme', 'warning', `retry: ${r.ms} ms: every client reconnects almost at once after a drop, all together.`, r.t, r.seq);
        else if (r.ms > RETRY_TOO_LARGE_MS) this.report('retry-extreme', 'warning', `retry: ${r.ms} ms (${(r.ms / 3_600_000).toFixed(1)} h): clients effectively never reconnect after a drop.`, r.t, r.seq);
        break;
      case 'error':
        this.observeError(r);
        break;
      case 'reconnect':
        this.observeReconnect(r);
        break;
      case 'close':
        if (r.reason === 'max-attempts') this.report('gave-up', 'error', `${r.message}: the connection stopped trying.`, r.t, r.seq);
        break;
      default:
        break;
    }
  }

  /** Failures are problems: a refused response, a dropped connection, an event too large, ... */
  private observeError(r: ErrorRecord): void {
    if (r.status !== undefined) {
      const status = describeStatus(r.status, r.response?.statusText ?? '', { code: r.code, contentType: r.response?.contentType ?? '', fatal: r.fatal });
      const then = r.fatal ? 'the connection gave up' : 'the connection retries';
      if (r.code === 'content-type') {
        this.report('not-event-stream', 'error', `HTTP ${status}: the server did not answer with text/event-stream; ${then}.`, r.t, r.seq);
      } else {
        this.report('http-error', 'error', `HTTP ${status}; ${then}.`, r.t, r.seq, `http-error:${r.status}:${r.fatal}`);
      }
      return;
    }
    const problem = ERROR_PROBLEMS[r.code];
    if (!problem) return;
    // A failure that ends the connection is an error whatever its kind.
    const severity = r.fatal ? 'error' : problem.severity;
    this.report(problem.code, severity, `${problem.prefix}: ${r.message}${r.fatal ? ' (the connection gave up)' : ''}`, r.t, r.seq, `${problem.code}:${r.message}`);
  }

  /** Many reconnects in a short time: the stream keeps dropping (or the server keeps refusing). */
  private observeReconnect(r: ReconnectRecord): void {
    if (r.reason === 'manual') return;
    const recent = this.recentReconnects;
    recent.push(r.mono);
    while (recent.length > 0 && recent[0]! < r.mono - this.stormWindowMs) recent.shift();
    if (recent.length < this.stormReconnects || recent.length <= this.stormPeak) return;
    this.stormPeak = recent.length;
    const message = `Reconnect storm: ${recent.length} reconnects within ${Math.round(this.stormWindowMs / 1000)} s (the latest after: ${r.detail ?? r.reason}). The stream keeps dropping.`;
    const d = this.found.get('reconnect-storm');
    if (d) {
      // One entry, telling the worst window so far.
      d.message = message;
      d.lastAt = r.t;
      d.lastSeq = r.seq;
    } else this.report('reconnect-storm', 'warning', message, r.t, r.seq);
  }

  /** `event: error` with `{"type":"error","error":{"type","message"}}` (Anthropic; OpenAI's is alike). */
  private observeErrorEvent(data: string, wall: number, seq: number): void {
    let v: unknown;
    try {
      v = JSON.parse(data);
    } catch {
      return;
    }
    if (typeof v !== 'object' || v === null) return;
    const outer = v as Record<string, unknown>;
    const inner = typeof outer['error'] === 'object' && outer['error'] !== null ? (outer['error'] as Record<string, unknown>) : outer;
    const type = typeof inner['type'] === 'string' ? inner['type'] : typeof inner['code'] === 'string' ? inner['code'] : undefined;
    const message = typeof inner['message'] === 'string' ? inner['message'] : undefined;
    if (type === undefined && message === undefined) return;
    const what = [type, message].filter((s) => s !== undefined && s !== '').join(': ');
    this.report('api-error', 'error', `The server streamed an error event (${what.slice(0, 200)}): the answer it was sending is cut off.`, wall, seq);
  }

  private observeEventTiming(mono: number, wall: number, seq: number): void {
    this.eventsInChunk++;
    if (this.eventsInChunk === this.burstEvents && this.quietBefore >= this.burstQuietMs) {
      this.report('bursts', 'warning', `${this.burstEvents}+ events arrived in one read after ${Math.round(this.quietBefore)} ms of silence: a proxy, compression or the server is buffering the stream (X-Accel-Buffering: no, flush after each event).`, wall, seq);
    }
    if (this.eventStartedAt !== undefined && mono - this.eventStartedAt >= this.slowEventMs) {
      this.report('slow-event', 'info', `An event took ${Math.round(mono - this.eventStartedAt)} ms from its first byte to its end: it is sent in pieces, slowly.`, wall, seq);
    }
    // The next event starts with the next chunk (or later in this one: then it took no time).
    this.eventStartedAt = undefined;
  }

  private scanLineEndings(bytes: Uint8Array, wall: number): void {
    if (this.endingsSettled) return;
    const view = bytes;
    let i = 0;
    if (this.crAtChunkEnd) {
      // The previous chunk ended in CR: this chunk's first byte tells CRLF from a bare CR.
      this.crAtChunkEnd = false;
      if (view[0] === 0x0a) {
        this.endings.crlf = true;
        i = 1;
      } else this.endings.cr = true;
    }
    // A native search first: a chunk with no CR has only LF endings, and that is the common
    // case. Through a Buffer view (memchr): Uint8Array's indexOf is a plain loop, paid on
    // every chunk of an LF-only stream, which never settles.
    const bytesView = Buffer.from(view.buffer, view.byteOffset, view.byteLength);
    if (bytesView.indexOf(0x0d, i) < 0) {
      if (bytesView.indexOf(0x0a, i) >= 0) this.endings.lf = true;
    } else {
      for (; i < view.length; i++) {
        const b = view[i];
        if (b === 0x0a) this.endings.lf = true;
        else if (b === 0x0d) {
          if (i === view.length - 1) this.crAtChunkEnd = true;
          else if (view[i + 1] === 0x0a) {
            this.endings.crlf = true;
            i++;
          } else this.endings.cr = true;
        }
      }
    }
    const kinds = Number(this.endings.lf) + Number(this.endings.crlf) + Number(this.endings.cr);
    if (kinds > 1) {
      this.endingsSettled = true;
      this.report('line-endings-mixed', 'warning', `The stream mixes line endings (${[this.endings.lf && 'LF', this.endings.crlf && 'CRLF', this.endings.cr && 'CR'].filter(Boolean).join(', ')}). The spec allows it; hand-written parsers that split on one kind break.`, wall);
    } else if (this.endings.cr) {
      this.report('line-endings-cr', 'info', 'The stream uses bare CR line endings. The spec allows them; parsers that split on \\n see one endless line.', wall);
    }
  }

  private report(code: DiagnosticCode, severity: DiagnosticSeverity, message: string, at: number, seq?: number, key: string = code): void {
    const d = this.found.get(key);
    if (d) {
      d.count++;
      d.lastAt = at;
      if (seq !== undefined) d.lastSeq = seq;
      return;
    }
    const fresh: StreamDiagnostic = { code, severity, message, count: 1, firstAt: at, lastAt: at };
    if (seq !== undefined) {
      fresh.firstSeq = seq;
      fresh.lastSeq = seq;
    }
    this.found.set(key, fresh);
  }

  list(): StreamDiagnostic[] {
    return [...this.found.values()].map((d) => ({ ...d }));
  }

  clear(): void {
    this.found.clear();
    this.recentReconnects = [];
    this.stormPeak = 0;
  }
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
