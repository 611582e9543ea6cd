// The lines a debugged program's preload sends the extension: every message survives the
// round trip, lines split anywhere across socket reads come out whole, and anything else
// (garbage, a wrong shape, an endless line) is dropped without taking good lines with it.
import assert from 'node:assert/strict';
import { decodeTapMessage, encodeTapMessage, parseTapEnv, TapLineDecoder, type TapMessage } from '../../../../src/core/passive/tap-wire';

const MESSAGES: TapMessage[] = [
  { t: 'hello', v: 1, token: 'tok', pid: 42, thread: 0 },
  { t: 'begin', id: 1, method: 'POST', url: 'http://127.0.0.1:1/chat', headers: [['authorization', 'Bearer <redacted>']], status: 200, statusText: 'OK', responseHeaders: [['content-type', 'text/event-stream']], ageMs: 12, latencyMs: 12 },
  { t: 'chunk', id: 1, data: Buffer.from('data: é\n\n').toString('base64') },
  { t: 'chunk', id: 1, data: 'AA==', heldMs: 1500 },
  { t: 'end', id: 1, end: 'network-error', message: 'other side closed' },
  { t: 'end', id: 2, end: 'server-closed' },
];

describe('debug tap: preload messages', () => {
  it('encodes one message per line and decodes it back', () => {
    for (const m of MESSAGES) {
      const line = encodeTapMessage(m);
      assert.equal(line.indexOf('\n'), line.length - 1, 'one line, newline-terminated');
      assert.deepEqual(decodeTapMessage(line.slice(0, -1)), m);
    }
  });

  it('reassembles lines split at every position across reads', () => {
    const text = MESSAGES.map(encodeTapMessage).join('');
    for (let cut = 0; cut <= text.length; cut++) {
      const decoder = new TapLineDecoder();
      assert.deepEqual([...decoder.feed(text.slice(0, cut))!, ...decoder.feed(text.slice(cut))!], MESSAGES, `cut at ${cut}`);
    }
  });

  it('drops lines that are not a message and keeps the rest', () => {
    const bad = ['not json', '42', 'null', '{"t":"chunk","id":"1","data":"x"}', '{"t":"end","id":1,"end":"exploded"}', '{"t":"begin","id":1}', '{"t":"nope"}', '{"t":"begin","id":1,"method":"GET","url":"u","headers":[["a"]],"status":200,"statusText":"","responseHeaders":[],"ageMs":0,"latencyMs":0}'];
    const decoder = new TapLineDecoder();
    assert.deepEqual(decoder.feed(bad.join('\n') + '\n' + encodeTapMessage(MESSAGES[0]!)), [MESSAGES[0]]);
  });

  it('gives up on a line longer than its limit', () => {
    const decoder = new TapLineDecoder(100);
    assert.deepEqual(decoder.feed('x'.repeat(100)), []);
    assert.equal(decoder.feed('x'), undefined);
  });

  it('reads the environment variable the extension sets, and nothing else', () => {
    assert.deepEqual(parseTapEnv('{"v":1,"address":"/tmp/s","token":"t","urls":["/a",3]}'), { v: 1, address: '/tmp/s', token: 't', urls: ['/a'] });
    for (const text of [undefined, '', 'x', '{"v":2,"address":"/tmp/s","token":"t"}', '{"v":1,"token":"t"}']) assert.equal(parseTapEnv(text), undefined, String(text));
  });
});
