// Ties connections to debug sessions. A debug session whose launch configuration a profile
// names (or any session, for `connectOnDebug: true`) connects that profile, and the end of
// the session disconnects what it connected. Every live connection gets markers on its
// timeline: the session started or ended, the program paused or went on — so a user sees
// which events arrived while the program was stopped at a breakpoint.
//
// Only top-level sessions start and end things: js-debug, for one, runs the program in a
// child session of the one the launch configuration started. Pauses come from any session
// (the child is the one whose threads stop).
import { errorText } from '../outcome';
import * as vscode from 'vscode';
import { Disposable } from '../../core/disposable';
import type { MarkerKind } from '../../core/base/records';
import type { ConnectionRegistry, LiveConnection } from '../connection-registry';
import type { ConnectOutcome, ConnectRequest } from '../connection-starter';
import type { LifecycleLog } from '../lifecycle-log';
import type { Profile } from '../profile';
import { readProfiles } from '../settings';
import { DapMarkerReader } from './dap-pure';
import { profilesForDebugSession } from './match-pure';

export interface DebugTieDeps {
  connections: ConnectionRegistry;
  connect(request: ConnectRequest): Promise<ConnectOutcome>;
  log: LifecycleLog;
}

export class DebugTie extends Disposable {
  /** Connections each top-level debug session started (by session id). */
  private readonly startedBy = new Map<string, string[]>();
  /** What each debug session's adapter said, by session id (while it runs). */
  private readonly readers = new Map<string, { session: vscode.DebugSession; reader: DapMarkerReader }>();

  constructor(private readonly deps: DebugTieDeps) {
    super();
    this._register(vscode.debug.onDidStartDebugSession((s) => void this.started(s)));
    this._register(vscode.debug.onDidTerminateDebugSession((s) => void this.ended(s)));
    this._register(vscode.debug.registerDebugAdapterTrackerFactory('*', { createDebugAdapterTracker: (s) => this.tracker(s) }));
  }

  private async started(session: vscode.DebugSession): Promise<void> {
    if (session.parentSession) return;
    const label = vscode.l10n.t('Debug session "{0}" started', session.name);
    this.markLive('debug-start', label);
    const profiles = profilesForDebugSession(readProfiles().profiles, session.configuration.name ?? session.name);
    if (profiles.length === 0) return;
    const ids: string[] = [];
    this.startedBy.set(session.id, ids);
    for (const profile of profiles) {
      const id = await this.connectFor(session, profile);
      if (!id) continue;
      // Its timeline starts with the reason it was connected.
      this.deps.connections.get(id)?.inspector.source.mark('debug-start', label);
      if (this.startedBy.get(session.id) === ids) ids.push(id);
      else {
        // The session ended while this connection was starting (secrets are read first): it goes too.
        this.deps.connections.get(id)?.inspector.source.mark('debug-stop', vscode.l10n.t('Debug session "{0}" ended', session.name));
        await this.disconnect(id, session);
      }
    }
  }

  /**
   * A profile's connection for this session: the panel already showing that profile when
   * it is stopped (a restarted debug session continues the same timeline), else a new one.
   * A running connection of the profile is left alone and not claimed: the user started it.
   */
  private async connectFor(session: vscode.DebugSession, profile: Profile): Promise<string | undefined> {
    const existing = this.deps.connections.all().find((c) => c.fromProfile && c.spec.name === profile.name);
    if (existing) {
      if (isRunning(existing)) return undefined;
      existing.debugSession = session.name;
      existing.inspector.start();
      this.deps.log.write(existing, 'info', vscode.l10n.t('connected again by debug session "{0}"', session.name));
      return existing.id;
    }
    const outcome = await this.deps.connect({ profile, fromProfile: true, debugSession: session.name });
    if (!outcome.ok) return undefined; // the connection starter has told the user why
    const c = this.deps.connections.get(outcome.id);
    if (c) this.deps.log.write(c, 'info', vscode.l10n.t('connected by debug session "{0}"', session.name));
    return outcome.id;
  }

  private async ended(session: vscode.DebugSession): Promise<void> {
    if (session.parentSession) return;
    const ids = this.startedBy.get(session.id) ?? [];
    this.startedBy.delete(session.id);
    const label = vscode.l10n.t('Debug session "{0}" ended', session.name);
    // Marked before the disconnect, so the marker sits before the close on the timeline.
    for (const c of this.deps.connections.all()) if (isRunning(c) || ids.includes(c.id)) c.inspector.source.mark('debug-stop', label);
    await Promise.all(ids.map((id) => this.disconnect(id, session)));
  }

  private async disconnect(id: string, session: vscode.DebugSession): Promise<void> {
    const c = this.deps.connections.get(id);
    if (!c) return;
    delete c.debugSession;
    this.deps.log.write(c, 'info', vscode.l10n.t('disconnected: debug session "{0}" ended', session.name));
    await c.inspector.stop();
  }

  /**
   * Pauses the debugged program (an event breakpoint asked to); the name of the session
   * asked, or undefined when nothing is being debugged. The pause request names a thread
   * the adapter reported, in the active session or another session of its launch (js-debug
   * runs the program in a child session), rather than relying on whichever thread the
   * workbench's Pause command would pick from the UI's focus; only when no thread is
   * known yet does that command do it.
   */
  pauseProgram(): string | undefined {
    const active = vscode.debug.activeDebugSession;
    if (!active) return undefined;
    const withThreads = [...this.readers.values()].filter((r) => r.reader.liveThreads().length > 0);
    const target = withThreads.find((r) => r.session.id === active.id) ?? withThreads.find((r) => rootOf(r.session).id === rootOf(active).id);
    if (!target) {
      void vscode.commands.executeCommand('workbench.action.debug.pause');
      return active.name;
    }
    if (!target.reader.anyStopped) this.requestPause(target.session, target.reader.liveThreads()[0]!);
    return target.session.name;
  }

  private requestPause(session: vscode.DebugSession, threadId: number): void {
    void Promise.resolve(session.customRequest('pause', { threadId })).then(undefined, (err: unknown) => {
      void vscode.window.showWarningMessage(vscode.l10n.t('SSE Inspector: could not pause the debug session "{0}": {1}', session.name, errorText(err)));
    });
  }

  private tracker(session: vscode.DebugSession): vscode.DebugAdapterTracker {
    const reader = new DapMarkerReader();
    this.readers.set(session.id, { session, reader });
    return {
      onWillReceiveMessage: (m) => reader.fromClient(m),
      onDidSendMessage: (m) => {
        const marker = reader.fromAdapter(m);
        if (marker) this.markLive(marker.marker, marker.label);
      },
      onWillStopSession: () => void this.readers.delete(session.id),
      onExit: () => void this.readers.delete(session.id),
    };
  }

  private markLive(marker: MarkerKind, label: string): void {
    for (const c of this.deps.connections.all()) if (isRunning(c)) c.inspector.source.mark(marker, label);
  }

  override dispose(): void {
    super.dispose();
    this.startedBy.clear();
    this.readers.clear();
  }
}

function rootOf(session: vscode.DebugSession): vscode.DebugSession {
  return session.parentSession ? rootOf(session.parentSession) : session;
}

function isRunning(c: LiveConnection): boolean {
  const state = c.inspector.source.state;
  return state === 'connecting' || state === 'open' || state === 'waiting';
}
