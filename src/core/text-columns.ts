// Text fields of the session's history (an event's data and id), kept as UTF-8 bytes in
// large off-heap buffers ("slabs") rather than as JS strings.
//
// Why: in a 50k events/s flood every held event's strings outlive V8's young-generation GC
// and are copied into the old generation; those copies were most of the extension host's
// longest pauses (the benchmark's event-loop lag). Bytes in a Buffer are never copied by
// the GC. A string is made again when someone reads it (a page for the webview, an export)
// and dies young there.
//
// Texts are written in batches: a native Buffer write costs about 60 ns however short the
// text, more than the rest of a heartbeat's trip through the session, so set() only queues
// the text and one write takes up to a few hundred of them. When the batch is all ASCII
// (nearly always), each text's byte offset is its character offset; otherwise its texts are
// written one by one. Reading flushes the queue.
//
// Cells are released in the order they were set (the history is first in, first out), so
// texts sit in the slabs in release order too: releasing a text in slab n means every text
// in the slabs before n is gone, and those slabs are freed. No per-slab counts to keep.
// Freed slabs go to a small pool shared by every TextColumns: the first touch of fresh
// memory costs a page fault per 4 KB, which made a fresh slab far dearer to fill than a
// reused one (docs/design.md, "Measurements").
import { inBlock, RowBlocks } from './row-blocks';

/**
 * Longer texts stay JS strings. Those are few per MB of stream, and it is the number of
 * surviving objects, not their bytes, that makes a young-generation GC long; copying them
 * into a slab would cost more than it saves.
 */
export const MAX_SLAB_TEXT = 2048;
/** Slabs start small, so a short-lived session costs little, and double up to the largest size. */
const FIRST_SLAB_BYTES = 64 * 1024;
const LARGEST_SLAB_BYTES = 1024 * 1024;
const MAX_QUEUED = 512;
/** A batch needs room for 3 bytes a character (the worst case of UTF-8) at the end of a slab, so at most this much of a slab goes unused. */
const MAX_QUEUED_CHARS = 16 * 1024;
/** Freed full-size slabs kept for reuse by any TextColumns: at most 16 MiB held when idle. */
const MAX_POOLED_SLABS = 16;
const pool: Buffer[] = [];

// A cell's `where`: one of these, or SLAB + the number of the slab its bytes are (or, while
// queued, will be) in.
const EMPTY = 0;
/** Kept as a JS string (too long, or not well-formed UTF-16, which UTF-8 would not round-trip). */
const STRING = 1;
const SLAB = 2;

interface CellBlock {
  where: Float64Array;
  offsets: Uint32Array;
  lengths: Uint32Array;
}

export class TextColumns {
  /** Where each cell's text is; allocated in blocks of rows as they are first set (see RowBlocks). */
  private readonly cells: RowBlocks<CellBlock>;
  /** The few texts kept as JS strings, by cell number (row * fields + field). */
  private readonly strings = new Map<number, string>();
  /** Slabs numbered firstSlabNo, firstSlabNo + 1, …; the last is the one being filled. */
  private readonly slabs: Buffer[] = [];
  private firstSlabNo = 0;
  private used = 0;
  private nextSlabBytes = FIRST_SLAB_BYTES;
  /** The queued texts, one after another (a string concatenation, cheaper than a join). */
  private queued = '';
  /** Cell numbers (row * fields + field) of the queued texts, and their lengths: typed, so a batch does not regrow them. */
  private readonly queuedCells = new Float64Array(MAX_QUEUED);
  private readonly queuedLengths = new Uint32Array(MAX_QUEUED);
  private queuedCount = 0;
  /** `where` of a text placed in the slab being filled (kept up to date by makeRoom and freeSlabsBefore). */
  private currentTag = EMPTY;

  /** Room for `rows` rows of `fields` texts each. */
  constructor(rows: number, private readonly fields: number) {
    this.cells = new RowBlocks(rows, (n) => ({ where: new Float64Array(n * fields), offsets: new Uint32Array(n * fields), lengths: new Uint32Array(n * fields) }));
  }

  /** Bytes of the slabs in use (not those in the pool): what the texts cost outside the JS heap. */
  get slabBytes(): number {
    let total = 0;
    for (const slab of this.slabs) total += slab.length;
    return total;
  }

  /** Stores `text` in an empty cell. */
  set(row: number, field: number, text: string): void {
    const b = this.cells.forWriting(row);
    const c = inBlock(row) * this.fields + field;
    const length = text.length;
    if (length > MAX_SLAB_TEXT) {
      this.keepString(b, c, row * this.fields + field, text);
      return;
    }
    if (this.queuedCount === MAX_QUEUED || this.queued.length + length > MAX_QUEUED_CHARS) this.flush();
    if (this.queuedCount === 0) this.makeRoom(MAX_QUEUED_CHARS);
    // Placed now as if the batch is all ASCII (one byte a character); flush() places it
    // again if it is not. Until then its bytes are not written: see isQueued().
    b.where[c] = this.currentTag;
    b.offsets[c] = this.used + this.queued.length;
    b.lengths[c] = length;
    this.queued += text;
    this.queuedCells[this.queuedCount] = row * this.fields + field;
    this.queuedLengths[this.queuedCount++] = length;
  }

