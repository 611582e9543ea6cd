// What a panel has delivered to its webview, counted for the test API (and for diagnosing
// a blank panel): messages by type, records, the newest seq and any hole in the sequence.
// PURE: no vscode.
import type { RequestSummary, SseRecord } from '../core/base/records';
import type { ResponseSummary } from '../core/snapshot';
import type { HostToWebview, PanelContext, PausedMessage, ResumedMessage } from '../protocol';

/** What the `context` message says: live or recording, its breakpoints, its replay URL. */
export type { PanelContext } from '../protocol';

/** What the panel posted so far: for the test API, and for diagnosing a blank panel. */
export interface PanelTrace {
  /** `ready` messages received from the webview. */
  readies: number;
  snapshots: number;
  deltas: number;
  /** Pages of older records delivered after a snapshot. */
  backfills: number;
  notices: number;
  /** Records delivered in snapshots, deltas and backfill pages. */
  records: number;
  /** Delivered event records by event type. */
  eventTypes: Record<string, number>;
  /** Seq of the newest record delivered (0: none yet). A snapshot starts the count again. */
  lastSeq: number;
  /** Deltas whose first record did not follow the previous one: a hole in the webview's timeline. */
  gaps: number;
  /** `context` messages delivered, and the last one. */
  contexts: number;
  context: PanelContext | undefined;
  /** Every `paused` and `resumed` message delivered, in order. */
  pauses: Array<PausedMessage | ResumedMessage>;
  /** The types of the first messages delivered, in order (context before snapshot, ...). */
  firstTypes: Array<HostToWebview['type']>;
  /** The latest request and response delivered (what the header shows). */
  request?: RequestSummary;
  response?: ResponseSummary;
}

export function emptyTrace(): PanelTrace {
  return { readies: 0, snapshots: 0, deltas: 0, backfills: 0, notices: 0, records: 0, eventTypes: {}, lastSeq: 0, gaps: 0, contexts: 0, context: undefined, pauses: [], firstTypes: [] };
}

/** Counts one message the webview accepted. */
export function countDelivered(t: PanelTrace, message: HostToWebview): void {
  if (t.firstTypes.length < 20) t.firstTypes.push(message.type);
  let records: SseRecord[] = [];
  switch (message.type) {
    case 'snapshot':
      t.snapshots++;
      records = message.snapshot.records;
      t.lastSeq = 0; // the webview starts over from the snapshot
      delete t.request;
      delete t.response;
      if (message.snapshot.request) t.request = message.snapshot.request;
      if (message.snapshot.response) t.response = message.snapshot.response;
      break;
    case 'delta':
      t.deltas++;
      records = message.delta.append.records;
      if (message.delta.changed.request) t.request = message.delta.changed.request;
      if (message.delta.changed.response) t.response = message.delta.changed.response;
      if (records.length > 0 && t.lastSeq > 0 && records[0]!.seq !== t.lastSeq + 1) t.gaps++;
      break;
    case 'backfill':
      // Older than everything delivered: the newest seq and the deltas' gap check stay as they are.
      t.backfills++;
      t.records += message.records.length;
      countTypes(t, message.records);
      return;
    case 'notice':
      t.notices++;
      break;
    case 'context': {
      t.contexts++;
      const { type: _type, ...context } = message;
      t.context = context;
      break;
    }
    case 'paused':
    case 'resumed':
      t.pauses.push(message);
      break;
  }
  t.records += records.length;
  const last = records[records.length - 1];
  if (last) t.lastSeq = last.seq;
  countTypes(t, records);
}

function countTypes(t: PanelTrace, records: readonly SseRecord[]): void {
  for (const r of records) if (r.kind === 'event') t.eventTypes[r.type] = (t.eventTypes[r.type] ?? 0) + 1;
}
