// Small measuring helpers: medians of repeated runs, throughput figures.

export interface Throughput {
  seconds: number;
  eventsPerSec: number;
  mbPerSec: number;
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/**
 * Runs every contender once per round, `runs` rounds after `warmUp` rounds that are not
 * counted (the JIT takes a few rounds to settle: a bare client's first run was 7x slower than
 * its fourth), and returns each one's durations in seconds, round by round (index i of every
 * list is round i). A contender that returns a number has timed itself (in seconds); the
 * others are timed from call to return.
 */
export async function interleavedSeconds<K extends string>(contenders: Record<K, () => Promise<number | void> | number | void>, runs: number, warmUp = 3): Promise<Record<K, number[]>> {
  const names = Object.keys(contenders) as K[];
  const out = Object.fromEntries(names.map((k) => [k, [] as number[]])) as Record<K, number[]>;
  for (let round = -warmUp; round < runs; round++) {
    for (const k of names) {
      // Each starts on a clean heap: the previous one's garbage is not collected on its time.
      gc();
      const t0 = performance.now();
      const own = await contenders[k]();
      if (round >= 0) out[k].push(typeof own === 'number' ? own : (performance.now() - t0) / 1000);
    }
  }
  return out;
}

export function throughput(seconds: number, events: number, bytes: number): Throughput {
  return { seconds, eventsPerSec: events / seconds, mbPerSec: bytes / seconds / (1024 * 1024) };
}

export function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}
