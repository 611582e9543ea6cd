// The session's history: a FIFO bounded by count and by an estimate of bytes held, with
// event records (nearly all of a flood) kept in columns rather than as objects: typed arrays
// for the numbers, and an event's data and id as UTF-8 in off-heap slabs (TextColumns) or,
// when short, as strings. The columns are allocated in blocks (RowBlocks) as the ring first
// fills.
//
// Why: in a 50k events/s flood every held record outlives V8's young-generation GC and is
// copied into the old generation, and those copies made the extension host's longest
// pauses (the benchmark's event-loop lag; figures in docs/design.md, "Measurements").
// The record is made again when someone reads it (a page
// for the webview, an export) and dies young there. Readers get equal records, not the
// same objects.
import { canonicalDecimal } from './decimal-id';
import type { EventRecord, SseRecord } from './base/records';
import { inBlock, RowBlocks } from './row-blocks';
import { TextColumns } from './text-columns';

const HEARTBEAT = 1;
const TRUNCATED = 2;
const HAS_ID = 4;
/** lastEventId is the event's own id (always so when it has one), so it is not stored again. */
const LAST_IS_ID = 8;
/** The id is a decimal number, kept in idNumbers (streams that send ids mostly count): no text to store. */
const NUMERIC_ID = 16;
/** The data (DATA_IN_TEXT) or the id (ID_IN_TEXT) is in the TextColumns, not a string of the block. */
const DATA_IN_TEXT = 32;
const ID_IN_TEXT = 64;
/** TextColumns fields. */
const DATA = 0;
const ID = 1;
/**
 * Texts this short stay strings. A slab write costs about as much as the GC's copying of a
 * short string that survives (two copies of ~32 bytes); the longer the text, the more the
 * copying costs and the slab saves. A heartbeat flood's texts are all this short, and put
 * in slabs they cost it 10-25% of its throughput.
 */
const HEAP_TEXT_MAX = 32;

interface RecordBlock {
  costs: Float64Array;
  seqs: Float64Array;
  times: Float64Array;
  monos: Float64Array;
  attempts: Float64Array;
  dataSizes: Float64Array;
  idNumbers: Float64Array;
  flags: Uint8Array;
  /** Data of at most HEAP_TEXT_MAX characters (longer data is in the TextColumns). */
  datas: Array<string | undefined>;
  /** An id that is not a decimal number, of at most HEAP_TEXT_MAX characters. */
  ids: Array<string | undefined>;
  // Event names are shared strings (see eventName), and a lastEventId other than the event's
  // own id is an older event's id: neither is a new string per event.
  types: Array<string | undefined>;
  lastIds: Array<string | undefined>;
  /** Records other than events, as they came; undefined in an event's row. */
  others: Array<SseRecord | undefined>;
}

function recordBlock(rows: number): RecordBlock {
  // Plain arrays filled, not just sized: a sized array is holey.
  const empty = () => new Array<undefined>(rows).fill(undefined);
  return {
    costs: new Float64Array(rows),
    seqs: new Float64Array(rows),
    times: new Float64Array(rows),
    monos: new Float64Array(rows),
    attempts: new Float64Array(rows),
    dataSizes: new Float64Array(rows),
    idNumbers: new Float64Array(rows),
    flags: new Uint8Array(rows),
    datas: empty(),
    ids: empty(),
    types: empty(),
    lastIds: empty(),
    others: empty(),
  };
}

export class RecordRing {
  /** Row of the oldest record; rows go round 0 … maxItems - 1. */
  private head = 0;
  private length = 0;
  private bytes = 0;
  private _evicted = 0;
  private readonly blocks: RowBlocks<RecordBlock>;
  private readonly text: TextColumns;

  constructor(
    private readonly maxItems: number,
    private readonly maxBytes: number,
    private readonly sizeOf: (record: SseRecord) => number,
  ) {
    if (maxItems < 1) throw new Error('RecordRing needs room for at least one record');
    this.blocks = new RowBlocks(maxItems, recordBlock);
    this.text = new TextColumns(maxItems, 2);
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
    const row = (this.head + this.length) % this.maxItems;
    const b = this.blocks.forWriting(row);
    const i = inBlock(row);
    // An event a tap saw held back (rare: only while a debuggee is paused) keeps its object whole.
    if (record.kind === 'event' && record.heldMs === undefined) {
      b.others[i] = undefined;
      b.seqs[i] = record.seq;
      b.times[i] = record.t;
      b.monos[i] = record.mono;
      b.attempts[i] = record.attempt;
      b.dataSizes[i] = record.size;
      b.types[i] = record.type;
      const flags = (record.cls === 'heartbeat' ? HEARTBEAT : 0) | (record.truncated ? TRUNCATED : 0) | (this.storeText(b.datas, row, DATA, record.data) ? DATA_IN_TEXT : 0);
      b.flags[i] = flags | this.storeIds(b, row, record.id, record.lastEventId);
    } else {
      b.others[i] = record;
      b.types[i] = b.lastIds[i] = undefined;
      b.flags[i] = 0;
    }
    b.costs[i] = cost;
    this.length++;
    this.bytes += cost;
    // Keep at least the newest record even if it alone is over budget.
    while (this.bytes > this.maxBytes && this.length > 1) this.dropOldest();
  }

