// The demo server's misbehaving endpoints, seen through the inspector's core: each one
// names the server behaviour and asserts what the user would see.
import assert from 'node:assert/strict';
import { startDemoServer, type DemoServer } from '../../../demo/server';
import { POLICY_PRESETS, policyFrom } from '../../../src/core/base/reconnect';
import { run } from '../../support/collect';

describe('demo server: misbehaving endpoints through the inspector', () => {
  let demo: DemoServer;
  before(async () => {
    demo = await startDemoServer({ port: 0, heartbeatMs: 100 });
  });
  after(() => demo.close());

  it('GET / lists every endpoint; an unknown path is a JSON 404', async () => {
    const index = (await (await fetch(`${demo.url}/`)).json()) as { endpoints: Array<{ path: string }> };
    for (const path of ['/events', '/api/chat/stream', '/flood', '/stall', '/reset']) assert.ok(index.endpoints.some((e) => e.path === path), path);
    const missing = await fetch(`${demo.url}/nope`);
    assert.equal(missing.status, 404);
    assert.match(((await missing.json()) as { error: string }).error, /No demo endpoint GET \/nope/);
  });

  it('wrong content type: a fatal error with the status, the content type and the body; no reconnect', async () => {
    const r = run({ request: { url: `${demo.url}/wrong-content-type` }, reconnect: policyFrom('fixed', { baseMs: 10 }) });
    try {
      await r.untilState(['failed']);
      const err = r.ofKind('error')[0]!;
      assert.equal(err.code, 'content-type');
      assert.match(err.message, /text\/html/);
      assert.match(err.body!, /Please log in/);
      assert.equal(r.ofKind('reconnect').length, 0);
    } finally {
      await r.dispose();
    }
  });

  it('204: the client stops, closed not failed', async () => {
    const r = run({ request: { url: `${demo.url}/status/204` }, reconnect: policyFrom('fixed', { baseMs: 10 }) });
    try {
      await r.untilState(['closed']);
      assert.equal(r.ofKind('close')[0]!.reason, 'no-content');
      assert.equal(r.ofKind('reconnect').length, 0);
    } finally {
      await r.dispose();
    }
  });

  it('500 twice then recovery: two reconnects logged as http-5xx, then the stream opens', async () => {
    const r = run({ request: { url: `${demo.url}/flaky?failures=2&key=recovery&heartbeatMs=50` }, reconnect: policyFrom('fixed', { baseMs: 10 }) });
    try {
      await r.until((rs) => rs.some((x) => x.kind === 'event' && x.type === 'system'), 5000, 'recovery');
      assert.deepEqual(r.ofKind('error').map((e) => e.status), [500, 500]);
      assert.deepEqual(r.ofKind('reconnect').map((x) => x.reason), ['http-5xx', 'http-5xx']);
      assert.equal(JSON.parse(r.events()[0]!.data).message, 'Recovered after 2 failures');
    } finally {
      await r.dispose();
    }
  });

  it('503 with Retry-After: the delay comes from the header', async () => {
    const r = run({ request: { url: `${demo.url}/status/503?retryAfter=0` }, reconnect: policyFrom('fixed', { baseMs: 5000, maxAttempts: 1, minDelayMs: 0 }) });
    try {
      await r.until((rs) => rs.some((x) => x.kind === 'reconnect'), 5000, 'a reconnect');
      const rec = r.ofKind('reconnect')[0]!;
      assert.equal(rec.source, 'retry-after');
      assert.equal(rec.delayMs, 0);
    } finally {
      await r.dispose();
    }
  });

  it('reset mid-event: the complete events stay, the partial one is dropped, a reconnect follows', async () => {
    const r = run({ request: { url: `${demo.url}/reset?events=3` }, reconnect: policyFrom('fixed', { baseMs: 5000, honourServerRetry: false }) });
    try {
      await r.until((rs) => rs.some((x) => x.kind === 'reconnect'), 5000, 'a reconnect');
      assert.deepEqual(r.events().map((e) => e.id), ['1', '2', '3']);
      const close = r.ofKind('close')[0]!;
      assert.equal(close.reason, 'network-error');
      assert.equal(close.willReconnect, true);
      assert.equal(r.ofKind('reconnect')[0]!.lastEventId, '3');
    } finally {
      await r.dispose();
    }
  });

  it('stall: comments only; the heartbeat monitor calls the stream comments-only and it is not idle', async () => {
    const r = run({ request: { url: `${demo.url}/stall?commentMs=40` }, reconnect: POLICY_PRESETS.none, idleTimeoutMs: 500 });
    try {
      await r.until((rs) => rs.filter((x) => x.kind === 'comment').length >= 15, 5000, '15 comments');
      assert.equal(r.events().length, 0);
      assert.equal(r.ofKind('error').length, 0, 'comments keep the stream alive');
      const hb = r.inspector.session.snapshot().heartbeat;
      assert.equal(hb.commentsOnly, true);
      assert.equal(hb.beatSource, 'comment');
    } finally {
      await r.dispose();
    }
  });

  it('retry: changes are each recorded, and the last one sets the reconnect delay', async () => {
    const r = run({ request: { url: `${demo.url}/retry-changes?values=3000,1000,400` }, reconnect: policyFrom('fixed', { maxAttempts: 1 }) });
    try {
      await r.until((rs) => rs.some((x) => x.kind === 'reconnect'), 5000, 'a reconnect');
      assert.deepEqual(r.ofKind('retry').map((x) => [x.ms, x.previousMs]), [[3000, undefined], [1000, 3000], [400, 1000]]);
      const rec = r.ofKind('reconnect')[0]!;
      assert.equal(rec.source, 'retry-field');
      assert.equal(rec.delayMs, 400);
    } finally {
      await r.dispose();
    }
  });

  for (const style of ['crlf', 'cr', 'mixed']) {
    it(`${style} line endings parse into the same events as LF`, async () => {
      const r = run({ request: { url: `${demo.url}/line-endings?style=${style}` }, reconnect: POLICY_PRESETS.none });
      try {
        await r.untilState(['closed']);
        assert.deepEqual(r.events().map((e) => [e.type, e.id, e.data]), [1, 2, 3].map((i) => ['line', String(i), `line ending ${style}\nsecond line`]));
      } finally {
        await r.dispose();
      }
    });
  }

  it('a leading BOM is stripped; multi-line data, data: without a space, unnamed events and id-only blocks follow the spec', async () => {
    const bom = run({ request: { url: `${demo.url}/bom` }, reconnect: POLICY_PRESETS.none });
    const multi = run({ request: { url: `${demo.url}/multiline` }, reconnect: POLICY_PRESETS.none });
    try {
      await bom.untilState(['closed']);
      assert.deepEqual(bom.events().map((e) => e.type), ['greeting']);
      await multi.untilState(['closed']);
      const ev = multi.events();
      assert.deepEqual(ev.map((e) => [e.type, e.data]), [
        ['message', 'first line\nsecond line\nthird line, no space'],
        ['named', '{"ok":true}'],
        ['message', 'after the comment'],
      ]);
      assert.equal(ev[2]!.lastEventId, '42', 'the id-only block set Last-Event-ID');
      assert.equal(multi.ofKind('comment')[0]!.text, 'a comment');
    } finally {
      await bom.dispose();
      await multi.dispose();
    }
  });

  it('a 1 MiB event arrives whole, with its exact size, between its neighbours', async () => {
    const r = run({ request: { url: `${demo.url}/big` }, reconnect: POLICY_PRESETS.none });
    try {
      await r.untilState(['closed'], 10000);
      assert.deepEqual(r.events().map((e) => e.type), ['before', 'big', 'after']);
      const big = r.events()[1]!;
      assert.equal(big.size, 1024 * 1024);
      assert.equal(big.data.length, 1024 * 1024);
    } finally {
      await r.dispose();
    }
  });

  it('a flood of 20 000 events: every one counted, ids in order, memory within the ring buffer bound', async () => {
    const r = run({ request: { url: `${demo.url}/flood?count=20000&size=100` }, reconnect: POLICY_PRESETS.none, maxRecords: 5000 });
    try {
      await r.untilState(['closed'], 20000);
      const events = r.events();
      assert.equal(events.length, 20000);
      assert.ok(events.every((e, i) => e.id === String(i + 1)));
      const snap = r.inspector.session.snapshot();
      assert.equal(snap.stats.events, 20000);
      assert.equal(snap.records.length, 5000);
      assert.equal(snap.evicted + snap.records.length, r.records.length, 'what was dropped is counted');
    } finally {
      await r.dispose();
    }
  });

  it('headers then silence: the idle timeout declares it dead and reconnects', async () => {
    const r = run({ request: { url: `${demo.url}/silent` }, reconnect: policyFrom('fixed', { baseMs: 5000 }), idleTimeoutMs: 200 });
    try {
      await r.until((rs) => rs.some((x) => x.kind === 'reconnect'), 5000, 'a reconnect');
      assert.equal(r.ofKind('error')[0]!.code, 'idle-timeout');
      assert.equal(r.ofKind('reconnect')[0]!.reason, 'idle-timeout');
    } finally {
      await r.dispose();
    }
  });

  it('a huge line that never ends: buffer-overflow error, the earlier event kept, no reconnect', async () => {
    const r = run({ request: { url: `${demo.url}/huge-line?mb=3` }, reconnect: policyFrom('fixed', { baseMs: 10 }), maxBufferSize: 1024 * 1024 });
    try {
      await r.untilState(['failed'], 10000);
      assert.deepEqual(r.events().map((e) => e.type), ['before']);
      assert.equal(r.ofKind('error')[0]!.code, 'buffer-overflow');
      assert.equal(r.ofKind('reconnect').length, 0);
    } finally {
      await r.dispose();
    }
  });

  it('a redirect to the stream is followed and shown on the open record', async () => {
    const r = run({ request: { url: `${demo.url}/redirect?to=${encodeURIComponent('/events?heartbeatMs=1000')}` }, reconnect: POLICY_PRESETS.none });
    try {
      await r.until((rs) => rs.some((x) => x.kind === 'event'), 5000, 'an event');
      const open = r.ofKind('open')[0]!;
      assert.deepEqual(open.redirects?.map((x) => [x.status, x.crossOrigin]), [[302, false]]);
      assert.equal(r.events()[0]!.type, 'system');
    } finally {
      await r.dispose();
    }
  });

  it('a gzip-encoded stream decodes event by event', async () => {
    const r = run({ request: { url: `${demo.url}/gzip?heartbeatMs=30` }, reconnect: POLICY_PRESETS.none });
    try {
      await r.until((rs) => rs.filter((x) => x.kind === 'event' && x.type === 'heartbeat').length >= 2, 5000, 'two gzip heartbeats');
      assert.equal(JSON.parse(r.events()[0]!.data).message, 'SSE connected (gzip)');
    } finally {
      await r.dispose();
    }
  });
});
