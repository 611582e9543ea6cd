// WHATWG event-stream parsing, end to end: bytes from a real HTTP server on 127.0.0.1,
// through undici, the decoder and eventsource-parser, to records. Each case is played
// whole, split into 1-byte chunks and split every 3 bytes; all three must agree.
import assert from 'node:assert/strict';
import { POLICY_PRESETS } from '../../../../src/core/base/reconnect';
import { run } from '../../../support/collect';
import { cases, splits } from '../../../support/parsing-cases';
import { SSE_HEADERS, startRawServer, type RawServer } from '../../../support/raw-server';

describe('parsing (WHATWG event-stream rules, over real HTTP)', () => {
  let server: RawServer;
  let current: Buffer[] = [];
  before(async () => {
    server = await startRawServer(() => ({ headers: SSE_HEADERS, chunks: current }));
  });
  after(() => server.close());

  for (const c of cases) {
    for (const s of splits) {
      it(`${c.name} (${s.name})`, async () => {
        current = s.split(Buffer.isBuffer(c.stream) ? c.stream : Buffer.from(c.stream, 'utf8'));
        const r = run({ request: { url: `${server.url}/s` }, reconnect: POLICY_PRESETS.none });
        try {
          await r.untilState(['closed', 'failed']);
          const got = r.events().map((e) => {
            const o: { type: string; data: string; id?: string; lastEventId?: string } = { type: e.type, data: e.data };
            if (e.id !== undefined) o.id = e.id;
            return o;
          });
          const want = c.expect.map(({ lastEventId: _ignored, ...rest }) => rest);
          assert.deepEqual(got, want);
          c.expect.forEach((e, i) => {
            if (e.lastEventId !== undefined) assert.equal(r.events()[i]!.lastEventId, e.lastEventId, `lastEventId of event ${i}`);
          });
          c.check?.(r);
        } finally {
          await r.dispose();
        }
      });
    }
  }
});
