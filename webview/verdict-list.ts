// The verdicts on a tapped program's client (src/core/tap/judge.ts), as the panel holds
// them: each reconnect's verdict found by the reconnect it judges, the stop and stall
// verdicts in order, and the latest summary (or, before the run ends, counts so far).
import type { SseRecord, VerdictLevel, VerdictRecord } from '../src/protocol';

/** More than a reconnection log shows (it keeps MAX_RECONNECTS reconnects). */
const MAX_VERDICTS = 2000;

export class VerdictList {
  /** Reconnect, stop and stall verdicts, oldest first. */
  items: VerdictRecord[] = [];
  summary: VerdictRecord | undefined;
  /** Changes whenever what is held changes (for the views' redraw keys). */
  version = 0;
  private byReconnect = new Map<number, VerdictRecord>();

  clear(): void {
    this.items = [];
    this.summary = undefined;
    this.byReconnect.clear();
    this.version++;
  }

  /** A record that came after everything held. */
  observe(r: SseRecord): void {
    if (r.kind !== 'verdict') return;
    if (r.scope === 'summary') this.summary = r;
    else this.items.push(r);
    if (r.reconnectSeq !== undefined) this.byReconnect.set(r.reconnectSeq, r);
    if (this.items.length > MAX_VERDICTS) this.items.splice(0, this.items.length - MAX_VERDICTS);
    this.version++;
  }

  /** Records older than everything held (a backfill page), oldest first. */
  observeOlder(records: readonly SseRecord[]): void {
    const older = records.filter((r): r is VerdictRecord => r.kind === 'verdict');
    if (older.length === 0) return;
    for (const v of older) {
      if (v.reconnectSeq !== undefined && !this.byReconnect.has(v.reconnectSeq)) this.byReconnect.set(v.reconnectSeq, v);
      if (v.scope === 'summary') this.summary ??= v;
    }
    this.items = older.filter((v) => v.scope !== 'summary').concat(this.items).slice(-MAX_VERDICTS);
    this.version++;
  }

  /** The verdict on the reconnect record with this seq. */
  forReconnect(seq: number): VerdictRecord | undefined {
    return this.byReconnect.get(seq);
  }

  /** Verdicts by level so far. */
  counts(): Record<VerdictLevel, number> {
    const c: Record<VerdictLevel, number> = { pass: 0, fail: 0, info: 0, unknown: 0 };
    for (const v of this.items) c[v.level]++;
    return c;
  }
}
