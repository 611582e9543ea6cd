// When the debugged program was paused, from the debug markers the host records: a span
// opens at a `debug-pause` marker and closes at the next `debug-continue`, `debug-stop` or
// `debug-start`. Events inside a span arrived while the program could not read them, which
// is why the timeline tints them (a debugger stop often explains a "late" event).
import type { MarkerKind, SseRecord } from '../src/protocol';

/** Spans kept; older ones are forgotten (their records are long evicted by then). */
const MAX_SPANS = 1000;
/** Markers kept to derive the spans again when older records arrive (a pause and its end each). */
const MAX_MARKERS = 2 * MAX_SPANS;

interface SpanMarker {
  seq: number;
  marker: Exclude<MarkerKind, 'note' | 'fault'>;
}

interface Span {
  /** seq of the debug-pause marker. */
  from: number;
  /** seq of the marker that ended it; Infinity while the program is still paused. */
  to: number;
}

export class DebugSpans {
  private spans: Span[] = [];
  /**
   * The markers that open or end spans, in seq order: a pause in older records that arrive
   * later (a snapshot's backfill) may be ended by a marker seen long before it.
   */
  private markers: SpanMarker[] = [];

  /** Feed every record in seq order. */
  observe(r: SseRecord): void {
    if (r.kind !== 'marker' || r.marker === 'note' || r.marker === 'fault') return;
    const m: SpanMarker = { seq: r.seq, marker: r.marker };
    this.markers.push(m);
    if (this.markers.length > MAX_MARKERS) this.markers.shift();
    this.apply(m);
  }

  /** Records older than every one observed so far (oldest first): the spans are derived again. */
  observeOlder(records: readonly SseRecord[]): void {
    const older: SpanMarker[] = [];
    for (const r of records) if (r.kind === 'marker' && r.marker !== 'note' && r.marker !== 'fault') older.push({ seq: r.seq, marker: r.marker });
    if (older.length === 0) return;
    const all = older.concat(this.markers);
    this.markers = all.length > MAX_MARKERS ? all.slice(all.length - MAX_MARKERS) : all;
    this.spans = [];
    for (const m of this.markers) this.apply(m);
  }

  private apply(m: SpanMarker): void {
    const open = this.spans[this.spans.length - 1];
    const isOpen = open !== undefined && open.to === Number.POSITIVE_INFINITY;
    if (m.marker === 'debug-pause') {
      if (isOpen) return;
      this.spans.push({ from: m.seq, to: Number.POSITIVE_INFINITY });
      if (this.spans.length > MAX_SPANS) this.spans.shift();
    } else if (isOpen) {
      open.to = m.seq;
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
    this.markers = [];
  }
}
