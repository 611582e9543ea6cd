// Reconnecting against servers that open but deliver nothing new, ask for no delay, or
// get a request that cannot be built; and the Last-Event-ID the client starts from and
// sends. Real servers on 127.0.0.1; delays asserted on a manual clock (no real waiting).
import assert from 'node:assert/strict';
import { ManualClock } from '../../../../src/core/base/clock';
import type { ReconnectPolicy } from '../../../../src/core/base/reconnect';
import { policyFrom, POLICY_PRESETS } from '../../../../src/core/base/reconnect';
import { startDemoServer, type DemoServer } from '../../../../demo/server';
import { run, type Run } from '../../../support/collect';
import { sleep, useRawServers, type RawServer } from '../../../support/raw-server';

/** Fires each scheduled reconnect as soon as it is scheduled and returns the delays, until the run stops. */
async function driveReconnects(r: Run, clock: ManualClock, maxReconnects: number): Promise<number[]> {
  const delays: number[] = [];
  for (let i = 0; i < maxReconnects; i++) {
    await r.untilState(['waiting', 'closed', 'failed']);
    if (r.inspector.connection.state !== 'waiting') break;
    const [delay] = clock.pendingDelays();
    delays.push(delay!);
    // Fires the timer: the next attempt starts (state connecting) before this returns.
    clock.advance(delay!);
  }
  return delays;
}

describe('reconnect: an attempt succeeds only when it delivers a new event', () => {
  const serve = useRawServers();
  let demo: DemoServer;
  before(async () => {
    demo = await startDemoServer({ port: 0 });
  });
  after(() => demo.close());

  it('a server answering 200 with only `retry: 0` gets the floor, then a growing backoff, never a busy loop', async () => {
    const s = await serve(() => ({ chunks: ['retry: 0\n\n'] }));
    const clock = new ManualClock();
    const r = run({ request: { url: s.url }, reconnect: policyFrom('linear', { maxAttempts: 4 }), clock });
    try {
      const delays = await driveReconnects(r, clock, 10);
      await r.untilState(['failed']);
      assert.deepEqual(
        r.ofKind('reconnect').map((x) => [x.retryNumber, x.delayMs, x.source]),
        [
          [1, 250, 'floor'],
          [2, 1400, 'growth'],
          [3, 2100, 'growth'],
          [4, 2800, 'growth'],
        ],
      );
      assert.deepEqual(delays, [250, 1400, 2100, 2800]);
      assert.equal(s.requests.length, 5, 'the first attempt and 4 reconnects, then it gave up');
      assert.match(r.ofKind('reconnect')[0]!.detail!, /retry: 0 ms raised to the 250 ms minimum delay/);
      assert.match(r.ofKind('reconnect')[1]!.detail!, /1 attempt in a row delivered no new event/);
    } finally {
      await r.dispose();
    }
  });

  it('empty 200s: the retry number and the backoff keep growing (700, 1400, 2100 ms), not 700 ms forever', async () => {
    const s = await serve(() => ({ chunks: [': nothing to say\n\n'] }));
    const clock = new ManualClock();
    const r = run({ request: { url: s.url }, reconnect: policyFrom('linear', { maxAttempts: 3 }), clock });
    try {
      await driveReconnects(r, clock, 10);
      await r.untilState(['failed']);
      assert.deepEqual(
        r.ofKind('reconnect').map((x) => [x.retryNumber, x.delayMs, x.source]),
        [
          [1, 700, 'policy'],
          [2, 1400, 'policy'],
          [3, 2100, 'policy'],
        ],
      );
      const last = r.ofKind('close').at(-1)!;
      assert.equal(last.reason, 'max-attempts');
      assert.match(last.message, /3 reconnects in a row delivered no new event/);
    } finally {
      await r.dispose();
    }
  });

  it('"Reset mid-event" with maxAttempts 3: replayed ids are no progress; it stops after 3 reconnects, numbered #1 to #3', async () => {
    const clock = new ManualClock();
    const policy: ReconnectPolicy = policyFrom('linear', { maxAttempts: 3 });
    const r = run({ request: { url: `${demo.url}/reset?events=3` }, reconnect: policy, clock, idleTimeoutMs: 0 });
    try {
      await driveReconnects(r, clock, 10);
      await r.untilState(['failed']);
      // The first attempt delivered ids 1-3 (new); each reconnect got 1-3 again and reset.
      assert.deepEqual(r.ofKind('reconnect').map((x) => x.retryNumber), [1, 2, 3]);
      assert.equal(r.ofKind('open').length, 4);
      assert.equal(r.ofKind('close').at(-1)!.reason, 'max-attempts');
      assert.equal(r.inspector.connection.state, 'failed');
    } finally {
      await r.dispose();
    }
  });

  it("the demo's /empty?retry=0 (the demo workspace's profile): floor, then growth, then it gives up", async () => {
    const clock = new ManualClock();
    const r = run({ request: { url: `${demo.url}/empty?retry=0` }, reconnect: policyFrom('linear', { maxAttempts: 3 }), clock, idleTimeoutMs: 0 });
    try {
      await driveReconnects(r, clock, 10);
      await r.untilState(['failed']);
      assert.deepEqual(r.ofKind('reconnect').map((x) => [x.retryNumber, x.delayMs, x.source]), [
        [1, 250, 'floor'],
        [2, 1400, 'growth'],
        [3, 2100, 'growth'],
      ]);
      assert.equal(r.ofKind('close').at(-1)!.reason, 'max-attempts');
    } finally {
      await r.dispose();
    }
  });

  it('an attempt that brings a new id resets the count: every reconnect is #1', async () => {
    const s = await serve((_req, i) => (i < 3 ? { chunks: [`id: ${i + 1}\ndata: n\n\n`] } : { status: 204 }));
    const clock = new ManualClock();
    const r = run({ request: { url: s.url }, reconnect: policyFrom('linear', { maxAttempts: 1 }), clock });
    try {
      await driveReconnects(r, clock, 10);
      await r.untilState(['closed']);
      assert.deepEqual(r.ofKind('reconnect').map((x) => [x.retryNumber, x.delayMs]), [
        [1, 700],
        [1, 700],
        [1, 700],
      ]);
    } finally {
      await r.dispose();
    }
  });

  it('a stream without ids: any event is new (documented choice)', async () => {
    const s = await serve((_req, i) => (i < 2 ? { chunks: ['data: same\n\n'] } : { status: 204 }));
    const clock = new ManualClock();
    const r = run({ request: { url: s.url }, reconnect: policyFrom('linear', { maxAttempts: 1 }), clock });
    try {
      await driveReconnects(r, clock, 10);
      await r.untilState(['closed']);
      assert.deepEqual(r.ofKind('reconnect').map((x) => x.retryNumber), [1, 1]);
    } finally {
      await r.dispose();
    }
  });

  it('Retry-After and the floor: a Retry-After: 0 is raised to the configured minimum delay', async () => {
    const s = await serve((_req, i) => (i === 0 ? { status: 503, headers: { 'retry-after': '0', 'content-type': 'text/plain' }, chunks: ['busy'] } : { status: 204 }));
    const clock = new ManualClock();
    const r = run({ request: { url: s.url }, reconnect: policyFrom('fixed', { minDelayMs: 400 }), clock });
    try {
      await r.untilState(['waiting']);
      assert.deepEqual(clock.pendingDelays(), [400]);
      const rec = r.ofKind('reconnect')[0]!;
      assert.deepEqual([rec.delayMs, rec.source], [400, 'floor']);
      assert.match(rec.detail!, /Retry-After 0 ms raised to the 400 ms minimum delay/);
    } finally {
      await r.dispose();
    }
  });
});

