// Round ticks for the heartbeat chart's value axis. The old axis labelled 0, top/2 and top
// (0 / 1.8 s / 3.5 s for 2 s beats): numbers nobody compares against. Ticks now step by
// 1, 2, 2.5 or 5 × 10^k, the step chosen so the expected interval is one of them, and the axis
// ends on a tick.

export interface AxisTicks {
  /** Tick values in ms, ascending, from 0; the last one is the axis' top. */
  ticks: number[];
  top: number;
}

const MAX_TICKS = 6;

function steps(): number[] {
  const out: number[] = [];
  for (let exp = 0; exp <= 7; exp++) for (const m of [1, 2, 2.5, 5]) out.push(m * 10 ** exp);
  return out;
}
const STEPS = steps();

/** Ticks covering `maxMs` (> 0) that include `expectedMs` when given. */
export function axisTicks(maxMs: number, expectedMs?: number): AxisTicks {
  const max = Math.max(maxMs, 1);
  const fits = STEPS.filter((s) => Math.ceil(max / s) + 1 <= MAX_TICKS);
  const divides = (s: number): boolean => expectedMs === undefined || expectedMs <= 0 || Math.abs(expectedMs / s - Math.round(expectedMs / s)) < 1e-9;
  const step = fits.find(divides) ?? fits[0] ?? STEPS[STEPS.length - 1]!;
  const count = Math.max(1, Math.ceil(max / step - 1e-9));
  const ticks = Array.from({ length: count + 1 }, (_, i) => i * step);
  // An interval no round step divides (1 234 ms) still gets its own tick.
  const top = ticks[ticks.length - 1]!;
  if (expectedMs !== undefined && expectedMs > 0 && expectedMs <= top && !ticks.includes(expectedMs)) {
    // …and round ticks too close to it to be read apart make way (never 0 or the top).
    const kept = ticks.filter((t, i) => i === 0 || t === top || Math.abs(t - expectedMs) > top * 0.12);
    kept.push(expectedMs);
    kept.sort((a, b) => a - b);
    return { ticks: kept, top };
  }
  return { ticks, top };
}

/** A tick's label, short enough for the axis gutter: "500 ms", "2.5 s", "75 s", "12 min". */
export function tickLabel(ms: number): string {
  if (ms === 0) return '0';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 600_000) return `${Number((ms / 1000).toFixed(1))} s`;
  return `${Number((ms / 60_000).toFixed(1))} min`;
}
