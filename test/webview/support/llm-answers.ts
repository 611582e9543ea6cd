// A session whose answers come from the real assembler: the realistic LLM streams of
// test/support/llm-streams.ts parsed into records and folded by MessageAssembler, so the
// webview shows exactly what the core produces for them.
import { MessageAssembler } from '../../../src/core/assemble';
import type { SessionSnapshot } from '../../../src/core/snapshot';
import type { SseRecord } from '../../../src/core/base/records';
import { RecordFactory, snapshotOf } from './records';

export function llmAnswersSession(streams: string[][], label = 'LLM answers'): SessionSnapshot {
  const f = new RecordFactory(undefined, { method: 'POST', url: 'https://api.example.com/v1/chat/completions', headers: [['Accept', 'text/event-stream']], bodyBytes: 212, authKind: 'bearer' });
  const records: SseRecord[] = [f.open()];
  const assembler = new MessageAssembler();
  for (const frames of streams) {
    for (const frame of frames) {
      const type = /^event: (.*)$/m.exec(frame)?.[1] ?? 'message';
      const data = /^data: (.*)$/m.exec(frame)![1]!;
      const r = f.wait(20).event(type, data);
      records.push(r);
      assembler.observe(r);
    }
    f.wait(500);
  }
  return snapshotOf(records, { label, messages: assembler.list(), at: f.t + 1_000 });
}
