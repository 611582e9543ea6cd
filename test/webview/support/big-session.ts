// A 100 000-event session: as one snapshot built inside the page (sending that many records
// from Node through the DevTools protocol takes seconds, a 20 MB string; building them in
// the page takes milliseconds), or as the messages the host really sends for it (a core
// Session paged by the host's own pager). The record builder is typed against the core's
// records like the factories, and must stay self-contained: the page runs its source text.
import { ManualClock } from '../../../src/core/base/clock';
import { Session } from '../../../src/core/session';
import type { EventRecord } from '../../../src/core/base/records';
import type { SessionSnapshot } from '../../../src/core/snapshot';
import { pagedSnapshot, type PagingOptions } from '../../../src/panel/snapshot-pages';
import type { HostToWebview } from '../../../src/protocol';
import type { PanelPage } from './panel';

export interface BigSessionSpec {
  count: number;
  /** Wall-clock time of the first event. */
  start: number;
  protocolVersion: number;
}

/**
 * The events of a big session: ids `ev-1`..`ev-N`, every 10th a `heartbeat`, the rest
 * `message`; every 1000th carries "needle" in its data. Refers to nothing outside itself.
 */
export function bigSessionRecords(count: number, start: number): EventRecord[] {
  const records: EventRecord[] = [];
  for (let i = 1; i <= count; i++) {
    const data = i % 1000 === 0 ? `{"n":${i},"note":"needle ${i}"}` : `{"n":${i},"text":"event number ${i}"}`;
    const heartbeat = i % 10 === 0;
    records.push({
      kind: 'event',
      seq: i,
      t: start + 3 * i,
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
  return records;
}

/** The messages the host sends a fresh panel for a session of bigSessionRecords(): the snapshot, then the backfill pages. */
export function pagedBigSession(spec: Omit<BigSessionSpec, 'protocolVersion'>, paging: PagingOptions = {}): HostToWebview[] {
  const session = new Session({
    id: 'session-1',
    label: 'Flood',
    policy: 'linear',
    heartbeat: { heartbeatEvents: ['heartbeat'], idleTimeoutMs: 0 },
    maxRecords: Math.max(1, spec.count),
    // The snapshot is taken a second after the last event, as the in-page snapshot says.
    clock: new ManualClock(spec.start + 3 * spec.count + 1000),
  });
  for (const r of bigSessionRecords(spec.count, spec.start)) session.add(r);
  const paged = pagedSnapshot(session, paging);
  const messages: HostToWebview[] = [paged.message];
  for (let page = paged.older.next(); page; page = paged.older.next()) messages.push(page);
  return messages;
}

/** Posts a snapshot of bigSessionRecords(count) as one message, built in the page. */
export async function postBigSnapshot(panel: PanelPage, spec: BigSessionSpec): Promise<void> {
  await panel.page.evaluate(`window.__bigSessionRecords = ${bigSessionRecords.toString()}`);
  await panel.page.evaluate(
    (s) =>
      new Promise<void>((resolve) => {
        const build = (window as unknown as { __bigSessionRecords: (count: number, start: number) => EventRecord[] }).__bigSessionRecords;
        const records = build(s.count, s.start);
        let bytes = 0;
        for (const r of records) bytes += r.data.length;
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
        window.addEventListener('message', () => requestAnimationFrame(() => requestAnimationFrame(() => resolve())), { once: true });
        window.postMessage(message, '*');
      }),
    spec,
  );
}
