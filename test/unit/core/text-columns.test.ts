// TextColumns keeps texts as UTF-8 bytes outside the JS heap, written in batches: every
// text must come back exactly as it went in, whatever it holds and whenever it is read.
import assert from 'node:assert/strict';
import { MAX_SLAB_TEXT, TextColumns } from '../../../src/core/text-columns';

/** A deterministic generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const PIECES = ['a', 'token ', '{"n":1}', '\n', '', 'é', '日本語', '🙂', '\u0000', '\ud800', '\udc00x', '\u00ff', '\u0080'];

function text(next: () => number, asciiOnly: boolean): string {
  let out = '';
  const n = Math.floor(next() * 40);
  for (let k = 0; k < n; k++) {
    const piece = PIECES[Math.floor(next() * (asciiOnly ? 5 : PIECES.length))]!;
    out += piece;
  }
  return out;
}

describe('text columns', () => {
  for (const [name, asciiOnly] of [['ASCII', true], ['any UTF-16, lone surrogates too', false]] as const) {
    it(`gives back every ${name} text it was given, read before and after its batch is written`, () => {
      const next = random(asciiOnly ? 7 : 11);
      const rows = 97;
      const columns = new TextColumns(rows, 2);
      const held = new Map<number, [string, string]>();
      let oldest = 0;
      for (let row = 0; row < 5000; row++) {
        const slot = row % rows;
        if (held.size === rows) {
          const old = oldest++ % rows;
          columns.releaseRow(old);
          held.delete(old);
        }
        const pair: [string, string] = [text(next, asciiOnly), text(next, asciiOnly)];
        columns.set(slot, 0, pair[0]);
        columns.set(slot, 1, pair[1]);
        held.set(slot, pair);
        // Now and then a read in the middle of a batch.
        if (next() < 0.05) {
          const [probe, want] = [...held.entries()][Math.floor(next() * held.size)]!;
          assert.equal(columns.get(probe, 0), want[0]);
        }
      }
      for (const [slot, [a, b]] of held) {
        assert.equal(columns.get(slot, 0), a, `row ${slot} field 0`);
        assert.equal(columns.get(slot, 1), b, `row ${slot} field 1`);
      }
    });
  }

  it('gives back the newest text of a row released and set again before its batch was written, non-ASCII batches too', () => {
    // Lengths differ, so a text read with another's length shows.
    for (const texts of [['a', 'bb', 'ccc', 'dddd'], ['é', 'üü', '日日日', '🙂🙂'], ['a', '\ud800b', 'ccc', 'dddd']]) {
      const columns = new TextColumns(2, 1);
      columns.set(0, 0, texts[0]!);
      columns.set(1, 0, texts[1]!);
      columns.releaseRow(0);
      columns.set(0, 0, texts[2]!);
      columns.releaseRow(1);
      assert.throws(() => columns.get(1, 0), /empty/, 'a released row reads as empty');
      columns.set(1, 0, texts[3]!);
      assert.deepEqual([columns.get(0, 0), columns.get(1, 0)], [texts[2], texts[3]]);
    }
  });

  it('keeps texts too long for a slab as they are', () => {
    const columns = new TextColumns(2, 1);
    const long = 'é'.repeat(MAX_SLAB_TEXT + 1);
    columns.set(0, 0, long);
    columns.flush();
    assert.equal(columns.slabBytes, 0, 'the long text took no slab');
    columns.set(1, 0, 'short');
    assert.equal(columns.get(0, 0), long);
    assert.equal(columns.get(1, 0), 'short');
    assert.ok(columns.slabBytes > 0, 'the short text is in a slab');
  });

  it('gives its slabs back when disposed, and can be used again', () => {
    const columns = new TextColumns(4, 1);
    columns.set(0, 0, 'a'.repeat(100));
    columns.set(1, 0, 'b');
    assert.equal(columns.get(0, 0), 'a'.repeat(100));
    columns.dispose();
    assert.equal(columns.slabBytes, 0);
    assert.throws(() => columns.get(1, 0), /empty/);
    columns.set(1, 0, 'c');
    assert.equal(columns.get(1, 0), 'c');
  });

  it('frees its slabs as texts are released, so a long flood holds a bounded amount', () => {
    const rows = 1000;
    const columns = new TextColumns(rows, 1);
    const data = 'x'.repeat(200);
    let most = 0;
    for (let row = 0; row < 200_000; row++) {
      if (row >= rows) columns.releaseRow(row % rows);
      columns.set(row % rows, 0, data);
      most = Math.max(most, columns.slabBytes);
    }
    // 1000 texts of 200 bytes: 200 KB held, in slabs of up to 1 MiB.
    assert.ok(most <= 2 * 1024 * 1024, `held at most ${most} bytes of slabs`);
    for (let row = 0; row < rows; row++) columns.releaseRow(row);
    assert.ok(columns.slabBytes <= 1024 * 1024, `after releasing everything, only the slab being filled is left (${columns.slabBytes} bytes)`);
  });

  it('says when a cell read is empty', () => {
    const columns = new TextColumns(1, 1);
    assert.throws(() => columns.get(0, 0), /empty/);
    columns.set(0, 0, 'a');
    columns.releaseRow(0);
    assert.throws(() => columns.get(0, 0), /empty/);
  });
});
