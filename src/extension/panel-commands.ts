// The panel's header buttons and breakpoint edits, mapped to the palette commands (with the
// panel's id, so no prompt asks which connection). One table, so a button and its command
// can never do different things.
import * as vscode from 'vscode';
import type { EventBreakpoint } from '../core/breakpoints';
import type { PanelCommand, PanelMode } from '../protocol';
import type { BreakpointAction, CaptureControl } from '../core/capture';
import { COMMANDS } from '../ids';

const COMMAND_OF: Record<PanelCommand, string> = {
  disconnect: COMMANDS.disconnect,
  reconnect: COMMANDS.reconnect,
  clear: COMMANDS.clear,
  saveProfile: COMMANDS.saveProfile,
  export: COMMANDS.exportJsonl,
  exportHar: COMMANDS.exportHar,
  saveRecording: COMMANDS.saveRecording,
  copyCurl: COMMANDS.copyCurl,
  copyFetch: COMMANDS.copyFetch,
  replay: COMMANDS.replayRecording,
  resume: COMMANDS.resumeCapture,
};

/** Buttons that act on a running connection: a recording panel has nothing for them to do. */
const LIVE_ONLY: ReadonlySet<PanelCommand> = new Set(['disconnect', 'reconnect', 'clear', 'saveProfile', 'resume']);

export interface PanelNotices {
  notice(level: 'info' | 'warning' | 'error', text: string): void;
}

export function runPanelCommand(id: string, mode: PanelMode, command: PanelCommand, view: PanelNotices | undefined): void {
  if (mode === 'recording' && LIVE_ONLY.has(command)) {
    view?.notice('warning', vscode.l10n.t('"{0}" acts on a live connection; this panel shows a recording.', command));
    return;
  }
  void vscode.commands.executeCommand(COMMAND_OF[command], { id });
}

/** A breakpoint edit from the webview; what went wrong is shown in the panel's header. */
export function editBreakpoint(capture: CaptureControl | undefined, action: BreakpointAction, breakpoint: EventBreakpoint, view: PanelNotices | undefined): void {
  if (!capture) {
    view?.notice('warning', vscode.l10n.t('Event breakpoints stop live streams; this panel shows a recording (replay it and connect to the replay to use them).'));
    return;
  }
  const problem = capture.edit(action, breakpoint);
  if (problem) view?.notice('error', problem);
}
