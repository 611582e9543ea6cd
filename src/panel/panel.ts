// One inspector panel (a WebviewPanel) per connection. The webview asks with `ready`
// whenever it (re)loads — first open, shown again after being hidden, restored after a
// reload — and gets the session's newest records and state as a `snapshot`, then batched
// `delta`s, while `backfill` pages bring the older records. So the panel needs no
// retainContextWhenHidden: the session is the memory, not the webview.
import * as vscode from 'vscode';
import type { EventBreakpoint } from '../core/breakpoints';
import type { RecordSource } from '../core/stream/record-source';
import type { Session } from '../core/session';
import type { BreakpointAction, CaptureChange, CaptureControl, PausedState } from '../core/capture';
import { PANEL_VIEW_TYPE } from '../ids';
import { PROTOCOL_VERSION, isWebviewToHost, type Fault, type HostToWebview, type PanelCommand, type WebviewToHost } from '../protocol';
import { DeltaBatcher } from './batcher';
import { makeNonce, panelHtml } from './html';
import { BackfillSender, pagedSnapshot } from './snapshot-pages';
import { countDelivered, emptyTrace, type PanelContext, type PanelTrace } from './trace';

export type { PanelContext, PanelTrace } from './trace';

export interface PanelOptions {
  extensionUri: vscode.Uri;
  id: string;
  title: string;
  /** The history it shows. */
  session: Session;
  /** A live connection's records and state changes stream in; a recording has none. */
  connection?: Pick<RecordSource, 'onRecord' | 'onState'>;
  /** A live connection's event breakpoints: the timeline holds still while it is paused. */
  capture?: CaptureControl;
  /** The panel's `context` as it is now (sent before each snapshot and by sendContext()). */
  context(): PanelContext;
  /** A header button of the panel (disconnect, reconnect, clear, save, export, ...). */
  onCommand(command: PanelCommand): void;
  /** The webview added, removed or toggled an event breakpoint. */
  onBreakpoint(action: BreakpointAction, breakpoint: EventBreakpoint): void;
  /** The fault menu of a proxy-tapped stream: a fault to apply, or undefined to ask which. */
  onFault?(fault: Fault | undefined): void;
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
    // Only the built webview folder: it holds the codicon font too (copied by the build),
    // so the installed extension, which has no node_modules, loads the same files.
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'out', 'webview')],
  };
}

export class InspectorPanel implements vscode.Disposable {
  readonly trace: PanelTrace = emptyTrace();
  private readonly batcher: DeltaBatcher;
  /** The older records of the last snapshot, in pages. */
  private readonly backfill: BackfillSender;
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly tick: ReturnType<typeof setInterval> | undefined;
  private disposed = false;

  /** A new panel beside the current editor. */
  /** `preserveFocus`: opens it without taking the focus (a tapped stream appearing while the user works). */
  static open(o: PanelOptions, preserveFocus = false): InspectorPanel {
    const panel = vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, o.title, { viewColumn: vscode.ViewColumn.Active, preserveFocus }, webviewOptions(o.extensionUri));
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
    panel.iconPath = new vscode.ThemeIcon(o.connection ? 'radio-tower' : 'history');
    this.batcher = new DeltaBatcher({ source: o.session, post: (m) => this.post(m) });
    this.backfill = new BackfillSender({ post: (m) => this.post(m) });
    this.subscriptions.push(
      panel.webview.onDidReceiveMessage((m: unknown) => this.receive(m)),
      panel.onDidChangeViewState(() => {
        // A hidden webview is destroyed; it asks again with `ready` when shown.
        if (!panel.visible) {
          this.batcher.stop();
          this.backfill.stop();
        }
        if (panel.active) o.onFocus();
      }),
      panel.onDidDispose(() => this.closedByUser()),
    );
    if (o.connection) {
      this.subscriptions.push(
        o.connection.onRecord(() => this.batcher.notify()),
        o.connection.onState(() => this.batcher.notify()),
      );
    }
    if (o.capture) this.subscriptions.push(o.capture.onChange((change) => this.captureChanged(change)));
    // A recording never changes: no ticks (its rates and ages are as at its end).
    this.tick = o.connection ? setInterval(() => this.batcher.notify(), TICK_MS) : undefined;
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

  /**
   * The whole session again (after clear, or when the webview asks), after the context: the
   * newest records at once, the older ones in backfill pages after them. While capture is
   * paused the snapshot stops at the event that hit, like the timeline (the backfilled
   * records are all older than the snapshot's, so the hold does not concern them).
   */
  resync(): void {
    const held = this.o.capture?.paused;
    const paged = pagedSnapshot(this.o.session, held ? { holdSeq: held.seq } : {});
    const records = paged.message.snapshot.records;
    const last = records[records.length - 1];
    this.sendContext();
    // Deltas continue after the snapshot's newest record (0 = from whatever comes next).
    this.batcher.start(last?.seq ?? 0);
    void this.post(paged.message);
    this.backfill.start(paged.older);
    if (held) {
      this.batcher.hold(held.seq);
      void this.post(pausedMessage(held));
    }
  }

  /** Paused: the timeline holds at the event, then the webview is told. Resumed: told, then sent what came since. */
  private captureChanged(change: CaptureChange): void {
    if (change.kind === 'paused') this.batcher.hold(change.state.seq, () => void this.post(pausedMessage(change.state)));
    else if (change.kind === 'resumed') {
      void this.post({ type: 'resumed' });
      this.batcher.release();
    } else this.sendContext();
  }

  /** What this panel is and can do (after a breakpoint edit, a replay started or stopped). */
  sendContext(): void {
    void this.post({ type: 'context', ...this.o.context() });
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
    if (this.tick) clearInterval(this.tick);
    this.batcher.dispose();
    this.backfill.dispose();
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
      case 'breakpoint':
        this.o.onBreakpoint(m.action, m.breakpoint);
        return;
      case 'fault':
        if (this.o.onFault) this.o.onFault(m.fault);
        else this.notice('warning', 'Faults apply to a stream tapped through a running proxy tap.');
        return;
    }
  }

  /** A message as if the webview had posted it (the test API drives the host's handling with it). */
  receiveForTest(message: unknown): void {
    this.receive(message);
  }

  private async post(message: HostToWebview): Promise<boolean> {
    if (this.disposed) return false;
    let delivered = false;
    try {
      delivered = await this.panel.webview.postMessage(message);
    } catch {
      return false; // disposed between the check and the post
    }
    if (delivered) countDelivered(this.trace, message);
    return delivered;
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
      codiconUri: uri('out', 'webview', 'codicons', 'codicon.css'),
      title,
    });
  }
}

function pausedMessage(state: Readonly<PausedState>): HostToWebview {
  return { type: 'paused', seq: state.seq, reason: state.reason, breakpointId: state.breakpointId, debuggerPaused: state.debuggerPaused };
}
