// A FIFO bounded both by count and by an estimate of bytes held, so a flood of small
// events and a few huge ones are both kept within memory limits.

export class RingBuffer<T> {
  private items: Array<T | undefined>;
  private sizes: Float64Array;
  private head = 0;
  private length = 0;
  private bytes = 0;
  private _evicted = 0;

  constructor(
    private readonly maxItems: number,
    private readonly maxBytes: number,
    private readonly sizeOf: (item: T) => number,
  ) {
    if (maxItems < 1) throw new Error('RingBuffer needs room for at least one item');
    this.items = new Array<T | undefined>(maxItems);
    this.sizes = new Float64Array(maxItems);
  }

  get size(): number {
    return this.length;
  }
  get byteSize(): number {
    return this.bytes;
  }
  /** Items dropped from the front since creation or the last clear(). */
  get evicted(): number {
    return this._evicted;
  }

  push(item: T): void {
    const size = this.sizeOf(item);
    if (this.length === this.maxItems) this.dropOldest();
    const idx = (this.head + this.length) % this.maxItems;
    this.items[idx] = item;
    this.sizes[idx] = size;
    this.length++;
    this.bytes += size;
    // Keep at least the newest item even if it alone is over budget.
    while (this.bytes > this.maxBytes && this.length > 1) this.dropOldest();
  }

  private dropOldest(): void {
    this.bytes -= this.sizes[this.head]!;
    this.items[this.head] = undefined;
    this.head = (this.head + 1) % this.maxItems;
    this.length--;
    this._evicted++;
  }

  at(index: number): T | undefined {
    if (index < 0 || index >= this.length) return undefined;
    return this.items[(this.head + index) % this.maxItems];
  }

  toArray(): T[] {
    const out: T[] = new Array(this.length);
    for (let i = 0; i < this.length; i++) out[i] = this.items[(this.head + i) % this.maxItems]!;
    return out;
  }

  /** Items from position `from` (0 = oldest held) to the newest. */
  /** Items from position `from` on (oldest first), at most `maxCount` of them. */
  sliceFrom(from: number, maxCount = Infinity): T[] {
    const start = Math.max(0, from);
    const end = Math.min(this.length, start + maxCount);
    const out: T[] = [];
    for (let i = start; i < end; i++) out.push(this.items[(this.head + i) % this.maxItems]!);
    return out;
  }

  clear(): void {
    this.items = new Array<T | undefined>(this.maxItems);
    this.sizes = new Float64Array(this.maxItems);
    this.head = 0;
    this.length = 0;
    this.bytes = 0;
    this._evicted = 0;
  }
}
