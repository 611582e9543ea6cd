// The terminal's CLOSE line says what follows the close only where we know it: our own
// connection's policy decides, so "no reconnect" is ours to say; a tapped stream's program
// decides for itself, so its close (from a real PassiveSource) must not claim it.
import assert from 'node:assert/strict';
import { ManualClock } from '../../../src/core/base/clock';
import type { CloseRecord, SseRecord } from '../../../src/core/base/records';
import { PassiveSource } from '../../../src/core/passive/passive-source';
import { formatRecord } from '../../../src/cli/format';

function tappedCloses(feed: (source: PassiveSource) => void): CloseRecord[] {
  const source = new PassiveSource({ clock: new ManualClock() });
  const records: SseRecord[] = [];
  source.onRecord((r) => records.push(r));
  feed(source);
  source.dispose();
  return records.filter((r): r is CloseRecord => r.kind === 'close');
}

const request = { method: 'GET', url: 'http://127.0.0.1:9/events', headers: [], bodyBytes: 0, authKind: 'none' } as const;

describe('sse-inspect: CLOSE lines', () => {
  it("a tapped stream's close says the program decides whether to reconnect, never \"no reconnect\"", () => {
    const closes = tappedCloses((s) => {
      s.beginResponse({ request: { ...request, headers: [] }, status: 200, headers: [['content-type', 'text/event-stream']] });
      s.chunk(Buffer.from('id: 1\ndata: a\n\n'));
      s.endResponse('server-closed');
      s.beginResponse({ request: { ...request, headers: [] }, status: 503, headers: [] });
      s.endResponse('server-closed');
      s.beginResponse({ request: { ...request, headers: [] }, status: 200, headers: [['content-type', 'text/event-stream']] });
    });
    assert.equal(closes.length, 3, 'an ended stream, a refused reconnect, and the stop');
    for (const c of closes) {
      const line = formatRecord(c);
      assert.doesNotMatch(line, /no reconnect/, line);
      assert.match(line, /the program decides whether to reconnect$/, line);
    }
  });

  it('a close of our own connection keeps saying whether it reconnects', () => {
    const base = { kind: 'close', seq: 5, t: 0, mono: 0, attempt: 1, reason: 'server-closed', message: 'The server ended the response', bytes: 10 } as const;
    assert.match(formatRecord({ ...base, willReconnect: false }), /\[10 bytes this attempt\]  no reconnect$/);
    assert.match(formatRecord({ ...base, willReconnect: true }), /\[10 bytes this attempt\]$/);
  });
});
