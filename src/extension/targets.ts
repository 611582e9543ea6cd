// The session a command acts on when it works for live connections and recordings alike
// (exports, Save Recording, Replay, Copy as curl): the one named by id, the last focused
// panel, the only one, or the user's pick.
import * as vscode from 'vscode';
import { redactUrl } from '../core/redact';
import type { Session } from '../core/session';
import type { ConnectionManager, ConnectionView, LiveConnection } from './connections';
import { CANCELLED, fail, type Failure } from './outcome';
import type { OpenRecording, RecordingPanels } from './recording/registry';
import { stateLook } from './state-view';

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
    private readonly manager: ConnectionManager,
    readonly recordings: RecordingPanels,
  ) {}

  /** A panel became active: it is what the next command without arguments acts on. */
  focused(id: string): void {
    this.lastFocused = id;
  }

  get(id: string): SessionTarget | undefined {
    const live = this.manager.get(id);
    if (live) return { kind: 'live', id, label: live.label, session: live.inspector.session, secrets: [...live.secrets], view: this.manager.viewOf(id), live };
    const recording = this.recordings.get(id);
    if (recording) return { kind: 'recording', id, label: recording.label, session: recording.session, secrets: [], view: recording.view, recording };
    return undefined;
  }

  all(): SessionTarget[] {
    return [...this.manager.all().map((c) => c.id), ...this.recordings.all().map((r) => r.id)].map((id) => this.get(id)!);
  }

  /** The last focused panel (live or recording), else the active connection, else the only panel. */
  active(): SessionTarget | undefined {
    const focused = this.lastFocused !== undefined ? this.get(this.lastFocused) : undefined;
    if (focused) return focused;
    const live = this.manager.active();
    if (live) return this.get(live.id);
    const all = this.all();
    return all.length === 1 ? all[0] : undefined;
  }

  /** The target of a command: by id, the active one, or asked for. */
  async resolve(arg: TargetArg, action: string): Promise<SessionTarget | Failure> {
    const id = typeof arg === 'string' ? arg : arg?.id;
    if (id !== undefined) return this.get(id) ?? fail(`SSE Inspector: no connection or recording ${id} (its panel was closed)`);
    const active = this.active();
    if (active) return active;
    const all = this.all();
    if (all.length === 0) return fail('SSE Inspector: nothing to act on yet: connect to a stream or open a recording first', 'info');
    const picked = await vscode.window.showQuickPick(
      all.map((t) => ({
        label: t.kind === 'live' ? `$(${stateLook(t.live!.inspector.connection.state).icon}) ${t.label}` : `$(history) ${t.label}`,
        description: t.kind === 'live' ? stateLook(t.live!.inspector.connection.state).word : 'recording',
        detail: t.kind === 'live' ? redactUrl(t.live!.spec.url) : vscode.workspace.asRelativePath(t.recording!.source),
        id: t.id,
      })),
      { title: `SSE Inspector: ${action}`, placeHolder: 'Connection or recording' },
    );
    return (picked && this.get(picked.id)) || CANCELLED;
  }
}
