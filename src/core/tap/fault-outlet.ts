// The client side of one proxied response: the bytes the upstream sends, on their way to
// the client. With no fault active each chunk is written as it came (the same bytes, the
// same chunking; only the last four are kept to know where the stream stands). While an
// event-level fault is active (slow, drop, inject, retry, split, a stall with comments) the
// bytes are cut at event boundaries and each whole event is judged before it is written;
// when the faults are over, it goes back to plain pass-through. A compressed response is
// never cut (its boundaries are not visible without decoding it): only end, reset and a
// silent stall apply to it, and the proxy says so when asked for more.
import type { ServerResponse } from 'node:http';
import type { Clock, TimerHandle } from '../base/clock';
import { BoundaryTail, blockEventType, EventSegmenter, insideMultiByteChar } from './event-boundaries';
import type { InjectedEvent } from './faults';

/** The lasting faults of a stream, shared by its responses (a reconnect is slowed too). */
export interface LastingFaults {
  slowMs: number;
  dropTypes: Set<string>;
}

/** Upstream bytes held at once before the upstream is paused (a stall, a slow stream). */
const HIGH_WATER_BYTES = 1 << 20;
/** An unfinished event this long is let through uncut (it cannot be judged before it ends). */
const MAX_HELD_EVENT_BYTES = 8 << 20;
/** Between the two writes of a split event, so that they arrive as two reads. */
const SPLIT_GAP_MS = 30;
/** Between the comments of a stall with comments. */
const STALL_COMMENT_EVERY_MS = 1000;
const STALL_COMMENT = Buffer.from(': sse-inspector tap: stalled\n\n', 'utf8');

export interface FaultOutletOptions {
  res: ServerResponse;
  /** Pauses and resumes the upstream (backpressure). */
  pauseUpstream(): void;
  resumeUpstream(): void;
  lasting: LastingFaults;
  /** The response body is compressed: it is never cut at event boundaries. */
  compressed: boolean;
  clock: Clock;
  /** Every write to the client, after it is made: the tap's copy is what the client got (faults included). */
  onWritten: (bytes: Buffer) => void;
  /** Write event by event even with no fault active (a fault plan counting events acts between two). */
  perEvent?: boolean;
}

export class FaultOutlet {
  /** The last bytes written, to know where the client's stream stands when faults begin. */
  private last: Buffer = Buffer.alloc(0);
  private segmenting = false;
  private segmenter: EventSegmenter | undefined;
  private outTail: BoundaryTail | undefined;
  /** Pieces of an unfinished event, held until it ends. */
  private partial: Buffer[] = [];
  private partialBytes = 0;
  private readonly queue: Buffer[] = [];
  private queueBytes = 0;
  /** Bytes to send at the next boundary (injected events, retry:). */
  private readonly atBoundary: Buffer[] = [];
  private stallUntil = 0;
  private stallComments = false;
  private splitNext = false;
  private pumping = false;
  private upstreamEnded = false;
  private closed = false;
  private timer: TimerHandle | undefined;
  private wake: (() => void) | undefined;

  constructor(private readonly o: FaultOutletOptions) {
    if (o.perEvent) this.beginSegmenting();
  }

  /** A chunk from the upstream. */
  write(chunk: Buffer): void {
    if (this.closed) return;
    if (!this.segmenting && this.queue.length === 0 && !this.faultsActive()) {
      this.keepLast(chunk);
      const ok = this.o.res.write(chunk);
      this.o.onWritten(chunk);
      if (!ok) {
        this.o.pauseUpstream();
        this.o.res.once('drain', () => this.o.resumeUpstream());
      }
      return;
    }
    this.take(chunk);
    void this.pump();
  }

  /** The upstream ended its response: what is held is delivered, then the client's response ends. */
  end(): void {
    if (this.closed) return;
    this.upstreamEnded = true;
    this.flushPartial();
    void this.pump();
  }

  /** The response is over (ended by a fault, the client left, the upstream broke): nothing more is written. */
  close(): void {
    this.closed = true;
    this.wakeUp();
  }

  get compressed(): boolean {
    return this.o.compressed;
  }

  // ---- faults ----

  stall(seconds: number, comments: boolean): void {
    this.stallUntil = this.o.clock.monotonic() + seconds * 1000;
    this.stallComments = comments;
    this.beginSegmenting();
    this.wakeUp();
    void this.pump();
  }

  sendAtBoundary(bytes: Buffer): void {
    this.atBoundary.push(bytes);
    this.beginSegmenting();
    void this.pump();
  }

  splitNextEvent(): void {
    this.splitNext = true;
    this.beginSegmenting();
  }

  /** The lasting faults changed: start judging events, or wake a pump waiting on them. */
  lastingChanged(): void {
    if (this.faultsActive()) this.beginSegmenting();
    this.wakeUp();
    void this.pump();
  }

  // ---- internals ----

  private faultsActive(): boolean {
    return this.o.perEvent === true || this.o.lasting.slowMs > 0 || this.o.lasting.dropTypes.size > 0 || this.splitNext || this.atBoundary.length > 0 || this.stallUntil > this.o.clock.monotonic();
  }

