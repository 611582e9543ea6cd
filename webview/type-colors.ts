// A stable colour per event type: the same name gets the same colour in every session and
// every panel, so `heartbeat` is recognisable at a glance. FNV-1a with a final mix; the
// offset basis is nudged from the standard one (0x811c9dc5) to the first value that gives
// the event names of the seed's servers (system, heartbeat, message, content, bot-chunk,
// room-message, user-joined, user-left) eight different slots. style.css maps each slot to
// a VS Code theme colour.

export const TYPE_COLOR_SLOTS = 8;
const OFFSET_BASIS = 0x811c9f08;

export function typeColorSlot(type: string): number {
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

/** The CSS class that colours an event type (`tc-0` ... `tc-7`, see style.css). */
export function typeColorClass(type: string): string {
  return `tc-${typeColorSlot(type)}`;
}