describe('Last-Event-ID: what the client starts from and what it sends', () => {
  const serve = useRawServers();

  async function twoAttempts(s: RawServer, options: Partial<Parameters<typeof run>[0]> & { request: Parameters<typeof run>[0]['request'] }): Promise<Run> {
    const r = run({ reconnect: policyFrom('fixed', { minDelayMs: 0, baseMs: 1 }), ...options });
    await r.until(() => s.requests.length >= 2, 5000, 'the reconnect request');
    return r;
  }

  it('a non-ASCII id is sent as its UTF-8 bytes on the reconnect', async () => {
    const id = '…中文-7';
    const s = await serve((_req, i) => (i === 0 ? { chunks: [`id: ${id}\ndata: a\n\n`] } : i === 1 ? { chunks: ['data: b\n\n'] } : { status: 204 }));
    const r = await twoAttempts(s, { request: { url: s.url } });
    try {
      await r.untilState(['closed']);
      // Node's HTTP server hands header bytes over as Latin-1 characters.
      const raw = s.requests[1]!.headers['last-event-id'] as string;
      assert.deepEqual(Buffer.from(raw, 'latin1'), Buffer.from(id, 'utf8'));
      assert.equal(r.ofKind('reconnect')[0]!.lastEventId, id);
      // Records show the id as text, not as its bytes.
      const open = r.ofKind('open')[1]!;
      assert.equal(open.lastEventIdSent, id);
      assert.deepEqual(open.request.headers.find(([n]) => n === 'Last-Event-ID'), ['Last-Event-ID', id]);
      assert.equal(r.ofKind('error').length, 0);
    } finally {
      await r.dispose();
    }
  });

  it('a request that cannot be built (a header outside Latin-1) is one fatal, clear error: no request, no retry loop', async () => {
    const s = await serve(() => ({ chunks: ['data: a\n\n'] }));
    const r = run({ request: { url: s.url, headers: { 'X-Name': 'Zoë…' } }, reconnect: policyFrom('linear', { minDelayMs: 0, baseMs: 1 }) });
    try {
      await r.untilState(['failed']);
      await sleep(100);
      assert.equal(s.requests.length, 0);
      const errors = r.ofKind('error');
      assert.equal(errors.length, 1);
      assert.equal(errors[0]!.code, 'request');
      assert.equal(errors[0]!.fatal, true);
      assert.match(errors[0]!.message, /X-Name holds "…" \(U\+2026\).*cannot be sent/);
      assert.equal(r.ofKind('reconnect').length, 0);
      assert.equal(r.ofKind('close').at(-1)!.reason, 'fatal');
    } finally {
      await r.dispose();
    }
  });

  for (const name of ['Last-Event-ID', 'last-event-id', 'LAST-EVENT-ID']) {
    it(`a user header ${name} is the starting id: the stream's id replaces it, never joined to it`, async () => {
      const s = await serve((_req, i) => (i === 0 ? { chunks: ['data: before\n\nid: 8\ndata: after\n\n'] } : { status: 204 }));
      const r = await twoAttempts(s, { request: { url: s.url, headers: { [name]: 'start-7' } } });
      try {
        await r.untilState(['closed']);
        assert.equal(s.requests[0]!.headers['last-event-id'], 'start-7');
        assert.equal(s.requests[1]!.headers['last-event-id'], '8');
        assert.deepEqual(r.events().map((e) => e.lastEventId), ['start-7', '8']);
        assert.equal(r.ofKind('open')[0]!.lastEventIdSent, 'start-7');
        assert.equal(r.ofKind('open')[0]!.request.headers.filter(([n]) => n.toLowerCase() === 'last-event-id').length, 1);
      } finally {
        await r.dispose();
      }
    });
  }

  it('the lastEventId option starts the stream from that id', async () => {
    const s = await serve((_req, i) => (i === 0 ? { chunks: ['data: before\n\nid: 8\ndata: after\n\n'] } : { status: 204 }));
    const r = await twoAttempts(s, { request: { url: s.url }, lastEventId: 'start-7' });
    try {
      await r.untilState(['closed']);
      assert.equal(s.requests[0]!.headers['last-event-id'], 'start-7');
      assert.equal(s.requests[1]!.headers['last-event-id'], '8');
      assert.deepEqual(r.events().map((e) => e.lastEventId), ['start-7', '8']);
    } finally {
      await r.dispose();
    }
  });
});

