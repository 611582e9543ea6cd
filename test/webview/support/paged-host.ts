// The host's side of a paged snapshot, for the webview tests: a real core Session and the
// host's real pager (src/panel/snapshot-pages.ts), producing the messages a panel gets
// (snapshot, backfill pages, deltas) one at a time, so a test decides what happens between
// them (new records, evictions).
import { ManualClock } from '../../../src/core/base/clock';
import type { SseRecord } from '../../../src/core/base/records';
import { Session } from '../../../src/core/session';
import { pagedSnapshot, type OlderPages, type PagingOptions } from '../../../src/panel/snapshot-pages';
import type { BackfillMessage, DeltaMessage, SnapshotMessage } from '../../../src/protocol';
import { BASE_TIME, RecordFactory } from './records';

export type { DeltaMessage };

export class PagedHost {
  readonly session: Session;
  readonly f: RecordFactory;
  private older: OlderPages | undefined;
  /** Newest seq the panel was sent (what the panel's DeltaBatcher tracks). */
  private sentSeq = 0;

  constructor(options: { maxRecords?: number; start?: number } = {}) {
    this.f = new RecordFactory(options.start ?? BASE_TIME);
    this.session = new Session({
      id: 'session-1',
      label: 'Paged',
      policy: 'linear',
      heartbeat: { heartbeatEvents: ['heartbeat'], idleTimeoutMs: 0 },
      clock: new ManualClock(options.start ?? BASE_TIME),
      maxRecords: options.maxRecords ?? 1_000_000,
    });
  }

  /** Records a millisecond apart; by default events `ev-<seq>` of type message. */
  add(count: number, make: (f: RecordFactory, i: number) => SseRecord = (f) => f.event('message', `{"n":${f.t}}`, { id: `ev-${this.session.lastSeq + 1}` })): void {
    for (let i = 0; i < count; i++) this.session.add(make(this.f.wait(1), i));
  }

  /** What the panel gets in answer to `ready`: the newest page and the state (the pages follow). */
  snapshot(options: PagingOptions = {}): SnapshotMessage {
    const paged = pagedSnapshot(this.session, { firstPage: 2000, pageSize: 5000, ...options });
    this.older = paged.older;
    this.sentSeq = paged.message.snapshot.records.at(-1)?.seq ?? 0;
    return paged.message;
  }

  /** The next backfill page, taken from the session now; undefined once all were sent. */
  page(): BackfillMessage | undefined {
    return this.older?.next();
  }

  /** Everything still to backfill, page by page. */
  pages(): BackfillMessage[] {
    const out: BackfillMessage[] = [];
    for (let m = this.page(); m; m = this.page()) out.push(m);
    return out;
  }

  /** Older records the pager will still send. */
  get remaining(): number {
    return this.older?.remaining ?? 0;
  }

  /** What came since the last message, as a delta (unbatched: all of it). */
  delta(): DeltaMessage {
    const delta = this.session.page({ afterSeq: this.sentSeq });
    this.sentSeq = delta.append.records.at(-1)?.seq ?? this.sentSeq;
    return { type: 'delta', delta };
  }
}
