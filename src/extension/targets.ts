// The session a command acts on when it works for live connections and recordings alike
// (exports, Save Recording, Replay, Copy as curl): the one named by id, the last focused
// panel, the only one, or the user's pick. Commands for live connections only pick the
// same way among those (resolveLive): one rule and one quick pick for every command.
import * as vscode from 'vscode';
import { redactUrl } from '../core/base/redact';
import type { Session } from '../core/session';
import type { ConnectionRegistry, ConnectionView, LiveConnection } from './connection-registry';
import { CANCELLED, fail, type Failure } from './outcome';
import type { OpenRecording, RecordingPanels } from './recording-panels';
import { stateLook } from './state-view';
import { stateWord } from './state-words';
import { chooseTarget } from './target-rule';

export interface SessionTarget {
  kind: 'live' | 'recording';
  id: string;
  label: string;
  session: Session;
  /** Secret values to scrub from whatever is written (none for a recording: it was scrubbed when saved). */
  secrets: readonly string[];
  view: ConnectionView | undefined;
  live?: LiveConnection;
  recording?: OpenRecording;
}

/** A panel by id (tree items and panel buttons pass `{ id }`). */
export type TargetArg = string | { id?: string } | undefined;

export class SessionTargets {
  private lastFocused: string | undefined;

  constructor(
    private readonly connections: ConnectionRegistry,
    readonly recordings: RecordingPanels,
  ) {}

  /** A panel became active: it is what the next command without arguments acts on. */
  focused(id: string): void {
    this.lastFocused = id;
  }

  get(id: string): SessionTarget | undefined {
    const live = this.connections.get(id);
    if (live) return { kind: 'live', id, label: live.label, session: live.inspector.session, secrets: [...live.secrets], view: this.connections.viewOf(id), live };
    const recording = this.recordings.get(id);
    if (recording) return { kind: 'recording', id, label: recording.label, session: recording.session, secrets: [], view: recording.view, recording };
    return undefined;
  }

  all(): SessionTarget[] {
    return [...this.connections.all().map((c) => c.id), ...this.recordings.all().map((r) => r.id)].map((id) => this.get(id)!);
  }

  /** The last focused panel (live or recording), else the active connection, else the only panel. */
  active(): SessionTarget | undefined {
    const focused = this.lastFocused !== undefined ? this.get(this.lastFocused) : undefined;
    if (focused) return focused;
    const live = this.connections.active();
    if (live) return this.get(live.id);
    const all = this.all();
    return all.length === 1 ? all[0] : undefined;
  }

  /** The panel (live or recording) a command acts on: by id, the active one, or asked for. */
  resolve(arg: TargetArg, action: string): Promise<SessionTarget | Failure> {
    return this.choose(arg, action, {
      byId: (id) => this.get(id),
      missing: (id) => vscode.l10n.t('SSE Inspector: no connection or recording {0} (its panel was closed)', id),
      candidates: () => this.all(),
      active: () => this.active(),
      none: vscode.l10n.t('SSE Inspector: nothing to act on yet: connect to a stream or open a recording first'),
      placeHolder: vscode.l10n.t('Connection or recording'),
    });
  }

  /**
   * The live connection a command acts on, picked the same way as `resolve` among the
   * connections `only` accepts (Resume Capture: the paused ones; by default all of them).
   * One named by id is returned whether `only` accepts it or not: the command says why it
   * cannot act on it.
   */
  async resolveLive(arg: TargetArg, action: string, only?: LiveScope): Promise<LiveConnection | Failure> {
    const accepts = only?.accepts ?? (() => true);
    const t = await this.choose(arg, action, {
      byId: (id) => this.liveTarget(this.connections.get(id)),
      missing: (id) => vscode.l10n.t('SSE Inspector: no connection {0} (it was closed)', id),
      candidates: () => this.connections.all().filter(accepts).map((c) => this.liveTarget(c)!),
      active: () => this.liveTarget(this.connections.active()),
      none: only?.none ?? vscode.l10n.t('SSE Inspector: there is no connection yet: run "SSE Inspector: Connect to URL…" or "Connect to Profile…"'),
      placeHolder: vscode.l10n.t('Connection'),
    });
    return 'ok' in t ? t : t.live!;
  }

  private liveTarget(c: LiveConnection | undefined): SessionTarget | undefined {
    return c && this.get(c.id);
  }

  /** The one rule for every command: the id given, else the active panel, else the only candidate, else the user's pick. */
  private async choose(arg: TargetArg, action: string, scope: TargetScope): Promise<SessionTarget | Failure> {
    const choice = chooseTarget(typeof arg === 'string' ? arg : arg?.id, scope.byId, scope.candidates(), scope.active());
    switch (choice.kind) {
      case 'found':
        return choice.target;
      case 'missing':
        return fail(scope.missing(choice.id));
      case 'none':
        return fail(scope.none, 'info');
      case 'pick': {
        const picked = await vscode.window.showQuickPick(choice.candidates.map(pickItem), { title: vscode.l10n.t('SSE Inspector: {0}', action), placeHolder: scope.placeHolder });
        return (picked && this.get(picked.id)) || CANCELLED;
      }
    }
  }
}

/** Which live connections a command may act on, and what to say when none may. */
export interface LiveScope {
  accepts(c: LiveConnection): boolean;
  none: string;
}

interface TargetScope {
  byId(id: string): SessionTarget | undefined;
  missing(id: string): string;
  candidates(): SessionTarget[];
  active(): SessionTarget | undefined;
  none: string;
  placeHolder: string;
}

/** A panel in the quick pick: its state (or where its capture is paused) and where it reads from. */
function pickItem(t: SessionTarget): vscode.QuickPickItem & { id: string } {
  if (!t.live) return { label: `$(history) ${t.label}`, description: vscode.l10n.t('recording'), detail: vscode.workspace.asRelativePath(t.recording!.source), id: t.id };
  const look = stateLook(t.live.inspector.source.state);
  const paused = t.live.capture.paused;
  return { label: `$(${look.icon}) ${t.label}`, description: paused ? vscode.l10n.t('paused at #{0}: {1}', paused.seq, paused.reason) : stateWord(t.live.inspector.source.state), detail: redactUrl(t.live.spec.url), id: t.id };
}
