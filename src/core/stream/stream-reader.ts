// The one path from bytes to records, shared by the outgoing connection and the passive
// source: UTF-8 decoding (one BOM, left to the parser), eventsource-parser for the framing,
// one record per event, comment, retry and parse notice, stamped with the chunk's arrival
// time. It also keeps what a stream carries across its responses (record seq, attempt
// number, Last-Event-ID, the server's retry:). It knows nothing of fetch, reconnects or
// timers: whoever owns the response calls beginAttempt / openBody / chunk / finishBody.
import { createParser, type EventSourceMessage, type EventSourceParser, type ParseError } from 'eventsource-parser';
import type { Clock } from '../base/clock';
import { DEFAULT_HEARTBEAT_EVENTS, DEFAULT_MAX_BUFFER_SIZE, DEFAULT_MAX_STORED_DATA_CHARS } from '../base/defaults';
import { Emitter, type Disposable } from '../base/emitter';
import type { EventClass, EventRecord, RecordInit, SseRecord } from '../base/records';
import type { RawChunk } from './record-source';

export interface StreamReaderOptions {
  clock: Clock;
  /** The parser's limit on one line or one event, in characters. */
  maxBufferSize?: number;
  /** Event data longer than this is cut in the record (the size stays exact). */
  maxStoredDataChars?: number;
  /** Event names that count as heartbeats. */
  heartbeatEvents?: string[];
  /** Last-Event-ID before the stream's first `id:`. */
  lastEventId?: string;
}

/** Distinct event names shared between records; a stream that invents names per event stops being interned past this. */
const MAX_INTERNED_TYPES = 1024;

/** An event name as records carry it: the shared string and whether it counts as a heartbeat. */
interface EventName {
  type: string;
  cls: EventClass;
}

export class StreamReader {
  private readonly clock: Clock;
  private readonly maxBufferSize: number;
  private readonly maxStoredDataChars: number;
  private readonly heartbeatEvents: Set<string>;
  private readonly createdMono: number;

  private readonly recordEmitter = new Emitter<SseRecord>();
  private readonly chunkEmitter = new Emitter<RawChunk>();

  private seq = 0;
  private _attempt = 0;
  private _lastEventId: string;
  private _serverRetryMs: number | undefined;
  private _bytes = 0;

  // The current attempt: what it delivered, to tell whether it made progress.
  private _attemptBytes = 0;
  private _attemptEvents = 0;
  private _attemptSawId = false;
  private _attemptStartId = '';

  // The current body (see openBody).
  private parser: EventSourceParser | undefined;
  private decoder: InstanceType<typeof TextDecoder> | undefined;
  private _overflow: string | undefined;
  private decodeReported = false;
  /** sinceCreated() of the newest chunk. */
  private _lastChunkMono = 0;
  /** Set while a chunk is being parsed: the time it arrived, stamped on every record it yields. */
  private chunkTime: { t: number; mono: number } | undefined;
  /** While a chunk a tap saw held back is parsed: how long the program was kept from it. */
  private heldMs: number | undefined;

  /** Event names seen, each kept once (see eventName). */
  private readonly eventNames = new Map<string, EventName>();
  private readonly messageName: EventName;
  private lastName: EventName;

  constructor(options: StreamReaderOptions) {
    this.clock = options.clock;
    this.maxBufferSize = options.maxBufferSize ?? DEFAULT_MAX_BUFFER_SIZE;
    this.maxStoredDataChars = options.maxStoredDataChars ?? DEFAULT_MAX_STORED_DATA_CHARS;
    this.heartbeatEvents = new Set(options.heartbeatEvents ?? DEFAULT_HEARTBEAT_EVENTS);
    this.messageName = { type: 'message', cls: this.heartbeatEvents.has('message') ? 'heartbeat' : 'data' };
    this.lastName = this.messageName;
    this._lastEventId = options.lastEventId ?? '';
    this.createdMono = this.clock.monotonic();
  }

