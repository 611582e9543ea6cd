// The disposable base every extension class that holds listeners or timers builds on.
import assert from 'node:assert/strict';
import { Disposable, disposeAll, toDisposable } from '../../../src/core/disposable';

class Owner extends Disposable {
  own(name: string, log: string[]): void {
    this._register(toDisposable(() => log.push(name)));
  }
  get gone(): boolean {
    return this.isDisposed;
  }
}

describe('Disposable', () => {
  it('disposes what it registered once, newest first', () => {
    const log: string[] = [];
    const owner = new Owner();
    owner.own('listener', log);
    owner.own('timer', log);
    owner.dispose();
    owner.dispose();
    assert.deepEqual(log, ['timer', 'listener']);
    assert.equal(owner.gone, true);
  });

  it('disposes at once what is registered after it was disposed', () => {
    const log: string[] = [];
    const owner = new Owner();
    owner.dispose();
    owner.own('late', log);
    assert.deepEqual(log, ['late']);
  });

  it('disposeAll disposes every item even when one throws, then throws the first error', () => {
    const log: string[] = [];
    const list = [toDisposable(() => log.push('a')), { dispose: () => { throw new Error('b failed'); } }, toDisposable(() => log.push('c'))];
    assert.throws(() => disposeAll(list), /b failed/);
    assert.deepEqual(log, ['c', 'a']);
    assert.equal(list.length, 0);
  });

  it('toDisposable runs its function once', () => {
    let runs = 0;
    const d = toDisposable(() => runs++);
    d.dispose();
    d.dispose();
    assert.equal(runs, 1);
  });
});
