// Starts a connection from a profile: reads its secrets, resolves `${env:…}`, builds the
// Inspector and its event breakpoints, opens its panel, logs its lifecycle, registers it.
// Every failure becomes a clear message to the user (and an outcome the caller can test),
// never a throw.
import { errorText } from './outcome';
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import type { BreakpointHit, EventBreakpoint } from '../core/breakpoints';
import { Inspector } from '../core/inspector';
import { InspectorPanel, type PanelOptions } from '../panel/panel';
import type { ConnectionRegistry, LiveConnection } from './connection-registry';
import { CaptureControl } from '../core/capture';
import { COMMANDS } from '../ids';
import type { LifecycleLog } from './lifecycle-log';
import { editBreakpoint, runPanelCommand } from './panel-commands';
import { panelTitle } from './panel-title';
import { authWithSecret, labelFor, makeRefreshHook, ProfileError, resolveProfile, secretKeysOf, type FetchLike, type Profile } from './profile';
import type { ReplayServers } from './replay-servers';
import type { SecretVault } from './secrets';
import { readDefaults } from './settings';
import type { SessionTargets } from './targets';

export interface ConnectRequest {
  profile: Profile;
  /** A saved profile (false for Connect to URL). */
  fromProfile: boolean;
  /** A restored panel to show it in, instead of a new one. */
  panel?: vscode.WebviewPanel;
  /** The debug session that starts it (it disconnects when that session ends). */
  debugSession?: string;
}

export type ConnectOutcome = { ok: true; id: string } | { ok: false; error: string };

export interface ConnectionStarterDeps {
  extensionUri: vscode.Uri;
  connections: ConnectionRegistry;
  targets: SessionTargets;
  replays: ReplayServers;
  vault: SecretVault;
  log: LifecycleLog;
  /** Pauses the debugged program; the session's name, or undefined when nothing is debugged. */
  pauseDebugger(): string | undefined;
}

export class ConnectionStarter {
  constructor(private readonly deps: ConnectionStarterDeps) {}

