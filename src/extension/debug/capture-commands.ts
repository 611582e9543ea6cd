// "Add Event Breakpoint…" and "Resume Capture". With arguments they run without prompts
// (the panel, menus, tests): `{ id, breakpoint: { eventType: 'heartbeat' } }`, `{ id }`.
import * as vscode from 'vscode';
import type { EventBreakpoint } from '../../core/breakpoints';
import type { ConnectionManager, LiveConnection } from '../connections';
import { CANCELLED, fail, type Failure } from '../outcome';
import { askBreakpoint } from './breakpoint-prompts';

export interface AddBreakpointArgs {
  /** The connection (default: the active one). */
  id?: string;
  /** The condition; prompts ask when absent. `id` is optional (bp-N). */
  breakpoint?: Partial<EventBreakpoint>;
}

export interface CaptureCommandDeps {
  manager: ConnectionManager;
  /** The live connection a command is about (by id, the active one, or the user's pick). */
  liveTarget(id: string | undefined, action: string): Promise<LiveConnection | Failure>;
}

export function captureCommands({ manager, liveTarget }: CaptureCommandDeps) {
  async function addEventBreakpoint(arg?: AddBreakpointArgs): Promise<{ ok: true; id: string; breakpoint: EventBreakpoint } | Failure> {
    const c = await liveTarget(arg?.id, 'Add Event Breakpoint');
    if ('ok' in c) return c;
    const condition = arg?.breakpoint ?? (await askBreakpoint(c));
    if (!condition) return CANCELLED;
    const problem = c.capture.edit('add', condition);
    if (problem) return fail(`SSE Inspector: ${problem}`);
    const added = c.capture.breakpoints().at(-1)!;
    void vscode.window.setStatusBarMessage(`$(debug-breakpoint) SSE Inspector: ${c.label} stops at the next matching event`, 4000);
    return { ok: true, id: c.id, breakpoint: added };
  }

  /** The connection named, else the active one if paused, else the only paused one, else a pick among the paused. */
  async function resumeCapture(arg?: string | { id?: string }): Promise<boolean> {
    const id = typeof arg === 'string' ? arg : arg?.id;
    let c: LiveConnection | undefined;
    if (id !== undefined) {
      c = manager.get(id);
      if (!c) return fail(`SSE Inspector: no connection ${id} (it was closed)`).ok;
    } else {
      const paused = manager.all().filter((x) => x.capture.paused);
      const active = manager.active();
      if (active?.capture.paused) c = active;
      else if (paused.length === 1) c = paused[0];
      else if (paused.length > 1) {
        const picked = await vscode.window.showQuickPick(
          paused.map((x) => ({ label: x.label, description: `paused at #${x.capture.paused!.seq}: ${x.capture.paused!.reason}`, id: x.id })),
          { title: 'SSE Inspector: Resume Capture', placeHolder: 'Connection' },
        );
        c = picked && manager.get(picked.id);
        if (!c) return false;
      }
    }
    if (!c?.capture.paused) {
      void vscode.window.showInformationMessage(`SSE Inspector: ${c ? `${c.label} is` : 'no connection is'} paused at an event breakpoint.`);
      return false;
    }
    return c.capture.resume();
  }

  return { addEventBreakpoint, resumeCapture };
}