  get attempt(): number {
    return this._attempt;
  }
  get lastEventId(): string {
    return this._lastEventId;
  }
  /** What the client's Last-Event-ID buffer holds from now on (a passive source: what the program sent). */
  set lastEventId(id: string) {
    this._lastEventId = id;
  }
  get serverRetryMs(): number | undefined {
    return this._serverRetryMs;
  }
  get bytesReceived(): number {
    return this._bytes;
  }
  get attemptBytes(): number {
    return this._attemptBytes;
  }
  /** Why the current body cannot be read further: a line or event over the parser's limit (the owner says what follows). */
  get overflow(): string | undefined {
    return this._overflow;
  }
  get lastChunkMono(): number {
    return this._lastChunkMono;
  }

  onRecord(listener: (r: SseRecord) => void): Disposable {
    return this.recordEmitter.on(listener);
  }
  onChunk(listener: (chunk: RawChunk) => void): Disposable {
    return this.chunkEmitter.on(listener);
  }

  /** A new request of the stream: records from now on carry the next attempt number. */
  beginAttempt(): number {
    this._attempt++;
    this._attemptBytes = 0;
    this._attemptEvents = 0;
    this._attemptSawId = false;
    this._attemptStartId = this._lastEventId;
    return this._attempt;
  }

  /**
   * Whether the current attempt delivered a new event. With ids, "new" means the
   * Last-Event-ID moved (a server that replays 1..3 and resets before 4 makes no progress);
   * an attempt whose events carried no id counts when it delivered any event. Checked once
   * per attempt, so the read loop only counts events.
   */
  madeProgress(): boolean {
    return this._attemptEvents > 0 && (!this._attemptSawId || this._lastEventId !== this._attemptStartId);
  }

  /** The response opened as a stream: a fresh decoder and parser for its body. */
  openBody(): void {
    // ignoreBOM keeps a leading U+FEFF in the text: the parser strips exactly one, as the
    // spec says; a decoder that stripped one too would eat a second BOM that belongs to the
    // first line.
    this.decoder = new TextDecoder('utf-8', { ignoreBOM: true });
    this.parser = this.createParser();
    this._overflow = undefined;
    this.decodeReported = false;
    this._lastChunkMono = this.sinceCreated();
  }

  /** Decodes and parses one chunk of the body. Returns true when the body must not be read further (overflow). */
  /**
   * `heldMs`: a tap saw that the program got these bytes that long after they arrived (it
   * was paused at a breakpoint): the events parsed from them say so.
   */
  chunk(value: Uint8Array, heldMs?: number): boolean {
    if (!this.parser || this._overflow !== undefined) return true;
    this._attemptBytes += value.byteLength;
    this._bytes += value.byteLength;
    // Every record parsed from this chunk arrived with it: one timestamp for all of them
    // (also saves two clock reads per event in a flood).
    const chunkTime = { t: this.clock.now(), mono: this.sinceCreated() };
    if (this.chunkEmitter.size > 0) this.chunkEmitter.fire({ bytes: value, attempt: this._attempt, first: this._attemptBytes === value.byteLength, ...chunkTime });
    this._lastChunkMono = chunkTime.mono;
    const text = this.decoder!.decode(value, { stream: true });
    if (!this.decodeReported && text.includes('\uFFFD') && !containsReplacementBytes(value)) {
      this.decodeReported = true;
      this.emit({ kind: 'error', code: 'decode', fatal: false, message: 'The stream is not valid UTF-8: bad bytes were replaced with U+FFFD' });
    }
    this.chunkTime = chunkTime;
    this.heldMs = heldMs;
    try {
      this.parser.feed(text);
    } finally {
      this.chunkTime = undefined;
      this.heldMs = undefined;
    }
    return this._overflow !== undefined;
  }

  /**
   * The body ended or was dropped. A partly received event is discarded, as the spec says:
   * the parser is not fed a final blank line, only what the decoder still held.
   */
  finishBody(): void {
    if (this.parser && this._overflow === undefined) this.parser.feed(this.decoder!.decode());
    this.parser = undefined;
    this.decoder = undefined;
  }

  /** Stamps a record (seq, time, attempt) and hands it to the listeners. */
  emit(init: RecordInit): void {
    // Stamped in place, not copied: every caller passes a fresh literal, and a copy per
    // event was measurable in a flood.
    const record = init as SseRecord;
    record.seq = ++this.seq;
    record.t = this.chunkTime?.t ?? this.clock.now();
    record.mono = this.chunkTime?.mono ?? this.sinceCreated();
    record.attempt = this._attempt;
    this.recordEmitter.fire(record);
  }

