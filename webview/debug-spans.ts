// When the debugged program was paused, from the debug markers the host records: a span
// opens at a `debug-pause` marker and closes at the next `debug-continue`, `debug-stop` or
// `debug-start`. Events inside a span arrived while the program could not read them, which
// is why the timeline tints them (a debugger stop often explains a "late" event).
import type { SseRecord } from '../src/core/records';

/** Spans kept; older ones are forgotten (their records are long evicted by then). */
const MAX_SPANS = 1000;

interface Span {
  /** seq of the debug-pause marker. */
  from: number;
  /** seq of the marker that ended it; Infinity while the program is still paused. */
  to: number;
}

export class DebugSpans {
  private spans: Span[] = [];

  /** Feed every record in seq order. */
  observe(r: SseRecord): void {
    if (r.kind !== 'marker') return;
    const open = this.spans[this.spans.length - 1];
    const isOpen = open !== undefined && open.to === Number.POSITIVE_INFINITY;
    if (r.marker === 'debug-pause') {
      if (isOpen) return;
      this.spans.push({ from: r.seq, to: Number.POSITIVE_INFINITY });
      if (this.spans.length > MAX_SPANS) this.spans.shift();
    } else if (isOpen && r.marker !== 'note') {
      open.to = r.seq;
    }
  }

  /** True when the record with this seq came between a pause and the marker that ended it. */
  contains(seq: number): boolean {
    // The last span that opened before seq (spans are sorted and do not overlap).
    let lo = 0;
    let hi = this.spans.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.spans[mid]!.from < seq) lo = mid + 1;
      else hi = mid;
    }
    const span = this.spans[lo - 1];
    return span !== undefined && seq < span.to;
  }

  clear(): void {
    this.spans = [];
  }
}
