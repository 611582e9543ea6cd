// The session's history: a FIFO bounded by count and by an estimate of bytes held, like
// RingBuffer, except that event records (nearly all of a flood) are kept in columns, typed
// arrays for the numbers and plain arrays for the strings, rather than as objects.
//
// Why: in a 50k events/s flood every held record outlives V8's young-generation GC and is
// copied into the old generation, and those copies make the extension host's longest
// pauses (the benchmark's event-loop lag). In columns, only an event's strings are new
// objects; the record itself is made again when someone reads it (a page for the webview,
// an export) and dies young there. Readers get equal records, not the same objects.
import type { EventRecord, SseRecord } from './records';

const HEARTBEAT = 1;
const TRUNCATED = 2;
const HAS_ID = 4;

export class RecordRing {
  private head = 0;
  private length = 0;
  private bytes = 0;
  private _evicted = 0;
  /** Records other than events, as they came; undefined in an event's slot. */
  private others!: Array<SseRecord | undefined>;
  private costs!: Float64Array;
  private seqs!: Float64Array;
  private times!: Float64Array;
  private monos!: Float64Array;
  private attempts!: Float64Array;
  private dataSizes!: Float64Array;
  private flags!: Uint8Array;
  private types!: Array<string | undefined>;
  private datas!: Array<string | undefined>;
  private ids!: Array<string | undefined>;
  private lastIds!: Array<string | undefined>;

  constructor(
    private readonly maxItems: number,
    private readonly maxBytes: number,
    private readonly sizeOf: (record: SseRecord) => number,
  ) {
    if (maxItems < 1) throw new Error('RecordRing needs room for at least one record');
    this.allocate();
  }

  get size(): number {
    return this.length;
  }
  get byteSize(): number {
    return this.bytes;
  }
  /** Records dropped from the front since creation or the last clear(). */
  get evicted(): number {
    return this._evicted;
  }

  push(record: SseRecord): void {
    const cost = this.sizeOf(record);
    if (this.length === this.maxItems) this.dropOldest();
    const i = (this.head + this.length) % this.maxItems;
    if (record.kind === 'event') {
      this.others[i] = undefined;
      this.seqs[i] = record.seq;
      this.times[i] = record.t;
      this.monos[i] = record.mono;
      this.attempts[i] = record.attempt;
      this.dataSizes[i] = record.size;
      this.types[i] = record.type;
      this.datas[i] = record.data;
      this.ids[i] = record.id;
      this.lastIds[i] = record.lastEventId;
      this.flags[i] = (record.cls === 'heartbeat' ? HEARTBEAT : 0) | (record.truncated ? TRUNCATED : 0) | (record.id !== undefined ? HAS_ID : 0);
    } else {
      this.others[i] = record;
      this.types[i] = this.datas[i] = this.ids[i] = this.lastIds[i] = undefined;
    }
    this.costs[i] = cost;
    this.length++;
    this.bytes += cost;
    // Keep at least the newest record even if it alone is over budget.
    while (this.bytes > this.maxBytes && this.length > 1) this.dropOldest();
  }

  at(index: number): SseRecord | undefined {
    if (index < 0 || index >= this.length) return undefined;
    return this.read((this.head + index) % this.maxItems);
  }

  /** Records from position `from` on (0 = oldest held), at most `maxCount` of them. */
  sliceFrom(from: number, maxCount = Infinity): SseRecord[] {
    const start = Math.max(0, from);
    const end = Math.min(this.length, start + maxCount);
    const out: SseRecord[] = [];
    for (let k = start; k < end; k++) out.push(this.read((this.head + k) % this.maxItems));
    return out;
  }

  toArray(): SseRecord[] {
    return this.sliceFrom(0);
  }

  clear(): void {
    this.allocate();
    this.head = 0;
    this.length = 0;
    this.bytes = 0;
    this._evicted = 0;
  }

  private read(i: number): SseRecord {
    const other = this.others[i];
    if (other) return other;
    const f = this.flags[i]!;
    const seq = this.seqs[i]!;
    const t = this.times[i]!;
    const mono = this.monos[i]!;
    const attempt = this.attempts[i]!;
    const type = this.types[i]!;
    const data = this.datas[i]!;
    const lastEventId = this.lastIds[i]!;
    const size = this.dataSizes[i]!;
    const cls = f & HEARTBEAT ? 'heartbeat' : 'data';
    // Fields in the connection's order (see SseConnection.onEvent), so JSON out reads the same.
    const r: EventRecord =
      f & HAS_ID
        ? { kind: 'event', seq, t, mono, attempt, type, data, id: this.ids[i]!, lastEventId, size, cls }
        : { kind: 'event', seq, t, mono, attempt, type, data, lastEventId, size, cls };
    if (f & TRUNCATED) r.truncated = true;
    return r;
  }

  private dropOldest(): void {
    const i = this.head;
    this.bytes -= this.costs[i]!;
    this.others[i] = undefined;
    this.types[i] = this.datas[i] = this.ids[i] = this.lastIds[i] = undefined;
    this.head = (this.head + 1) % this.maxItems;
    this.length--;
    this._evicted++;
  }

  private allocate(): void {
    const n = this.maxItems;
    // Filled, not just sized: a sized array is holey, and a large one may not be a fast array.
    this.others = new Array<SseRecord | undefined>(n).fill(undefined);
    this.costs = new Float64Array(n);
    this.seqs = new Float64Array(n);
    this.times = new Float64Array(n);
    this.monos = new Float64Array(n);
    this.attempts = new Float64Array(n);
    this.dataSizes = new Float64Array(n);
    this.flags = new Uint8Array(n);
    this.types = new Array<string | undefined>(n).fill(undefined);
    this.datas = new Array<string | undefined>(n).fill(undefined);
    this.ids = new Array<string | undefined>(n).fill(undefined);
    this.lastIds = new Array<string | undefined>(n).fill(undefined);
  }
}
