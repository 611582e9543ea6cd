// "Copy as curl" with a starting Last-Event-ID (a profile's `lastEventId`): the command sends
// the same header the connection sends on its first request, and only when it sends one.
// The connection and the copied command (run by a real curl through a real shell) talk to
// the same scripted server on 127.0.0.1, which compares what each sent.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { POLICY_PRESETS } from '../../../../src/core/base/reconnect';
import type { SseRequest } from '../../../../src/core/base/request';
import { toCurl } from '../../../../src/core/export';
import { run } from '../../../support/collect';
import { useRawServers } from '../../../support/raw-server';

const TOKEN = 'tok-curl-secret-123';

/** Runs a copied command in a real shell (-s: no progress meter). */
async function runCommand(command: string): Promise<void> {
  await promisify(execFile)('sh', ['-c', command.replace(/^curl /, 'curl -s --max-time 5 ')], { encoding: 'utf8', timeout: 10_000 });
}

/** The Last-Event-ID the connection sends on its first request, as the server got its bytes. */
async function sentByConnection(request: SseRequest, lastEventId: string, serve: ReturnType<typeof useRawServers>): Promise<string | undefined> {
  const s = await serve(() => ({ chunks: ['data: x\n\n'] }));
  const r = run({ request: { ...request, url: s.url }, lastEventId, reconnect: POLICY_PRESETS.none });
  try {
    await r.untilState(['closed', 'failed']);
  } finally {
    await r.dispose();
  }
  return s.requests[0]!.headers['last-event-id'] as string | undefined;
}

describe('copy as curl: the starting Last-Event-ID', () => {
  const serve = useRawServers();

  it("sends the connection's first Last-Event-ID, shell-quoted, with secrets redacted or revealed", async () => {
    // A quote, a space and a non-ASCII letter: the shell quoting and the UTF-8 bytes both count.
    const id = "it's 7-é";
    const request: SseRequest = { url: 'http://127.0.0.1:1/', auth: { kind: 'bearer', token: TOKEN } };
    const expected = await sentByConnection(request, id, serve);
    assert.equal(expected, Buffer.from(id, 'utf8').toString('latin1'), 'the connection sends the UTF-8 bytes');

    const s = await serve(() => ({ chunks: ['data: x\n\n'] }));
    const safe = toCurl({ ...request, url: s.url }, { lastEventId: id });
    assert.ok(safe.includes(`-H 'Last-Event-ID: it'\\''s 7-é'`), safe);
    assert.ok(!safe.includes(TOKEN), 'the token stays redacted');
    assert.match(safe, /-H 'Authorization: Bearer <redacted>'/);
    assert.match(safe, /# secrets redacted$/);
    const revealed = toCurl({ ...request, url: s.url }, { lastEventId: id, revealSecrets: true });
    assert.ok(revealed.includes(`-H 'Last-Event-ID: it'\\''s 7-é'`), revealed);
    assert.ok(revealed.includes(TOKEN));

    await runCommand(safe);
    await runCommand(revealed);
    assert.deepEqual(
      s.requests.map((r) => r.headers['last-event-id']),
      [expected, expected],
      'each command sends what the connection sends',
    );
    assert.equal(s.requests[1]!.headers.authorization, `Bearer ${TOKEN}`);
  });

  for (const none of [undefined, '']) {
    it(`no Last-Event-ID header when the connection sends none (lastEventId ${JSON.stringify(none)})`, async () => {
      assert.equal(await sentByConnection({ url: 'http://127.0.0.1:1/' }, none ?? '', serve), undefined);
      const command = toCurl({ url: 'http://127.0.0.1:1/' }, none === undefined ? {} : { lastEventId: none });
      assert.ok(!/last-event-id/i.test(command), command);
    });
  }
});
