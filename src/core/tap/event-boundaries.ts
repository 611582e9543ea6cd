// Finds where one event ends in the raw bytes a proxy forwards, without decoding them:
// an event (or a comment block) ends at a blank line, and a line ends at CRLF, LF or CR.
// Only the bytes 0x0A and 0x0D matter, and they never occur inside a multi-byte UTF-8
// character, so this works on any chunking. With no fault active the proxy only keeps
// the last bytes it forwarded (`BoundaryTail`), which is enough to know where it stands.

const LF = 0x0a;
const CR = 0x0d;

/** One block of a stream: bytes up to and including the blank line that ends an event, or an unfinished rest. */
export interface Segment {
  bytes: Buffer;
  /** Ends at a blank line (a whole event or comment block); false: the bytes so far of an unfinished one. */
  complete: boolean;
}

/** Where a byte stream stands after the bytes seen so far. */
export class BoundaryTail {
  /** At the start of a line. */
  private atLineStart = true;
  /** The last byte was a CR (an LF next belongs to it). */
  private afterCr = false;
  /** No byte since the last blank line (or the stream's start): a new event may begin here. */
  private atBoundary = true;

  /** Whether the bytes so far end exactly at an event boundary. */
  get boundary(): boolean {
    return this.atBoundary;
  }

  /** Whether the bytes so far end at the start of a line (a comment line may be written here). */
  get lineStart(): boolean {
    return this.atLineStart;
  }

  /** Takes bytes in order; returns the offsets just past each blank line among them. */
  feed(bytes: Uint8Array): number[] {
    const ends: number[] = [];
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i]!;
      if (b === LF) {
        if (this.afterCr) {
          // The LF of a CRLF: the line ended at the CR. A boundary found at that CR moves past this LF.
          this.afterCr = false;
          if (ends.length > 0 && ends[ends.length - 1] === i) ends[ends.length - 1] = i + 1;
          continue;
        }
        this.lineEnd(i + 1, ends);
      } else if (b === CR) {
        this.lineEnd(i + 1, ends);
        this.afterCr = true;
      } else {
        this.afterCr = false;
        this.atLineStart = false;
        this.atBoundary = false;
      }
    }
    return ends;
  }

  private lineEnd(offset: number, ends: number[]): void {
    if (this.atLineStart && !this.atBoundary) {
      ends.push(offset);
      this.atBoundary = true;
    }
    this.atLineStart = true;
  }
}

/** Cuts bytes into segments at event boundaries, carrying an unfinished event over to the next call. */
export class EventSegmenter {
  readonly tail = new BoundaryTail();

  /** The segments in `bytes`: whole blocks, and last the start of an unfinished one if any. */
  split(bytes: Buffer): Segment[] {
    const ends = this.tail.feed(bytes);
    const out: Segment[] = [];
    let start = 0;
    for (const end of ends) {
      out.push({ bytes: bytes.subarray(start, end), complete: true });
      start = end;
    }
    if (start < bytes.length) out.push({ bytes: bytes.subarray(start), complete: false });
    return out;
  }
}

/** The event type of a whole block ('message' when unnamed), or undefined for a block with no data (comments, retry, id only). */
export function blockEventType(block: Buffer): string | undefined {
  const text = block.toString('utf8').replace(/^\uFEFF/, '');
  let type = '';
  let hasData = false;
  for (const line of text.split(/\r\n|\r|\n/)) {
    const colon = line.indexOf(':');
    const name = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (name === 'data') hasData = true;
    else if (name === 'event') type = value;
  }
  return hasData ? type || 'message' : undefined;
}

/** The offset inside the first multi-byte UTF-8 character of `bytes` (after its lead byte), or -1 when there is none. */
export function insideMultiByteChar(bytes: Buffer): number {
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    // A lead byte of a 2-, 3- or 4-byte sequence followed by its continuation byte.
    if (b >= 0xc2 && b <= 0xf4 && i + 1 < bytes.length && (bytes[i + 1]! & 0xc0) === 0x80) return i + 1;
  }
  return -1;
}