  private beginSegmenting(): void {
    if (this.segmenting) return;
    this.segmenting = true;
    if (this.o.compressed) return;
    // Where the client's stream stands now: replaying the last four bytes written is enough
    // (four line-end bytes in a row always contain a blank line).
    this.segmenter = new EventSegmenter();
    this.segmenter.tail.feed(this.last);
    this.outTail = new BoundaryTail();
    this.outTail.feed(this.last);
  }

  private take(chunk: Buffer): void {
    if (!this.segmenter) {
      this.enqueue(chunk);
      return;
    }
    for (const seg of this.segmenter.split(chunk)) {
      if (seg.complete) {
        this.partial.push(seg.bytes);
        this.flushPartial();
      } else {
        this.partial.push(seg.bytes);
        this.partialBytes += seg.bytes.length;
        if (this.partialBytes > MAX_HELD_EVENT_BYTES) this.flushPartial();
      }
    }
  }

  private flushPartial(): void {
    if (this.partial.length === 0) return;
    this.enqueue(this.partial.length === 1 ? this.partial[0]! : Buffer.concat(this.partial));
    this.partial = [];
    this.partialBytes = 0;
  }

  private enqueue(bytes: Buffer): void {
    this.queue.push(bytes);
    this.queueBytes += bytes.length;
    if (this.queueBytes > HIGH_WATER_BYTES) this.o.pauseUpstream();
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (!this.closed) {
        const boundary = this.outTail?.boundary ?? true;
        const now = this.o.clock.monotonic();
        if (this.stallUntil > now && (!this.stallComments || boundary)) {
          if (this.stallComments) await this.out(STALL_COMMENT);
          await this.sleep(Math.min(this.stallUntil - now, this.stallComments ? STALL_COMMENT_EVERY_MS : Infinity));
          continue;
        }
        if (boundary && this.atBoundary.length > 0) {
          await this.out(this.atBoundary.shift()!);
          continue;
        }
        const item = this.queue.shift();
        if (!item) break;
        this.queueBytes -= item.length;
        if (this.queueBytes <= HIGH_WATER_BYTES / 2) this.o.resumeUpstream();
        const whole = this.outTail !== undefined && boundary;
        const type = whole ? blockEventType(item) : undefined;
        if (type !== undefined) {
          if (this.o.lasting.dropTypes.has(type)) continue;
          if (this.o.lasting.slowMs > 0) await this.sleep(this.o.lasting.slowMs);
          if (this.closed) break;
          const cut = this.splitNext ? insideMultiByteChar(item) : -1;
          if (cut > 0) {
            this.splitNext = false;
            await this.out(item.subarray(0, cut));
            await this.sleep(SPLIT_GAP_MS);
            await this.out(item.subarray(cut));
          } else {
            await this.out(item);
          }
          continue;
        }
        await this.out(item);
      }
      if (this.closed) return;
      if (this.queue.length === 0) {
        if (this.upstreamEnded) {
          this.closed = true;
          this.o.res.end();
          return;
        }
        if (!this.faultsActive()) this.endSegmenting();
      }
    } finally {
      this.pumping = false;
    }
  }

  /** Faults over: what is held of an unfinished event goes out, and chunks pass through again. */
  private endSegmenting(): void {
    if (!this.segmenting) return;
    const rest = this.partial;
    this.partial = [];
    this.partialBytes = 0;
    this.segmenting = false;
    this.segmenter = undefined;
    this.outTail = undefined;
    for (const b of rest) {
      if (this.closed) break;
      this.keepLast(b);
      this.o.res.write(b);
      this.o.onWritten(b);
    }
    this.o.resumeUpstream();
  }

  private async out(bytes: Buffer): Promise<void> {
    if (this.closed || bytes.length === 0) return;
    this.keepLast(bytes);
    this.outTail?.feed(bytes);
    const ok = this.o.res.write(bytes);
    this.o.onWritten(bytes);
    if (!ok && !this.closed) await this.drained();
  }

  private keepLast(bytes: Buffer): void {
    this.last = bytes.length >= 4 ? bytes.subarray(bytes.length - 4) : Buffer.concat([this.last, bytes]).subarray(-4);
  }

  private drained(): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        this.o.res.off('drain', done);
        this.o.res.off('close', done);
        resolve();
      };
      this.o.res.on('drain', done);
      this.o.res.on('close', done);
    });
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.wake = resolve;
      this.timer = this.o.clock.setTimeout(() => this.wakeUp(), Math.max(0, ms));
    });
  }

  private wakeUp(): void {
    this.o.clock.clearTimeout(this.timer);
    this.timer = undefined;
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}

/** The bytes of an injected event, LF line endings. */
export function eventBytes(event: InjectedEvent): Buffer {
  let text = '';
  if (event.type) text += `event: ${oneLine(event.type)}\n`;
  if (event.id !== undefined) text += `id: ${oneLine(event.id)}\n`;
  for (const line of event.data.split(/\r\n|\r|\n/)) text += `data: ${line}\n`;
  return Buffer.from(text + '\n', 'utf8');
}

function oneLine(s: string): string {
  return s.replace(/[\r\n]/g, ' ');
}
