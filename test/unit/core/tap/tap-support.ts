// A proxy tap on a real router of real passive sources, for the tap tests: each tapped
// stream's records are kept to assert on (markers, events, closes).
import type { SseRecord } from '../../../../src/core/base/records';
import { PassiveSource } from '../../../../src/core/passive/passive-source';
import { TapRouter, type StreamKey } from '../../../../src/core/passive/tap-router';
import { TapProxy, type TapProxyOptions } from '../../../../src/core/tap/tap-proxy';

export interface TappedForTest {
  key: StreamKey;
  source: PassiveSource;
  records: SseRecord[];
}

export interface TapRig {
  proxy: TapProxy;
  streams: TappedForTest[];
  /** Waits until a stream exists (n-th, from 0). */
  stream(n?: number): Promise<TappedForTest>;
}

export function useTap(): (upstream: string, options?: Partial<TapProxyOptions>) => Promise<TapRig> {
  const proxies: TapProxy[] = [];
  afterEach(async () => {
    await Promise.all(proxies.splice(0).map((p) => p.stop()));
  });
  return async (upstream, options = {}) => {
    const streams: TappedForTest[] = [];
    const router = new TapRouter((key) => {
      const source = new PassiveSource();
      const records: SseRecord[] = [];
      source.onRecord((r) => records.push(r));
      streams.push({ key, source, records });
      return source;
    });
    const proxy = await TapProxy.start({ upstream, router, ...options });
    proxies.push(proxy);
    return {
      proxy,
      streams,
      stream: (n = 0) => waitFor(() => streams[n]),
    };
  };
}

export async function waitFor<T>(get: () => T | undefined | false, ms = 5000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = get();
    if (v) return v;
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 5));
  }
}