describe('every end of a run has its close record', () => {
  const serve = useRawServers();

  it('a refused connection with reconnect off: a network-error close, state failed', async () => {
    const s = await serve(() => ({}));
    const url = s.url;
    await s.close();
    const r = run({ request: { url }, reconnect: POLICY_PRESETS.none });
    try {
      await r.untilState(['failed', 'closed']);
      assert.equal(r.inspector.connection.state, 'failed');
      const close = r.ofKind('close');
      assert.equal(close.length, 1);
      assert.equal(close[0]!.reason, 'network-error');
      assert.equal(close[0]!.willReconnect, false);
    } finally {
      await r.dispose();
    }
  });

  it('a fatal status: the error, then a fatal close with the status', async () => {
    const s = await serve(() => ({ status: 404, headers: { 'content-type': 'text/plain' }, chunks: ['nope'] }));
    const r = run({ request: { url: s.url }, reconnect: POLICY_PRESETS.linear });
    try {
      await r.untilState(['failed']);
      const close = r.ofKind('close').at(-1)!;
      assert.deepEqual([close.reason, close.status, close.willReconnect], ['fatal', 404, false]);
    } finally {
      await r.dispose();
    }
  });
});

describe('giving up after an attempt that opened: one close record for the one ending', () => {
  const serve = useRawServers();

  const endings: Array<{ name: string; last: { chunks: string[]; reset?: boolean } }> = [
    { name: 'the server ends the response', last: { chunks: [': nothing new\n\n'] } },
    { name: 'the connection is reset', last: { chunks: [': nothing new\n\n'], reset: true } },
  ];
  for (const ending of endings) {
    it(`${ending.name} on the last allowed reconnect: one max-attempts close, willReconnect false, with the attempt's bytes`, async () => {
      // The first attempt brings a new event; the two reconnects the policy allows bring none.
      const s = await serve((_req, i) => (i === 0 ? { chunks: ['id: 1\ndata: a\n\n'] } : ending.last));
      const clock = new ManualClock();
      const r = run({ request: { url: s.url }, reconnect: policyFrom('linear', { maxAttempts: 2 }), clock, idleTimeoutMs: 0 });
      try {
        await driveReconnects(r, clock, 10);
        await r.untilState(['failed']);
        assert.equal(r.ofKind('open').length, 3);
        const closes = r.ofKind('close');
        // One close per attempt: each attempt ended once.
        assert.deepEqual(
          closes.map((c) => [c.attempt, c.willReconnect]),
          [
            [1, true],
            [2, true],
            [3, false],
          ],
        );
        const last = closes.at(-1)!;
        assert.equal(last.reason, 'max-attempts');
        assert.match(last.message, /^Gave up: 2 reconnects in a row delivered no new event/);
        assert.equal(last.bytes, Buffer.byteLength(': nothing new\n\n'));
        // Nothing comes after the ending.
        assert.equal(r.records.at(-1), last);
      } finally {
        await r.dispose();
      }
    });
  }
});
