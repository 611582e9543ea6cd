// The connection against scripted real servers on 127.0.0.1: statuses, auth, retries,
// resume, cancel, idle timeout, overflow. Byte-exact responses come from raw-server.
import assert from 'node:assert/strict';
import * as net from 'node:net';
import { ManualClock } from '../../../../src/core/base/clock';
import { policyFrom, POLICY_PRESETS } from '../../../../src/core/base/reconnect';
import { REDACTED } from '../../../../src/core/base/redact';
import { run } from '../../../support/collect';
import { SSE_HEADERS, sleep, useRawServers } from '../../../support/raw-server';

describe('connection', () => {
  const serve = useRawServers();

  it('opens with status, headers and a redacted request summary, then streams events', async () => {
    const s = await serve(() => ({ headers: { ...SSE_HEADERS, 'x-server': 'raw' }, chunks: ['event: system\ndata: {"message":"hi"}\n\n'] }));
    const r = run({ request: { url: `${s.url}/events`, auth: { kind: 'bearer', token: 'sekret-token-123' } }, reconnect: POLICY_PRESETS.none });
    try {
      await r.untilState(['closed']);
      const open = r.ofKind('open')[0]!;
      assert.equal(open.status, 200);
      assert.equal(open.contentType, 'text/event-stream');
      assert.ok(open.headers.some(([n, v]) => n === 'x-server' && v === 'raw'));
      assert.deepEqual(open.request.headers.find(([n]) => n === 'Authorization'), ['Authorization', `Bearer ${REDACTED}`]);
      assert.equal(s.requests[0]!.headers.authorization, 'Bearer sekret-token-123', 'the real token is sent');
      assert.equal(s.requests[0]!.headers.accept, 'text/event-stream');
      assert.ok(!JSON.stringify(r.records).includes('sekret-token-123'), 'no record carries the token');
      assert.deepEqual(r.events().map((e) => [e.type, e.data]), [['system', '{"message":"hi"}']]);
      assert.deepEqual(r.ofKind('close').map((c) => [c.reason, c.willReconnect]), [['server-closed', false]]);
    } finally {
      await r.dispose();
    }
  });

  it('sends each auth kind the way the server expects it', async () => {
    const s = await serve(() => ({ chunks: ['data: ok\n\n'] }));
    const kinds = [
      { auth: { kind: 'bearer', token: 'tok-bearer' }, check: (h: Record<string, unknown>, url: string) => assert.equal(h.authorization, 'Bearer tok-bearer', url) },
      { auth: { kind: 'basic', username: 'demo', password: 'pa:ss' }, check: (h: Record<string, unknown>) => assert.equal(h.authorization, `Basic ${Buffer.from('demo:pa:ss').toString('base64')}`) },
      { auth: { kind: 'header', header: 'X-API-Key', value: 'key-123' }, check: (h: Record<string, unknown>) => assert.equal(h['x-api-key'], 'key-123') },
      { auth: { kind: 'cookie', name: 'session', value: 'sess-1' }, check: (h: Record<string, unknown>) => assert.equal(h.cookie, 'session=sess-1') },
      { auth: { kind: 'query', param: 'token', value: 'q tok' }, check: (_h: Record<string, unknown>, url: string) => assert.equal(new URL(url, 'http://x').searchParams.get('token'), 'q tok') },
    ] as const;
    for (const k of kinds) {
      const r = run({ request: { url: `${s.url}/auth?x=1`, auth: k.auth }, reconnect: POLICY_PRESETS.none });
      try {
        await r.untilState(['closed']);
        const seen = s.requests[s.requests.length - 1]!;
        k.check(seen.headers as Record<string, unknown>, seen.url);
        const summary = r.ofKind('open')[0]!.request;
        assert.equal(summary.authKind, k.auth.kind);
        const secret = 'token' in k.auth ? k.auth.token : 'value' in k.auth ? k.auth.value : k.auth.password;
        assert.ok(!JSON.stringify(summary).includes(secret), `summary for ${k.auth.kind} hides the secret: ${JSON.stringify(summary)}`);
        if (k.auth.kind === 'query') assert.equal(summary.secretInUrl, true);
      } finally {
        await r.dispose();
      }
    }
  });

  it('POSTs a JSON body with custom headers', async () => {
    const s = await serve(() => ({ chunks: ['event: content\ndata: {"text":"x"}\n\ndata: [DONE]\n\n'] }));
    const body = JSON.stringify({ message: 'hello', conversationId: 'c1' });
    const r = run({ request: { url: `${s.url}/api/chat/stream`, method: 'POST', body, headers: { 'X-Client-Version': '1.0.0' } }, reconnect: POLICY_PRESETS.none });
    try {
      await r.untilState(['closed']);
      const seen = s.requests[0]!;
      assert.equal(seen.method, 'POST');
      assert.equal(seen.body, body);
      assert.equal(seen.headers['content-type'], 'application/json');
      assert.equal(seen.headers['x-client-version'], '1.0.0');
      assert.equal(r.ofKind('open')[0]!.request.bodyBytes, Buffer.byteLength(body));
      assert.deepEqual(r.events().map((e) => e.data), ['{"text":"x"}', '[DONE]']);
    } finally {
      await r.dispose();
    }
  });

  it('a wrong content type fails clearly with the body shown, and does not reconnect', async () => {
    const s = await serve(() => ({ headers: { 'content-type': 'text/html' }, chunks: ['<html><body>Login page</body></html>'] }));
    const r = run({ request: { url: s.url }, reconnect: policyFrom('fixed', { baseMs: 10 }) });
    try {
      await r.untilState(['failed']);
      const err = r.ofKind('error')[0]!;
      assert.equal(err.code, 'content-type');
      assert.equal(err.fatal, true);
      assert.match(err.message, /text\/html/);
      assert.match(err.body ?? '', /Login page/);
      await sleep(50);
      assert.equal(s.requests.length, 1, 'no reconnect after a wrong content type');
      assert.equal(r.ofKind('reconnect').length, 0);
    } finally {
      await r.dispose();
    }
  });

  it('HTTP 204 stops the client: closed, no reconnect', async () => {
    const s = await serve(() => ({ status: 204, headers: {} }));
    const r = run({ request: { url: s.url }, reconnect: policyFrom('fixed', { baseMs: 10 }) });
    try {
      await r.untilState(['closed']);
      const close = r.ofKind('close')[0]!;
      assert.equal(close.reason, 'no-content');
      assert.equal(close.status, 204);
      await sleep(50);
      assert.equal(s.requests.length, 1);
    } finally {
      await r.dispose();
    }
  });

  it('a non-retryable status (404) fails with status and JSON body', async () => {
    const s = await serve(() => ({ status: 404, headers: { 'content-type': 'application/json' }, chunks: ['{"error":"no such stream"}'] }));
    const r = run({ request: { url: s.url }, reconnect: policyFrom('fixed', { baseMs: 10 }) });
    try {
      await r.untilState(['failed']);
      const err = r.ofKind('error')[0]!;
      assert.equal(err.status, 404);
      assert.equal(err.body, '{"error":"no such stream"}');
      assert.equal(err.fatal, true);
    } finally {
      await r.dispose();
    }
  });

  it('500 then recovery: reconnects using Retry-After, and the reconnect log says why', async () => {
    const s = await serve((_req, i) => (i === 0 ? { status: 503, headers: { 'retry-after': '0', 'content-type': 'application/json' }, chunks: ['{"error":"busy"}'] } : { chunks: ['data: back\n\n'], keepOpen: true }));
    // No floor: this is about who chose the delay.
    const r = run({ request: { url: s.url }, reconnect: policyFrom('linear', { minDelayMs: 0 }) });
    try {
      await r.until((rs) => rs.some((x) => x.kind === 'event'), 5000, 'an event after recovery');
      const rec = r.ofKind('reconnect')[0]!;
      assert.equal(rec.reason, 'http-5xx');
      assert.equal(rec.source, 'retry-after');
      assert.equal(rec.delayMs, 0);
      assert.equal(r.ofKind('error')[0]!.status, 503);
      assert.equal(r.ofKind('open')[0]!.status, 200);
      assert.equal(r.events()[0]!.attempt, 2);
    } finally {
      await r.dispose();
    }
  });

  it('sends Last-Event-ID on reconnect and reports it in the open and reconnect records', async () => {
    const s = await serve((_req, i) => ({ chunks: i === 0 ? ['retry: 5\nid: 41\ndata: a\n\nid: 42\ndata: b\n\n'] : ['data: resumed\n\n'], keepOpen: i > 0 }));
    const r = run({ request: { url: s.url }, reconnect: policyFrom('fixed', { minDelayMs: 0 }) });
    try {
      await r.until((rs) => rs.some((x) => x.kind === 'event' && x.data === 'resumed'), 5000, 'the resumed event');
      assert.equal(s.requests[0]!.headers['last-event-id'], undefined);
      assert.equal(s.requests[1]!.headers['last-event-id'], '42');
      const rec = r.ofKind('reconnect')[0]!;
      assert.equal(rec.lastEventId, '42');
      assert.equal(rec.source, 'retry-field', 'the server retry: 5 chose the delay');
      assert.equal(rec.delayMs, 5);
      assert.equal(r.ofKind('open')[1]!.lastEventIdSent, '42');
    } finally {
      await r.dispose();
    }
  });

  it('401 calls the refresh hook once, retries with the new token, and succeeds', async () => {
    const s = await serve((req) => (req.headers.authorization === 'Bearer fresh' ? { chunks: ['data: in\n\n'], keepOpen: true } : { status: 401, headers: { 'content-type': 'application/json' }, chunks: ['{"error":"expired"}'] }));
    let calls = 0;
    const r = run({
      request: { url: s.url, auth: { kind: 'bearer', token: 'stale' } },
      reconnect: POLICY_PRESETS.linear,
      refreshAuth: async ({ status }) => {
        calls++;
        assert.equal(status, 401);
        return { kind: 'bearer', token: 'fresh' };
      },
    });
    try {
      await r.until((rs) => rs.some((x) => x.kind === 'event'), 5000, 'an event after refresh');
      assert.equal(calls, 1);
      assert.deepEqual(r.ofKind('reconnect').map((x) => x.reason), ['auth-refresh']);
      assert.equal(r.ofKind('error')[0]!.status, 401);
      assert.equal(r.ofKind('error')[0]!.fatal, false);
    } finally {
      await r.dispose();
    }
  });

  it('a 401 loop refreshes once, then fails instead of looping', async () => {
    const s = await serve(() => ({ status: 401, chunks: ['{"error":"nope"}'], headers: { 'content-type': 'application/json' } }));
    let calls = 0;
    const r = run({
      request: { url: s.url, auth: { kind: 'bearer', token: 'stale' } },
      reconnect: POLICY_PRESETS.linear,
      refreshAuth: async () => {
        calls++;
        return { kind: 'bearer', token: 'still-bad' };
      },
    });
    try {
      await r.untilState(['failed']);
      assert.equal(calls, 1);
      assert.equal(s.requests.length, 2);
      const last = r.ofKind('error').at(-1)!;
      assert.equal(last.fatal, true);
      assert.equal(last.status, 401);
    } finally {
      await r.dispose();
    }
  });

  it('a reset mid-event keeps earlier events, drops the partial one, and reconnects', async () => {
    const s = await serve((_req, i) => (i === 0 ? { chunks: ['data: one\n\ndata: par'], reset: true } : { chunks: ['data: two\n\n'], keepOpen: true }));
    const r = run({ request: { url: s.url }, reconnect: policyFrom('fixed', { baseMs: 5 }) });
    try {
      await r.until((rs) => rs.some((x) => x.kind === 'event' && x.data === 'two'), 5000, 'the event after reset');
      assert.deepEqual(r.events().map((e) => e.data), ['one', 'two']);
      const close = r.ofKind('close')[0]!;
      assert.equal(close.reason, 'network-error');
      assert.equal(close.willReconnect, true);
      assert.equal(r.ofKind('reconnect')[0]!.reason, 'error');
    } finally {
      await r.dispose();
    }
  });

  it('a refused TCP connection is a network error with the code, and is retried', async () => {
    const port = await freePort();
    const r = run({ request: { url: `http://127.0.0.1:${port}/events` }, reconnect: policyFrom('exponential', { baseMs: 1, maxAttempts: 2, minDelayMs: 0 }) });
    try {
      await r.untilState(['failed']);
      const errors = r.ofKind('error');
      assert.equal(errors.length, 3, 'first attempt + 2 retries');
      assert.match(errors[0]!.message, /ECONNREFUSED/);
      assert.deepEqual(r.ofKind('reconnect').map((x) => x.delayMs), [2, 4]);
      assert.equal(r.ofKind('close').at(-1)!.reason, 'max-attempts');
    } finally {
      await r.dispose();
    }
  });

  it('declares a silent stream dead after the idle timeout and reconnects', async () => {
    const s = await serve(() => ({ chunks: ['data: hello\n\n'], keepOpen: true }));
    const r = run({ request: { url: s.url }, reconnect: policyFrom('fixed', { baseMs: 5 }), idleTimeoutMs: 150 });
    try {
      await r.until((rs) => rs.filter((x) => x.kind === 'open').length >= 2, 5000, 'a second open after idle timeout');
      assert.equal(r.ofKind('error')[0]!.code, 'idle-timeout');
      assert.equal(r.ofKind('close')[0]!.reason, 'idle-timeout');
      assert.equal(r.ofKind('reconnect')[0]!.reason, 'idle-timeout');
    } finally {
      await r.dispose();
    }
  });

  it('comments keep an otherwise silent stream alive (no idle timeout)', async () => {
    // 8 comments 40 ms apart span 320 ms, more than twice the 150 ms idle timeout.
    const s = await serve(() => ({ chunks: Array.from({ length: 8 }, () => ': ping\n'), gapMs: 40, keepOpen: true }));
    const r = run({ request: { url: s.url }, reconnect: policyFrom('fixed', { baseMs: 5 }), idleTimeoutMs: 150 });
    try {
      await r.until((rs) => rs.filter((x) => x.kind === 'comment').length >= 8, 5000, '8 comments');
      assert.equal(r.ofKind('error').filter((e) => e.code === 'idle-timeout').length, 0);
      assert.equal(r.ofKind('open').length, 1);
    } finally {
      await r.dispose();
    }
  });

  it('a line over the parser limit is a clear error; earlier events are kept; no reconnect loop', async () => {
    const s = await serve(() => ({ chunks: ['data: small\n\n', 'data: ' + 'x'.repeat(5000), 'x'.repeat(5000) + '\n\n'], keepOpen: true }));
    const r = run({ request: { url: s.url }, reconnect: policyFrom('fixed', { baseMs: 5 }), maxBufferSize: 4000 });
    try {
      await r.untilState(['failed']);
      assert.deepEqual(r.events().map((e) => e.data), ['small']);
      const err = r.ofKind('error')[0]!;
      assert.equal(err.code, 'buffer-overflow');
      assert.match(err.message, /4000/);
      assert.equal(r.ofKind('close')[0]!.reason, 'buffer-overflow');
      await sleep(30);
      assert.equal(s.requests.length, 1);
    } finally {
      await r.dispose();
    }
  });

  it('stop() while streaming closes the socket and leaves no timers or requests behind', async () => {
    const s = await serve(() => ({ chunks: ['data: a\n\n'], keepOpen: true }));
    const clock = new ManualClock();
    const r = run({ request: { url: s.url }, reconnect: POLICY_PRESETS.fixed, idleTimeoutMs: 60_000, clock });
    await r.until((rs) => rs.some((x) => x.kind === 'event'), 5000, 'first event');
    assert.equal(clock.pendingCount, 1, 'the idle timer is armed while open');
    await r.inspector.stop();
    assert.equal(r.inspector.connection.state, 'closed');
    assert.equal(clock.pendingCount, 0, 'no timer left');
    assert.equal(r.ofKind('close').at(-1)!.reason, 'aborted');
    await r.dispose();
    for (let i = 0; i < 50 && s.openSockets() > 0; i++) await sleep(10);
    assert.equal(s.openSockets(), 0, 'the server saw the socket close');
    clock.advance(120_000);
    assert.equal(s.requests.length, 1, 'nothing reconnects after stop');
  });

  it('stop() while waiting to reconnect cancels the timer', async () => {
    const s = await serve(() => ({ status: 503, chunks: ['busy'] }));
    const clock = new ManualClock();
    const r = run({ request: { url: s.url }, reconnect: POLICY_PRESETS.linear, clock });
    await r.untilState(['waiting']);
    assert.deepEqual(clock.pendingDelays(), [700]);
    await r.inspector.stop();
    assert.equal(clock.pendingCount, 0);
    assert.equal(r.inspector.connection.state, 'closed');
    clock.advance(10_000);
    await sleep(20);
    assert.equal(s.requests.length, 1);
    await r.dispose();
  });

  it('reconnectNow() drops the open stream and reconnects at once with reason manual', async () => {
    const s = await serve(() => ({ chunks: ['id: 9\ndata: a\n\n'], keepOpen: true }));
    const r = run({ request: { url: s.url }, reconnect: POLICY_PRESETS.fixed });
    try {
      await r.until((rs) => rs.some((x) => x.kind === 'event'), 5000, 'first event');
      r.inspector.connection.reconnectNow();
      await r.until((rs) => rs.filter((x) => x.kind === 'open').length === 2, 5000, 'second open');
      const rec = r.ofKind('reconnect')[0]!;
      assert.equal(rec.reason, 'manual');
      assert.equal(rec.delayMs, 0);
      assert.equal(rec.lastEventId, '9');
      assert.equal(s.requests[1]!.headers['last-event-id'], '9');
    } finally {
      await r.dispose();
    }
  });

  it('follows a same-origin redirect with credentials, and drops every credential across origins', async () => {
    const target = await serve(() => ({ chunks: ['data: landed\n\n'] }));
    const origin = await serve((req) =>
      req.url.startsWith('/same') ? { status: 307, headers: { location: '/moved' } } : req.url.startsWith('/moved') ? { chunks: ['data: same\n\n'] } : { status: 302, headers: { location: `${target.url}/elsewhere` } },
    );
    const auths = [
      { kind: 'bearer', token: 'bearer-secret' },
      { kind: 'header', header: 'X-API-Key', value: 'key-secret' },
      { kind: 'cookie', name: 'session', value: 'cookie-secret' },
      { kind: 'query', param: 'token', value: 'query-secret' },
    ] as const;
    for (const auth of auths) {
      const same = run({ request: { url: `${origin.url}/same`, auth }, reconnect: POLICY_PRESETS.none });
      await same.untilState(['closed']);
      await same.dispose();
      const followed = origin.requests.at(-1)!;
      assert.ok(followed.url.startsWith('/moved'));
      assert.ok(JSON.stringify(followed).includes('secret'), `same origin keeps ${auth.kind}`);
      assert.deepEqual(same.ofKind('open')[0]!.redirects, [{ status: 307, url: same.ofKind('open')[0]!.redirects![0]!.url, crossOrigin: false }]);

      const cross = run({ request: { url: `${origin.url}/cross`, auth, headers: { 'X-Trace': 'kept' } }, reconnect: POLICY_PRESETS.none });
      await cross.untilState(['closed']);
      await cross.dispose();
      const landed = target.requests.at(-1)!;
      assert.equal(landed.url, '/elsewhere');
      assert.ok(!JSON.stringify(landed).includes('secret'), `cross origin drops ${auth.kind}: ${JSON.stringify(landed.headers)}`);
      assert.equal(landed.headers['x-trace'], 'kept');
      assert.deepEqual(cross.events().map((e) => e.data), ['landed']);
      assert.equal(cross.ofKind('open')[0]!.redirects![0]!.crossOrigin, true);
    }
  });

  it('a redirect turns POST into GET on 303, keeps POST on 307', async () => {
    const s = await serve((req) => (req.url === '/see-other' ? { status: 303, headers: { location: '/result' } } : req.url === '/temp' ? { status: 307, headers: { location: '/result' } } : { chunks: ['data: ok\n\n'] }));
    for (const [path, method] of [['/see-other', 'GET'], ['/temp', 'POST']] as const) {
      const r = run({ request: { url: `${s.url}${path}`, method: 'POST', body: '{"a":1}' }, reconnect: POLICY_PRESETS.none });
      await r.untilState(['closed']);
      await r.dispose();
      const last = s.requests.at(-1)!;
      assert.equal(last.method, method, path);
      assert.equal(last.body, method === 'POST' ? '{"a":1}' : '');
    }
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}
