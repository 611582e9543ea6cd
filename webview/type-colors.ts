// A colour per event type. Each type starts from a slot its name hashes to (FNV-1a with a
// final mix), so `heartbeat` tends to look the same in every panel; but a slot already worn
// by another type of this panel is skipped for the next free one, so the types on screen
// never share a colour (`content_block_start` and `content_block_stop` hash alike often
// enough). Only with more types than slots do two share one. style.css maps each slot to a
// VS Code theme colour.

export const TYPE_COLOR_SLOTS = 12;
const OFFSET_BASIS = 0x811c9f08;

/** The slot a type's name prefers (before collisions are resolved). */
export function preferredTypeSlot(type: string): number {
  let hash = OFFSET_BASIS;
  for (let i = 0; i < type.length; i++) {
    hash ^= type.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 15;
  hash = Math.imul(hash, 0x2c1b3c6d);
  hash ^= hash >>> 12;
  return (hash >>> 0) % TYPE_COLOR_SLOTS;
}

/** Hands out slots in order of first sight: distinct while there are free slots. */
export class TypeColorBook {
  private readonly slots = new Map<string, number>();
  private readonly taken = new Set<number>();

  slotOf(type: string): number {
    const known = this.slots.get(type);
    if (known !== undefined) return known;
    const preferred = preferredTypeSlot(type);
    let slot = preferred;
    if (this.taken.size < TYPE_COLOR_SLOTS) {
      while (this.taken.has(slot)) slot = (slot + 1) % TYPE_COLOR_SLOTS;
    }
    this.slots.set(type, slot);
    this.taken.add(slot);
    return slot;
  }
}

/** The panel's book: one webview shows one session, so one book is shared by all its views. */
const book = new TypeColorBook();

export function typeColorSlot(type: string): number {
  return book.slotOf(type);
}

/** The CSS class that colours an event type (`tc-0` ... `tc-11`, see style.css). */
export function typeColorClass(type: string): string {
  return `tc-${typeColorSlot(type)}`;
}
