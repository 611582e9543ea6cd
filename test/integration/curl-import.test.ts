// "New Profile from curl…", a curl command pasted where Connect to URL wants a URL, and
// "Copy as fetch", in the real extension host against the demo server. The commands take
// their answers as arguments (no prompts); the saved secret is proven by connecting with it.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { DemoServer } from '../../demo/server';
import type { SseInspectorApi } from '../../src/extension/api';
import type { Profile } from '../../src/extension/profile';
import { closeAllConnections, inspectorApi, run, settingsPath, startDemo, useProfiles, waitFor, type Outcome } from './helpers';

describe('curl import and Copy as fetch', function () {
  this.timeout(30_000);
  let demo: DemoServer;
  let api: SseInspectorApi;
  let token: string;

  before(async () => {
    demo = await startDemo();
    api = await inspectorApi();
    token = await demo.issueToken({ userId: 'u-curl-7', username: 'cy' });
  });
  afterEach(async () => closeAllConnections(api));
  after(async () => demo.close());

  /** As Chrome's "Copy as cURL (bash)" writes a request to the secure stream. */
  const chromeCommand = () => `curl '${demo.url}/secure/events?heartbeatMs=100' \\
  -H 'accept: text/event-stream' \\
  -H 'authorization: Bearer ${token}' \\
  -H 'cache-control: no-cache' \\
  -b 'sid=s3ss10n; theme=dark' \\
  -H 'user-agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36'`;

  it('New Profile from curl writes the profile to the workspace settings and the token to SecretStorage; the profile connects with it', async () => {
    const restore = await useProfiles([]);
    try {
      const outcome = await run<{ ok: boolean; name?: string; secretKey?: string; notes?: string[]; error?: string }>('sseInspector.newProfileFromCurl', { curl: chromeCommand(), name: 'From curl itest', confirm: false });
      assert.ok(outcome.ok, JSON.stringify(outcome));
      assert.equal(outcome.secretKey, 'sseInspector.From-curl-itest.bearer');
      assert.ok(outcome.notes?.some((n) => /2 cookies left out/.test(n)), JSON.stringify(outcome.notes));

      const saved = await waitFor(() => (vscode.workspace.getConfiguration('sseInspector').inspect<Profile[]>('profiles')?.workspaceValue ?? []).find((p) => p.name === 'From curl itest'), 'the profile in the workspace settings');
      assert.deepEqual(saved.auth, { kind: 'bearer', secretRef: 'sseInspector.From-curl-itest.bearer' });
      assert.equal(saved.url, `${demo.url}/secure/events?heartbeatMs=100`);
      assert.equal(saved.headers?.['user-agent']?.includes('Chrome/131'), true);
      const file = readFileSync(settingsPath(), 'utf8');
      for (const secret of [token, 's3ss10n']) assert.ok(!file.includes(secret), `${secret.slice(0, 8)}… is not in settings.json`);

      // The secret is really in SecretStorage: the secure stream accepts the saved profile.
      const connected = await run<Outcome>('sseInspector.connectProfile', 'From curl itest');
      assert.ok(connected.ok, JSON.stringify(connected));
      await waitFor(() => api.connection(connected.id)?.state === 'open', 'the saved profile to connect', 10_000, () => JSON.stringify(api.connection(connected.id)?.session.snapshot().records.slice(0, 3)));
      const system = api.connection(connected.id)!.session.snapshot().records.find((r) => r.kind === 'event' && r.type === 'system');
      assert.equal(system?.kind === 'event' && JSON.parse(system.data).userId, 'u-curl-7', 'the server saw the token');
    } finally {
      await closeAllConnections(api);
      await restore();
    }
  });

  it('a bad curl command is refused with the reason, and nothing is written', async () => {
    const restore = await useProfiles([]);
    try {
      const outcome = await run<{ ok: boolean; error?: string }>('sseInspector.newProfileFromCurl', { curl: `curl -X DELETE '${demo.url}/events'`, name: 'Nope', confirm: false });
      assert.equal(outcome.ok, false);
      assert.match(outcome.error ?? '', /DELETE request cannot be a profile/);
      assert.deepEqual(vscode.workspace.getConfiguration('sseInspector').inspect('profiles')?.workspaceValue ?? [], []);
    } finally {
      await restore();
    }
  });

  it('Connect to URL takes a curl command (Windows cmd quoting) and connects with its request; Copy as fetch copies it redacted unless revealed', async () => {
    const cmd = `curl ^"${demo.url}/secure/events?heartbeatMs=100^" ^\n  -H ^"accept: text/event-stream^" ^\n  -H ^"authorization: Bearer ${token}^" ^\n  -H ^"x-client: ^\\^"itest^\\^"^"`;
    const outcome = await run<Outcome>('sseInspector.connectUrl', { url: cmd });
    assert.ok(outcome.ok, JSON.stringify(outcome));
    await waitFor(() => api.connection(outcome.id)?.state === 'open', 'the pasted request to connect', 10_000);
    const request = api.connection(outcome.id)!.session.snapshot().request;
    assert.deepEqual(request?.headers.find(([n]) => n.toLowerCase() === 'x-client'), ['x-client', '"itest"']);
    assert.deepEqual(request?.headers.find(([n]) => n === 'Authorization'), ['Authorization', 'Bearer <redacted>']);
    assert.equal(api.connection(outcome.id)!.profile, undefined, 'not saved as a profile');

    assert.deepEqual(await run('sseInspector.copyFetch', { id: outcome.id, reveal: false }), { ok: true, revealed: false });
    const redacted = await vscode.env.clipboard.readText();
    assert.match(redacted, /^\/\/ Secrets redacted/);
    assert.match(redacted, /"Authorization": "Bearer <redacted>"/);
    assert.ok(!redacted.includes(token));
    assert.deepEqual(await run('sseInspector.copyFetch', { id: outcome.id, reveal: true }), { ok: true, revealed: true });
    const revealed = await vscode.env.clipboard.readText();
    assert.ok(revealed.includes(`"Authorization": "Bearer ${token}"`), revealed);
    assert.match(revealed, /const response = await fetch\("http:\/\/127\.0\.0\.1:\d+\/secure\/events\?heartbeatMs=100"/);
  });
});
