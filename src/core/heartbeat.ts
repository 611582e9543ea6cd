// Watches the beats of a stream: heartbeat events, or `:` comments when a server only
// sends those as keep-alives. Pure: fed records, asked for its state at a given time.
// Acting on silence (the idle timeout) is the connection's job; this only measures.
import type { SseRecord } from './base/records';
import type { GapStats, HeartbeatState } from './snapshot';

export interface HeartbeatOptions {
  /** Event names that count as beats. */
  heartbeatEvents: string[];
  /** The cadence the user expects; inferred from the beats when absent. */
  expectedIntervalMs?: number;
  idleTimeoutMs: number;
}

/** How many recent gaps feed the statistics and the chart. */
const GAP_WINDOW = 1000;
const CHART_GAPS = 60;

/** The inferred cadence is a median over the window: recomputed every this many beats, not on each. */
const INFER_EVERY = 1024;

/**
 * The beats of one kind (events or comments) and the gaps between the latest of them, in a
 * fixed ring: a flood of heartbeats costs a store per beat, not an array shift.
 */
class BeatSeries {
  count = 0;
  lastMono: number | undefined;
  lastWall: number | undefined;
  private readonly ring = new Float64Array(GAP_WINDOW);
  private head = 0;
  private length = 0;
  /** Beats missed across gaps that scrolled out of the window, so the total stays exact. */
  missedBeforeWindow = 0;
  private inferred: { value: number | undefined; atCount: number } | undefined;

  /** The gaps in the window, oldest first. */
  gaps(): number[] {
    const out = new Array<number>(this.length);
    for (let i = 0; i < this.length; i++) out[i] = this.ring[(this.head + i) % GAP_WINDOW]!;
    return out;
  }

  /**
   * The median gap, once there are enough beats to trust it. Cached: sorting the whole
   * window on every beat made a flood of heartbeats quadratic-ish (5k beats/s at most).
   * Early on (a short window) it is cheap and changes fast, so it is recomputed every beat.
   */
  inferredInterval(): number | undefined {
    if (!this.inferred || this.length < 64 || this.count - this.inferred.atCount >= INFER_EVERY) {
      this.inferred = { value: this.medianGap(), atCount: this.count };
    }
    return this.inferred.value;
  }

  /** inferInterval(this.gaps()), without making the array or sorting it (a flood of beats asks often). */
  private medianGap(): number | undefined {
    if (this.length < 2) return undefined;
    const scratch = medianScratch.subarray(0, this.length);
    const first = this.ring.subarray(this.head, Math.min(GAP_WINDOW, this.head + this.length));
    scratch.set(first);
    scratch.set(this.ring.subarray(0, this.length - first.length), first.length);
    return Math.round(kthSmallest(scratch, percentileIndex(this.length, 0.5)));
  }

  observe(mono: number, wall: number, configured: number | undefined): void {
    if (this.lastMono !== undefined) {
      const gap = mono - this.lastMono;
      if (this.length === GAP_WINDOW) {
        // The oldest gap leaves the window: keep its missed beats in the running total.
        const e = configured ?? this.inferredInterval();
        if (e) this.missedBeforeWindow += missedIn(this.ring[this.head]!, e);
        this.ring[this.head] = gap;
        this.head = (this.head + 1) % GAP_WINDOW;
      } else {
        this.ring[(this.head + this.length) % GAP_WINDOW] = gap;
        this.length++;
      }
    }
    this.count++;
    this.lastMono = mono;
    this.lastWall = wall;
  }
}

function missedIn(gap: number, expected: number): number {
  // A gap of about two intervals means one beat did not come; tolerate half an interval of jitter.
  return Math.max(0, Math.round(gap / expected) - 1);
}

export class HeartbeatMonitor {
  private readonly eventBeats = new BeatSeries();
  private readonly commentBeats = new BeatSeries();
  private dataEvents = 0;
  private lastActivityAt: number | undefined;