  /** Monotonic ms since the stream was created, to the microsecond (records' `mono`). */
  sinceCreated(): number {
    return Math.round((this.clock.monotonic() - this.createdMono) * 1000) / 1000;
  }

  dispose(): void {
    this.recordEmitter.clear();
    this.chunkEmitter.clear();
  }

  private createParser(): EventSourceParser {
    return createParser({
      maxBufferSize: this.maxBufferSize,
      onEvent: (m) => this.onEvent(m),
      // onId fires for id-only blocks too: they update Last-Event-ID without an event.
      onId: (id) => {
        this._lastEventId = id;
        this._attemptSawId = true;
      },
      onRetry: (ms) => {
        const rec: RecordInit = { kind: 'retry', ms };
        if (this._serverRetryMs !== undefined) rec.previousMs = this._serverRetryMs;
        this._serverRetryMs = ms;
        this.emit(rec);
      },
      onComment: (text) => this.emit({ kind: 'comment', text }),
      onError: (err: ParseError) => {
        if (err.type === 'max-buffer-size-exceeded') {
          this._overflow = `A line or event exceeded the parser's limit of ${this.maxBufferSize} characters`;
          return;
        }
        const what = err.type === 'invalid-retry' ? `Ignored invalid retry value "${err.value ?? ''}"` : `Ignored unknown field "${err.field ?? ''}"`;
        this.emit({ kind: 'error', code: 'parse', fatal: false, message: what });
      },
    });
  }

  private onEvent(m: EventSourceMessage): void {
    this._attemptEvents++;
    const name = this.eventName(m.event);
    const type = name.type;
    const truncated = m.data.length > this.maxStoredDataChars;
    const seq = ++this.seq;
    const t = this.chunkTime?.t ?? this.clock.now();
    const mono = this.chunkTime?.mono ?? this.sinceCreated();
    const data = truncated ? m.data.slice(0, this.maxStoredDataChars) : m.data;
    const size = utf8Length(m.data);
    const cls = name.cls;
    // Whole literals, fields in one order: two hidden classes for all event records, no
    // property added or deleted after creation (this runs once per event of a flood).
    const rec: EventRecord =
      m.id === undefined
        ? { kind: 'event', seq, t, mono, attempt: this._attempt, type, data, lastEventId: this._lastEventId, size, cls }
        : { kind: 'event', seq, t, mono, attempt: this._attempt, type, data, id: m.id, lastEventId: this._lastEventId, size, cls };
    if (truncated) rec.truncated = true;
    if (this.heldMs !== undefined) rec.heldMs = this.heldMs;
    this.recordEmitter.fire(rec);
  }

  /**
   * The event's type and class. The parser hands out a fresh string per event name; a stream
   * uses a handful of names, so each is kept once (one string per name, not per held record:
   * memory, and GC work in a flood), with its class worked out once.
   */
  private eventName(name: string | undefined): EventName {
    if (!name) return this.messageName;
    // The same name as the previous event (a flood): no hashing of the fresh string.
    if (name === this.lastName.type) return this.lastName;
    let known = this.eventNames.get(name);
    if (known === undefined) {
      known = { type: name, cls: this.heartbeatEvents.has(name) ? 'heartbeat' : 'data' };
      if (this.eventNames.size >= MAX_INTERNED_TYPES) return known;
      this.eventNames.set(name, known);
    }
    this.lastName = known;
    return known;
  }
}

/**
 * UTF-8 size of `s`. Short ASCII strings (heartbeats, ids, small tokens) are counted here:
 * a call into Buffer.byteLength cost more than the loop for them.
 */
function utf8Length(s: string): number {
  if (s.length > 32) return Buffer.byteLength(s);
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 0x80) return Buffer.byteLength(s);
  return s.length;
}

/** True when the raw bytes themselves contain an encoded U+FFFD (EF BF BD), i.e. it was sent, not substituted. */
function containsReplacementBytes(bytes: Uint8Array): boolean {
  for (let i = 0; i + 2 < bytes.length; i++) {
    if (bytes[i] === 0xef && bytes[i + 1] === 0xbf && bytes[i + 2] === 0xbd) return true;
  }
  return false;
}
