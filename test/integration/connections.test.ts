// Connections against the demo server, through the commands (with arguments, so no
// prompt blocks): Connect to URL, a profile from settings with ${env:…}, the panel's
// snapshot + deltas, disconnect / reconnect / clear / save, several at once, errors,
// and closing the panel closing the connection.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { DemoServer } from '../../demo/server';
import type { ConnectionInfo, SseInspectorApi } from '../../src/extension/api';
import { closeAllConnections, inspectorApi, readLogFiles, run, startDemo, useProfiles, waitFor, type Outcome } from './helpers';

describe('connections', function () {
  this.timeout(30_000);
  let demo: DemoServer;
  let api: SseInspectorApi;

  before(async () => {
    demo = await startDemo();
    api = await inspectorApi();
  });
  afterEach(async () => closeAllConnections(api));
  after(async () => demo.close());

  const info = (id: string): ConnectionInfo => {
    const c = api.connection(id);
    if (!c) throw new Error(`connection ${id} is gone`);
    return c;
  };
  const heartbeats = (id: string) => info(id).session.totals.byType['heartbeat']?.count ?? 0;
  const describe_ = (id: string) => () => JSON.stringify({ state: api.connection(id)?.state, panel: api.connection(id)?.panel, records: api.connection(id)?.session.snapshot().records.slice(-5) });

  async function connectUrl(path: string, extra: Record<string, unknown> = {}): Promise<string> {
    const outcome = await run<Outcome>('sseInspector.connectUrl', { url: `${demo.url}${path}`, ...extra });
    assert.ok(outcome.ok, `connected: ${JSON.stringify(outcome)}`);
    return outcome.id;
  }

  it('connects to a URL: open, the system event, heartbeats counted; panel, tree and status bar follow', async () => {
    const id = await connectUrl('/events?heartbeatMs=100');
    await waitFor(() => info(id).state === 'open', 'state open', 10_000, describe_(id));
    await waitFor(() => heartbeats(id) >= 3, '3 heartbeats', 10_000, describe_(id));
    const system = info(id).session.snapshot().records.find((r) => r.kind === 'event' && r.type === 'system');
    assert.ok(system && system.kind === 'event' && JSON.parse(system.data).message === 'SSE connected');

    const label = `127.0.0.1:${demo.port}`;
    assert.equal(info(id).label, label, 'an ad-hoc connection is labelled by host');
    assert.equal(api.activeConnectionId(), id);
    assert.deepEqual(api.tree().connections, [{ id, label, description: 'open' }]);
    await waitFor(() => /^\$\(pass-filled\) 127\.0\.0\.1:\d+ · \d+ events$/.test(api.statusBarText() ?? ''), 'the status bar item', 5000, () => String(api.statusBarText()));

    // The webview asked with `ready`, got the session as a snapshot, then batched deltas with heartbeats.
    const panel = await waitFor(() => {
      const p = info(id).panel;
      return p && p.readies >= 1 && p.snapshots >= 1 && p.deltas >= 1 && (p.eventTypes['heartbeat'] ?? 0) >= 2 ? p : undefined;
    }, 'the panel to receive a snapshot and deltas with heartbeats', 15_000, describe_(id));
    assert.ok((panel.eventTypes['system'] ?? 0) >= 1, 'the system event reached the panel');
  });

  it('batches a flood: thousands of events reach the panel in a few dozen messages', async () => {
    const id = await connectUrl('/flood?count=20000&size=20');
    await waitFor(() => info(id).session.totals.events >= 20_000, '20 000 events', 20_000, describe_(id));
    const panel = await waitFor(() => {
      const p = info(id).panel;
      return p && p.records >= 20_000 ? p : undefined;
    }, 'all records to reach the panel', 20_000, describe_(id));
    assert.ok(panel.snapshots + panel.deltas < 200, `${panel.snapshots} snapshots + ${panel.deltas} deltas for ${panel.records} records`);
  });

  it('disconnects, reconnects now and clears through the commands', async () => {
    const id = await connectUrl('/events?heartbeatMs=100');
    await waitFor(() => heartbeats(id) >= 2, 'heartbeats', 10_000, describe_(id));

    assert.equal(await run('sseInspector.disconnect', { id }), true);
    assert.equal(info(id).state, 'closed');
    await waitFor(() => api.tree().connections[0]?.description === 'closed', 'the tree to show closed');
    const closes = info(id).session.snapshot().records.filter((r) => r.kind === 'close');
    assert.equal(closes.at(-1)?.kind === 'close' && closes.at(-1)?.reason, 'aborted');

    assert.equal(await run('sseInspector.reconnect', { id }), true);
    await waitFor(() => info(id).state === 'open', 'open again', 10_000, describe_(id));
    const opens = info(id).session.snapshot().records.filter((r) => r.kind === 'open');
    assert.equal(opens.length, 2, 'a second open record');

    const snapshotsBefore = info(id).panel?.snapshots ?? 0;
    assert.equal(await run('sseInspector.clear', { id }), true);
    assert.ok(info(id).session.size <= 2, 'the history is gone (a heartbeat may already have arrived)');
    assert.equal(info(id).session.totals.events <= 2, true);
    await waitFor(() => (info(id).panel?.snapshots ?? 0) > snapshotsBefore, 'the panel to get a fresh snapshot');
    await waitFor(() => heartbeats(id) >= 1, 'the connection keeps running after clear');
  });

  it('acts on the active connection without arguments, and runs several connections at once with their own panels', async () => {
    const a = await connectUrl('/events?heartbeatMs=100');
    await waitFor(() => (info(a).panel?.deltas ?? 0) > 0, 'the first panel receives deltas', 10_000, describe_(a));
    const b = await connectUrl('/events?heartbeatMs=100');
    assert.notEqual(info(a).label, info(b).label, 'two panels on one host are told apart');
    assert.equal(info(b).label, `127.0.0.1:${demo.port} (2)`);
    await waitFor(() => info(a).state === 'open' && info(b).state === 'open', 'both open');
    await waitFor(() => (info(b).panel?.deltas ?? 0) > 0, 'the second panel receives deltas', 10_000, describe_(b));

    assert.equal(api.activeConnectionId(), b, 'the newest panel has focus');
    assert.equal(await run('sseInspector.openPanel', { id: a }), true);
    await waitFor(() => api.activeConnectionId() === a, 'revealing a panel makes it active');
    assert.equal(await run('sseInspector.disconnect'), true, 'no argument: the active connection');
    assert.equal(info(a).state, 'closed');
    assert.equal(info(b).state, 'open', 'the other connection is untouched');
  });

  it('closing a panel disconnects and disposes its connection; the tree item goes away', async () => {
    const id = await connectUrl('/events?heartbeatMs=100');
    await waitFor(() => info(id).state === 'open', 'open');
    const session = info(id).session;
    await run('sseInspector.openPanel', { id });
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await waitFor(() => api.connection(id) === undefined, 'the connection to be removed');
    assert.deepEqual(api.tree().connections, []);
    assert.equal(api.statusBarText(), undefined);
    await waitFor(() => session.connectionState === 'closed', 'the stream to be stopped');
    const events = session.totals.events;
    await new Promise((r) => setTimeout(r, 400));
    assert.equal(session.totals.events, events, 'no more events after close');
  });

  it('connects a profile from settings, resolving ${env:…} at connect time', async () => {
    process.env.SSE_ITEST_DEMO_BASE = demo.url;
    const restore = await useProfiles([{ name: 'Env demo', url: '${env:SSE_ITEST_DEMO_BASE}/events?heartbeatMs=100', heartbeat: { expectedIntervalMs: 100 } }]);
    try {
      await waitFor(() => api.tree().profiles.includes('Env demo'), 'the tree to list the new profile');
      const outcome = await run<Outcome>('sseInspector.connectProfile', 'Env demo');
      assert.ok(outcome.ok, JSON.stringify(outcome));
      await waitFor(() => info(outcome.id).state === 'open' && heartbeats(outcome.id) >= 2, 'open with heartbeats', 10_000, describe_(outcome.id));
      assert.equal(info(outcome.id).label, 'Env demo');
      assert.equal(info(outcome.id).profile, 'Env demo');
      assert.equal(info(outcome.id).session.snapshot().heartbeat.expectedSource, 'configured');
      const open = info(outcome.id).session.snapshot().records.find((r) => r.kind === 'open');
      assert.equal(open?.kind === 'open' && open.request.url, `${demo.url}/events?heartbeatMs=100`);
    } finally {
      delete process.env.SSE_ITEST_DEMO_BASE;
      await closeAllConnections(api);
      await restore();
    }
  });

  it('refuses clearly: unknown ${env:…}, unknown profile, bad URL — no connection is created', async () => {
    const restore = await useProfiles([{ name: 'Broken env', url: 'http://${env:SSE_ITEST_SURELY_UNSET}/events' }]);
    try {
      const env = await run<Outcome>('sseInspector.connectProfile', { name: 'Broken env' });
      assert.equal(env.ok, false);
      assert.match(!env.ok ? env.error : '', /Environment variable SSE_ITEST_SURELY_UNSET is not set/);
      const unknown = await run<Outcome>('sseInspector.connectProfile', 'No such profile');
      assert.match(!unknown.ok ? unknown.error : '', /no usable profile "No such profile"/);
      const badUrl = await run<Outcome>('sseInspector.connectUrl', { url: 'ws://127.0.0.1/socket' });
      assert.match(!badUrl.ok ? badUrl.error : '', /Only http: and https:/);
      assert.deepEqual(api.connections(), []);
      const logs = await waitFor(async () => {
        const files = await readLogFiles(api.logUri);
        return files.some((f) => f.text.includes('SSE_ITEST_SURELY_UNSET')) ? files : undefined;
      }, 'the refusal in the log');
      assert.ok(logs.some((f) => /\[error\] \[Broken env\] cannot connect/.test(f.text)));
    } finally {
      await restore();
    }
  });

  it('shows a refused stream as failed, with the reason in its records and the log', async () => {
    const id = await connectUrl('/wrong-content-type');
    await waitFor(() => info(id).state === 'failed', 'failed', 10_000, describe_(id));
    await waitFor(() => api.tree().connections[0]?.description === 'failed', 'the tree to show failed');
    const error = info(id).session.snapshot().records.find((r) => r.kind === 'error');
    assert.ok(error && error.kind === 'error' && error.code === 'content-type' && error.fatal);
    await waitFor(async () => (await readLogFiles(api.logUri)).some((f) => f.text.includes('[content-type HTTP 200]')), 'the error in the log');
  });

  it('a POST refused before it ever opened: the panel is sent the request (redacted, with its body) and the refused response', async () => {
    process.env.SSE_ITEST_DEMO_BASE = demo.url;
    const body = '{"message": "What is SSE?", "conversationId": "conv-1"}';
    const restore = await useProfiles([
      { name: 'Refused chat', url: '${env:SSE_ITEST_DEMO_BASE}/api/chat/stream', method: 'POST', headers: { Authorization: 'Bearer not-a-valid-token' }, body, reconnect: { policy: 'none' } },
    ]);
    try {
      await waitFor(() => api.tree().profiles.includes('Refused chat'), 'the tree to list the profile');
      const outcome = await run<Outcome>('sseInspector.connectProfile', 'Refused chat');
      assert.ok(outcome.ok, JSON.stringify(outcome));
      const panel = await waitFor(() => {
        const p = info(outcome.id).panel;
        return p?.response?.status === 401 && info(outcome.id).state === 'failed' ? p : undefined;
      }, 'the panel to be sent the 401', 10_000, describe_(outcome.id));
      assert.equal(panel.request?.method, 'POST');
      assert.equal(panel.request?.url, `${demo.url}/api/chat/stream`);
      assert.equal(panel.request?.bodyPreview, body);
      assert.deepEqual(panel.request?.headers.find(([n]) => n === 'Authorization'), ['Authorization', 'Bearer <redacted>']);
      assert.equal(panel.response?.statusText, 'Unauthorized');
      assert.match(panel.response?.contentType ?? '', /^application\/json/);
      assert.ok((panel.response?.headers.length ?? 0) > 0, 'the refused response\'s headers');
      assert.deepEqual([panel.response?.refused?.code, panel.response?.refused?.fatal], ['http-status', true]);
    } finally {
      delete process.env.SSE_ITEST_DEMO_BASE;
      await closeAllConnections(api);
      await restore();
    }
  });

  it('a profile with its token written into the URL (the demo S3 profile) is shown redacted readably and flagged', async () => {
    process.env.SSE_ITEST_DEMO_BASE = demo.url;
    process.env.SSE_ITEST_TOKEN = 'eyJhbGciOiJIUzI1NiJ9.not.valid';
    const restore = await useProfiles([{ name: 'Token in URL', url: '${env:SSE_ITEST_DEMO_BASE}/events?token=${env:SSE_ITEST_TOKEN}&roomId=room-001', reconnect: { policy: 'none' } }]);
    try {
      await waitFor(() => api.tree().profiles.includes('Token in URL'), 'the tree to list the profile');
      const outcome = await run<Outcome>('sseInspector.connectProfile', 'Token in URL');
      assert.ok(outcome.ok, JSON.stringify(outcome));
      const panel = await waitFor(() => {
        const p = info(outcome.id).panel;
        return p?.request && p.response ? p : undefined;
      }, 'the panel to be sent the request and a response', 10_000, describe_(outcome.id));
      assert.equal(panel.request?.url, `${demo.url}/events?token=<redacted>&roomId=room-001`);
      assert.equal(panel.request?.secretInUrl, true);
    } finally {
      delete process.env.SSE_ITEST_DEMO_BASE;
      delete process.env.SSE_ITEST_TOKEN;
      await closeAllConnections(api);
      await restore();
    }
  });

  it('saves an ad-hoc connection as a workspace profile', async () => {
    const restore = await useProfiles([]);
    try {
      const id = await connectUrl('/events?heartbeatMs=100', { headers: 'X-Client: itest' });
      const saved = await run<{ ok: boolean; name?: string }>('sseInspector.saveProfile', { id, name: 'Saved demo' });
      assert.deepEqual(saved, { ok: true, name: 'Saved demo' });
      const profiles = vscode.workspace.getConfiguration('sseInspector').inspect<unknown[]>('profiles')?.workspaceValue;
      assert.deepEqual(profiles, [{ name: 'Saved demo', url: `${demo.url}/events?heartbeatMs=100`, headers: { 'X-Client': 'itest' } }]);
      assert.equal(info(id).label, 'Saved demo', 'the panel takes the profile name');
      assert.equal(info(id).profile, 'Saved demo');
      await waitFor(() => api.tree().profiles.includes('Saved demo'), 'the tree to list the saved profile');
    } finally {
      await closeAllConnections(api);
      await restore();
    }
  });
});
