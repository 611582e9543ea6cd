// Reassembly of the seed's streamed-answer formats.
import assert from 'node:assert/strict';
import { MessageAssembler } from '../../src/core/assemble';
import type { SseRecord } from '../../src/core/records';

let seq = 0;
const ev = (type: string, data: string): SseRecord => ({ kind: 'event', seq: ++seq, t: 0, mono: 0, attempt: 1, type, data, lastEventId: '', size: data.length, cls: 'data' });

describe('message assembler', () => {
  it('groups bot-chunk fragments by messageId and marks the final one', () => {
    const a = new MessageAssembler();
    a.observe(ev('bot-chunk', JSON.stringify({ messageId: 'm1', chunk: '你好', isFinal: false })));
    a.observe(ev('bot-chunk', JSON.stringify({ messageId: 'm2', chunk: 'Other ', isFinal: false })));
    a.observe(ev('bot-chunk', JSON.stringify({ messageId: 'm1', chunk: '，世界', isFinal: true })));
    const [m1, m2] = a.list();
    assert.deepEqual([m1!.id, m1!.text, m1!.chunks, m1!.done], ['m1', '你好，世界', 2, true]);
    assert.deepEqual([m2!.id, m2!.text, m2!.done], ['m2', 'Other ', false]);
  });

  it('joins content events and closes the answer on [DONE], which is not an error', () => {
    const a = new MessageAssembler();
    for (const [i, ch] of [...'Hi 😀'].entries()) a.observe(ev('content', JSON.stringify({ type: 'content', text: ch, messageId: 'c1', index: i })));
    assert.equal(a.list()[0]!.done, false);
    assert.equal(a.observe(ev('message', '[DONE]')), true);
    const m = a.list()[0]!;
    assert.equal(m.text, 'Hi 😀');
    assert.equal(m.done, true);
    assert.equal(m.format, 'content');
  });

  it('a new answer after [DONE] with the same conversation id starts a new message', () => {
    const a = new MessageAssembler();
    a.observe(ev('content', JSON.stringify({ type: 'content', text: 'one', messageId: 'c' })));
    a.observe(ev('message', '[DONE]'));
    a.observe(ev('content', JSON.stringify({ type: 'content', text: 'two', messageId: 'c' })));
    assert.deepEqual(a.list().map((m) => [m.text, m.done]), [['two', false]]);
  });

  it('ignores events that are not fragments', () => {
    const a = new MessageAssembler();
    assert.equal(a.observe(ev('heartbeat', '{"timestamp":1}')), false);
    assert.equal(a.observe(ev('message', 'not json')), false);
    assert.equal(a.observe(ev('content', '{"broken"')), false);
    assert.equal(a.observe(ev('message', '[DONE]')), false, 'a [DONE] with no open answer changes nothing');
    assert.equal(a.list().length, 0);
  });
});
