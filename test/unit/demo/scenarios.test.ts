// Every scenario of ../shared/docs/scenarios.md (S1-S6), played by the demo server on
// 127.0.0.1 and observed through the inspector's core exactly as the panel sees it.
import assert from 'node:assert/strict';
import { startDemoServer, type DemoServer } from '../../../demo/server';
import { POLICY_PRESETS, policyFrom } from '../../../src/core/base/reconnect';
import { REDACTED } from '../../../src/core/base/redact';
import { run } from '../../support/collect';
import { sleep } from '../../support/raw-server';

describe('scenarios S1-S6 against the demo server', () => {
  let demo: DemoServer;
  before(async () => {
    demo = await startDemoServer({ port: 0, heartbeatMs: 100, chatCharDelayMs: 2, botChunkMs: 20 });
  });
  after(() => demo.close());

  it('S1: system on connect, then heartbeats at the cadence; headers as the seed sets them', async () => {
    const r = run({ request: { url: `${demo.url}/events?heartbeatMs=100` }, reconnect: POLICY_PRESETS.none });
    try {
      await r.until((rs) => rs.filter((x) => x.kind === 'event' && x.type === 'heartbeat').length >= 4, 5000, '4 heartbeats');
      const [first] = r.events();
      assert.equal(first!.type, 'system');
      assert.deepEqual(JSON.parse(first!.data), { message: 'SSE connected' });
      const beat = r.events().find((e) => e.type === 'heartbeat')!;
      assert.equal(typeof JSON.parse(beat.data).timestamp, 'number');
      assert.equal(beat.cls, 'heartbeat');
      const open = r.ofKind('open')[0]!;
      const h = Object.fromEntries(open.headers);
      assert.match(h['content-type']!, /^text\/event-stream/);
      assert.equal(h['cache-control'], 'no-cache, no-transform');
      assert.equal(h['x-accel-buffering'], 'no');
      const hb = r.inspector.session.snapshot().heartbeat;
      assert.equal(hb.beatSource, 'event');
      assert.ok(hb.beats >= 4);
      assert.ok(hb.expectedIntervalMs! >= 80 && hb.expectedIntervalMs! <= 160, `cadence ~100 ms, inferred ${hb.expectedIntervalMs}`);
      assert.equal(hb.missed, 0);
    } finally {
      await r.dispose();
    }
  });

  it('S2: bot-chunk fragments are grouped by messageId into merged text', async () => {
    const r = run({ request: { url: `${demo.url}/events?bot=1&heartbeatMs=1000` }, reconnect: POLICY_PRESETS.none });
    try {
      await r.until(() => r.inspector.session.messages().some((m) => m.format === 'bot-chunk' && m.done), 8000, 'a complete bot message');
      const chunks = r.events().filter((e) => e.type === 'bot-chunk').map((e) => JSON.parse(e.data) as { messageId: string; chunk: string; isFinal: boolean });
      const done = r.inspector.session.messages().find((m) => m.done)!;
      const mine = chunks.filter((c) => c.messageId === done.id);
      assert.equal(done.text, mine.map((c) => c.chunk).join(''));
      assert.ok(done.chunks >= 2, 'the reply came in several fragments');
      assert.equal(mine.at(-1)!.isFinal, true);
    } finally {
      await r.dispose();
    }
  });

  describe('S3: JWT in the query string, rooms', () => {
    const roomUrl = (q: Record<string, string>) => `${demo.url}/events?${new URLSearchParams(q)}`;

    it('refuses a missing or bad token with 401 and shows the JSON error body', async () => {
      const refused: Array<Record<string, string>> = [{ roomId: 'r', username: 'a', userId: 'u1' }, { token: 'not-a-jwt', roomId: 'r', username: 'a', userId: 'u1' }];
      for (const q of refused) {
        const r = run({ request: { url: roomUrl(q) }, reconnect: POLICY_PRESETS.fixed });
        try {
          await r.untilState(['failed']);
          const err = r.ofKind('error')[0]!;
          assert.equal(err.status, 401);
          assert.equal(typeof JSON.parse(err.body!).error, 'string');
          assert.equal(err.fatal, true);
        } finally {
          await r.dispose();
        }
      }
    });

    it('refuses a token for another user with 403, and missing roomId/username with 400', async () => {
      const token = await demo.issueToken({ userId: 'u1', username: 'alice' });
      const cases: Array<[Record<string, string>, number]> = [
        [{ token, roomId: 'r', username: 'alice', userId: 'someone-else' }, 403],
        [{ token, username: 'alice', userId: 'u1' }, 400],
        [{ token, roomId: 'r', userId: 'u1' }, 400],
      ];
      for (const [q, status] of cases) {
        const r = run({ request: { url: roomUrl(q) }, reconnect: POLICY_PRESETS.fixed });
        try {
          await r.untilState(['failed']);
          assert.equal(r.ofKind('error')[0]!.status, status, JSON.stringify(q));
        } finally {
          await r.dispose();
        }
      }
    });

    it('welcomes with onlineCount, fans out joins, room messages and leaves; the token is redacted', async () => {
      const aliceToken = await demo.issueToken({ userId: 'u1', username: 'alice' });
      const bobToken = await demo.issueToken({ userId: 'u2', username: 'bob' });
      const alice = run({ request: { url: roomUrl({ roomId: 'room-001', username: 'alice', userId: 'u1', clientId: 'c-alice' }), auth: { kind: 'query', param: 'token', value: aliceToken } }, reconnect: POLICY_PRESETS.none });
      try {
        await alice.until((rs) => rs.some((x) => x.kind === 'event' && x.type === 'system'), 5000, 'alice welcomed');
        assert.equal(JSON.parse(alice.events()[0]!.data).onlineCount, 1);
        const summary = alice.ofKind('open')[0]!.request;
        assert.equal(summary.secretInUrl, true);
        assert.equal(new URL(summary.url).searchParams.get('token'), REDACTED);
        assert.ok(!JSON.stringify(alice.records).includes(aliceToken));

        const bob = run({ request: { url: roomUrl({ token: bobToken, roomId: 'room-001', username: 'bob', userId: 'u2', clientId: 'c-bob' }) }, reconnect: POLICY_PRESETS.none });
        await bob.until((rs) => rs.some((x) => x.kind === 'event' && x.type === 'system'), 5000, 'bob welcomed');
        assert.equal(JSON.parse(bob.events()[0]!.data).onlineCount, 2);
        await alice.until((rs) => rs.some((x) => x.kind === 'event' && x.type === 'user-joined'), 5000, 'alice sees bob join');
        assert.equal(JSON.parse(alice.events().find((e) => e.type === 'user-joined')!.data).username, 'bob');

        const posted = await fetch(`${demo.url}/api/rooms/room-001/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'bob', message: 'hi all' }) });
        assert.ok(posted.ok);
        await alice.until((rs) => rs.some((x) => x.kind === 'event' && x.type === 'room-message'), 5000, 'room message');
        assert.equal(JSON.parse(alice.events().find((e) => e.type === 'room-message')!.data).message, 'hi all');

        await bob.dispose();
        await alice.until((rs) => rs.some((x) => x.kind === 'event' && x.type === 'user-left'), 5000, 'bob leaves');
      } finally {
        await alice.dispose();
      }
    });
  });

  describe('S4: Bearer header', () => {
    it('401 without a token, shown clearly', async () => {
      const r = run({ request: { url: `${demo.url}/secure/events` }, reconnect: POLICY_PRESETS.fixed });
      try {
        await r.untilState(['failed']);
        const err = r.ofKind('error')[0]!;
        assert.equal(err.status, 401);
        assert.match(err.message, /401/);
      } finally {
        await r.dispose();
      }
    });

    it('streams with a valid token; the header is redacted in the records', async () => {
      const token = await demo.issueToken({ userId: 'u9', username: 'carol' });
      const r = run({ request: { url: `${demo.url}/events?heartbeatMs=100`, auth: { kind: 'bearer', token } }, reconnect: POLICY_PRESETS.none });
      try {
        await r.until((rs) => rs.some((x) => x.kind === 'event' && x.type === 'heartbeat'), 5000, 'a heartbeat');
        const system = JSON.parse(r.events()[0]!.data);
        assert.equal(system.userId, 'u9');
        assert.ok(!JSON.stringify(r.records).includes(token));
      } finally {
        await r.dispose();
      }
    });
  });

  describe('S5: POST chat stream', () => {
    it('streams one character per content event, ends with [DONE], and the answer is assembled', async () => {
      const token = await demo.issueToken({ userId: 'u1', username: 'alice' });
      const body = JSON.stringify({ message: 'SSE 是什么？', conversationId: 'conv-42', history: [], model: 'gpt-4', temperature: 0.7 });
      const r = run({ request: { url: `${demo.url}/api/chat/stream?delayMs=1`, method: 'POST', body, auth: { kind: 'bearer', token } }, reconnect: POLICY_PRESETS.none });
      try {
        await r.untilState(['closed'], 15000);
        const content = r.events().filter((e) => e.type === 'content').map((e) => JSON.parse(e.data) as { type: string; text: string; messageId: string; index: number });
        assert.ok(content.length > 10);
        assert.ok(content.every((c, i) => c.type === 'content' && [...c.text].length === 1 && c.messageId === 'conv-42' && c.index === i));
        assert.equal(r.events().at(-1)!.data, '[DONE]');
        assert.equal(r.ofKind('error').length, 0, '[DONE] is not a parse error');
        const answer = r.inspector.session.messages().find((m) => m.id === 'conv-42')!;
        assert.equal(answer.done, true);
        assert.equal(answer.text, content.map((c) => c.text).join(''));
        assert.ok(answer.text.includes('SSE 是什么？'), 'the reply quotes the question');
      } finally {
        await r.dispose();
      }
    });

    it('400 on a missing message, 401 without a token', async () => {
      const token = await demo.issueToken({ userId: 'u1', username: 'alice' });
      for (const [auth, body, status] of [
        [{ kind: 'bearer', token }, '{"conversationId":"x"}', 400],
        [{ kind: 'none' }, '{"message":"hi"}', 401],
      ] as const) {
        const r = run({ request: { url: `${demo.url}/api/chat/stream`, method: 'POST', body, auth }, reconnect: POLICY_PRESETS.none });
        try {
          await r.untilState(['failed']);
          assert.equal(r.ofKind('error')[0]!.status, status);
        } finally {
          await r.dispose();
        }
      }
    });
  });

  it('S6: an expired token gets a 401, the refresh endpoint gives a new one, and the reconnect is logged', async () => {
    const login = (await (await fetch(`${demo.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId: 'demo-user', username: 'demo', expiresInSec: 1 }) })).json()) as { token: string; refreshToken: string };
    await sleep(1100);
    let refreshed: string | undefined;
    const r = run({
      request: { url: `${demo.url}/secure/events?heartbeatMs=100`, auth: { kind: 'bearer', token: login.token } },
      reconnect: policyFrom('linear'),
      refreshAuth: async () => {
        const res = await fetch(`${demo.url}/api/auth/refresh`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ refreshToken: login.refreshToken }) });
        if (!res.ok) return undefined;
        refreshed = ((await res.json()) as { token: string }).token;
        return { kind: 'bearer', token: refreshed };
      },
    });
    try {
      await r.until((rs) => rs.some((x) => x.kind === 'event' && x.type === 'system'), 8000, 'connected after refresh');
      assert.equal(r.ofKind('error')[0]!.status, 401);
      const rec = r.ofKind('reconnect')[0]!;
      assert.equal(rec.reason, 'auth-refresh');
      assert.equal(r.ofKind('open')[0]!.attempt, 2);
      assert.ok(refreshed && !JSON.stringify(r.records).includes(refreshed), 'the new token is not in any record');
    } finally {
      await r.dispose();
    }
  });

  it('resume: Last-Event-ID continues the numbering across server-closed connections', async () => {
    const r = run({ request: { url: `${demo.url}/resume?count=9&perConnection=3&key=scenario-resume` }, reconnect: policyFrom('fixed', { baseMs: 10, honourServerRetry: false }) });
    try {
      await r.until((rs) => rs.filter((x) => x.kind === 'event' && x.type === 'tick').length >= 9, 8000, '9 ticks');
      const ticks = r.events().filter((e) => e.type === 'tick').map((e) => e.id);
      assert.deepEqual(ticks.slice(0, 9), ['1', '2', '3', '4', '5', '6', '7', '8', '9']);
      const resumes = r.events().filter((e) => e.type === 'resume').map((e) => JSON.parse(e.data).lastEventId);
      assert.deepEqual(resumes.slice(0, 3), [null, '3', '6']);
      assert.deepEqual(r.ofKind('reconnect').slice(0, 2).map((x) => x.lastEventId), ['3', '6']);
    } finally {
      await r.dispose();
    }
  });
});
