// Activation: wires the pure core to VS Code. Everything created here is disposed with the
// extension (context.subscriptions), and deactivate() waits for every connection to close
// its sockets and every replay server to stop. It sits above src/extension/ (as src/cli.ts
// sits above src/cli/): the one place that imports the feature folders debug/, recording/,
// tap/ and debug-tap/, so no folder imports one above it.
import * as vscode from 'vscode';
import { PanelRestorer } from './extension/panel-restore';
import { createApi, type SseInspectorApi } from './extension/api';
import { registerCommands } from './extension/commands';
import { ConnectionRegistry } from './extension/connection-registry';
import { ConnectionStarter } from './extension/connection-starter';
import { captureCommands } from './extension/debug/capture-commands';
import { DebugTie } from './extension/debug/debug-tie';
import { CAPTURE_PAUSED_CONTEXT, HAS_CONNECTIONS_CONTEXT, HAS_PANELS_CONTEXT, STREAMS_VIEW } from './ids';
import { LifecycleLog } from './extension/lifecycle-log';
import { recordingCommands, speedLabel } from './extension/recording/commands';
import { RecordingPanels } from './extension/recording-panels';
import { ReplayServers } from './extension/replay-servers';
import { SecretVault } from './extension/secrets';
import { onProfilesChanged, readDefaults, readProfiles } from './extension/settings';
import { ConnectionStatusBar } from './extension/status-bar';
import { SessionTargets } from './extension/targets';
import { StreamsTree } from './extension/tree';
import { TappedStreams } from './extension/tapped-streams';
import { ProxyTaps } from './extension/tap/proxy-taps';
import { tapCommands } from './extension/tap/tap-commands';
import { NodeDebugTap } from './extension/debug-tap/node-tap';
import { BrowserDebugTap, type ReloadPageArgs } from './extension/debug-tap/cdp-tap';

export type { SseInspectorApi, ConnectionInfo, RecordingInfo } from './extension/api';

let shutdown: (() => Promise<void>) | undefined;

export function activate(context: vscode.ExtensionContext): SseInspectorApi {
  const channel = vscode.window.createOutputChannel('SSE Inspector', { log: true });
  const connections = new ConnectionRegistry();
  const recordings = new RecordingPanels();
  const targets = new SessionTargets(connections, recordings);
  const vault = new SecretVault(context.secrets);
  const log = new LifecycleLog(channel);
  const viewOf = (id: string) => connections.viewOf(id) ?? recordings.get(id)?.view;
  const replays = new ReplayServers({
    started: (r) => {
      log.write({ label: r.label, secrets: new Set() }, 'info', vscode.l10n.t('replay started at {0} ({1})', r.url, speedLabel(r.speed)));
      viewOf(r.panelId)?.sendContext();
    },
    stopped: (r) => {
      log.write({ label: r.label, secrets: new Set() }, 'info', r.served === 1 ? vscode.l10n.t('replay stopped at {0} after 1 connection', r.url) : vscode.l10n.t('replay stopped at {0} after {1} connections', r.url, r.served));
      viewOf(r.panelId)?.sendContext();
    },
  });
  // The debug tie connects through the connection starter, whose breakpoints pause through the debug tie.
  const starter: ConnectionStarter = new ConnectionStarter({ extensionUri: context.extensionUri, connections, targets, replays, vault, log, pauseDebugger: () => debugTie.pauseProgram() });
  const restorer = new PanelRestorer(context.workspaceState, connections);
  const tree = new StreamsTree(connections);
  const statusBar = new ConnectionStatusBar(connections);
  const debugTie = new DebugTie({ connections, connect: (r) => starter.connect(r), log });
  // Where the debug tap and the proxy tap register the streams they find.
  const tapped = new TappedStreams({ connections, starter, defaults: readDefaults });
  const taps = new ProxyTaps({ tapped, connections, log });
  const browserTap = new BrowserDebugTap(tapped, channel);
  const setContext = (key: string, value: boolean) => void vscode.commands.executeCommand('setContext', key, value);
  const panelsChanged = () => setContext(HAS_PANELS_CONTEXT, connections.size + recordings.size > 0);

  context.subscriptions.push(
    channel,
    connections,
    recordings,
    replays,
    taps,
    debugTie,
    // Node programs under VS Code's JavaScript debugger: their own event streams, through a preload.
    new NodeDebugTap(tapped, context.asAbsolutePath('out/tap-preload.js')),
    // Web pages under the same debugger: their own event streams, through js-debug's CDP proxy.
    browserTap,
    restorer,
    tree,
    statusBar,
    vscode.window.createTreeView(STREAMS_VIEW, { treeDataProvider: tree, showCollapseAll: false }),
    restorer.register((r) => starter.connect(r)),
    ...registerCommands(
      { connections, starter, vault, targets, extensionVersion: String(context.extension.packageJSON.version ?? '0.0.0') },
      {
        ...captureCommands({ liveTarget: (arg, action, only) => targets.resolveLive(arg, action, only) }),
        ...recordingCommands({ extensionUri: context.extensionUri, targets, replays, log }),
        ...tapCommands({ taps, targets }),
        debugTapReloadPage: (args?: ReloadPageArgs) => browserTap.reloadPage(args),
      },
    ),
    onProfilesChanged(() => warnAboutInvalidProfiles(channel)),
    connections.onDidChange((c) => {
      // Disconnect, Reconnect, Clear, Save show in the palette only when there is something to act on.
      setContext(HAS_CONNECTIONS_CONTEXT, connections.size > 0);
      setContext(CAPTURE_PAUSED_CONTEXT, connections.all().some((x) => x.capture.paused));
      panelsChanged();
      // A closed panel takes its replay server with it.
      if (c.kind === 'removed') void replays.stop(c.id);
    }),
    recordings.onDidChange((c) => {
      panelsChanged();
      if (c.kind === 'removed') void replays.stop(c.id);
    }),
  );
  warnAboutInvalidProfiles(channel);

  shutdown = async () => {
    restorer.freeze();
    // Un-pause first: nothing should wait on a timeline nobody will see again.
    for (const c of connections.all()) c.capture.resume();
    await Promise.all([replays.stopAll(), taps.stopAll(), connections.closeAll()]);
    recordings.dispose();
  };

  return createApi({
    connections,
    recordings,
    replays,
    traceOf: (id) => connections.viewOf(id)?.trace,
    tree: () => tree.describe(),
    statusBarText: () => statusBar.text,
    restorablePanels: () => restorer.restorableTitles(),
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
