// One byte path for both kinds of record source: the same bytes, in the same chunks, give
// the same records whether an outgoing connection read them from a real server on
// 127.0.0.1 or a passive source was handed them (as a tap hands what a program received).
// Every parsing case (CRLF, CR, BOM, split UTF-8, ...) is played both ways; only the
// timestamps may differ.
import assert from 'node:assert/strict';
import { PassiveSource } from '../../../../src/core/passive/passive-source';
import { POLICY_PRESETS } from '../../../../src/core/base/reconnect';
import type { SseRecord } from '../../../../src/core/base/records';
import { run } from '../../../support/collect';
import { cases, splits } from '../../../support/parsing-cases';
import { SSE_HEADERS, startRawServer, type RawServer } from '../../../support/raw-server';

/** Data longer than this is cut in a record: small enough for a case to pass it. */
const STORED_CAP = 64;

/** Cases beyond the parsing rules that also go through the reader: notices and record fields. */
const extraCases: Array<{ name: string; stream: Buffer }> = [
  { name: 'invalid UTF-8 is replaced and reported once', stream: Buffer.concat([Buffer.from('data: a'), Buffer.from([0xff, 0xfe]), Buffer.from('\n\ndata: \xff\n\n', 'latin1')]) },
  { name: 'heartbeat names are classed as heartbeats', stream: Buffer.from('event: ping\ndata: 1\n\nevent: keepalive\ndata:\n\nevent: token\ndata: x\n\n') },
  { name: 'data over the stored cap is cut, its size stays exact', stream: Buffer.from(`id: big\ndata: ${'é'.repeat(STORED_CAP + 5)}\n\n`) },
  { name: 'retry values, valid and invalid, and a second retry', stream: Buffer.from('retry: 900\n\nretry: x\ndata: a\n\nretry: 1200\ndata: b\n\n') },
];

/** A record without its arrival times (the two runs receive at different moments). */
function untimed(r: SseRecord): Omit<SseRecord, 't' | 'mono'> {
  const { t: _t, mono: _mono, ...rest } = r;
  return rest;
}

/** A passive source's close says the program decides about reconnecting; the rest must match. */
function withoutReconnectBy(r: SseRecord): SseRecord {
  if (r.kind !== 'close') return r;
  const { reconnectBy: _by, ...rest } = r;
  return rest;
}

describe('conformance: an outgoing connection and a passive source make the same records from the same bytes', () => {
  let server: RawServer;
  let current: Buffer[] = [];
  before(async () => {
    server = await startRawServer(() => ({ headers: SSE_HEADERS, chunks: current }));
  });
  after(() => server.close());

  const all = [...cases.map((c) => ({ name: c.name, stream: Buffer.isBuffer(c.stream) ? c.stream : Buffer.from(c.stream, 'utf8') })), ...extraCases];
  for (const c of all) {
    for (const s of splits) {
      it(`${c.name} (${s.name})`, async () => {
        current = s.split(c.stream);
        const r = run({ request: { url: `${server.url}/s` }, reconnect: POLICY_PRESETS.none, maxStoredDataChars: STORED_CAP });
        // The chunks exactly as the connection got them (TCP may join the server's writes):
        // the passive source is handed the same ones.
        const received: Uint8Array[] = [];
        r.inspector.connection.onChunk((chunk) => received.push(chunk.bytes));
        try {
          await r.untilState(['closed', 'failed']);
        } finally {
          await r.dispose();
        }
        const open = r.ofKind('open')[0]!;
        assert.ok(received.length > 0, 'the connection read the body');

        const passive = new PassiveSource({ maxStoredDataChars: STORED_CAP });
        const observed: SseRecord[] = [];
        passive.onRecord((rec) => observed.push(rec));
        passive.beginResponse({ request: open.request, status: open.status, statusText: open.statusText, headers: open.headers, latencyMs: open.latencyMs });
        for (const bytes of received) passive.chunk(bytes);
        passive.endResponse('server-closed');
        passive.dispose();

        // Only who decides about reconnecting differs: the observed program, for a passive source.
        assert.ok(observed.filter((x) => x.kind === 'close').every((x) => x.reconnectBy === 'program'));
        assert.deepEqual(observed.map(withoutReconnectBy).map(untimed), r.records.map(untimed));
        // The cases' own expectations hold for the passive source too.
        const want = cases.find((k) => k.name === c.name)?.expect;
        if (want) {
          assert.deepEqual(
            observed.filter((x) => x.kind === 'event').map((e) => (e.id === undefined ? { type: e.type, data: e.data } : { type: e.type, data: e.data, id: e.id })),
            want.map(({ lastEventId: _ignored, ...rest }) => rest),
          );
        }
      });
    }
  }
});
