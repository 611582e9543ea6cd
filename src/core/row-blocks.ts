// Column storage allocated a block of rows at a time, as rows are first written.
//
// Why: columns sized for a whole history up front cost every session their full size at
// once, and columns that grow by doubling copy the whole history on the event path. On
// this product's test VM, either made one turn of the event loop take 15-35 ms in a
// flood (the copies, and the kernel zeroing fresh pages as they were first touched).
// Blocks are a fixed, small cost each, paid once as the history first fills; once a ring
// has gone round, its blocks are reused and nothing more is allocated.

export const BLOCK_ROWS = 4096;
const BLOCK_SHIFT = 12;
const ROW_MASK = BLOCK_ROWS - 1;

export class RowBlocks<Block> {
  private blocks: Block[] = [];

  /** `rows` rows in all; `make(n)` makes the columns of a block of n rows. */
  constructor(
    private readonly rows: number,
    private readonly make: (rows: number) => Block,
  ) {}

  /** The block holding `row`, made if it is not yet (to be written). */
  forWriting(row: number): Block {
    const b = row >>> BLOCK_SHIFT;
    return this.blocks[b] ?? (this.blocks[b] = this.make(Math.min(BLOCK_ROWS, this.rows - b * BLOCK_ROWS)));
  }

  /** The block holding `row`; undefined if no row of it was ever written. */
  forReading(row: number): Block | undefined {
    return this.blocks[row >>> BLOCK_SHIFT];
  }

  /** Forgets every block. */
  clear(): void {
    this.blocks = [];
  }
}

/** `row`'s place in its block. */
export function inBlock(row: number): number {
  return row & ROW_MASK;
}
