// "Copy as fetch": the request as a JavaScript snippet that reads the stream. The snippet is
// run for real with Node (the pinned one running this test) against the demo server and a
// raw server that splits lines across chunks; secrets are redacted unless asked, as for curl.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startDemoServer, type DemoServer } from '../../../../demo/server';
import { toFetch } from '../../../../src/core/export';
import { REDACTED } from '../../../../src/core/base/redact';
import { SSE_HEADERS, startRawServer } from '../../../support/raw-server';

/** Runs `snippet` as an ES module in a child Node; async, because the servers live in this process. */
async function runSnippet(snippet: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'sse-fetch-'));
  try {
    const file = join(dir, 'snippet.mjs');
    writeFileSync(file, snippet);
    const { stdout } = await promisify(execFile)(process.execPath, [file], { encoding: 'utf8', timeout: 15_000 });
    return stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('copy as fetch', () => {
  let demo: DemoServer;
  before(async () => {
    demo = await startDemoServer({ port: 0 });
  });
  after(() => demo.close());

  it('redacts the token unless asked; the revealed snippet makes the POST and reads every event of the stream', async () => {
    const token = await demo.issueToken({ userId: 'u1', username: "o'brien" });
    const req = { url: `${demo.url}/api/chat/stream?delayMs=0`, method: 'POST', headers: { 'X-Note': "it's \"quoted\"" }, body: JSON.stringify({ message: "don't", conversationId: 'k1' }), auth: { kind: 'bearer' as const, token } };

    const safe = toFetch(req);
    assert.ok(!safe.includes(token));
    assert.ok(safe.includes(`"Authorization": "Bearer ${REDACTED}"`), safe);
    assert.match(safe, /^\/\/ Secrets redacted/);
    // Redacted, it still runs, and the server refuses it: nothing secret was left in.
    await assert.rejects(runSnippet(safe), /HTTP 401/);

    const revealed = toFetch(req, { revealSecrets: true });
    assert.ok(revealed.includes(token));
    assert.doesNotMatch(revealed, /Secrets redacted/);
    assert.match(revealed, /method: "POST"/);
    const out = (await runSnippet(revealed)).trim().split('\n');
    const content = out.filter((l) => l.startsWith('content'));
    assert.ok(content.length > 3, out.join('\n'));
    assert.match(content[0]!, /^content(?: #\S+)?: \{"type":"content"/);
    assert.equal(out.at(-1)?.replace(/ #\S+/, ''), 'message: [DONE]');
  });

  it('a query token is redacted in the URL; the Last-Event-ID header is sent', () => {
    const safe = toFetch({ url: `${demo.url}/events?room=1`, auth: { kind: 'query', param: 'token', value: 'tok-123456' } }, { lastEventId: '41' });
    assert.ok(!safe.includes('tok-123456'));
    assert.match(safe, /token=<redacted>/);
    assert.match(safe, /"Last-Event-ID": "41"/);
    assert.match(toFetch({ url: 'https://h/', insecureTls: true }), /NODE_TLS_REJECT_UNAUTHORIZED=0/);
  });

  it('reads the stream as EventSource would: CRLF split across chunks, multi-line data, comments, named events, ids', async () => {
    const raw = await startRawServer(() => ({
      headers: SSE_HEADERS,
      chunks: [': hello\r', '\n', 'event: tick\r\nid: 7\r\ndata: a\r', '\ndata: b\r\n\r', '\n', 'data: plain\n\n', 'data:no-space\r\rdata: ignored without a blank line'],
    }));
    try {
      const out = await runSnippet(toFetch({ url: `${raw.url}/` }));
      assert.deepEqual(out.trim().split('\n'), ['tick #7: a', 'b', 'message #7: plain', 'message #7: no-space']);
      assert.equal(raw.requests[0]!.headers.accept, 'text/event-stream');
    } finally {
      await raw.close();
    }
  });
});
