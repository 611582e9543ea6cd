// The log channel's line for a reconnect: ours names the policy that chose the delay; a
// tapped stream's names the program, since no policy of ours was involved.
import assert from 'node:assert/strict';
import type { ReconnectRecord } from '../../../src/core/base/records';
import { describeLifecycle } from '../../../src/extension/lifecycle';
import { formatRecord } from '../../../src/cli/format';

const base = { seq: 3, t: 0, mono: 0, attempt: 1, kind: 'reconnect', retryNumber: 1, delayMs: 1500, reason: 'closed' } as const;

describe('lifecycle log lines', () => {
  it("says a tapped stream's delay was the program's own, without a policy", () => {
    const line = describeLifecycle({ ...base, source: 'program', policy: 'none' } as ReconnectRecord);
    assert.equal(line?.text, "reconnect #1 in 1500 ms (closed; the program's own delay)");
  });
  it('names the policy for a connection of ours', () => {
    const line = describeLifecycle({ ...base, source: 'policy', policy: 'linear' } as ReconnectRecord);
    assert.equal(line?.text, 'reconnect #1 in 1500 ms (closed; delay from policy, policy linear)');
  });
  it('the terminal marks an event the program got late, while paused', () => {
    const text = formatRecord({ kind: 'event', seq: 1, t: 0, mono: 0, attempt: 1, type: 'tick', data: 'x', lastEventId: '', size: 1, cls: 'data', heldMs: 4200 });
    assert.match(text, /\[held 4200 ms: the program was paused\]/);
  });
});
