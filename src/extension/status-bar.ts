// The status bar item of the active connection: state icon, label, events received.
// Click: show its panel. Hidden when there is no connection.
import * as vscode from 'vscode';
import { Disposable, toDisposable } from '../core/disposable';
import type { Disposable as CoreDisposable } from '../core/base/emitter';
import type { ConnectionRegistry, LiveConnection } from './connection-registry';
import { COMMANDS } from '../ids';
import { stateLook } from './state-view';
import { stateWord } from './state-words';

/** Records can arrive by the thousand per second: the count is redrawn at most this often. */
const REDRAW_MS = 300;

export class ConnectionStatusBar extends Disposable {
  private readonly item = this._register(vscode.window.createStatusBarItem('sseInspector.active', vscode.StatusBarAlignment.Left, 50));
  private shown: LiveConnection | undefined;
  private recordSubscription: CoreDisposable | undefined;
  private redrawTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly connections: ConnectionRegistry) {
    super();
    this.item.name = 'SSE Inspector';
    this._register(connections.onDidChange(() => this.follow()));
    this._register(toDisposable(() => clearTimeout(this.redrawTimer)));
    this._register(toDisposable(() => this.recordSubscription?.dispose()));
    this.follow();
  }

  /** The text shown now (for the test API). */
  get text(): string | undefined {
    return this.shown ? this.item.text : undefined;
  }

  private follow(): void {
    const active = this.connections.active() ?? this.connections.all().at(-1);
    if (active !== this.shown) {
      this.recordSubscription?.dispose();
      this.shown = active;
      this.recordSubscription = active?.inspector.source.onRecord(() => this.scheduleRedraw());
    }
    this.redraw();
  }

  private scheduleRedraw(): void {
    this.redrawTimer ??= setTimeout(() => {
      this.redrawTimer = undefined;
      this.redraw();
    }, REDRAW_MS);
  }

  private redraw(): void {
    const c = this.shown;
    if (!c) {
      this.item.hide();
      return;
    }
    const state = c.inspector.source.state;
    const look = stateLook(state);
    const n = c.inspector.session.totals.events;
    const events = n === 1 ? vscode.l10n.t('{0} event', n) : vscode.l10n.t('{0} events', n);
    const paused = c.capture.paused;
    if (paused) {
      // The timeline holds still while the session goes on counting: both are worth a glance.
      this.item.text = `$(debug-pause) ${vscode.l10n.t('{0} · paused at #{1} · {2}', c.label, paused.seq, events)}`;
      this.item.tooltip = vscode.l10n.t('SSE Inspector: {0}\'s timeline is paused at event #{1} ({2}); it is still recording. Click to show its panel; "SSE Inspector: Resume Capture" goes on.', c.label, paused.seq, paused.reason);
      this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
    } else {
      this.item.text = `$(${look.icon}) ${c.label} · ${events}`;
      this.item.tooltip = vscode.l10n.t('SSE Inspector: {0} is {1}. Click to show its panel.', c.label, stateWord(state));
      this.item.backgroundColor = state === 'failed' ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    }
    this.item.command = { command: COMMANDS.openPanel, title: vscode.l10n.t('Show Panel'), arguments: [{ id: c.id }] };
    this.item.show();
  }
}
