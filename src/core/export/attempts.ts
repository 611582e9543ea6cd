// Splits a record history into its fetch attempts, and writes an attempt's stream back
// as the event-stream text the server sent (as far as the records tell it).
import type { CloseRecord, ErrorRecord, OpenRecord, SseRecord } from '../base/records';

export interface Attempt {
  attempt: number;
  open?: OpenRecord;
  /** The error that refused or ended the attempt, if any. */
  error?: ErrorRecord;
  close?: CloseRecord;
  /** Events, comments and retry changes, in order. */
  stream: SseRecord[];
  firstT: number;
  lastT: number;
}

export function splitAttempts(records: readonly SseRecord[]): Attempt[] {
  const byAttempt = new Map<number, Attempt>();
  for (const r of records) {
    if (r.kind === 'reconnect' || r.kind === 'marker') continue;
    let a = byAttempt.get(r.attempt);
    if (!a) {
      a = { attempt: r.attempt, stream: [], firstT: r.t, lastT: r.t };
      byAttempt.set(r.attempt, a);
    }
    a.lastT = r.t;
    if (r.kind === 'open') a.open = r;
    else if (r.kind === 'close') a.close = r;
    else if (r.kind === 'error') {
      if (r.status !== undefined || r.fatal) a.error = r;
    } else a.stream.push(r);
  }
  return [...byAttempt.values()].sort((x, y) => x.attempt - y.attempt);
}

/** One record as event-stream text; records that were not on the wire give ''. */
export function toWire(r: SseRecord): string {
  switch (r.kind) {
    case 'event': {
      let out = '';
      if (r.type !== 'message') out += `event: ${r.type}\n`;
      if (r.id !== undefined) out += `id: ${r.id}\n`;
      for (const line of r.data.split('\n')) out += `data: ${line}\n`;
      return out + '\n';
    }
    case 'comment':
      return `:${r.text.startsWith(' ') ? '' : ' '}${r.text}\n\n`;
    case 'retry':
      return `retry: ${r.ms}\n\n`;
    default:
      return '';
  }
}
