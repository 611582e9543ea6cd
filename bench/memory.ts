// Resident memory while 1M events flow through the pipeline into a session with the
// default ring buffer: it must level off once the buffer is full.
import { startDemoServer } from '../demo/server';
import { Inspector } from '../src/core/inspector';
import { POLICY_PRESETS } from '../src/core/base/reconnect';
import { gc } from './measure';
import { ended, expectEvents } from './run-to-end';

export interface MemoryResult {
  events: number;
  /** [events so far, RSS MiB, JS heap used + array buffers MiB] samples. */
  samples: Array<[number, number, number]>;
  /** RSS after all events over RSS when the ring buffer had just filled (both after GC). */
  growthAfterFull: number;
  heldRecords: number;
  evicted: number;
}

const MiB = 1024 * 1024;

/** What the process holds for JS: the heap, plus the buffers outside it (the session keeps event text in buffers). */
function heldMiB(m: NodeJS.MemoryUsage): number {
  return (m.heapUsed + m.arrayBuffers) / MiB;
}

export async function measureMemory(totalEvents: number, sampleEvery: number): Promise<MemoryResult> {
  const demo = await startDemoServer({ port: 0 });
  const inspector = new Inspector({ request: { url: `${demo.url}/flood?count=${totalEvents}&size=200&type=token` }, reconnect: POLICY_PRESETS.none });
  const samples: MemoryResult['samples'] = [];
  let next = sampleEvery;
  const done = ended(inspector);
  inspector.connection.onRecord((r) => {
    if (r.kind === 'event' && inspector.session.totals.events + 1 >= next) {
      next += sampleEvery;
      // Sampling happens inside the record callback: the GC here pauses the stream, not the measurement.
      gc();
      const m = process.memoryUsage();
      samples.push([inspector.session.totals.events + 1, m.rss / MiB, heldMiB(m)]);
    }
  });
  inspector.start();
  await done;
  gc();
  const end = process.memoryUsage();
  samples.push([inspector.session.totals.events, end.rss / MiB, heldMiB(end)]);
  const result: MemoryResult = {
    events: inspector.session.totals.events,
    samples,
    growthAfterFull: 0,
    heldRecords: inspector.session.size,
    evicted: inspector.session.evicted,
  };
  // The default ring buffer (50 000 records) is full long before the second sample of 1M.
  const atFull = samples.find(([n]) => n >= 200_000) ?? samples[0]!;
  result.growthAfterFull = heldMiB(end) / atFull[2];
  await inspector.dispose();
  await demo.close();
  expectEvents(inspector, totalEvents, 'the memory run');
  return result;
}
