// Panels survive a window reload: VS Code restores each open panel through the serializer
// registered for PANEL_VIEW_TYPE, and the connection behind it is started again from the
// profile it ran (kept, secret-free, in workspaceState by panel title). A panel whose
// connection cannot be restored (an unsaved ad-hoc credential, a deleted profile, a tapped
// stream) closes.
import * as vscode from 'vscode';
import { Disposable } from '../core/disposable';
import type { ConnectionRegistry } from './connection-registry';
import { PANEL_VIEW_TYPE } from '../ids';
import { MEMORY_SECRET_PREFIX, parseProfile, type Profile } from './profile';
import { panelTitle } from './panel-title';

const STATE_KEY = 'sseInspector.openPanels';

interface RestorableEntry {
  title: string;
  profile: Profile;
  fromProfile: boolean;
}

export type Reconnect = (entry: { profile: Profile; fromProfile: boolean; panel: vscode.WebviewPanel }) => Promise<unknown>;

export class PanelRestorer extends Disposable {
  /** What was open when the window last ran: read once, before this run overwrites it. */
  private readonly previous: RestorableEntry[];
  private frozen = false;

  constructor(
    private readonly memento: vscode.Memento,
    private readonly connections: ConnectionRegistry,
  ) {
    super();
    const stored = memento.get<unknown>(STATE_KEY);
    this.previous = Array.isArray(stored) ? stored.filter(isEntry) : [];
    this._register(
      connections.onDidChange((c) => {
        if (c.kind === 'added' || c.kind === 'removed' || c.kind === 'renamed') this.save();
      }),
    );
  }

  register(reconnect: Reconnect): vscode.Disposable {
    return vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel) => {
        const i = this.previous.findIndex((e) => e.title === panel.title);
        const entry = i >= 0 ? this.previous.splice(i, 1)[0] : undefined;
        if (!entry) {
          panel.dispose();
          return;
        }
        await reconnect({ profile: entry.profile, fromProfile: entry.fromProfile, panel });
      },
    });
  }

  /** Shutting down: closing every connection must not erase what should come back. */
  freeze(): void {
    this.frozen = true;
  }

  /** The titles of the panels a window reload would bring back now (for the test API). */
  restorableTitles(): string[] {
    return this.restorable().map((e) => e.title);
  }

  private save(): void {
    if (this.frozen) return;
    void this.memento.update(STATE_KEY, this.restorable());
  }

  private restorable(): RestorableEntry[] {
    return this.connections
      .all()
      // A tapped stream belongs to a running program: restoring it would open a connection
      // of ours to its URL, a second stream and not the program's.
      .filter((c) => c.origin.kind === 'connection' && !c.spec.auth?.secretRef?.startsWith(MEMORY_SECRET_PREFIX))
      .map((c) => ({ title: panelTitle(c), profile: c.spec, fromProfile: c.fromProfile }));
  }
}

function isEntry(v: unknown): v is RestorableEntry {
  if (typeof v !== 'object' || v === null) return false;
  const e = v as Partial<RestorableEntry>;
  if (typeof e.title !== 'string' || typeof e.fromProfile !== 'boolean') return false;
  // An ad-hoc profile has an empty name: validate it under a placeholder name.
  return typeof parseProfile({ ...e.profile, name: e.profile?.name || 'restored' }) !== 'string';
}
