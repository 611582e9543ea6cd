// The last few beats found in the held records (heartbeat events, or `:` comments on a
// stream that only sends those), newest first, with the gap before each.
import type { HeartbeatState, SseRecord } from '../src/protocol';
import type { RecordStore } from './record-store';

/** How far back to look: beats are rare among events in a busy stream, but the scan must stay cheap. */
const SCAN_LIMIT = 20_000;

export interface Beat {
  record: SseRecord;
  /** ms since the previous beat, when that one is still held. */
  gapMs?: number;
}

export function recentBeats(store: RecordStore, hb: HeartbeatState, max: number): Beat[] {
  const isBeat = hb.beatSource === 'comment' ? (r: SseRecord) => r.kind === 'comment' : (r: SseRecord) => r.kind === 'event' && r.cls === 'heartbeat';
  const found: SseRecord[] = [];
  const stop = Math.max(store.start, store.end - SCAN_LIMIT);
  for (let pos = store.end - 1; pos >= stop && found.length <= max; pos--) {
    const r = store.at(pos);
    if (r && isBeat(r)) found.push(r);
  }
  return found.slice(0, max).map((record, i) => {
    const previous = found[i + 1];
    // mono is monotonic for the whole connection (across attempts), so it measures real gaps.
    return previous ? { record, gapMs: record.mono - previous.mono } : { record };
  });
}
