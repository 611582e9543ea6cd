// Reconnect policies: the pure delay rules, and their timing on a real connection
// driven by a manual clock (no real waiting, and no attempt before its time).
import assert from 'node:assert/strict';
import { ManualClock } from '../../../../src/core/base/clock';
import { classifyResponse, decideDelay, mayReconnect, parseRetryAfter, policyDelay, policyFrom, POLICY_PRESETS } from '../../../../src/core/base/reconnect';
import { run } from '../../../support/collect';
import { sleep, startRawServer, type RawServer } from '../../../support/raw-server';

describe('reconnect policies', () => {
  it('linear is min(7000, 700 × n), as in the seed', () => {
    assert.deepEqual([1, 2, 3, 9, 10, 11, 50].map((n) => policyDelay(POLICY_PRESETS.linear, n)), [700, 1400, 2100, 6300, 7000, 7000, 7000]);
  });

  it('exponential is min(10000, 1000 × 2^n) with a max attempt count, as in the seed', () => {
    assert.deepEqual([1, 2, 3, 4, 5, 100].map((n) => policyDelay(POLICY_PRESETS.exponential, n)), [2000, 4000, 8000, 10000, 10000, 10000]);
    assert.equal(mayReconnect(POLICY_PRESETS.exponential, 5), true);
    assert.equal(mayReconnect(POLICY_PRESETS.exponential, 6), false);
  });

  it('fixed is the browser default of 3 s; none never reconnects', () => {
    assert.equal(policyDelay(POLICY_PRESETS.fixed, 7), 3000);
    assert.equal(mayReconnect(POLICY_PRESETS.none, 1), false);
    assert.equal(mayReconnect(POLICY_PRESETS.fixed, 1_000_000), true);
  });

  it('jitter scales the delay down by at most the jitter fraction', () => {
    const policy = policyFrom('fixed', { baseMs: 1000, jitter: 0.3 });
    assert.equal(decideDelay({ policy, retryNumber: 1, random: () => 0 }).delayMs, 1000);
    assert.equal(decideDelay({ policy, retryNumber: 1, random: () => 1 }).delayMs, 700);
    assert.equal(decideDelay({ policy, retryNumber: 1, random: () => 0.5 }).delayMs, 850);
  });

  it("the server's retry: overrides the policy unless told not to; Retry-After overrides both", () => {
    const linear = POLICY_PRESETS.linear;
    assert.deepEqual(decideDelay({ policy: linear, retryNumber: 1, serverRetryMs: 300 }), { delayMs: 300, source: 'retry-field' });
    assert.deepEqual(decideDelay({ policy: { ...linear, honourServerRetry: false }, retryNumber: 3, serverRetryMs: 300 }), { delayMs: 2100, source: 'policy' });
    assert.deepEqual(decideDelay({ policy: linear, retryNumber: 3, serverRetryMs: 300, retryAfterMs: 5000 }), { delayMs: 5000, source: 'retry-after' });
  });

  it('parses Retry-After as seconds or an HTTP date', () => {
    assert.equal(parseRetryAfter('120', 0), 120_000);
    assert.equal(parseRetryAfter(new Date(10_000).toUTCString(), 4_000), 6_000);
    assert.equal(parseRetryAfter('soon', 0), undefined);
    assert.equal(parseRetryAfter(null, 0), undefined);
  });

  it('classifies responses', () => {
    assert.equal(classifyResponse(200, 'text/event-stream; charset=utf-8'), 'stream');
    assert.equal(classifyResponse(200, 'Text/Event-Stream'), 'stream');
    assert.equal(classifyResponse(200, 'application/json'), 'wrong-content-type');
    assert.equal(classifyResponse(204, ''), 'no-content');
    assert.equal(classifyResponse(401, ''), 'auth');
    for (const s of [500, 502, 503, 408, 429]) assert.equal(classifyResponse(s, ''), 'retryable', String(s));
    for (const s of [400, 403, 404, 410]) assert.equal(classifyResponse(s, ''), 'fatal', String(s));
  });
});

describe('reconnect timing on a live connection (manual clock)', () => {
  let server: RawServer;
  before(async () => {
    server = await startRawServer(() => ({ status: 503, headers: { 'content-type': 'application/json' }, chunks: ['{"error":"down"}'] }));
  });
  after(() => server.close());
  beforeEach(() => {
    server.requests.length = 0;
  });

  async function waitForRequests(n: number): Promise<void> {
    for (let i = 0; i < 200 && server.requests.length < n; i++) await sleep(5);
    assert.equal(server.requests.length, n);
  }

  it('linear: waits exactly 700, 1400, 2100 ms between attempts and not a millisecond less', async () => {
    const clock = new ManualClock();
    const r = run({ request: { url: server.url }, reconnect: policyFrom('linear', { maxAttempts: 3 }), clock });
    try {
      for (const [i, delay] of [700, 1400, 2100].entries()) {
        await r.untilState(['waiting']);
        assert.deepEqual(clock.pendingDelays(), [delay], `reconnect #${i + 1} scheduled`);
        clock.advance(delay - 1);
        await sleep(20);
        assert.equal(server.requests.length, i + 1, `no attempt before ${delay} ms`);
        clock.advance(1);
        await waitForRequests(i + 2);
      }
      await r.untilState(['failed']);
      assert.deepEqual(r.ofKind('reconnect').map((x) => [x.retryNumber, x.delayMs, x.source, x.policy, x.reason]), [
        [1, 700, 'policy', 'linear', 'http-5xx'],
        [2, 1400, 'policy', 'linear', 'http-5xx'],
        [3, 2100, 'policy', 'linear', 'http-5xx'],
      ]);
      assert.equal(r.ofKind('close').at(-1)!.reason, 'max-attempts');
      assert.equal(clock.pendingCount, 0);
    } finally {
      await r.dispose();
    }
  });

  it('exponential: 2 s, 4 s, 8 s, then capped at 10 s', async () => {
    const clock = new ManualClock();
    const r = run({ request: { url: server.url }, reconnect: policyFrom('exponential', { maxAttempts: 4 }), clock });
    try {
      const seen: number[] = [];
      for (let i = 0; i < 4; i++) {
        await r.untilState(['waiting']);
        const [delay] = clock.pendingDelays();
        seen.push(delay!);
        clock.advance(delay!);
        await waitForRequests(i + 2);
      }
      assert.deepEqual(seen, [2000, 4000, 8000, 10000]);
      await r.untilState(['failed']);
    } finally {
      await r.dispose();
    }
  });
});
