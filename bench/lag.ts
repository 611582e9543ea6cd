// Event-loop lag of the extension host's side of a flood: 50k events/s arriving for a few
// seconds through the pipeline, the session and the panel relay (batched deltas serialised
// as postMessage would). The server runs in another process.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Inspector } from '../src/core/inspector';
import { POLICY_PRESETS } from '../src/core/base/reconnect';
import { startChildDemo } from './child-demo';
import { startRelay } from './relay';
import { ended, expectEvents } from './run-to-end';

export interface LagResult {
  rate: number;
  seconds: number;
  events: number;
  maxLagMs: number;
  p99LagMs: number;
  meanLagMs: number;
  messagesToWebview: number;
  recordsToWebview: number;
}

export async function measureLag(rate: number, seconds: number): Promise<LagResult> {
  const demo = await startChildDemo();
  const count = rate * seconds;
  const inspector = new Inspector({ request: { url: `${demo.url}/flood?count=${count}&rate=${rate}&size=200&type=token` }, reconnect: POLICY_PRESETS.none });
  const relay = startRelay(inspector);
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  const done = ended(inspector);
  histogram.enable();
  inspector.start();
  await done;
  histogram.disable();
  const stats = relay.stop();
  const events = inspector.session.totals.events;
  await inspector.dispose();
  demo.stop();
  expectEvents(inspector, count, 'the lag run');
  return {
    rate,
    seconds,
    events,
    maxLagMs: histogram.max / 1e6,
    p99LagMs: histogram.percentile(99) / 1e6,
    meanLagMs: histogram.mean / 1e6,
    messagesToWebview: stats.messages,
    recordsToWebview: stats.records,
  };
}
