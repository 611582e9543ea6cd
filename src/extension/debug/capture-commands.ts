// "Add Event Breakpoint…" and "Resume Capture". With arguments they run without prompts
// (the panel, menus, tests): `{ id, breakpoint: { eventType: 'heartbeat' } }`, `{ id }`.
import * as vscode from 'vscode';
import type { EventBreakpoint } from '../../core/breakpoints';
import type { LiveConnection } from '../connection-registry';
import { CANCELLED, fail, type Failure } from '../outcome';
import type { LiveScope, TargetArg } from '../targets';
import { askBreakpoint } from './breakpoint-prompts';

export interface AddBreakpointArgs {
  /** The connection (default: the active one). */
  id?: string;
  /** The condition; prompts ask when absent. `id` is optional (bp-N). */
  breakpoint?: Partial<EventBreakpoint>;
}

export interface CaptureCommandDeps {
  /** The live connection a command is about (by id, the active one, or the user's pick): SessionTargets.resolveLive. */
  liveTarget(arg: TargetArg, action: string, only?: LiveScope): Promise<LiveConnection | Failure>;
}

export function captureCommands({ liveTarget }: CaptureCommandDeps) {
  async function addEventBreakpoint(arg?: AddBreakpointArgs): Promise<{ ok: true; id: string; breakpoint: EventBreakpoint } | Failure> {
    const c = await liveTarget(arg?.id, vscode.l10n.t('Add Event Breakpoint'));
    if ('ok' in c) return c;
    const condition = arg?.breakpoint ?? (await askBreakpoint(c));
    if (!condition) return CANCELLED;
    const problem = c.capture.edit('add', condition);
    if (problem) return fail(vscode.l10n.t('SSE Inspector: {0}', problem));
    const added = c.capture.breakpoints().at(-1)!;
    void vscode.window.setStatusBarMessage(`$(debug-breakpoint) ${vscode.l10n.t('SSE Inspector: {0} stops at the next matching event', c.label)}`, 4000);
    return { ok: true, id: c.id, breakpoint: added };
  }

  /** The connection named, else the active one if paused, else the only paused one, else a pick among the paused. */
  async function resumeCapture(arg?: string | { id?: string }): Promise<boolean> {
    const c = await liveTarget(arg, vscode.l10n.t('Resume Capture'), { accepts: (x) => x.capture.paused !== undefined, none: vscode.l10n.t('SSE Inspector: no connection is paused at an event breakpoint.') });
    if ('ok' in c) return false;
    if (!c.capture.paused) {
      void vscode.window.showInformationMessage(vscode.l10n.t('SSE Inspector: {0} is not paused at an event breakpoint.', c.label));
      return false;
    }
    return c.capture.resume();
  }

  return { addEventBreakpoint, resumeCapture };
}
