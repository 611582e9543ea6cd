// A 100 000-event snapshot built inside the page. Sending that many records from Node
// through the DevTools protocol takes seconds (a 20 MB string); building them in the page
// takes milliseconds. The builder is typed against the core's records like the factories,
// and must stay self-contained: page.evaluate ships its source text, not its closure.
import type { EventRecord } from '../../../src/core/records';
import type { SessionSnapshot } from '../../../src/core/snapshot';
import type { HostToWebview } from '../../../src/protocol';
import type { PanelPage } from './panel';

export interface BigSessionSpec {
  count: number;
  /** Wall-clock time of the first event. */
  start: number;
  protocolVersion: number;
}

/**
 * Posts a snapshot of `count` events: ids `ev-1`..`ev-N`, every 10th a `heartbeat`, the rest
 * `message`; every 1000th carries "needle" in its data. With `post: false` the message is only
 * built and left in `window.__bigSnapshot` (the benchmark times the post itself).
 */
export async function postBigSnapshot(panel: PanelPage, spec: BigSessionSpec & { post?: boolean }): Promise<void> {
  await panel.page.evaluate(
    (s) =>
      new Promise<void>((resolve) => {
        const records: EventRecord[] = [];
        let bytes = 0;
        for (let i = 1; i <= s.count; i++) {
          const data = i % 1000 === 0 ? `{"n":${i},"note":"needle ${i}"}` : `{"n":${i},"text":"event number ${i}"}`;
          const heartbeat = i % 10 === 0;
          bytes += data.length;
          records.push({
            kind: 'event',
            seq: i,
            t: s.start + 3 * i,
            mono: 3 * i,
            attempt: 1,
            type: heartbeat ? 'heartbeat' : 'message',
            data,
            id: `ev-${i}`,
            lastEventId: `ev-${i}`,
            size: data.length,
            cls: heartbeat ? 'heartbeat' : 'data',
          });
        }
        const heartbeats = Math.floor(s.count / 10);
        const snapshot: SessionSnapshot = {
          id: 'session-1',
          label: 'Flood',
          state: 'open',
          policy: 'linear',
          records,
          evicted: 0,
          reconnects: [],
          stats: {
            events: s.count,
            comments: 0,
            errors: 0,
            reconnects: 0,
            bytes,
            byType: { message: { count: s.count - heartbeats, bytes: 0 }, heartbeat: { count: heartbeats, bytes: 0 } },
            eventsPerSec: 0,
            bytesPerSec: 0,
          },
          heartbeat: {
            expectedSource: 'unknown',
            idleTimeoutMs: 0,
            beatSource: 'event',
            heartbeatEvents: ['heartbeat'],
            beats: heartbeats,
            missed: 0,
            gaps: { count: 0, minMs: 0, meanMs: 0, p50Ms: 0, p95Ms: 0, maxMs: 0 },
            recentGaps: [],
            commentsOnly: false,
          },
          lastEventId: `ev-${s.count}`,
          at: s.start + 3 * s.count + 1000,
        };
        const message: HostToWebview = { type: 'snapshot', version: s.protocolVersion, snapshot };
        if (s.post === false) {
          (window as unknown as { __bigSnapshot: HostToWebview }).__bigSnapshot = message;
          resolve();
          return;
        }
        window.addEventListener('message', () => requestAnimationFrame(() => requestAnimationFrame(() => resolve())), { once: true });
        window.postMessage(message, '*');
      }),
    spec,
  );
}
