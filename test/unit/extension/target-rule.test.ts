// The one rule every command uses to pick the connection or recording it acts on.
import assert from 'node:assert/strict';
import { chooseTarget } from '../../../src/extension/target-rule';

const a = { id: 'a' };
const b = { id: 'b' };
const c = { id: 'c' };
const byId = (id: string) => [a, b, c].find((t) => t.id === id);

describe('chooseTarget', () => {
  it('takes the id given, even one the command will refuse (Resume on a connection that is not paused)', () => {
    assert.deepEqual(chooseTarget('c', byId, [a], a), { kind: 'found', target: c });
  });

  it('says which id is gone', () => {
    assert.deepEqual(chooseTarget('z', byId, [a, b], a), { kind: 'missing', id: 'z' });
  });

  it('takes the active one when it is a candidate', () => {
    assert.deepEqual(chooseTarget(undefined, byId, [a, b], b), { kind: 'found', target: b });
  });

  it('passes over an active one that is not a candidate for the only candidate (the active connection is not paused, another is)', () => {
    assert.deepEqual(chooseTarget(undefined, byId, [b], a), { kind: 'found', target: b });
  });

  it('asks among several when none is active, and says when there is nothing to act on', () => {
    assert.deepEqual(chooseTarget(undefined, byId, [a, b], undefined), { kind: 'pick', candidates: [a, b] });
    assert.deepEqual(chooseTarget(undefined, byId, [a, b], c), { kind: 'pick', candidates: [a, b] });
    assert.deepEqual(chooseTarget(undefined, byId, [], a), { kind: 'none' });
  });
});