  get(row: number, field: number): string {
    const b = this.cells.forReading(row);
    const c = inBlock(row) * this.fields + field;
    if (b && this.isQueued(b, c)) this.flush();
    const where = b ? b.where[c]! : EMPTY;
    if (where === STRING) return this.strings.get(row * this.fields + field)!;
    if (where === EMPTY) throw new Error(`TextColumns: cell ${row}/${field} is empty`);
    const offset = b!.offsets[c]!;
    return this.slabs[where - SLAB - this.firstSlabNo]!.toString('utf8', offset, offset + b!.lengths[c]!);
  }

  /**
   * Empties every cell of a row. Rows must be released in the order their texts were set
   * (first in, first out), which is what lets this free whole slabs without counting.
   */
  releaseRow(row: number): void {
    const b = this.cells.forReading(row);
    if (!b) return;
    const first = inBlock(row) * this.fields;
    let newestSlab = EMPTY;
    for (let c = first; c < first + this.fields; c++) {
      const where = b.where[c]!;
      b.where[c] = EMPTY;
      if (where >= SLAB) newestSlab = Math.max(newestSlab, where);
      else if (where === STRING) this.strings.delete(row * this.fields + c - first);
    }
    // A text still queued may yet move to a later slab (flush), never to an earlier one: the
    // slab it was placed in is a safe bound, so releasing needs no flush.
    if (newestSlab >= SLAB) this.freeSlabsBefore(newestSlab - SLAB);
  }

  /** Empties every cell and gives the slabs back to the pool. */
  dispose(): void {
    this.queued = '';
    this.queuedCount = 0;
    this.cells.clear();
    this.strings.clear();
    this.freeSlabsBefore(this.firstSlabNo + this.slabs.length);
  }

  /** Writes the queued texts into the slabs. */
  flush(): void {
    const count = this.queuedCount;
    if (count === 0) return;
    const queued = this.queued;
    // UTF-8 takes as many bytes as there are characters exactly when all are ASCII; then
    // every text is where set() placed it. (set() made room for 3 bytes a character.)
    const written = this.currentSlab().write(queued, this.used, 'utf8');
    if (written === queued.length) {
      this.used += written;
    } else {
      // Texts one by one. A cell released since its text was queued is left empty; one set
      // again since is written twice, the newer text last.
      let from = 0;
      for (let k = 0; k < count; k++) {
        const cell = this.queuedCells[k]!;
        const length = this.queuedLengths[k]!;
        const row = Math.floor(cell / this.fields);
        const b = this.cells.forReading(row)!;
        const c = inBlock(row) * this.fields + (cell % this.fields);
        if (b.where[c] !== EMPTY) this.writeOne(b, c, cell, queued.slice(from, from + length));
        from += length;
      }
    }
    this.queued = '';
    this.queuedCount = 0;
  }

  /** Whether the cell's text is placed but not yet written (see set()). */
  private isQueued(b: CellBlock, c: number): boolean {
    return this.queuedCount > 0 && b.where[c] === this.currentTag && b.offsets[c]! >= this.used;
  }

  private updateCurrentTag(): void {
    this.currentTag = this.slabs.length > 0 ? SLAB + this.firstSlabNo + this.slabs.length - 1 : EMPTY;
  }

  /** Writes one text of a batch (c: its place in block b; cell: its number). */
  private writeOne(b: CellBlock, c: number, cell: number, text: string): void {
    this.makeRoom(text.length);
    const written = this.currentSlab().write(text, this.used, 'utf8');
    if (written !== text.length && !isWellFormed(text)) {
      this.keepString(b, c, cell, text);
      return;
    }
    b.where[c] = this.currentTag;
    b.offsets[c] = this.used;
    b.lengths[c] = written;
    this.used += written;
  }

  private keepString(b: CellBlock, c: number, cell: number, text: string): void {
    b.where[c] = STRING;
    this.strings.set(cell, text);
  }

  private currentSlab(): Buffer {
    return this.slabs[this.slabs.length - 1]!;
  }

  /** Makes sure the slab being filled has room for `chars` characters of any kind (UTF-8: at most 3 bytes each). */
  private makeRoom(chars: number): void {
    const worst = chars * 3;
    if (this.slabs.length > 0 && this.used + worst <= this.currentSlab().length) return;
    const size = Math.max(this.nextSlabBytes, worst);
    this.nextSlabBytes = Math.min(LARGEST_SLAB_BYTES, this.nextSlabBytes * 2);
    // A pooled slab is taken even when a smaller one would do: it costs nothing more.
    // allocUnsafeSlow: a buffer of its own, not a slice of Node's shared pool, so freeing it frees the memory.
    this.slabs.push(pool.length > 0 && size <= LARGEST_SLAB_BYTES ? pool.pop()! : Buffer.allocUnsafeSlow(size));
    this.updateCurrentTag();
    this.used = 0;
  }

  /** Frees the slabs numbered below `slabNo`: no text set before the one just released is still held. */
  private freeSlabsBefore(slabNo: number): void {
    while (this.firstSlabNo < slabNo && this.slabs.length > 0) {
      const slab = this.slabs.shift()!;
      this.firstSlabNo++;
      if (slab.length === LARGEST_SLAB_BYTES && pool.length < MAX_POOLED_SLABS) pool.push(slab);
    }
    // (The tag changes only when the last slab goes: numbers shift with the list.)
    if (this.slabs.length === 0) this.updateCurrentTag();
  }
}

/** String.prototype.isWellFormed (Node 20+), which the ES2023 lib does not declare. */
function isWellFormed(text: string): boolean {
  return (text as string & { isWellFormed(): boolean }).isWellFormed();
}
