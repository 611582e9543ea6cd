// The webview's side of a flood: the delta messages the host's batcher really sends for a
// 50k events/s stream (a core Session and the real DeltaBatcher on a manual clock), posted to
// the panel in headless Chromium at the times the batcher sent them. Measured in the page:
// how long each message kept the renderer busy (post to handled), and the share of the
// stream's time the renderer spent on them.
import { ManualClock, type TimerHandle } from '../src/core/base/clock';
import { Session } from '../src/core/session';
import { DeltaBatcher } from '../src/panel/batcher';
import { pagedSnapshot } from '../src/panel/snapshot-pages';
import type { HostToWebview } from '../src/protocol';
import { tokenEvent } from './batching';
import { launchBrowser, PanelPage } from '../test/webview/support/panel';
import { startPanelServer } from '../test/webview/support/server';

export interface WebviewFloodResult {
  rate: number;
  seconds: number;
  messages: number;
  records: number;
  /** Median and longest time one delta kept the page busy. */
  medianMessageMs: number;
  longestMessageMs: number;
  /** Renderer time spent on the deltas over the stream's duration. */
  busyShare: number;
  /** The replay's duration over the stream's: above 1, the panel fell behind the stream. */
  lagFactor: number;
}

/** The snapshot and the deltas (each with the ms into the stream it was sent at) for `seconds` of `rate` events/s. */
function floodMessages(rate: number, seconds: number): { snapshot: HostToWebview; deltas: Array<[number, HostToWebview]>; held: number } {
  const clock = new ManualClock(1_700_000_000_000);
  const session = new Session({ id: 'flood', label: 'Flood', policy: 'none', heartbeat: { heartbeatEvents: ['heartbeat'], idleTimeoutMs: 0 }, clock });
  const deltas: Array<[number, HostToWebview]> = [];
  const batcher = new DeltaBatcher({
    source: session,
    post: (m) => void deltas.push([clock.monotonic(), m]),
    timers: { setTimeout: (fn, ms) => clock.setTimeout(fn, ms), clearTimeout: (h) => clock.clearTimeout(h as TimerHandle) },
  });
  const snapshot = pagedSnapshot(session).message;
  batcher.start(0);
  const perMs = rate / 1000;
  let seq = 0;
  for (let ms = 0; ms < seconds * 1000; ms++) {
    for (let k = 0; k < perMs; k++) session.add(tokenEvent(++seq));
    batcher.notify();
    clock.advance(1);
  }
  clock.advance(1000);
  batcher.dispose();
  return { snapshot, deltas, held: session.size };
}

/**
 * In the page: posts each delta at its time, or once the previous one is handled if that is
 * later (the host sends the next page only when the previous post has settled), and returns
 * how long each kept the page busy and how long the whole replay took.
 */
function replay(json: string): Promise<{ busy: number[]; tookMs: number }> {
  const deltas = JSON.parse(json) as Array<[number, unknown]>;
  return new Promise((resolve) => {
    const busy: number[] = [];
    const t0 = performance.now();
    let next = 0;
    const nextTask = new MessageChannel();
    nextTask.port1.onmessage = () => postNext();
    const postNext = (): void => {
      if (next >= deltas.length) return resolve({ busy, tookMs: performance.now() - t0 });
      const [at, message] = deltas[next]!;
      const wait = at - (performance.now() - t0);
      if (wait > 0) return void setTimeout(postNext, wait);
      next++;
      const posted = performance.now();
      // Added after the app's listener, so it runs once the app handled the message.
      window.addEventListener(
        'message',
        () => {
          busy.push(performance.now() - posted);
          // A task of its own, so the page may draw in between; not setTimeout(0), which the
          // browser makes wait 4 ms once nested.
          nextTask.port2.postMessage(undefined);
        },
        { once: true },
      );
      window.postMessage(message, '*');
    };
    postNext();
  });
}

export async function measureWebviewFlood(rate: number, seconds: number): Promise<WebviewFloodResult> {
  const { snapshot, deltas, held: hostHeld } = floodMessages(rate, seconds);
  const server = await startPanelServer();
  const browser = await launchBrowser();
  try {
    const panel = await PanelPage.open(browser, server);
    await panel.post(snapshot);
    // One JSON string crosses the DevTools protocol far faster than Playwright's structured arguments.
    const { busy, tookMs } = await panel.page.evaluate(replay, JSON.stringify(deltas));
    await panel.settle();
    const records = deltas.reduce((n, [, m]) => n + (m.type === 'delta' ? m.delta.append.records.length : 0), 0);
    const held = await panel.counter();
    // The panel drops what the host's ring buffer evicted: both hold the same records.
    if (held !== `${hostHeld.toLocaleString('en-US')} records`) throw new Error(`the panel holds "${held}" after the flood, the host ${hostHeld} records`);
    const sorted = [...busy].sort((a, b) => a - b);
    return {
      rate,
      seconds,
      messages: deltas.length,
      records,
      medianMessageMs: sorted[sorted.length >> 1] ?? 0,
      longestMessageMs: sorted[sorted.length - 1] ?? 0,
      busyShare: busy.reduce((a, b) => a + b, 0) / (seconds * 1000),
      lagFactor: tookMs / (deltas[deltas.length - 1]![0] || 1),
    };
  } finally {
    await browser.close();
    await server.close();
  }
}
