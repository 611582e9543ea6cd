// The recording panels of this window: a .sse.jsonl file opened into a closed session,
// shown by the same panel as a live connection (in 'recording' mode: no disconnect, no
// breakpoints; it can be exported and replayed).
import * as vscode from 'vscode';
import { Disposable } from '../core/disposable';
import type { RecordingHeader } from '../core/export';
import type { Session } from '../core/session';
import type { ConnectionView } from './connection-registry';

export interface OpenRecording {
  readonly id: string;
  /** Panel title: the recording's label. */
  readonly label: string;
  readonly source: vscode.Uri;
  readonly header: RecordingHeader;
  readonly session: Session;
  view: ConnectionView | undefined;
}

export type RecordingChange = { kind: 'added' | 'removed'; id: string };

export class RecordingPanels extends Disposable {
  private readonly entries = new Map<string, OpenRecording>();
  private readonly changed = this._register(new vscode.EventEmitter<RecordingChange>());
  readonly onDidChange = this.changed.event;

  add(recording: OpenRecording): void {
    this.entries.set(recording.id, recording);
    this.changed.fire({ kind: 'added', id: recording.id });
  }

  get(id: string): OpenRecording | undefined {
    return this.entries.get(id);
  }

  all(): OpenRecording[] {
    return [...this.entries.values()];
  }

  get size(): number {
    return this.entries.size;
  }

  /** Forgets a recording and closes its panel. Idempotent. */
  close(id: string): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    this.entries.delete(id);
    entry.view?.dispose();
    this.changed.fire({ kind: 'removed', id });
  }

  override dispose(): void {
    for (const id of [...this.entries.keys()]) this.close(id);
    super.dispose();
  }
}
