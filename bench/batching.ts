// Host-to-webview cost: how many records per second the batching layer can turn into
// serialised delta messages, from a session already holding them.
import { Session } from '../src/core/session';
import type { SseRecord } from '../src/core/base/records';
import { DeltaBatcher } from '../src/panel/batcher';
import { median } from './measure';

export interface BatchingResult {
  records: number;
  recordsPerSec: number;
  messages: number;
  mbSerialised: number;
}

/** An LLM token delta as the session holds it (also what the webview flood replays). */
export function tokenEvent(seq: number): SseRecord {
  const data = JSON.stringify({ id: 'chatcmpl-8x1', object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content: ` tok${seq}` } }] });
  return { kind: 'event', seq, t: 1_700_000_000_000 + seq, mono: seq, attempt: 1, type: 'message', data, lastEventId: '', size: data.length, cls: 'data' };
}

async function once(records: number): Promise<{ seconds: number; messages: number; bytes: number }> {
  const session = new Session({ id: 'bench', label: 'bench', policy: 'none', heartbeat: { heartbeatEvents: ['heartbeat'], idleTimeoutMs: 0 }, maxRecords: records, maxBytes: 1024 * 1024 * 1024 });
  for (let seq = 1; seq <= records; seq++) session.add(tokenEvent(seq));
  if (session.size !== records) throw new Error(`the session holds ${session.size} of ${records} records: the measurement would never finish`);
  let bytes = 0;
  let delivered = 0;
  let finish: () => void = () => undefined;
  const done = new Promise<void>((r) => (finish = r));
  const batcher = new DeltaBatcher({
    source: session,
    intervalMs: 0,
    post: (m) => {
      bytes += JSON.stringify(m).length;
      if (m.type === 'delta') delivered += m.delta.append.records.length;
      if (delivered >= records) finish();
      return Promise.resolve();
    },
  });
  const t0 = performance.now();
  batcher.start(0);
  batcher.notify();
  await done;
  const seconds = (performance.now() - t0) / 1000;
  const messages = batcher.stats.messages;
  batcher.dispose();
  return { seconds, messages, bytes };
}

export async function measureBatching(records: number, runs: number): Promise<BatchingResult> {
  await once(records);
  const results = [];
  for (let i = 0; i < runs; i++) results.push(await once(records));
  const seconds = median(results.map((r) => r.seconds));
  return { records, recordsPerSec: records / seconds, messages: results[0]!.messages, mbSerialised: results[0]!.bytes / (1024 * 1024) };
}
