// Fault plans: read from JSON with every problem named, scheduled once per step, and run by
// the proxy unattended so that two runs of the same client give the same outcome.
import assert from 'node:assert/strict';
import { FaultPlanSchedule, parseDuration, parseFaultPlan, readFaultPlan, type FaultPlan } from '../../../../src/core/tap/fault-plan';
import { rawRequest } from '../../../support/http-raw';
import { SSE_HEADERS, useRawServers } from '../../../support/raw-server';
import { useTap, waitFor } from './tap-support';

describe('fault plan', () => {
  it('reads durations: 5s, 250ms, 1.5s, 2m and plain numbers; refuses anything else', () => {
    assert.equal(parseDuration('5s'), 5000);
    assert.equal(parseDuration('250ms'), 250);
    assert.equal(parseDuration('1.5s'), 1500);
    assert.equal(parseDuration('2m'), 120_000);
    assert.equal(parseDuration(40), 40);
    assert.equal(parseDuration('soon'), undefined);
    assert.equal(parseDuration(-1), undefined);
  });

  it('reads a list of steps, or { faultPlan: [...] } as a profile holds it', () => {
    const plan = [{ at: '5s', do: { kind: 'end', reset: true } }, { at: { afterEvents: 3 }, do: { kind: 'refuse', status: 503, count: 2, retryAfterSec: 1 } }];
    assert.deepEqual(readFaultPlan(plan), plan);
    assert.deepEqual(readFaultPlan({ faultPlan: plan }), plan);
    assert.deepEqual(parseFaultPlan(JSON.stringify(plan)), plan);
  });

  it('names every bad step with its number and what is wrong', () => {
    assert.throws(
      () => readFaultPlan([{ at: 'later', do: { kind: 'end' } }, { at: '1s', do: { kind: 'refuse', status: 418, count: 1 } }, { at: { afterEvents: -1 }, do: { kind: 'explode' } }]),
      (err: Error) =>
        /step 1: "at" must be a time/.test(err.message) && /step 2: "refuse" needs "status": one of 500, 502, 503, 401, 204/.test(err.message) && /step 3: "at"/.test(err.message) && /step 3: unknown fault kind "explode"/.test(err.message),
    );
    assert.throws(() => parseFaultPlan('{ not json'), /not valid JSON/);
    assert.throws(() => readFaultPlan({ steps: [] }), /A fault plan is a list of steps/);
  });

  it('gives each step once, when its time or event count is reached, in plan order', () => {
    const plan: FaultPlan = [
      { at: { afterEvents: 2 }, do: { kind: 'retry', ms: 100 } },
      { at: '1s', do: { kind: 'end' } },
      { at: { afterEvents: 2 }, do: { kind: 'drop', type: 'x' } },
    ];
    const s = new FaultPlanSchedule(plan);
    assert.deepEqual(s.timedDelays(), [1000]);
    assert.equal(s.countsEvents, true);
    assert.deepEqual(s.due(0, 1), []);
    assert.deepEqual(s.due(10, 2).map((d) => d.index), [0, 2]);
    assert.deepEqual(s.due(20, 5), []);
    assert.equal(s.countsEvents, false);
    assert.deepEqual(s.due(1000, 5).map((d) => d.index), [1]);
    assert.equal(s.finished, true);
  });

  describe('run by the proxy', function () {
    this.timeout(30_000);
    const tap = useTap();
    const serve = useRawServers();

    const PLAN: FaultPlan = [
      { at: { afterEvents: 2 }, do: { kind: 'inject', event: { type: 'planned', data: 'from the plan', id: 'p1' } } },
      { at: { afterEvents: 4 }, do: { kind: 'drop', type: 'tock' } },
      { at: { afterEvents: 7 }, do: { kind: 'end' } },
      { at: { afterEvents: 8 }, do: { kind: 'refuse', status: 503, count: 1, retryAfterSec: 2 } },
    ];

    async function run(): Promise<{ bodies: string[]; statuses: number[]; markers: string[] }> {
      // Events in bigger chunks than one: the plan still acts between two events.
      const server = await serve(() => ({ headers: SSE_HEADERS, chunks: Array.from({ length: 6 }, (_, c) => [1, 2, 3].map((k) => `event: ${(c * 3 + k) % 2 ? 'tock' : 'tick'}\nid: ${c * 3 + k}\ndata: ${c * 3 + k}\n\n`).join('')), gapMs: 10 }));
      const rig = await tap(server.url, { faultPlan: PLAN });
      const first = await rawRequest(rig.proxy.url + '/events');
      const second = await rawRequest(rig.proxy.url + '/events');
      const third = await rawRequest(rig.proxy.url + '/events');
      const s = await rig.stream();
      await waitFor(() => s.records.filter((r) => r.kind === 'close').length === 3);
      return {
        bodies: [first.body.toString(), second.body.toString(), third.body.toString()],
        statuses: [first.status, second.status, third.status],
        markers: s.records.flatMap((r) => (r.kind === 'marker' ? [r.label] : [])),
      };
    }

    it('applies the same faults at the same points on every run: the client gets the same bytes', async () => {
      const a = await run();
      const b = await run();
      assert.deepEqual(b, a);
      assert.deepEqual(a.statuses, [200, 200, 503]);
      assert.equal(
        a.bodies[0],
        'event: tock\nid: 1\ndata: 1\n\nevent: tick\nid: 2\ndata: 2\n\nevent: planned\nid: p1\ndata: from the plan\n\n' +
          'event: tock\nid: 3\ndata: 3\n\nevent: tick\nid: 4\ndata: 4\n\nevent: tick\nid: 6\ndata: 6\n\nevent: tick\nid: 8\ndata: 8\n\n',
      );
      assert.deepEqual(a.markers, [
        'Fault: inject event "planned" id p1 (fault plan step 1)',
        'Fault: drop "tock" events (fault plan step 2)',
        'Fault: response ended by the tap (fault plan step 3)',
        'Fault: answer the next reconnect with 503 (Retry-After: 2) (fault plan step 4)',
      ]);
    });
  });
});