  async connect(request: ConnectRequest): Promise<ConnectOutcome> {
    const { connections, vault, log } = this.deps;
    const { profile } = request;
    let live: LiveConnection;
    try {
      const secrets = await vault.getMany(secretKeysOf(profile));
      const resolved = resolveProfile(profile, { env: process.env, secrets, defaults: readDefaults() });
      const id = randomUUID();
      const label = connections.uniqueLabel(resolved.options.label ?? profile.url);
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
                // Copy as curl gives the request as it is sent now, with the fresh token.
                live.request = { ...live.request, auth: authWithSecret(auth, token) };
                // The rotated token replaces the stored one, so the next connect starts valid.
                if (auth.secretRef) await vault.store(auth.secretRef, token);
              },
            })
          : undefined;
      const inspector = new Inspector({ ...resolved.options, id, label, ...(refreshAuth ? { refreshAuth } : {}) });
      const capture = this.captureFor(() => live, profile.breakpoints ?? []);
      live = { id, label, inspector, origin: { kind: 'connection' }, spec: profile, fromProfile: request.fromProfile, secrets: liveSecrets, request: resolved.options.request, capture };
      if (request.debugSession !== undefined) live.debugSession = request.debugSession;
      if (resolved.options.lastEventId !== undefined) live.lastEventId = resolved.options.lastEventId;
    } catch (err) {
      return this.refuse(profile, err);
    }

    this.show(live, request.panel ? { adopt: request.panel } : {});
    live.inspector.start();
    return { ok: true, id: live.id };
  }

  /**
   * Gives a stream its panel (a new one, or `adopt`ed after a reload), its log and its
   * event breakpoints, and registers it. Connections and tapped streams alike.
   */
  show(live: LiveConnection, where: { adopt?: vscode.WebviewPanel; preserveFocus?: boolean }): void {
    const { connections, log } = this.deps;
    const panelOptions: PanelOptions = {
      extensionUri: this.deps.extensionUri,
      id: live.id,
      title: panelTitle(live),
      session: live.inspector.session,
      connection: live.inspector.source,
      capture: live.capture,
      context: () => ({ mode: 'live', breakpoints: live.capture.breakpoints(), ...this.replayUrl(live.id), ...(live.faults?.available() ? { faults: true } : {}), ...(live.origin.kind === 'tap' ? { tapped: true } : {}) }),
      onCommand: (command) => runPanelCommand(live.id, 'live', command, connections.viewOf(live.id)),
      onFault: (fault) => void vscode.commands.executeCommand(COMMANDS.applyFault, fault === undefined ? { id: live.id } : { id: live.id, fault }),
      onBreakpoint: (action, breakpoint) => editBreakpoint(live.capture, action, breakpoint, connections.viewOf(live.id)),
      onFocus: () => {
        connections.setActive(live.id);
        this.deps.targets.focused(live.id);
      },
      onClosed: () => void connections.close(live.id),
    };
    const panel = where.adopt ? InspectorPanel.adopt(where.adopt, panelOptions) : InspectorPanel.open(panelOptions, where.preserveFocus === true);
    if (!where.preserveFocus) this.deps.targets.focused(live.id);
    connections.add(live, panel, [
      log.attach(live),
      // After the session has the record (the Inspector subscribed first), so a hit's seq is already held.
      live.inspector.source.onRecord((r) => live.capture.observe(r)),
      live.capture.onChange((c) => {
        if (c.kind === 'resumed') log.write(live, 'info', vscode.l10n.t('capture resumed (held at #{0}; {1} records since)', c.state.seq, live.inspector.session.lastSeq - c.state.seq));
      }),
    ]);
  }

  /** A stream's event breakpoints; a hit is logged, and pauses the debug session when the breakpoint asks. */
  captureFor(live: () => LiveConnection, breakpoints: EventBreakpoint[]): CaptureControl {
    return new CaptureControl({ breakpoints, onHit: (hit) => this.onHit(live(), hit) });
  }

  private replayUrl(id: string): { replayUrl?: string } {
    const url = this.deps.replays.urlOf(id);
    return url ? { replayUrl: url } : {};
  }

  /** A breakpoint hit: log it, and pause the debug session too when the breakpoint asks. */
  private onHit(live: LiveConnection, hit: BreakpointHit): boolean {
    const session = hit.breakpoint.pauseDebugSession ? this.deps.pauseDebugger() : undefined;
    const { id } = hit.breakpoint;
    const text = !hit.breakpoint.pauseDebugSession
      ? vscode.l10n.t('breakpoint {0} hit at #{1}: {2}; capture paused', id, hit.seq, hit.reason)
      : session !== undefined
        ? vscode.l10n.t('breakpoint {0} hit at #{1}: {2}; capture paused; pausing debug session "{3}"', id, hit.seq, hit.reason, session)
        : vscode.l10n.t('breakpoint {0} hit at #{1}: {2}; capture paused; no debug session to pause', id, hit.seq, hit.reason);
    this.deps.log.write(live, 'info', text);
    return session !== undefined;
  }

  /** Tells the user why a profile cannot connect; offers to set a missing secret. */
  private refuse(profile: Profile, err: unknown): ConnectOutcome {
    const error = errorText(err);
    // Profile errors name variables and keys, never their values.
    this.deps.log.write({ label: labelFor(profile), secrets: new Set() }, 'error', vscode.l10n.t('cannot connect: {0}', error));
    if (err instanceof ProfileError && err.code === 'missing-secret' && err.ref) {
      const ref = err.ref;
      // Not awaited: the command returns now; the button runs Set Secret if clicked.
      void vscode.window.showErrorMessage(vscode.l10n.t('SSE Inspector: {0}.', error), vscode.l10n.t('Set Secret…')).then((choice) => {
        if (choice) void vscode.commands.executeCommand(COMMANDS.setSecret, { ref });
      });
    } else {
      void vscode.window.showErrorMessage(profile.name ? vscode.l10n.t('SSE Inspector: cannot connect "{0}": {1}', profile.name, error) : vscode.l10n.t('SSE Inspector: cannot connect {0}: {1}', profile.url, error));
    }
    return { ok: false, error };
  }
}
