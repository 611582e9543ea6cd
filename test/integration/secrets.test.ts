// Secrets: set through the command into SecretStorage, used at connect time by a Bearer
// profile, refreshed after a 401 — and never written to settings.json, the log channel's
// file or any record.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import type { DemoServer } from '../../demo/server';
import type { SseInspectorApi } from '../../src/extension/api';
import { closeAllConnections, inspectorApi, readLogFiles, run, settingsPath, startDemo, useProfiles, waitFor, type Outcome } from './helpers';

describe('secrets', function () {
  this.timeout(30_000);
  let demo: DemoServer;
  let api: SseInspectorApi;
  let token: string;

  before(async () => {
    demo = await startDemo();
    api = await inspectorApi();
    token = await demo.issueToken({ userId: 'u-itest-42', username: 'ann' });
  });
  afterEach(async () => closeAllConnections(api));
  after(async () => demo.close());

  /** The token appears nowhere the user or a log collector could read it. */
  async function assertNowhere(secret: string, connectionId: string, logMarker: string): Promise<void> {
    const path = settingsPath();
    if (existsSync(path)) assert.ok(!readFileSync(path, 'utf8').includes(secret), 'not in .vscode/settings.json');
    const records = JSON.stringify(api.connection(connectionId)!.session.snapshot());
    assert.ok(!records.includes(secret), 'not in any record');
    const logs = await waitFor(async () => {
      const files = await readLogFiles(api.logUri);
      return files.some((f) => f.text.includes(logMarker)) ? files : undefined;
    }, `"${logMarker}" in the log channel's file under ${api.logUri.fsPath}`, 10_000);
    for (const f of logs) assert.ok(!f.text.includes(secret), `not in ${f.uri.fsPath}`);
  }

  it('stores a secret with the command and connects a Bearer profile with it; the token leaks nowhere', async () => {
    assert.equal(await run('sseInspector.setSecret', { ref: 'itest.token', value: token }), true);
    const restore = await useProfiles([{ name: 'Secure itest', url: `${demo.url}/secure/events?heartbeatMs=100`, auth: { kind: 'bearer', secretRef: 'itest.token' } }]);
    try {
      const outcome = await run<Outcome>('sseInspector.connectProfile', 'Secure itest');
      assert.ok(outcome.ok, JSON.stringify(outcome));
      await waitFor(() => api.connection(outcome.id)?.state === 'open', 'open', 10_000, () => JSON.stringify(api.connection(outcome.id)?.session.snapshot().records));
      const snapshot = api.connection(outcome.id)!.session.snapshot();
      const system = snapshot.records.find((r) => r.kind === 'event' && r.type === 'system');
      assert.equal(system?.kind === 'event' && JSON.parse(system.data).userId, 'u-itest-42', 'the server saw the token');
      assert.deepEqual(snapshot.request?.headers.find(([n]) => n === 'Authorization'), ['Authorization', 'Bearer <redacted>']);
      assert.ok(readFileSync(settingsPath(), 'utf8').includes('"secretRef": "itest.token"'), 'settings hold the key');
      await assertNowhere(token, outcome.id, '[Secure itest] open: HTTP 200');
    } finally {
      await closeAllConnections(api);
      await restore();
    }
  });

  it('refuses a profile whose secret is not set, naming the key, without connecting', async () => {
    const restore = await useProfiles([{ name: 'Missing secret', url: `${demo.url}/secure/events`, auth: { kind: 'bearer', secretRef: 'itest.never-set' } }]);
    try {
      const outcome = await run<Outcome>('sseInspector.connectProfile', 'Missing secret');
      assert.equal(outcome.ok, false);
      assert.match(!outcome.ok ? outcome.error : '', /The secret "itest\.never-set" for profile "Missing secret" is not set/);
      assert.deepEqual(api.connections(), []);
    } finally {
      await restore();
    }
  });

  it('refreshes an expired token after a 401 and stores the new one', async () => {
    const login = (await (await fetch(`${demo.url}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ userId: 'u-refresh', username: 'bo' }) })).json()) as { refreshToken: string };
    const expired = 'expired.token.value';
    await run('sseInspector.setSecret', { ref: 'itest.expiring', value: expired });
    await run('sseInspector.setSecret', { ref: 'itest.refresh', value: login.refreshToken });
    const restore = await useProfiles([
      {
        name: 'Refreshing',
        url: `${demo.url}/secure/events?heartbeatMs=100`,
        auth: { kind: 'bearer', secretRef: 'itest.expiring' },
        refresh: { url: `${demo.url}/api/auth/refresh`, body: '{"refreshToken":"${secret:itest.refresh}"}', tokenJsonPath: 'token' },
      },
    ]);
    try {
      const outcome = await run<Outcome>('sseInspector.connectProfile', 'Refreshing');
      assert.ok(outcome.ok, JSON.stringify(outcome));
      await waitFor(() => api.connection(outcome.id)?.state === 'open', 'open after the refresh', 10_000, () => JSON.stringify(api.connection(outcome.id)?.session.snapshot().records));
      const records = api.connection(outcome.id)!.session.snapshot().records;
      assert.ok(records.some((r) => r.kind === 'error' && r.status === 401));
      assert.ok(records.some((r) => r.kind === 'reconnect' && r.reason === 'auth-refresh'));
      // The refreshed token was stored under the profile's key: a second connect opens at once.
      await closeAllConnections(api);
      const again = await run<Outcome>('sseInspector.connectProfile', 'Refreshing');
      assert.ok(again.ok);
      await waitFor(() => api.connection(again.id)?.state === 'open', 'open with the stored token');
      assert.ok(!api.connection(again.id)!.session.snapshot().records.some((r) => r.kind === 'error'), 'no 401 the second time');
      await assertNowhere(login.refreshToken, again.id, '[Refreshing] reconnect #0');
    } finally {
      await closeAllConnections(api);
      await restore();
    }
  });

  it('moves an ad-hoc credential to SecretStorage when the connection is saved as a profile', async () => {
    const restore = await useProfiles([]);
    try {
      const outcome = await run<Outcome>('sseInspector.connectUrl', { url: `${demo.url}/secure/events?heartbeatMs=100`, auth: { kind: 'bearer', secret: token } });
      assert.ok(outcome.ok, JSON.stringify(outcome));
      await waitFor(() => api.connection(outcome.id)?.state === 'open', 'open');
      assert.deepEqual(await run('sseInspector.saveProfile', { id: outcome.id, name: 'Saved secure' }), { ok: true, name: 'Saved secure' });
      const onDisk = readFileSync(settingsPath(), 'utf8');
      assert.ok(onDisk.includes('"secretRef": "sseInspector.Saved-secure.bearer"'), onDisk);
      await assertNowhere(token, outcome.id, `[127.0.0.1:${demo.port}] open: HTTP 200`);
      // The saved profile connects with the secret now in SecretStorage.
      await closeAllConnections(api);
      const again = await run<Outcome>('sseInspector.connectProfile', 'Saved secure');
      assert.ok(again.ok, JSON.stringify(again));
      await waitFor(() => api.connection(again.id)?.state === 'open', 'the saved profile opens');
    } finally {
      await closeAllConnections(api);
      await restore();
    }
  });
});
