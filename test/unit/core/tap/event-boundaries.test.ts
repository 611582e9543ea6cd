// Event boundaries in raw bytes, as the proxy tap finds them for event-level faults: a blank
// line ends a block whatever the line endings and however the bytes are chunked; a CRLF
// split across chunks is one line end; the type of a block and the inside of a character.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { BoundaryTail, blockEventType, EventSegmenter, insideMultiByteChar } from '../../../../src/core/tap/event-boundaries';

function blocks(chunks: string[]): string[] {
  const seg = new EventSegmenter();
  const out: string[] = [];
  let partial = '';
  for (const c of chunks) {
    for (const s of seg.split(Buffer.from(c, 'utf8'))) {
      partial += s.bytes.toString('utf8');
      if (s.complete) {
        out.push(partial);
        partial = '';
      }
    }
  }
  if (partial) out.push(partial + '|unfinished');
  return out;
}

describe('event boundaries in raw bytes', () => {
  it('ends a block at a blank line with LF, CRLF, CR and mixed endings', () => {
    assert.deepEqual(blocks(['data: a\n\ndata: b\r\n\r\nevent: c\rdata: c\r\r: note\n\n']), ['data: a\n\n', 'data: b\r\n\r\n', 'event: c\rdata: c\r\r', ': note\n\n']);
    assert.deepEqual(blocks(['data: a\n\ndata: b']), ['data: a\n\n', 'data: b|unfinished']);
  });

  it('keeps the LF of a CRLF with its blank line, even when it comes in the next chunk', () => {
    assert.deepEqual(blocks(['data: a\r\n\r\ndata: b\r\n\r', '\ndata: c\r\n\r\n']), ['data: a\r\n\r\n', 'data: b\r\n\r', '\ndata: c\r\n\r\n']);
    // The stray LF is an empty line to a parser: it dispatches nothing.
  });

  it('finds the same blocks however the bytes are chunked', () => {
    const bytes = Buffer.from('data: x\r\n\r\nid: 1\ndata: é🎉\n\n: c\r\rdata: y\n\n', 'utf8');
    const endsOf = (cuts: number[]): number[] => {
      const seg = new EventSegmenter();
      const ends: number[] = [];
      let seen = 0;
      let from = 0;
      for (const to of [...cuts, bytes.length]) {
        for (const s of seg.split(bytes.subarray(from, to))) {
          seen += s.bytes.length;
          if (s.complete) ends.push(seen);
        }
        from = to;
      }
      assert.equal(seen, bytes.length, 'every byte is in a segment');
      return ends;
    };
    const whole = endsOf([]);
    assert.equal(whole.length, 4);
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 8 }), (cuts) => {
        const ends = endsOf([...cuts].sort((a, b) => a - b));
        assert.equal(ends.length, whole.length);
        // Equal, except a CRLF blank line cut between its CR and LF ends at the CR.
        ends.forEach((e, i) => assert.ok(e === whole[i] || (e === whole[i]! - 1 && bytes[e - 1] === 0x0d && cuts.includes(e)), `block ${i} ends at ${e}, not ${whole[i]}`));
      }),
    );
  });

  it('knows where the stream stands from the last bytes alone', () => {
    const t = new BoundaryTail();
    assert.equal(t.boundary, true);
    t.feed(Buffer.from('data: a\n'));
    assert.equal(t.boundary, false);
    assert.equal(t.lineStart, true);
    t.feed(Buffer.from('\n'));
    assert.equal(t.boundary, true);
    const fresh = new BoundaryTail();
    fresh.feed(Buffer.from('\r\n\r\n'));
    assert.equal(fresh.boundary, true);
    const mid = new BoundaryTail();
    mid.feed(Buffer.from('a\r\n'));
    assert.equal(mid.boundary, false);
  });

  it('reads a block\'s event type, message when unnamed, none without data', () => {
    assert.equal(blockEventType(Buffer.from('event: tick\nid: 1\ndata: x\n\n')), 'tick');
    assert.equal(blockEventType(Buffer.from('data: x\n\n')), 'message');
    assert.equal(blockEventType(Buffer.from('\uFEFFevent: first\ndata: x\n\n')), 'first');
    assert.equal(blockEventType(Buffer.from(': comment\n\n')), undefined);
    assert.equal(blockEventType(Buffer.from('retry: 10\n\n')), undefined);
  });

  it('finds the inside of the first multi-byte character', () => {
    assert.equal(insideMultiByteChar(Buffer.from('data: abc\n\n')), -1);
    assert.equal(insideMultiByteChar(Buffer.from('data: é\n\n')), 7);
    assert.equal(insideMultiByteChar(Buffer.from('data: 🎉\n\n')), 7);
  });
});
