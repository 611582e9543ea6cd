// Hostile servers and bad input, on 127.0.0.1: each case names what the server does and
// asserts what the user sees. Nothing lost (earlier events stay), nothing leaked (secrets
// scrubbed), nothing frozen (bounded buffers, no reconnect storms).
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { startDemoServer, type DemoServer } from '../../../demo/server';
import { MAX_DELAY_MS, policyFrom, POLICY_PRESETS } from '../../../src/core/base/reconnect';
import { REDACTED } from '../../../src/core/base/redact';
import type { SseRecord } from '../../../src/core/base/records';
import { run } from '../../support/collect';
import { startRawServer, useRawServers } from '../../support/raw-server';

describe('hostile servers', () => {
  let demo: DemoServer;
  const serve = useRawServers();
  before(async () => {
    demo = await startDemoServer({ port: 0 });
  });
  after(() => demo.close());

  describe('malformed streams', () => {
    it('NUL bytes in data are kept as text; an id with NUL is ignored', async () => {
      const s = await serve(() => ({ chunks: ['id: 7\ndata: a\u0000b\n\n', 'id: x\u0000y\ndata: c\n\n'] }));
      const r = run({ request: { url: s.url }, reconnect: POLICY_PRESETS.none });
      try {
        await r.untilState(['closed']);
        assert.deepEqual(r.events().map((e) => [e.data, e.lastEventId]), [['a\u0000b', '7'], ['c', '7']]);
      } finally {
        await r.dispose();
      }
    });

    it('invalid UTF-8: one decode error, bad bytes become U+FFFD, the stream goes on', async () => {
      const bad = Buffer.concat([Buffer.from('data: ok '), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('\n\ndata: next\n\ndata: \xff again\n\n', 'latin1')]);
      const s = await serve(() => ({ chunks: [bad] }));
      const r = run({ request: { url: s.url }, reconnect: POLICY_PRESETS.none });
      try {
        await r.untilState(['closed']);
        assert.equal(r.events().length, 3);
        assert.ok(r.events()[0]!.data.startsWith('ok \uFFFD'));
        assert.equal(r.events()[1]!.data, 'next');
        const errors = r.ofKind('error');
        assert.equal(errors.length, 1, 'reported once per attempt, not once per bad byte');
        assert.equal(errors[0]!.code, 'decode');
        assert.equal(errors[0]!.fatal, false);
      } finally {
        await r.dispose();
      }
    });

    it('no blank line ever: nothing is dispatched, and the never-ending event is cut at the buffer limit', async () => {
      const s = await serve(() => ({ chunks: Array.from({ length: 40 }, (_, i) => `data: line ${i} ${'p'.repeat(100)}\n`), keepOpen: true }));
      const r = run({ request: { url: s.url }, reconnect: policyFrom('fixed', { baseMs: 10 }), maxBufferSize: 2000 });
      try {
        await r.untilState(['failed']);
        assert.equal(r.events().length, 0);
        assert.equal(r.ofKind('error')[0]!.code, 'buffer-overflow');
        assert.equal(r.ofKind('reconnect').length, 0, 'no reconnect loop into the same overflow');
      } finally {
        await r.dispose();
      }
    });

    it('a 50 MB line: clear buffer-overflow error, the connection is closed, the earlier event is kept', async () => {
      const r = run({ request: { url: `${demo.url}/huge-line?mb=50` }, reconnect: policyFrom('fixed', { baseMs: 10 }) });
      try {
        await r.untilState(['failed'], 20000);
        assert.deepEqual(r.events().map((e) => e.type), ['before']);
        const err = r.ofKind('error')[0]!;
        assert.equal(err.code, 'buffer-overflow');
        assert.match(err.message, /exceeded the parser's limit of 16777216 characters.*events before it are kept/);
        assert.equal(r.ofKind('close').at(-1)!.reason, 'buffer-overflow');
      } finally {
        await r.dispose();
      }
    });

    it('unknown fields are reported (not fatal) and the event still arrives', async () => {
      const s = await serve(() => ({ chunks: ['foo: bar\nevent: x\ndata: 1\n\n'] }));
      const r = run({ request: { url: s.url }, reconnect: POLICY_PRESETS.none });
      try {
        await r.untilState(['closed']);
        assert.deepEqual(r.events().map((e) => [e.type, e.data]), [['x', '1']]);
        const err = r.ofKind('error')[0]!;
        assert.equal(err.code, 'parse');
        assert.equal(err.fatal, false);
        assert.match(err.message, /unknown field "foo"/);
      } finally {
        await r.dispose();
      }
    });

    it('retry: 0 waits the minimum delay, not 0 ms (no reconnect storm)', async () => {
      const s = await serve((_req, i) => (i === 0 ? { chunks: ['retry: 0\ndata: a\n\n'] } : { status: 204 }));
      const r = run({ request: { url: s.url }, reconnect: policyFrom('fixed', { baseMs: 60_000 }) });
      try {
        await r.untilState(['closed'], 5000);
        const rec = r.ofKind('reconnect')[0]!;
        assert.deepEqual([rec.delayMs, rec.source], [250, 'floor']);
        assert.match(rec.detail!, /the server's retry: 0 ms raised to the 250 ms minimum delay/);
        assert.equal(s.requests.length, 2);
      } finally {
        await r.dispose();
      }
    });

    it('retry: 10^12 is capped at the longest timer, not turned into a 1 ms reconnect storm', async () => {
      const s = await serve(() => ({ chunks: ['retry: 1000000000000\ndata: a\n\n'] }));
      const r = run({ request: { url: s.url }, reconnect: POLICY_PRESETS.fixed });
      try {
        await r.until((rs) => rs.some((x) => x.kind === 'reconnect'), 5000, 'a reconnect');
        const rec = r.ofKind('reconnect')[0]!;
        assert.equal(rec.delayMs, MAX_DELAY_MS);
        assert.match(rec.detail!, /asked to wait 1000000000000 ms/);
        await new Promise((res) => setTimeout(res, 300));
        assert.equal(s.requests.length, 1, 'no second request within 300 ms');
        assert.equal(r.inspector.connection.state, 'waiting');
      } finally {
        await r.dispose();
      }
    });
  });

  describe('transport faults', () => {
    it('slow drip (one byte at a time): the event arrives whole, and a trickle is not idle', async () => {
      const r = run({ request: { url: `${demo.url}/drip?ms=15` }, reconnect: POLICY_PRESETS.none, idleTimeoutMs: 400 });
      try {
        await r.untilState(['closed'], 10000);
        assert.deepEqual(r.events().map((e) => [e.type, e.data]), [['drip', 'slow']]);
        assert.equal(r.ofKind('error').length, 0);
      } finally {
        await r.dispose();
      }
    });

    it('a server that accepts and never answers: a headers timeout error, then retried', async () => {
      const r = run({ request: { url: `${demo.url}/no-answer` }, reconnect: policyFrom('fixed', { baseMs: 60_000 }), headersTimeoutMs: 300 });
      try {
        await r.until((rs) => rs.some((x) => x.kind === 'reconnect'), 5000, 'a reconnect');
        assert.equal(r.ofKind('error')[0]!.code, 'timeout');
        assert.equal(r.ofKind('reconnect')[0]!.reason, 'error');
      } finally {
        await r.dispose();
      }
    });
  });

  describe('status storms', () => {
    for (const status of [500, 502, 503]) {
      it(`${status} with Retry-After: retried after the server's delay, then the backoff grows; the reconnect log says so`, async () => {
        const r = run({ request: { url: `${demo.url}/status/${status}?retryAfter=0` }, reconnect: policyFrom('exponential', { maxAttempts: 2, baseMs: 50, minDelayMs: 0 }) });
        try {
          await r.untilState(['failed'], 5000);
          assert.deepEqual(r.ofKind('error').map((e) => e.status), [status, status, status]);
          // The second attempt failed too: the policy's backoff for #2 (50 × 2²) wins over Retry-After: 0.
          assert.deepEqual(r.ofKind('reconnect').map((x) => [x.reason, x.source, x.delayMs]), [['http-5xx', 'retry-after', 0], ['http-5xx', 'growth', 200]]);
          assert.equal(r.ofKind('close').at(-1)!.reason, 'max-attempts');
        } finally {
          await r.dispose();
        }
      });
    }

    it('429 is retryable (reason http-retryable), and the JSON body is shown', async () => {
      const r = run({ request: { url: `${demo.url}/status/429?retryAfter=0` }, reconnect: policyFrom('fixed', { maxAttempts: 1 }) });
      try {
        await r.untilState(['failed'], 5000);
        assert.equal(r.ofKind('reconnect')[0]!.reason, 'http-retryable');
        assert.match(r.ofKind('error')[0]!.body!, /Demo status 429/);
      } finally {
        await r.dispose();
      }
    });

    it('a 401 loop: the refresh hook is tried once, not forever', async () => {
      let refreshes = 0;
      const r = run({
        request: { url: `${demo.url}/secure/events`, auth: { kind: 'bearer', token: 'expired-token-abc' } },
        reconnect: policyFrom('fixed', { baseMs: 10 }),
        refreshAuth: async () => {
          refreshes++;
          return { kind: 'bearer', token: 'still-bad-token-xyz' };
        },
      });
      try {
        await r.untilState(['failed'], 5000);
        assert.equal(refreshes, 1);
        assert.deepEqual(r.ofKind('error').map((e) => e.status), [401, 401]);
        assert.equal(r.ofKind('error').at(-1)!.fatal, true);
      } finally {
        await r.dispose();
      }
    });
  });

  describe('floods', () => {
    it('100k events/s for 10 s: every event counted in order, the ring buffer bounded and its evictions told', async function () {
      this.timeout(60_000);
      const total = 1_000_000;
      const r = run({ request: { url: `${demo.url}/flood?count=${total}&rate=100000&size=40` }, reconnect: POLICY_PRESETS.none, idleTimeoutMs: 0 });
      // The collector keeps every record for other tests; here only order and count matter.
      r.records.length = 0;
      let expectId = 1;
      let outOfOrder = 0;
      r.inspector.connection.onRecord((rec) => {
        if (rec.kind === 'event' && rec.id !== String(expectId++)) outOfOrder++;
      });
      const heapBefore = process.memoryUsage().heapUsed;
      let heapPeak = heapBefore;
      const sampler = setInterval(() => (heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed)), 100);
      try {
        await r.untilState(['closed'], 50_000);
        const snap = r.inspector.session.snapshot();
        assert.equal(snap.stats.events, total, 'no event silently dropped');
        assert.equal(outOfOrder, 0);
        assert.equal(snap.records.length, 50_000, 'the default ring buffer holds 50 000 records');
        assert.equal(snap.evicted + snap.records.length, snap.records.at(-1)!.seq, 'every record is either held or counted as evicted');
        assert.ok(heapPeak - heapBefore < 400 * 1024 * 1024, `heap grew by ${Math.round((heapPeak - heapBefore) / 1048576)} MiB`);
      } finally {
        clearInterval(sampler);
        r.records.length = 0;
        await r.dispose();
      }
    });
  });

  describe('secrets', () => {
    it('a 401 body that echoes the token is scrubbed in the error record', async () => {
      const token = 'tok-echoed-in-the-body-123';
      const s = await serve((req) => ({ status: 401, headers: { 'content-type': 'application/json' }, chunks: [JSON.stringify({ error: 'bad token', got: req.headers.authorization })] }));
      const r = run({ request: { url: s.url, auth: { kind: 'bearer', token } }, reconnect: POLICY_PRESETS.none });
      try {
        await r.untilState(['failed']);
        const err = r.ofKind('error')[0]!;
        assert.match(err.body!, new RegExp(`Bearer ${REDACTED}`));
        assert.ok(!JSON.stringify(r.records).includes(token));
      } finally {
        await r.dispose();
      }
    });

    it('a query-parameter token never appears in records, even in a network error', async () => {
      const token = 'query-secret-456789';
      const r = run({ request: { url: 'http://127.0.0.1:1/events', auth: { kind: 'query', param: 'access', value: token } }, reconnect: POLICY_PRESETS.none });
      try {
        await r.untilState(['closed', 'failed']);
        assert.equal(r.ofKind('error')[0]!.code, 'network');
        assert.ok(!JSON.stringify(r.records).includes(token));
      } finally {
        await r.dispose();
      }
    });
  });

  describe('random chunkings (property)', () => {
    /** What a record says, without the fields that depend on timing. */
    const essence = (rs: SseRecord[]) => rs.filter((x) => x.kind === 'event' || x.kind === 'comment' || x.kind === 'retry').map((x) => (x.kind === 'event' ? [x.type, x.data, x.id, x.lastEventId] : x.kind === 'comment' ? ['#', x.text] : ['retry', x.ms]));

    it('any split of the same bytes into chunks gives identical records', async function () {
      this.timeout(60_000);
      const field = fc.constantFrom('data: ', 'data:', 'event: ', 'id: ', 'retry: ', ': ', 'foo: ');
      const value = fc.string({ unit: fc.constantFrom('a', 'é', '😀', ' ', ':', '{', '"', '\u0000'), maxLength: 8 });
      const eol = fc.constantFrom('\n', '\r\n', '\r');
      const line = fc.tuple(field, value, eol).map(([f, v, e]) => `${f}${v}${e}`);
      const block = fc.tuple(fc.array(line, { minLength: 1, maxLength: 4 }), eol).map(([ls, e]) => ls.join('') + e);
      const stream = fc.array(block, { minLength: 1, maxLength: 6 }).map((bs) => Buffer.from(bs.join(''), 'utf8'));
      const cuts = fc.array(fc.nat(), { maxLength: 12 });

      const recordsFor = async (chunks: Buffer[]) => {
        const s = await startRawServer(() => ({ chunks }));
        const r = run({ request: { url: s.url }, reconnect: POLICY_PRESETS.none });
        try {
          await r.untilState(['closed']);
          return essence(r.records);
        } finally {
          await r.dispose();
          await s.close();
        }
      };

      await fc.assert(
        fc.asyncProperty(stream, cuts, async (bytes, rawCuts) => {
          const at = [...new Set(rawCuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
          const chunks: Buffer[] = [];
          let prev = 0;
          for (const c of [...at, bytes.length]) {
            if (c > prev) chunks.push(bytes.subarray(prev, c));
            prev = c;
          }
          assert.deepEqual(await recordsFor(chunks), await recordsFor([bytes]));
        }),
        { numRuns: 40 },
      );
    });
  });
});
