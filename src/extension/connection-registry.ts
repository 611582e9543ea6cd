// The live connections of this window: each is one Inspector (connection + session) with
// its panel. Tracks which one is "active" (the last focused panel) for the commands, the
// status bar and the tree, and tells them when a connection comes, goes or changes state.
import * as vscode from 'vscode';
import { Disposable, disposeAll } from '../core/disposable';
import type { InspectedStream } from '../core/inspector';
import type { ConnectionState } from '../core/base/records';
import type { SseRequest } from '../core/base/request';
import type { PanelTrace } from '../panel/panel';
import type { CaptureControl } from '../core/capture';
import type { Profile } from './profile';

/**
 * Where a stream's records come from: our own connection, or a tap on a program's own
 * stream (`via` the debug session it runs under, or the proxy it goes through; `name` is
 * that session's or tap's name, which the tree groups it under).
 */
export type StreamOrigin = { kind: 'connection' } | { kind: 'tap'; via: 'debug' | 'proxy'; name: string };

export interface LiveConnection {
  readonly id: string;
  /** Panel title, tree label, log prefix: the profile name or the URL's host, made unique. */
  label: string;
  readonly inspector: InspectedStream;
  readonly origin: StreamOrigin;
  /** The profile it runs (an ad-hoc one for Connect to URL): secret-free, saved as is. */
  spec: Profile;
  /** Whether `spec` is a saved profile (false for Connect to URL until saved). */
  fromProfile: boolean;
  /** Every secret value this connection may send (plus refreshed tokens): scrubbed from the log. */
  readonly secrets: Set<string>;
  /** The request as resolved at connect time, credentials included (Copy as curl); a refreshed token replaces its auth. A tapped stream's is the program's request, redacted. */
  request: SseRequest;
  /** The Last-Event-ID its first request sends (the profile's `lastEventId`), which Copy as curl sends too. */
  lastEventId?: string;
  /** Its event breakpoints and whether its capture is paused. */
  readonly capture: CaptureControl;
  /** The debug session that started it, while that session runs. */
  debugSession?: string;
  /** A stream tapped through a running proxy tap: faults can be applied to it (the panel's fault menu). */
  faults?: LiveFaults;
}

/** The fault controls of a proxy-tapped stream, as the panel and the commands see them. */
export interface LiveFaults {
  /** Whether its tap still runs (the panel shows the fault menu only then). */
  available(): boolean;
}

/** What a panel does for the commands (src/panel/panel.ts implements it). */
export interface ConnectionView extends vscode.Disposable {
  reveal(): void;
  /** Sends the whole session again (after clear). */
  resync(): void;
  setTitle(title: string): void;
  /** Sends the panel's context again (breakpoints edited, a replay started or stopped). */
  sendContext(): void;
  /** A line in the panel's header (not an event of the stream). */
  notice(level: 'info' | 'warning' | 'error', text: string): void;
  /** What the panel has been sent (for the test API). */
  readonly trace: Readonly<PanelTrace>;
  /** Handles `message` as if the webview had posted it (test API). */
  receiveForTest(message: unknown): void;
}

/** `capture`: paused, resumed, or its breakpoints edited. */
export type ConnectionChange = { kind: 'added' | 'removed' | 'state' | 'renamed' | 'active' | 'capture'; id: string; state?: ConnectionState };

interface Entry {
  connection: LiveConnection;
  view: ConnectionView | undefined;
  resources: vscode.Disposable[];
}

export class ConnectionRegistry extends Disposable {
  private readonly entries = new Map<string, Entry>();
  private activeId: string | undefined;
  private readonly changed = this._register(new vscode.EventEmitter<ConnectionChange>());
  readonly onDidChange = this.changed.event;

  /** Registers a started-or-about-to-start connection; `resources` are disposed with it. */
  add(connection: LiveConnection, view: ConnectionView | undefined, resources: vscode.Disposable[] = []): void {
    const entry: Entry = { connection, view, resources };
    resources.push(
      connection.inspector.source.onState((state) => this.changed.fire({ kind: 'state', id: connection.id, state })),
      connection.capture.onChange(() => this.changed.fire({ kind: 'capture', id: connection.id })),
    );
    this.entries.set(connection.id, entry);
    this.activeId = connection.id;
    this.changed.fire({ kind: 'added', id: connection.id });
  }

  get(id: string): LiveConnection | undefined {
    return this.entries.get(id)?.connection;
  }

  viewOf(id: string): ConnectionView | undefined {
    return this.entries.get(id)?.view;
  }

  all(): LiveConnection[] {
    return [...this.entries.values()].map((e) => e.connection);
  }

  get size(): number {
    return this.entries.size;
  }

  /** The last focused panel's connection, or the only connection; undefined when ambiguous or none. */
  active(): LiveConnection | undefined {
    if (this.activeId) {
      const e = this.entries.get(this.activeId);
      if (e) return e.connection;
    }
    return this.entries.size === 1 ? [...this.entries.values()][0]!.connection : undefined;
  }

  setActive(id: string): void {
    if (this.activeId === id || !this.entries.has(id)) return;
    this.activeId = id;
    this.changed.fire({ kind: 'active', id });
  }

  rename(id: string, label: string): void {
    const e = this.entries.get(id);
    if (!e) return;
    e.connection.label = label;
    e.connection.inspector.session.label = label;
    e.view?.setTitle(label);
    this.changed.fire({ kind: 'renamed', id });
  }

  /** `base`, or `base (2)`, `base (3)`… so two panels on one host can be told apart. */
  uniqueLabel(base: string, exceptId?: string): string {
    const taken = new Set(this.all().filter((c) => c.id !== exceptId).map((c) => c.label));
    if (!taken.has(base)) return base;
    for (let n = 2; ; n++) if (!taken.has(`${base} (${n})`)) return `${base} (${n})`;
  }

  /** Stops and forgets a connection: its panel closes, its sockets close. Idempotent. */
  async close(id: string): Promise<void> {
    const entry = this.entries.get(id);
    if (!entry) return;
    this.entries.delete(id);
    if (this.activeId === id) this.activeId = undefined;
    disposeAll(entry.resources);
    entry.view?.dispose();
    entry.connection.capture.dispose();
    this.changed.fire({ kind: 'removed', id });
    await entry.connection.inspector.dispose();
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.entries.keys()].map((id) => this.close(id)));
  }

  override dispose(): void {
    void this.closeAll();
    super.dispose();
  }
}
