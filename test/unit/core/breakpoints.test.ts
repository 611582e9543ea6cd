// Event breakpoint conditions.
import assert from 'node:assert/strict';
import { BreakpointSet } from '../../../src/core/breakpoints';
import type { EventRecord } from '../../../src/core/base/records';

let seq = 0;
const ev = (type: string, data: string): EventRecord => ({ kind: 'event', seq: ++seq, t: 0, mono: 0, attempt: 1, type, data, lastEventId: '', size: data.length, cls: 'data' });

describe('event breakpoints', () => {
  it('matches on event type, text and JSON path (with or without a value); all given conditions must hold', () => {
    const set = new BreakpointSet();
    set.set([
      { id: 'type', eventType: 'error' },
      { id: 'text', text: 'FATAL' },
      { id: 'path', jsonPath: 'choices[0].finish_reason', equals: 'length' },
      { id: 'both', eventType: 'content', jsonPath: 'index', equals: '3' },
      { id: 'exists', jsonPath: 'usage.total_tokens' },
    ]);
    assert.equal(set.check(ev('error', 'x'))?.breakpoint.id, 'type');
    assert.equal(set.check(ev('message', 'a FATAL b'))?.reason, 'data contains "FATAL"');
    assert.equal(set.check(ev('message', '{"choices":[{"finish_reason":"length"}]}'))?.breakpoint.id, 'path');
    assert.equal(set.check(ev('message', '{"choices":[{"finish_reason":"stop"}]}')), undefined);
    assert.equal(set.check(ev('content', '{"index":3}'))?.reason, 'event type is "content" and index = 3');
    assert.equal(set.check(ev('other', '{"index":3}')), undefined, 'the type must match too');
    assert.equal(set.check(ev('message', '{"usage":{"total_tokens":0}}'))?.breakpoint.id, 'exists');
    assert.equal(set.check(ev('message', 'not json')), undefined);
  });

  it('disabled and empty breakpoints never hit; a bad JSON path is a clear error', () => {
    const set = new BreakpointSet();
    set.set([{ id: 'off', eventType: 'x', enabled: false }, { id: 'empty' }]);
    assert.equal(set.check(ev('x', '')), undefined);
    assert.throws(() => set.set([{ id: 'bad', jsonPath: 'a[' }]), /Invalid JSON path "a\["/);
  });
});