  at(index: number): SseRecord | undefined {
    if (index < 0 || index >= this.length) return undefined;
    return this.read((this.head + index) % this.maxItems);
  }

  /**
   * Records from position `from` on (0 = oldest held), at most `maxCount` of them and, past
   * the first, no more than `maxBytes` of them by the ring's size estimate.
   */
  sliceFrom(from: number, maxCount = Infinity, maxBytes = Infinity): SseRecord[] {
    const start = Math.max(0, from);
    const end = Math.min(this.length, start + maxCount);
    const out: SseRecord[] = [];
    let bytes = 0;
    for (let k = start; k < end; k++) {
      const row = (this.head + k) % this.maxItems;
      bytes += this.blocks.forReading(row)!.costs[inBlock(row)]!;
      if (bytes > maxBytes && out.length > 0) break;
      out.push(this.read(row));
    }
    return out;
  }

  toArray(): SseRecord[] {
    return this.sliceFrom(0);
  }

  /** Empties the ring and lets go of its columns; its text slabs go back to the pool (see TextColumns). */
  clear(): void {
    this.text.dispose();
    this.blocks.clear();
    this.head = this.length = this.bytes = this._evicted = 0;
  }

  private read(row: number): SseRecord {
    const b = this.blocks.forReading(row)!;
    const i = inBlock(row);
    const other = b.others[i];
    if (other) return other;
    const f = b.flags[i]!;
    const seq = b.seqs[i]!;
    const t = b.times[i]!;
    const mono = b.monos[i]!;
    const attempt = b.attempts[i]!;
    const type = b.types[i]!;
    const data = f & DATA_IN_TEXT ? this.text.get(row, DATA) : b.datas[i]!;
    const id = f & NUMERIC_ID ? String(b.idNumbers[i]) : f & ID_IN_TEXT ? this.text.get(row, ID) : f & HAS_ID ? b.ids[i]! : undefined;
    const lastEventId = f & LAST_IS_ID ? id! : b.lastIds[i]!;
    const size = b.dataSizes[i]!;
    const cls = f & HEARTBEAT ? 'heartbeat' : 'data';
    // Fields in the connection's order (see StreamReader.onEvent), so JSON out reads the same.
    const r: EventRecord =
      f & HAS_ID
        ? { kind: 'event', seq, t, mono, attempt, type, data, id: id!, lastEventId, size, cls }
        : { kind: 'event', seq, t, mono, attempt, type, data, lastEventId, size, cls };
    if (f & TRUNCATED) r.truncated = true;
    return r;
  }

  /** Stores a text of `row` as a string of the block (`strings`) or, when long, in the TextColumns; true for the latter. */
  private storeText(strings: Array<string | undefined>, row: number, field: number, text: string): boolean {
    if (text.length <= HEAP_TEXT_MAX) {
      strings[inBlock(row)] = text;
      return false;
    }
    this.text.set(row, field, text);
    return true;
  }

  /** Stores an event's id and lastEventId in `row` (of block b); returns their flags. */
  private storeIds(b: RecordBlock, row: number, id: string | undefined, lastEventId: string): number {
    const i = inBlock(row);
    if (id === undefined) {
      // Without an id of its own, the event carries an older event's id: an old string already.
      b.lastIds[i] = lastEventId;
      return 0;
    }
    const n = canonicalDecimal(id);
    let flags = HAS_ID;
    if (n !== undefined) {
      b.idNumbers[i] = n;
      flags |= NUMERIC_ID;
    } else if (this.storeText(b.ids, row, ID, id)) flags |= ID_IN_TEXT;
    if (lastEventId === id) {
      b.lastIds[i] = undefined;
      return flags | LAST_IS_ID;
    }
    b.lastIds[i] = lastEventId;
    return flags;
  }

  private dropOldest(): void {
    const row = this.head;
    const b = this.blocks.forReading(row)!;
    const i = inBlock(row);
    this.bytes -= b.costs[i]!;
    // The texts and any record kept whole are let go at once (the byte budget may have evicted
    // them); an event's name and lastEventId are shared strings, left for the row's next record.
    b.others[i] = b.datas[i] = b.ids[i] = undefined;
    if (b.flags[i]! & (DATA_IN_TEXT | ID_IN_TEXT)) this.text.releaseRow(row);
    this.head = (this.head + 1) % this.maxItems;
    this.length--;
    this._evicted++;
  }
}
