// Record, replay and export: a real session against the demo server is saved as
// .sse.jsonl, read back, replayed from a local endpoint, and exported as HAR and curl.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { startDemoServer, type DemoServer } from '../../../../demo/server';
import { readRecording, RECORDING_FORMAT, RecordingError, toCurl, toHar, writeRecording } from '../../../../src/core/export';
import { policyFrom, POLICY_PRESETS } from '../../../../src/core/base/reconnect';
import { REDACTED, scrubSecrets } from '../../../../src/core/base/redact';
import { startReplayServer } from '../../../../src/core/replay';
import { run } from '../../../support/collect';

describe('record, replay and export', () => {
  let demo: DemoServer;
  before(async () => {
    demo = await startDemoServer({ port: 0 });
  });
  after(() => demo.close());

  /** A session with two attempts: 1-3, a server close, then 4-6 after a resume. */
  async function recordResume() {
    const r = run({ request: { url: `${demo.url}/resume?count=6&perConnection=3` }, reconnect: policyFrom('fixed', { baseMs: 30, honourServerRetry: false, maxAttempts: 3 }) });
    await r.untilState(['closed', 'failed'], 8000);
    const records = r.inspector.session.snapshot().records;
    await r.dispose();
    return records;
  }

  it('a recording round-trips through .sse.jsonl text, and a bad line is named', async () => {
    const records = await recordResume();
    const text = writeRecording({ header: { format: RECORDING_FORMAT, version: 1, label: 'resume demo', createdAt: new Date().toISOString(), evicted: 0 }, records });
    const back = readRecording(text);
    assert.equal(back.header.label, 'resume demo');
    assert.deepEqual(back.records, records);
    // A CLI --jsonl file (no header) opens too.
    assert.equal(readRecording(records.map((x) => JSON.stringify(x)).join('\n')).records.length, records.length);
    assert.throws(() => readRecording(`${text}{"kind":"event"}\n`), (e: unknown) => e instanceof RecordingError && /Line \d+ is not a record/.test(e.message));
    assert.throws(() => readRecording('not json'), /Line 1 is not JSON/);
    assert.throws(() => readRecording('\n\n'), /empty/);
  });

  it('a replay serves each recorded attempt in turn, with its events, then 204', async () => {
    const records = await recordResume();
    const replay = await startReplayServer(records, { speed: 0 });
    const r = run({ request: { url: replay.url }, reconnect: policyFrom('fixed', { baseMs: 10, honourServerRetry: false }) });
    try {
      await r.untilState(['closed'], 8000);
      const original = records.filter((x) => x.kind === 'event').map((e) => [e.type, e.id, e.data]);
      assert.deepEqual(r.events().map((e) => [e.type, e.id, e.data]), original);
      assert.equal(r.ofKind('close').at(-1)!.reason, 'no-content', 'the recording used up: 204');
      assert.equal(replay.served, 3, 'two attempts (the third was the original 204) then the 204 of the replay');
    } finally {
      await r.dispose();
      await replay.close();
    }
  });

  it('a replay keeps the original timing, scaled by speed', async () => {
    const live = run({ request: { url: `${demo.url}/events?heartbeatMs=300` }, reconnect: POLICY_PRESETS.none });
    await live.until((rs) => rs.filter((x) => x.kind === 'event').length >= 4, 5000, '4 events');
    const records = live.inspector.session.snapshot().records;
    await live.dispose();
    const replay = await startReplayServer(records, { speed: 3 });
    const r = run({ request: { url: replay.url }, reconnect: POLICY_PRESETS.none });
    try {
      await r.until((rs) => rs.filter((x) => x.kind === 'event').length >= 4, 5000, '4 replayed events');
      const gaps = r.events().slice(1, 4).map((e, i) => e.mono - r.events()[i]!.mono);
      // Heartbeats 300 ms apart, replayed three times as fast: about 100 ms each. A correctness
      // check with room for a loaded machine: paced (not all at once), and faster than recorded.
      for (const g of gaps.slice(1)) assert.ok(g > 50 && g < 250, `gap ${g} ms`);
    } finally {
      await r.dispose();
      await replay.close();
    }
  });

  it('a refused attempt is replayed as the same status and body', async () => {
    const r = run({ request: { url: `${demo.url}/secure/events` }, reconnect: POLICY_PRESETS.none });
    await r.untilState(['failed']);
    const records = r.inspector.session.snapshot().records;
    await r.dispose();
    const replay = await startReplayServer(records, { speed: 0 });
    const again = run({ request: { url: replay.url }, reconnect: POLICY_PRESETS.none });
    try {
      await again.untilState(['failed']);
      const err = again.ofKind('error')[0]!;
      assert.equal(err.status, 401);
      assert.match(err.body!, /missing Bearer token/);
    } finally {
      await again.dispose();
      await replay.close();
    }
  });

  it('HAR: one entry per attempt, the stream text as content, events listed, secrets redacted', async () => {
    const token = await demo.issueToken({ userId: 'u1', username: 'alice' });
    const r = run({ request: { url: `${demo.url}/api/chat/stream?delayMs=0`, method: 'POST', body: '{"message":"hi","conversationId":"c9"}', auth: { kind: 'bearer', token } }, reconnect: POLICY_PRESETS.none });
    await r.untilState(['closed']);
    const records = r.inspector.session.snapshot().records;
    await r.dispose();
    const har = toHar(records, '0.1.0') as { log: { version: string; entries: Array<{ request: { method: string; headers: Array<{ name: string; value: string }>; postData?: { text: string } }; response: { status: number; content: { text: string; mimeType: string } }; _sseEvents: unknown[] }> } };
    assert.equal(har.log.version, '1.2');
    const [entry] = har.log.entries;
    assert.equal(entry!.request.method, 'POST');
    assert.equal(entry!.request.postData!.text, '{"message":"hi","conversationId":"c9"}');
    assert.deepEqual(entry!.request.headers.find((h) => h.name === 'Authorization'), { name: 'Authorization', value: `Bearer ${REDACTED}` });
    assert.equal(entry!.response.status, 200);
    assert.match(entry!.response.content.text, /^event: content\ndata: \{"type":"content"/);
    assert.match(entry!.response.content.text, /data: \[DONE\]\n\n$/);
    assert.equal(entry!._sseEvents.length, records.filter((x) => x.kind === 'event').length);
    assert.ok(!JSON.stringify(har).includes(token));
  });

  it('curl: the same request as a command, secrets redacted unless asked; the command really works', async () => {
    const token = await demo.issueToken({ userId: 'u1', username: "o'brien" });
    const req = { url: `${demo.url}/api/chat/stream?delayMs=0`, method: 'POST', headers: { 'X-Note': "it's" }, body: JSON.stringify({ message: "don't", conversationId: 'k1' }), auth: { kind: 'bearer' as const, token } };
    const safe = toCurl(req);
    assert.ok(!safe.includes(token));
    assert.match(safe, /-H 'Authorization: Bearer <redacted>'/);
    assert.match(safe, /# secrets redacted$/);
    const revealed = toCurl(req, { revealSecrets: true });
    assert.ok(revealed.includes(token));
    assert.match(revealed, /^curl -N -X POST '/);
    // Run it (curl is on the machine image): the quoting must survive a real shell, and the
    // server must accept it. Async: the demo server answering it lives in this process.
    const { stdout: out } = await promisify(execFile)('sh', ['-c', revealed.replace(/^curl /, 'curl -s ')], { encoding: 'utf8', timeout: 10_000 });
    assert.match(out, /"text":"R"/);
    assert.match(out, /data: \[DONE\]/);
    // Query-token auth: redacted in the URL too.
    assert.ok(!toCurl({ url: `${demo.url}/events`, auth: { kind: 'query', param: 'token', value: token } }).includes(token));
    assert.equal(scrubSecrets(revealed, [token]).includes(token), false);
  });
});
