// The object activate() returns: the extension's test and automation API. Another
// extension gets it with `vscode.extensions.getExtension('sse-inspector.sse-inspector').exports`
// (after activate()); the integration tests read connection state and what each panel
// received through it. Read-only views of live objects: nothing here changes state
// (the commands do that), except postFromWebview, which drives a panel's host side.
import type * as vscode from 'vscode';
import type { EventBreakpoint } from '../core/breakpoints';
import type { ConnectionState } from '../core/base/records';
import { redactUrl } from '../core/base/redact';
import type { Session } from '../core/session';
import type { PanelTrace } from '../panel/panel';
import type { ConnectionRegistry, StreamOrigin } from './connection-registry';
import type { PausedState } from '../core/capture';
import type { RecordingPanels } from './recording-panels';
import type { ReplayServers, RunningReplay } from './replay-servers';

export interface ConnectionInfo {
  id: string;
  /** Panel title, tree label: the profile name or the URL's host. */
  label: string;
  state: ConnectionState;
  /** The profile's URL, redacted. */
  url: string;
  /** The profile it runs, or undefined for an unsaved Connect to URL. */
  profile: string | undefined;
  /** The live session (records, stats, heartbeat): read, don't mutate. */
  session: Session;
  /** What its panel has received; undefined when it has no panel. */
  panel: Readonly<PanelTrace> | undefined;
  /** Where capture is paused (an event breakpoint hit), or undefined while it flows. */
  paused: Readonly<PausedState> | undefined;
  breakpoints: EventBreakpoint[];
  /** The debug session that connected it, while that session runs. */
  debugSession: string | undefined;
  /** Our own connection, or a tap on a program's own stream (and which). */
  origin: StreamOrigin;
}

export interface RecordingInfo {
  id: string;
  label: string;
  /** The .sse.jsonl file's path. */
  source: string;
  /** A closed session holding the recording's records. */
  session: Session;
  panel: Readonly<PanelTrace> | undefined;
}

export interface TreeDescription {
  /** No node at all: the view shows its welcome content. */
  empty: boolean;
  profiles: string[];
  /** The command a click on each profile runs. */
  profileClicks: Array<{ name: string; command: string; arguments: unknown[] }>;
  connections: Array<{ id: string; label: string; description: string }>;
}

export interface SseInspectorApi {
  /** Bumped on incompatible changes. */
  readonly apiVersion: 1;
  /** Every stream with a panel: our connections and tapped streams (see `origin`). */
  connections(): ConnectionInfo[];
  connection(id: string): ConnectionInfo | undefined;
  /** The connection commands act on without arguments (last focused panel, or the only one). */
  activeConnectionId(): string | undefined;
  /** Recording panels open now (Open Recording…). */
  recordings(): RecordingInfo[];
  /** Replay servers running now, by the panel they replay. */
  replays(): RunningReplay[];
  /** What the Streams tree shows now. */
  tree(): TreeDescription;
  /** The status bar item's text, undefined while hidden. */
  statusBarText(): string | undefined;
  /** The titles of the panels a window reload would bring back (their connections started again). */
  restorablePanels(): string[];
  /**
   * Hands `message` to the host side of panel `id` as if its webview had posted it (the
   * same validation and handling): tests drive breakpoint edits and buttons with it; the
   * webview itself is tested in Chromium. False when there is no such panel.
   */
  postFromWebview(id: string, message: unknown): boolean;
  /** The folder of the extension's logs: the "SSE Inspector" log channel writes its file there. */
  readonly logUri: vscode.Uri;
}

export interface ApiDeps {
  connections: ConnectionRegistry;
  recordings: RecordingPanels;
  replays: ReplayServers;
  traceOf(id: string): Readonly<PanelTrace> | undefined;
  tree(): TreeDescription;
  statusBarText(): string | undefined;
  restorablePanels(): string[];
  logUri: vscode.Uri;
}

export function createApi(deps: ApiDeps): SseInspectorApi {
  const info = (id: string): ConnectionInfo | undefined => {
    const c = deps.connections.get(id);
    if (!c) return undefined;
    return {
      id: c.id,
      label: c.label,
      state: c.inspector.source.state,
      url: redactUrl(c.spec.url),
      profile: c.fromProfile ? c.spec.name : undefined,
      session: c.inspector.session,
      panel: deps.traceOf(id),
      paused: c.capture.paused,
      breakpoints: c.capture.breakpoints(),
      debugSession: c.debugSession,
      origin: c.origin,
    };
  };
  return {
    apiVersion: 1,
    connections: () => deps.connections.all().map((c) => info(c.id)!),
    connection: info,
    activeConnectionId: () => deps.connections.active()?.id,
    recordings: () =>
      deps.recordings.all().map((r) => ({ id: r.id, label: r.label, source: r.source.fsPath, session: r.session, panel: r.view?.trace })),
    replays: () => deps.replays.list(),
    tree: deps.tree,
    statusBarText: deps.statusBarText,
    restorablePanels: deps.restorablePanels,
    postFromWebview: (id, message) => {
      const view = deps.connections.viewOf(id) ?? deps.recordings.get(id)?.view;
      view?.receiveForTest(message);
      return view !== undefined;
    },
    logUri: deps.logUri,
  };
}
