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

/** Runs `once` `runs` times (after one warm-up) and returns the median duration in seconds. */
export async function medianSeconds(runs: number, once: () => Promise<void> | void): Promise<number> {
  await once();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await once();
    times.push((performance.now() - t0) / 1000);
  }
  return median(times);
}

export function throughput(seconds: number, events: number, bytes: number): Throughput {
  return { seconds, eventsPerSec: events / seconds, mbPerSec: bytes / seconds / (1024 * 1024) };
}

export function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}
