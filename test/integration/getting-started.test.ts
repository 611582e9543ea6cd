// Getting started and keeping tidy in the Streams view, in the real host: an empty view
// shows welcome content with Connect to URL and Add Profile; a click on a profile connects,
// and again only shows its panel (restarting it if it stopped) instead of opening "S1 (2)";
// closed connections go in one action; a Connect-to-URL tab is named by method and path.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { DemoServer } from '../../demo/server';
import type { SseInspectorApi } from '../../src/extension/api';
import { closeAllConnections, EXTENSION_ID, inspectorApi, run, settingsPath, startDemo, useProfiles, waitFor, type Outcome } from './helpers';

interface Manifest {
  contributes: { viewsWelcome?: Array<{ view: string; contents: string }>; menus: Record<string, Array<{ command: string; when?: string }>> };
}

function manifest(): Manifest {
  const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
  // As VS Code read it: the %keys% of package.json replaced by package.nls.json's text.
  return ext.packageJSON as Manifest;
}

function tabLabels(): string[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs.map((t) => t.label));
}

describe('getting started in the Streams view', function () {
  this.timeout(30_000);
  let demo: DemoServer;
  let api: SseInspectorApi;

  before(async () => {
    demo = await startDemo();
    api = await inspectorApi();
  });
  afterEach(async () => closeAllConnections(api));
  after(async () => demo.close());

  it('an empty view shows welcome content that offers Connect to URL and Add Profile', async () => {
    const restore = await useProfiles([]);
    try {
      await waitFor(() => api.tree().empty, 'the tree to have no nodes (so VS Code shows the welcome)', 5000, () => JSON.stringify(api.tree()));
      const welcome = manifest().contributes.viewsWelcome?.find((w) => w.view === 'sseInspector.streams');
      assert.ok(welcome, 'viewsWelcome for the Streams view');
      assert.match(welcome.contents, /\[Connect to URL…\]\(command:sseInspector\.connectUrl\)/);
      assert.match(welcome.contents, /\[Add Profile…\]\(command:sseInspector\.addProfile\)/);
      const commands = new Set(await vscode.commands.getCommands(true));
      for (const link of welcome.contents.matchAll(/\(command:([\w.]+)\)/g)) assert.ok(commands.has(link[1]!), `${link[1]} is a registered command`);

      // Add Profile (as the welcome's link runs it, here with its answers given) writes the
      // profile, opens the settings at it, and the view is no longer empty.
      const added = await run<{ ok: boolean; name?: string }>('sseInspector.addProfile', { name: 'Added stream', url: `${demo.url}/events?heartbeatMs=100` });
      assert.deepEqual(added, { ok: true, name: 'Added stream' });
      await waitFor(() => api.tree().profiles.includes('Added stream'), 'the new profile in the tree');
      assert.equal(api.tree().empty, false);
      const editor = vscode.window.activeTextEditor;
      assert.equal(editor?.document.uri.fsPath, settingsPath(), 'the settings file is open');
      assert.match(editor.document.lineAt(editor.selection.active.line).text, /"name": "Added stream"/);
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await restore();
    }
  });

  it('a click on a profile connects; a second click shows the same panel, restarting it if it stopped', async () => {
    const restore = await useProfiles([{ name: 'S1', url: `${demo.url}/events?heartbeatMs=100` }]);
    try {
      const click = await waitFor(() => api.tree().profileClicks.find((p) => p.name === 'S1'), 'the S1 profile in the tree');
      assert.equal(click.command, 'sseInspector.connectProfile');
      const first = await run<Outcome>(click.command, ...click.arguments);
      assert.ok(first.ok, JSON.stringify(first));
      await waitFor(() => api.connection(first.id)?.state === 'open', 'S1 open');

      const again = await run<Outcome>(click.command, ...click.arguments);
      assert.deepEqual(again, first, 'the same connection');
      assert.equal(api.connections().length, 1, 'no second connection');
      await waitFor(() => tabLabels().includes('S1'), 'the S1 tab', 5000, () => JSON.stringify(tabLabels()));
      assert.deepEqual(tabLabels().filter((l) => l.startsWith('S1')), ['S1'], 'one S1 tab, no "S1 (2)"');

      assert.equal(await run('sseInspector.disconnect', { id: first.id }), true);
      assert.equal(api.connection(first.id)?.state, 'closed');
      const restarted = await run<Outcome>(click.command, ...click.arguments);
      assert.deepEqual(restarted, first);
      await waitFor(() => api.connection(first.id)?.state === 'open', 'S1 open again in its panel');
      assert.equal(api.connections().length, 1);
    } finally {
      await closeAllConnections(api);
      await restore();
    }
  });

  it('removes every closed connection in one action, from the view title', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const o = await run<Outcome>('sseInspector.connectUrl', { url: `${demo.url}/events?heartbeatMs=100` });
      assert.ok(o.ok);
      ids.push(o.id);
    }
    await waitFor(() => ids.every((id) => api.connection(id)?.state === 'open'), 'all open');
    await run('sseInspector.disconnect', { id: ids[0] });
    await run('sseInspector.disconnect', { id: ids[2] });
    assert.equal(await run('sseInspector.removeClosed'), 2);
    assert.deepEqual(api.connections().map((c) => c.id), [ids[1]]);
    const title = manifest().contributes.menus['view/title'] ?? [];
    assert.ok(title.some((m) => m.command === 'sseInspector.removeClosed' && /view == sseInspector\.streams/.test(m.when ?? '')));
  });

  it('names a Connect-to-URL tab by method and path (never the query), then the host', async () => {
    const o = await run<Outcome>('sseInspector.connectUrl', { url: `${demo.url}/events?heartbeatMs=100&token=s3cr3t` });
    assert.ok(o.ok);
    const title = `GET /events · 127.0.0.1:${demo.port}`;
    await waitFor(() => tabLabels().includes(title), `a tab "${title}"`, 5000, () => JSON.stringify(tabLabels()));
    assert.ok(!tabLabels().some((l) => l.includes('s3cr3t')));
  });
});
