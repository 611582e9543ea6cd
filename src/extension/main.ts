// Activation: wires the pure core to VS Code. Everything created here is disposed with the
// extension (context.subscriptions), and deactivate() waits for every connection to close
// its sockets.
import * as vscode from 'vscode';
import { PanelRestorer } from '../panel/restore';
import { createApi, type SseInspectorApi } from './api';
import { registerCommands } from './commands';
import { ConnectionManager } from './connections';
import { Connector } from './connector';
import { HAS_CONNECTIONS_CONTEXT, STREAMS_VIEW } from './ids';
import { LifecycleLog } from './lifecycle-log';
import { SecretVault } from './secrets';
import { onProfilesChanged, readProfiles } from './settings';
import { ConnectionStatusBar } from './status-bar';
import { StreamsTree } from './tree';

export type { SseInspectorApi, ConnectionInfo } from './api';

let shutdown: (() => Promise<void>) | undefined;

export function activate(context: vscode.ExtensionContext): SseInspectorApi {
  const channel = vscode.window.createOutputChannel('SSE Inspector', { log: true });
  const manager = new ConnectionManager();
  const vault = new SecretVault(context.secrets);
  const log = new LifecycleLog(channel);
  const connector = new Connector({ extensionUri: context.extensionUri, manager, vault, log });
  const restorer = new PanelRestorer(context.workspaceState, manager);
  const tree = new StreamsTree(manager);
  const statusBar = new ConnectionStatusBar(manager);

  context.subscriptions.push(
    channel,
    manager,
    restorer,
    tree,
    statusBar,
    vscode.window.createTreeView(STREAMS_VIEW, { treeDataProvider: tree, showCollapseAll: false }),
    restorer.register((r) => connector.connect(r)),
    ...registerCommands({ manager, connector, vault }),
    onProfilesChanged(() => warnAboutInvalidProfiles(channel)),
    // Disconnect, Reconnect, Clear, Save show in the palette only when there is something to act on.
    manager.onDidChange(() => void vscode.commands.executeCommand('setContext', HAS_CONNECTIONS_CONTEXT, manager.size > 0)),
  );
  warnAboutInvalidProfiles(channel);

  shutdown = async () => {
    restorer.freeze();
    await manager.closeAll();
  };

  return createApi({
    manager,
    traceOf: (id) => manager.viewOf(id)?.trace,
    tree: () => tree.describe(),
    statusBarText: () => statusBar.text,
    logUri: context.logUri,
  });
}

export async function deactivate(): Promise<void> {
  await shutdown?.();
  shutdown = undefined;
}

/** Invalid profiles are skipped; the log (and the tree) say which and why. */
function warnAboutInvalidProfiles(channel: vscode.LogOutputChannel): void {
  for (const problem of readProfiles().problems) channel.warn(`settings: ${problem}`);
}
