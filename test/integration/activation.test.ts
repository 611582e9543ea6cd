// The extension in the real host: it activates, every contributed command is registered
// (and only those), the configuration schema is the one VS Code uses, the view and its
// menus point at real commands, and activate() returns the test API.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { COMMANDS, PANEL_VIEW_TYPE, STREAMS_VIEW } from '../../src/ids';
import { EXTENSION_ID, inspectorApi } from './helpers';

interface Manifest {
  activationEvents: string[];
  contributes: {
    commands: Array<{ command: string; title: string; category: string; icon?: string }>;
    menus: Record<string, Array<{ command: string; when?: string }>>;
    viewsContainers: { activitybar: Array<{ id: string; icon: string }> };
    views: Record<string, Array<{ id: string }>>;
    configuration: { properties: Record<string, { default?: unknown; items?: { properties: Record<string, unknown> } }> };
  };
}

function manifest(): Manifest {
  return vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as Manifest;
}

describe('activation', () => {
  it('activates and returns the test API', async () => {
    const api = await inspectorApi();
    assert.equal(vscode.extensions.getExtension(EXTENSION_ID)!.isActive, true);
    assert.equal(api.apiVersion, 1);
    assert.ok(Array.isArray(api.connections()));
    assert.ok(api.logUri instanceof vscode.Uri);
  });

  it('registers every contributed command, and contributes every command it registers', async () => {
    await inspectorApi();
    const contributed = manifest().contributes.commands.map((c) => c.command).sort();
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const id of contributed) assert.ok(registered.has(id), `${id} is registered`);
    // VS Code adds `sseInspector.streams.focus` and the like for the view itself.
    const ours = [...registered].filter((id) => id.startsWith('sseInspector.') && !id.startsWith(`${STREAMS_VIEW}.`)).sort();
    assert.deepEqual(ours, contributed, 'no registered sseInspector.* command is missing from package.json');
    assert.deepEqual(Object.values(COMMANDS).sort(), contributed);
  });

  it('puts every command in the "SSE Inspector" palette category with a title and icon', () => {
    for (const c of manifest().contributes.commands) {
      assert.equal(c.category, 'SSE Inspector', c.command);
      assert.ok(c.title.length > 3, c.command);
      assert.match(c.icon ?? '', /^\$\([a-z-]+\)$/, `${c.command} has a codicon`);
    }
  });

  it('contributes the activity bar view, whose menus only name contributed commands', () => {
    const m = manifest();
    const container = m.contributes.viewsContainers.activitybar.find((c) => c.id === 'sseInspector');
    assert.ok(container, 'activity bar container');
    assert.deepEqual(m.contributes.views.sseInspector?.map((v) => v.id), [STREAMS_VIEW]);
    const commands = new Set(m.contributes.commands.map((c) => c.command));
    for (const [menu, items] of Object.entries(m.contributes.menus)) {
      for (const item of items) assert.ok(commands.has(item.command), `${menu}: ${item.command}`);
    }
    assert.ok(m.activationEvents.includes(`onWebviewPanel:${PANEL_VIEW_TYPE}`), 'restores panels after a reload');
    assert.ok(m.activationEvents.includes('onDebug'), 'active before a debug session starts, to connect its profiles');
    const explorer = m.contributes.menus['explorer/context'] ?? [];
    assert.deepEqual(explorer.map((i) => [i.command, i.when]), [
      ['sseInspector.openRecording', 'resourceFilename =~ /\\.sse\\.jsonl$/'],
      ['sseInspector.replayRecording', 'resourceFilename =~ /\\.sse\\.jsonl$/'],
    ]);
  });

  it('has its configuration schema loaded by VS Code, with the documented defaults', () => {
    const config = vscode.workspace.getConfiguration('sseInspector');
    assert.equal(config.inspect('maxRecords')?.defaultValue, 50000);
    assert.equal(config.inspect('maxBytesMB')?.defaultValue, 64);
    assert.equal(config.inspect('defaultReconnectPolicy')?.defaultValue, 'linear');
    assert.equal(config.inspect('idleTimeoutSeconds')?.defaultValue, 60);
    assert.deepEqual(config.inspect('profiles')?.defaultValue, []);
    const profileSchema = manifest().contributes.configuration.properties['sseInspector.profiles']?.items?.properties ?? {};
    for (const field of ['name', 'url', 'method', 'headers', 'body', 'auth', 'refresh', 'reconnect', 'heartbeat', 'insecureTls', 'connectOnDebug', 'launchConfigurations', 'breakpoints', 'merge', 'expectJson']) {
      assert.ok(field in profileSchema, `profiles schema declares ${field}`);
    }
  });

  it('lists the fixture workspace\'s profiles in the tree, and no connection yet', async () => {
    const api = await inspectorApi();
    // test/fixtures/workspace/.vscode/settings.json
    assert.deepEqual(api.tree().profiles, ['Demo: heartbeat', 'Demo: secure (Bearer)', 'Demo: chat (POST)']);
    assert.deepEqual(api.tree().connections, []);
    assert.equal(api.statusBarText(), undefined, 'no status bar item without a connection');
  });
});
