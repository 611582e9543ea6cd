// The heartbeat monitor, fed synthetic records at chosen times.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { HeartbeatMonitor, kthSmallest } from '../../../src/core/heartbeat';
import type { SseRecord } from '../../../src/core/base/records';

let seq = 0;
function beat(mono: number, type = 'heartbeat', cls: 'heartbeat' | 'data' = 'heartbeat'): SseRecord {
  return { kind: 'event', seq: ++seq, t: 1_700_000_000_000 + mono, mono, attempt: 1, type, data: '{}', lastEventId: '', size: 2, cls };
}
function comment(mono: number): SseRecord {
  return { kind: 'comment', seq: ++seq, t: 1_700_000_000_000 + mono, mono, attempt: 1, text: 'keep-alive' };
}

describe('heartbeat monitor', () => {
  it('infers the cadence from beats and counts missed beats from gaps', () => {
    const m = new HeartbeatMonitor({ heartbeatEvents: ['heartbeat'], idleTimeoutMs: 60_000 });
    // 25 s cadence with the 4th beat missing (a 50 s gap) and the 6th and 7th missing (75 s).
    for (const at of [0, 25_000, 50_000, 100_000, 125_000, 200_000, 225_000]) m.observe(beat(at));
    m.observe(beat(210_000, 'message', 'data'));
    const s = m.state();
    assert.equal(s.beatSource, 'event');
    assert.equal(s.expectedSource, 'inferred');
    assert.equal(s.expectedIntervalMs, 25_000);
    assert.equal(s.beats, 7);
    assert.equal(s.missed, 3);
    assert.equal(s.gaps.count, 6);
    assert.equal(s.gaps.maxMs, 75_000);
    assert.equal(s.gaps.minMs, 25_000);
    assert.equal(s.lastBeatAt, 1_700_000_000_000 + 225_000);
    assert.equal(s.commentsOnly, false);
  });

  it('keeps the missed-beat total exact after gaps scroll out of the 1000-gap window', () => {
    const m = new HeartbeatMonitor({ heartbeatEvents: ['heartbeat'], idleTimeoutMs: 0 });
    // 2500 beats every 100 ms, except three beats missing early on (long out of the window by the end)
    // and two missing near the end (still in it).
    const missing = new Set([10, 11, 500, 2400, 2450]);
    let beats = 0;
    for (let i = 0; i < 2505; i++) {
      if (missing.has(i)) continue;
      m.observe(beat(i * 100));
      beats++;
    }
    const s = m.state();
    assert.equal(s.beats, beats);
    assert.equal(s.expectedIntervalMs, 100);
    assert.equal(s.missed, 5);
    assert.equal(s.gaps.count, 1000, 'the statistics cover the window');
    assert.equal(s.recentGaps.length, 60);
    assert.equal(s.gaps.maxMs, 200, 'the in-window gaps where one beat was missing');
  });

  it('uses a configured interval over the inferred one', () => {
    const m = new HeartbeatMonitor({ heartbeatEvents: ['heartbeat'], expectedIntervalMs: 10_000, idleTimeoutMs: 60_000 });
    for (const at of [0, 25_000, 50_000]) m.observe(beat(at));
    const s = m.state();
    assert.equal(s.expectedSource, 'configured');
    assert.equal(s.expectedIntervalMs, 10_000);
    assert.equal(s.missed, 2 * 2, 'each 25 s gap at a 10 s cadence misses round(2.5)-1 = 2 beats');
  });

  it('calls out a stream whose only keep-alives are comments', () => {
    const m = new HeartbeatMonitor({ heartbeatEvents: ['heartbeat'], idleTimeoutMs: 60_000 });
    for (const at of [0, 15_000, 30_000, 45_000]) m.observe(comment(at));
    const s = m.state();
    assert.equal(s.beatSource, 'comment');
    assert.equal(s.commentsOnly, true);
    assert.equal(s.beats, 4);
    assert.equal(s.expectedIntervalMs, 15_000);
    assert.deepEqual(s.recentGaps, [15_000, 15_000, 15_000]);
  });

  it('prefers heartbeat events over comments once any arrive', () => {
    const m = new HeartbeatMonitor({ heartbeatEvents: ['ping'], idleTimeoutMs: 60_000 });
    m.observe(comment(0));
    m.observe(comment(1_000));
    m.observe(beat(2_000, 'ping'));
    const s = m.state();
    assert.equal(s.beatSource, 'event');
    assert.equal(s.commentsOnly, false);
  });

  it('has no cadence and no missed beats before there is enough data', () => {
    const m = new HeartbeatMonitor({ heartbeatEvents: ['heartbeat'], idleTimeoutMs: 0 });
    m.observe(beat(0));
    const s = m.state();
    assert.equal(s.expectedSource, 'unknown');
    assert.equal(s.expectedIntervalMs, undefined);
    assert.equal(s.missed, 0);
    assert.equal(s.beats, 1);
  });
});

describe('kthSmallest (the inferred cadence: a median without sorting)', () => {
  it('finds what sorting finds, at every k, duplicates and all', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: 0, max: 5 }), fc.double({ min: 0, max: 1e6, noNaN: true })), { minLength: 1, maxLength: 200 }), fc.nat(), (values, pick) => {
        const k = pick % values.length;
        const sorted = [...values].sort((a, b) => a - b);
        assert.equal(kthSmallest(Float64Array.from(values), k), sorted[k]);
      }),
    );
  });
});
