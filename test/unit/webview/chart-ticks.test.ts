// The heartbeat chart's value axis: round ticks that include the expected interval.
import assert from 'node:assert/strict';
import { axisTicks, tickLabel } from '../../../webview/chart-ticks';

describe('heartbeat chart axis ticks', () => {
  it('steps by round values and makes the expected interval one of them', () => {
    assert.deepEqual(axisTicks(3_200, 2_000), { ticks: [0, 1_000, 2_000, 3_000, 4_000], top: 4_000 });
    assert.deepEqual(axisTicks(58_000, 25_000), { ticks: [0, 25_000, 50_000, 75_000], top: 75_000 });
    assert.deepEqual(axisTicks(48_000, 30_000), { ticks: [0, 10_000, 20_000, 30_000, 40_000, 50_000], top: 50_000 });
    assert.deepEqual(axisTicks(900), { ticks: [0, 200, 400, 600, 800, 1_000], top: 1_000 });
  });

  it('gives an interval no round step divides its own tick, without crowding its neighbours', () => {
    const { ticks, top } = axisTicks(2_000, 1_234);
    assert.ok(ticks.includes(1_234));
    assert.equal(top, ticks[ticks.length - 1]);
    for (let i = 1; i < ticks.length; i++) assert.ok(ticks[i]! - ticks[i - 1]! > top * 0.1, `${ticks.join(', ')} are apart`);
  });

  it('labels ticks short enough for the axis gutter', () => {
    assert.deepEqual([0, 500, 1_000, 2_500, 75_000, 720_000].map(tickLabel), ['0', '500 ms', '1 s', '2.5 s', '75 s', '12 min']);
  });
});
