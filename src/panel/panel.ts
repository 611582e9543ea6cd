// One inspector panel (a WebviewPanel) per connection. The webview asks with `ready`
// whenever it (re)loads — first open, shown again after being hidden, restored after a
// reload — and gets the whole session as a `snapshot`, then batched `delta`s. So the
// panel needs no retainContextWhenHidden: the session is the memory, not the webview.
import * as vscode from 'vscode';
import type { Inspector } from '../core/inspector';
import type { SseRecord } from '../core/records';
import { PANEL_VIEW_TYPE } from '../extension/ids';
import { PROTOCOL_VERSION, isWebviewToHost, type HostToWebview, type PanelCommand, type WebviewToHost } from '../protocol';
import { DeltaBatcher } from './batcher';
import { makeNonce, panelHtml } from './html';

/** What the panel posted so far: for the test API, and for diagnosing a blank panel. */
export interface PanelTrace {
  /** `ready` messages received from the webview. */
  readies: number;
  snapshots: number;
  deltas: number;
  notices: number;
  /** Records delivered in snapshots and deltas. */
  records: number;
  /** Delivered event records by event type. */
  eventTypes: Record<string, number>;
}

export interface PanelOptions {
  extensionUri: vscode.Uri;
  id: string;
  title: string;
  inspector: Inspector;
  /** A header button of the panel (disconnect, reconnect, clear, save, export). */
  onCommand(command: PanelCommand): void;
  /** The panel became the active editor: its connection becomes the commands' target. */
  onFocus(): void;
  /** The user closed the panel. */
  onClosed(): void;
}

/** Seconds between refreshes of rates and "last beat … ago" when no record arrives. */
const TICK_MS = 1000;

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return {
    enableScripts: true,
    enableFindWidget: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'out', 'webview'), vscode.Uri.joinPath(extensionUri, 'node_modules', '@vscode', 'codicons', 'dist')],
  };
}

export class InspectorPanel implements vscode.Disposable {
  readonly trace: PanelTrace = { readies: 0, snapshots: 0, deltas: 0, notices: 0, records: 0, eventTypes: {} };
  private readonly batcher: DeltaBatcher;
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly tick: ReturnType<typeof setInterval>;
  private disposed = false;

  /** A new panel beside the current editor. */
  static open(o: PanelOptions): InspectorPanel {
    const panel = vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, o.title, { viewColumn: vscode.ViewColumn.Active }, webviewOptions(o.extensionUri));
    return new InspectorPanel(panel, o);
  }

  /** A panel VS Code restored after a reload (see restore.ts). */
  static adopt(panel: vscode.WebviewPanel, o: PanelOptions): InspectorPanel {
    panel.webview.options = webviewOptions(o.extensionUri);
    panel.title = o.title;
    return new InspectorPanel(panel, o);
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly o: PanelOptions,
  ) {
    panel.iconPath = new vscode.ThemeIcon('radio-tower');
    const session = o.inspector.session;
    this.batcher = new DeltaBatcher({ source: session, post: (m) => this.post(m) });
    const connection = o.inspector.connection;
    this.subscriptions.push(
      panel.webview.onDidReceiveMessage((m: unknown) => this.receive(m)),
      panel.onDidChangeViewState(() => {
        // A hidden webview is destroyed; it asks again with `ready` when shown.
        if (!panel.visible) this.batcher.stop();
        if (panel.active) o.onFocus();
      }),
      panel.onDidDispose(() => this.closedByUser()),
      connection.onRecord(() => this.batcher.notify()),
      connection.onState(() => this.batcher.notify()),
    );
    this.tick = setInterval(() => this.batcher.notify(), TICK_MS);
    panel.webview.html = this.html(o.title);
  }

  reveal(): void {
    this.panel.reveal();
  }

  setTitle(title: string): void {
    this.panel.title = title;
  }

  get visible(): boolean {
    return this.panel.visible;
  }

  /** The whole session again (after clear, or when the webview asks). */
  resync(): void {
    const snapshot = this.o.inspector.session.snapshot();
    const last = snapshot.records[snapshot.records.length - 1];
    // Deltas continue after the snapshot's newest record (0 = from whatever comes next).
    this.batcher.start(last?.seq ?? 0);
    void this.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot });
  }

  notice(level: 'info' | 'warning' | 'error', text: string): void {
    void this.post({ type: 'notice', level, text });
  }

  dispose(): void {
    if (this.disposed) return;
    this.panel.dispose(); // fires onDidDispose -> closedByUser -> cleanup
    this.cleanup();
  }

  private closedByUser(): void {
    if (this.disposed) return;
    this.cleanup();
    this.o.onClosed();
  }

  private cleanup(): void {
    if (this.disposed) return;
    this.disposed = true;
    clearInterval(this.tick);
    this.batcher.dispose();
    for (const s of this.subscriptions) s.dispose();
  }

  private receive(raw: unknown): void {
    if (!isWebviewToHost(raw)) return;
    const m: WebviewToHost = raw;
    switch (m.type) {
      case 'ready':
        this.trace.readies++;
        this.resync();
        if (m.version !== PROTOCOL_VERSION) {
          this.notice('warning', `The panel speaks protocol ${m.version}, the extension ${PROTOCOL_VERSION}: reload the window if the panel misbehaves.`);
        }
        return;
      case 'command':
        this.o.onCommand(m.command);
        return;
      case 'copy':
        void vscode.env.clipboard.writeText(m.text).then(() => vscode.window.setStatusBarMessage(`$(copy) Copied ${m.what || 'to the clipboard'}`, 2500));
        return;
    }
  }

  private async post(message: HostToWebview): Promise<boolean> {
    if (this.disposed) return false;
    let delivered = false;
    try {
      delivered = await this.panel.webview.postMessage(message);
    } catch {
      return false; // disposed between the check and the post
    }
    if (delivered) this.count(message);
    return delivered;
  }

  private count(message: HostToWebview): void {
    let records: SseRecord[] = [];
    if (message.type === 'snapshot') {
      this.trace.snapshots++;
      records = message.snapshot.records;
    } else if (message.type === 'delta') {
      this.trace.deltas++;
      records = message.delta.records;
    } else {
      this.trace.notices++;
    }
    this.trace.records += records.length;
    for (const r of records) if (r.kind === 'event') this.trace.eventTypes[r.type] = (this.trace.eventTypes[r.type] ?? 0) + 1;
  }

  private html(title: string): string {
    const webview = this.panel.webview;
    const root = this.o.extensionUri;
    const uri = (...segments: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(root, ...segments)).toString();
    return panelHtml({
      cspSource: webview.cspSource,
      nonce: makeNonce(),
      scriptUri: uri('out', 'webview', 'main.js'),
      styleUri: uri('out', 'webview', 'style.css'),
      codiconUri: uri('node_modules', '@vscode', 'codicons', 'dist', 'codicon.css'),
      title,
    });
  }
}