  constructor(private readonly options: HeartbeatOptions) {}

  observe(record: SseRecord): void {
    switch (record.kind) {
      case 'event':
        this.lastActivityAt = record.t;
        if (record.cls === 'heartbeat') this.eventBeats.observe(record.mono, record.t, this.options.expectedIntervalMs);
        else this.dataEvents++;
        break;
      case 'comment':
        this.lastActivityAt = record.t;
        this.commentBeats.observe(record.mono, record.t, this.options.expectedIntervalMs);
        break;
      case 'retry':
      case 'open':
        this.lastActivityAt = record.t;
        break;
      default:
        break;
    }
  }

  state(): HeartbeatState {
    const useEvents = this.eventBeats.count > 0 || this.commentBeats.count === 0;
    const series = useEvents ? this.eventBeats : this.commentBeats;
    const gaps = series.gaps();
    // One sort for the median and the statistics: a panel asks on every message it is sent.
    const sorted = sortedCopy(gaps);
    const inferred = gaps.length < 2 ? undefined : Math.round(percentile(sorted, 0.5));
    const expected = this.options.expectedIntervalMs ?? inferred;
    const missed = expected ? series.missedBeforeWindow + gaps.reduce((sum, g) => sum + missedIn(g, expected), 0) : 0;
    const state: HeartbeatState = {
      expectedSource: this.options.expectedIntervalMs !== undefined ? 'configured' : inferred !== undefined ? 'inferred' : 'unknown',
      idleTimeoutMs: this.options.idleTimeoutMs,
      beatSource: this.eventBeats.count > 0 ? 'event' : this.commentBeats.count > 0 ? 'comment' : 'none',
      heartbeatEvents: [...this.options.heartbeatEvents],
      beats: series.count,
      missed,
      gaps: gapStatsOfSorted(sorted),
      recentGaps: gaps.slice(-CHART_GAPS),
      commentsOnly: this.eventBeats.count === 0 && this.commentBeats.count > 0 && this.dataEvents === 0,
    };
    if (expected !== undefined) state.expectedIntervalMs = expected;
    if (series.lastWall !== undefined) state.lastBeatAt = series.lastWall;
    if (this.lastActivityAt !== undefined) state.lastActivityAt = this.lastActivityAt;
    return state;
  }
}

/** The position of the p-th percentile in `length` sorted values (the lower one for a median). */
function percentileIndex(length: number, p: number): number {
  return Math.min(length - 1, Math.max(0, Math.ceil(p * length) - 1));
}

const medianScratch = new Float64Array(GAP_WINDOW);

/** The k-th smallest of `values` (0-based), found by quickselect; reorders `values`. */
export function kthSmallest(values: Float64Array, k: number): number {
  let lo = 0;
  let hi = values.length - 1;
  while (lo < hi) {
    const pivot = values[(lo + hi) >>> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i]! < pivot) i++;
      while (values[j]! > pivot) j--;
      if (i <= j) {
        const t = values[i]!;
        values[i++] = values[j]!;
        values[j--] = t;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return values[k]!;
}

/** A typed array sorts numerically in native code: several times faster than a comparator. */
function sortedCopy(values: number[]): Float64Array {
  return Float64Array.from(values).sort();
}

function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[percentileIndex(sorted.length, p)]!;
}

function gapStatsOfSorted(sorted: Float64Array): GapStats {
  if (sorted.length === 0) return { count: 0, minMs: 0, meanMs: 0, p50Ms: 0, p95Ms: 0, maxMs: 0 };
  const sum = sorted.reduce((a, b) => a + b, 0);
  return {
    count: sorted.length,
    minMs: Math.round(sorted[0]!),
    meanMs: Math.round(sum / sorted.length),
    p50Ms: Math.round(percentile(sorted, 0.5)),
    p95Ms: Math.round(percentile(sorted, 0.95)),
    maxMs: Math.round(sorted[sorted.length - 1]!),
  };
}
