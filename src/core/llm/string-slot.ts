// A fast path for token floods. The fragments of one streamed answer are usually the same
// JSON text but for one string value (the token): everything before the value's opening
// quote and everything after its closing quote repeats verbatim. Once one fragment has been
// parsed in full, the next ones are recognised by comparing those two stretches (memcmp
// speed) instead of running JSON.parse on each (about a microsecond per 200-byte delta).
//
// Sound by construction: a text that is `prefix + body + suffix`, where prefix ends with
// the opening quote, suffix starts with the closing quote and body holds no quote,
// backslash or control character, is JSON of exactly the same shape and values as the
// template's, with only that string replaced by `body`. Anything else misses, and the
// caller parses in full as before.

/**
 * Learns skipped once two templates in a row were replaced without matching a chunk: that
 * stream's chunks differ in more than the slot (a counter, per-chunk padding), and learning
 * from each would add a probe parse to every full parse.
 */
export const SKIP_LEARNS_AFTER_MISSES = 64;

export class StringSlotTemplate {
  private prefix = '';
  private suffix = '';
  /** Templates learned in a row that were replaced before they matched anything. */
  private unmatched = 0;
  /** The current template has matched a chunk (or there is none). */
  private matched = true;
  private skipLearns = 0;

  get learned(): boolean {
    return this.prefix !== '';
  }

  /**
   * Learns `raw` as the template around `"key":"value"`, when that sequence occurs exactly
   * once in it, `value` needs no escaping, and it is the field `readSlot` reads from the
   * parsed JSON (checked by parsing a probe once: an identical pair elsewhere, with the real
   * one spelled with spaces, must not be taken for it). Returns whether it did.
   */
  learn(raw: string, key: string, value: string, readSlot: (parsed: unknown) => unknown): boolean {
    this.forget();
    if (this.skipLearns > 0) {
      this.skipLearns--;
      return false;
    }
    // Two templates in a row that never matched (the first may be a chunk with a role):
    // the chunks of this stream do not repeat around the slot; try again much later.
    if (!this.matched && ++this.unmatched >= 2) {
      this.unmatched = 0;
      this.matched = true;
      this.skipLearns = SKIP_LEARNS_AFTER_MISSES - 1;
      return false;
    }
    this.matched = true;
    if (!isPlainStringBody(value)) return false;
    const needle = `"${key}":"${value}"`;
    const at = raw.indexOf(needle);
    if (at < 0 || raw.indexOf(needle, at + 1) >= 0) return false;
    const bodyStart = at + key.length + 4;
    const prefix = raw.slice(0, bodyStart);
    const suffix = raw.slice(bodyStart + value.length);
    try {
      if (readSlot(JSON.parse(prefix + PROBE + suffix)) !== PROBE) return false;
    } catch {
      return false;
    }
    this.prefix = flat(prefix);
    this.suffix = flat(suffix);
    this.matched = false;
    return true;
  }

  /** The slot's value when `raw` is the template with another plain string in the slot. */
  match(raw: string): string | undefined {
    const prefix = this.prefix;
    const suffix = this.suffix;
    if (prefix === '') return undefined;
    const bodyEnd = raw.length - suffix.length;
    // Slices compared with ===, not startsWith/endsWith: V8 compares two strings' memory
    // at once, while startsWith goes character by character (slower: docs/design.md, "Measurements").
    if (bodyEnd < prefix.length || raw.slice(0, prefix.length) !== prefix || raw.slice(bodyEnd) !== suffix) return undefined;
    const body = raw.slice(prefix.length, bodyEnd);
    if (!isPlainStringBody(body)) return undefined;
    this.matched = true;
    this.unmatched = 0;
    return body;
  }

  forget(): void {
    this.prefix = '';
    this.suffix = '';
  }
}

/** A plain string body no real token is: what learn() puts in the slot to see where it lands. */
const PROBE = '\u2063slot-probe\u2063';

/** True when `s` is its own JSON string literal body: no quote, backslash or control character. */
function isPlainStringBody(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c) return false;
  }
  return true;
}

/**
 * A copy of `s` in its own memory: a slice of the parser's chunk is a view that would keep
 * the whole 16 KB chunk alive for as long as the template lives.
 */
function flat(s: string): string {
  return JSON.parse(JSON.stringify(s)) as string;
}
