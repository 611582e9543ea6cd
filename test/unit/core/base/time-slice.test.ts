// The body reader gives the event loop a turn after a few milliseconds of work, so a backlog
// of chunks already queued (after any stall) is not worked off in one uninterrupted turn.
import assert from 'node:assert/strict';
import { Inspector } from '../../../../src/core/inspector';
import { POLICY_PRESETS } from '../../../../src/core/base/reconnect';
import { DEFAULT_SLICE_MS, TimeSlice } from '../../../../src/core/base/time-slice';
import { inMemoryFetch } from '../../../support/in-memory-fetch';

function busyFor(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // spin: the work the budget counts
  }
}

describe('time slice', () => {
  it('lets work go on within its budget, then pauses for one turn of the event loop and starts again', async () => {
    const slice = new TimeSlice(5);
    assert.equal(slice.pauseIfSpent(), undefined, 'within the budget: no pause');
    busyFor(6);
    // Waiting its turn in the event loop, as I/O and timers do while the work goes on.
    let waited = false;
    setImmediate(() => (waited = true));
    const pause = slice.pauseIfSpent();
    assert.ok(pause, 'the budget is spent');
    assert.equal(waited, false);
    await pause;
    assert.ok(waited, 'what was waiting ran before the pause ended');
    assert.equal(slice.pauseIfSpent(), undefined, 'a new budget after the pause');
  });

  it('keeps the connection from parsing a whole queued backlog in one turn of the event loop', async () => {
    // A fake body stands in for the socket here: a backlog already queued in the stream is
    // what a stall leaves behind, and a real socket cannot be made to hold one on cue.
    const chunk = Buffer.from('event: tick\ndata: {"n":1,"text":"a flood of small events"}\n\n'.repeat(200));
    const chunks = 500;
    let sent = 0;
    const fetch = inMemoryFetch(() => (sent++ < chunks ? chunk : undefined));
    const inspector = new Inspector({ request: { url: 'http://backlog.invalid/' }, reconnect: POLICY_PRESETS.none, fetch });
    let eventsWhenTimerRan: number | undefined;
    let first = true;
    inspector.connection.onRecord((r) => {
      if (r.kind !== 'event' || !first) return;
      first = false;
      setTimeout(() => (eventsWhenTimerRan = inspector.session.totals.events), 0);
    });
    const ended = new Promise<void>((resolve) => inspector.connection.onState((s) => (s === 'closed' || s === 'failed' ? resolve() : undefined)));
    inspector.start();
    await ended;
    const total = inspector.session.totals.events;
    await inspector.dispose();
    assert.equal(total, chunks * 200);
    assert.ok(eventsWhenTimerRan !== undefined && eventsWhenTimerRan < total, `a timer set at the first event ran after ${eventsWhenTimerRan} of ${total} events (budget ${DEFAULT_SLICE_MS} ms)`);
  });
});
