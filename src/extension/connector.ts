// Starts a connection from a profile: reads its secrets, resolves `${env:…}`, builds the
// Inspector, opens its panel, logs its lifecycle, registers it. Every failure becomes a
// clear message to the user (and an outcome the caller can test), never a throw.
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { Inspector } from '../core/inspector';
import type { PanelCommand } from '../protocol';
import { InspectorPanel } from '../panel/panel';
import type { ConnectionManager, LiveConnection } from './connections';
import { COMMANDS } from './ids';
import type { LifecycleLog } from './lifecycle-log';
import { labelFor, makeRefreshHook, ProfileError, resolveProfile, secretKeysOf, type FetchLike, type Profile } from './profile';
import { exportRecords } from './export';
import type { SecretVault } from './secrets';
import { readDefaults } from './settings';

export interface ConnectRequest {
  profile: Profile;
  /** A saved profile (false for Connect to URL). */
  fromProfile: boolean;
  /** A restored panel to show it in, instead of a new one. */
  panel?: vscode.WebviewPanel;
}

export type ConnectOutcome = { ok: true; id: string } | { ok: false; error: string };

export interface ConnectorDeps {
  extensionUri: vscode.Uri;
  manager: ConnectionManager;
  vault: SecretVault;
  log: LifecycleLog;
}

// The panel buttons that run a palette command. (The others are handled in runPanelCommand.)
const PANEL_COMMANDS: Partial<Record<PanelCommand, string>> = {
  disconnect: COMMANDS.disconnect,
  reconnect: COMMANDS.reconnect,
  clear: COMMANDS.clear,
  saveProfile: COMMANDS.saveProfile,
};

export class Connector {
  constructor(private readonly deps: ConnectorDeps) {}

  async connect(request: ConnectRequest): Promise<ConnectOutcome> {
    const { manager, vault, log } = this.deps;
    const { profile } = request;
    let live: LiveConnection;
    try {
      const secrets = await vault.getMany(secretKeysOf(profile));
      const resolved = resolveProfile(profile, { env: process.env, secrets, defaults: readDefaults() });
      const id = randomUUID();
      const label = manager.uniqueLabel(resolved.options.label ?? profile.url);
      const liveSecrets = new Set(resolved.secrets);
      const auth = profile.auth;
      const refreshAuth =
        profile.refresh && auth && auth.kind !== 'none' && auth.kind !== 'basic'
          ? makeRefreshHook({
              refresh: profile.refresh,
              auth,
              env: process.env,
              secrets,
              fetch: globalThis.fetch as unknown as FetchLike,
              onToken: async (token) => {
                liveSecrets.add(token);
                // The rotated token replaces the stored one, so the next connect starts valid.
                if (auth.secretRef) await vault.store(auth.secretRef, token);
              },
            })
          : undefined;
      const inspector = new Inspector({ ...resolved.options, id, label, ...(refreshAuth ? { refreshAuth } : {}) });
      live = { id, label, inspector, spec: profile, fromProfile: request.fromProfile, secrets: liveSecrets };
    } catch (err) {
      return this.refuse(profile, err);
    }

    const panelOptions = {
      extensionUri: this.deps.extensionUri,
      id: live.id,
      title: live.label,
      inspector: live.inspector,
      onCommand: (command: PanelCommand) => this.runPanelCommand(live, command),
      onFocus: () => manager.setActive(live.id),
      onClosed: () => void manager.close(live.id),
    };
    const panel = request.panel ? InspectorPanel.adopt(request.panel, panelOptions) : InspectorPanel.open(panelOptions);
    manager.add(live, panel, [log.attach(live)]);
    live.inspector.start();
    return { ok: true, id: live.id };
  }

  private runPanelCommand(live: LiveConnection, command: PanelCommand): void {
    if (command === 'export') {
      void exportRecords(live);
      return;
    }
    const id = PANEL_COMMANDS[command];
    if (id) void vscode.commands.executeCommand(id, { id: live.id });
    else void vscode.window.showWarningMessage(`SSE Inspector: "${command}" is not available yet.`);
  }

  /** Tells the user why a profile cannot connect; offers to set a missing secret. */
  private refuse(profile: Profile, err: unknown): ConnectOutcome {
    const error = err instanceof Error ? err.message : String(err);
    // Profile errors name variables and keys, never their values.
    this.deps.log.write({ label: labelFor(profile), secrets: new Set() }, 'error', `cannot connect: ${error}`);
    if (err instanceof ProfileError && err.code === 'missing-secret' && err.ref) {
      const ref = err.ref;
      // Not awaited: the command returns now; the button runs Set Secret if clicked.
      void vscode.window.showErrorMessage(`SSE Inspector: ${error}.`, 'Set Secret…').then((choice) => {
        if (choice) void vscode.commands.executeCommand(COMMANDS.setSecret, { ref });
      });
    } else {
      void vscode.window.showErrorMessage(`SSE Inspector: cannot connect ${profile.name ? `"${profile.name}"` : profile.url}: ${error}`);
    }
    return { ok: false, error };
  }
}
