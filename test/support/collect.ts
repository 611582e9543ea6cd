// Helpers to run a connection in a test and wait for what it reports.
import { Inspector, type InspectorOptions } from '../../src/core/inspector';
import type { SseRecord } from '../../src/core/base/records';

export interface Run {
  inspector: Inspector;
  records: SseRecord[];
  /** Resolves once `pred` holds for the records so far (checked on every record and state change). */
  until(pred: (records: SseRecord[]) => boolean, timeoutMs?: number, what?: string): Promise<void>;
  /** Resolves when the connection reaches one of the given states. */
  untilState(states: string[], timeoutMs?: number): Promise<void>;
  events(): Array<Extract<SseRecord, { kind: 'event' }>>;
  ofKind<K extends SseRecord['kind']>(kind: K): Array<Extract<SseRecord, { kind: K }>>;
  dispose(): Promise<void>;
}

export function run(options: InspectorOptions): Run {
  const inspector = new Inspector(options);
  const records: SseRecord[] = [];
  const waiters = new Set<() => void>();
  inspector.connection.onRecord((r) => {
    records.push(r);
    for (const w of [...waiters]) w();
  });
  inspector.connection.onState(() => {
    for (const w of [...waiters]) w();
  });
  const wait = (check: () => boolean, timeoutMs: number, what: string) =>
    new Promise<void>((resolve, reject) => {
      if (check()) return resolve();
      const timer = setTimeout(() => {
        waiters.delete(waiter);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; state=${inspector.connection.state}; records:\n${records.map((r) => JSON.stringify(r).slice(0, 300)).join('\n')}`));
      }, timeoutMs);
      const waiter = () => {
        if (check()) {
          clearTimeout(timer);
          waiters.delete(waiter);
          resolve();
        }
      };
      waiters.add(waiter);
    });
  inspector.start();
  return {
    inspector,
    records,
    until: (pred, timeoutMs = 5000, what = 'a condition') => wait(() => pred(records), timeoutMs, what),
    untilState: (states, timeoutMs = 5000) => wait(() => states.includes(inspector.connection.state), timeoutMs, `state ${states.join('|')}`),
    events: () => records.filter((r): r is Extract<SseRecord, { kind: 'event' }> => r.kind === 'event'),
    ofKind: <K extends SseRecord['kind']>(kind: K) => records.filter((r): r is Extract<SseRecord, { kind: K }> => r.kind === kind),
    dispose: () => inspector.dispose(),
  };
}

/** Splits a byte string into chunks at the given boundaries, or every `n` bytes. */
export function splitEvery(bytes: Buffer, n: number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += n) out.push(bytes.subarray(i, i + n));
  return out;
}
