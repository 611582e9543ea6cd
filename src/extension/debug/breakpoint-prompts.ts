// The prompts of "Add Event Breakpoint…": what to stop at (event type, text, JSON path
// and value), and whether to pause the debug session too. Undefined when cancelled.
import { validatedBy } from '../outcome';
import * as vscode from 'vscode';
import { parseJsonPath } from '../../core/assemble';
import type { EventBreakpoint } from '../../core/breakpoints';
import type { LiveConnection } from '../connection-registry';

const TITLE = 'SSE Inspector: Add Event Breakpoint';
type Condition = Omit<EventBreakpoint, 'id'>;

export async function askBreakpoint(c: LiveConnection): Promise<Condition | undefined> {
  const kinds = [
    { label: '$(symbol-event) By event type', description: 'stop at the next event of a name', by: 'type' as const },
    { label: '$(search) By text in the data', description: 'stop when the data contains a text', by: 'text' as const },
    { label: '$(json) By JSON path', description: 'stop when a path exists in the JSON data, or has a value', by: 'path' as const },
  ];
  const kind = await vscode.window.showQuickPick(kinds, { title: TITLE, placeHolder: `Stop the timeline of ${c.label} at…` });
  if (!kind) return undefined;
  let condition: Condition | undefined;
  if (kind.by === 'type') condition = await askEventType(c);
  else if (kind.by === 'text') {
    const text = await vscode.window.showInputBox({ title: TITLE, prompt: 'Stop when an event\'s data contains this text (case-sensitive)', validateInput: (v) => (v ? undefined : 'Required') });
    condition = text ? { text } : undefined;
  } else condition = await askJsonPath();
  if (!condition) return undefined;
  const active = vscode.debug.activeDebugSession;
  const pause = await vscode.window.showQuickPick(
    [
      { label: 'Only hold the timeline', description: 'the stream keeps being recorded', pause: false },
      { label: '$(debug-pause) Also pause the debug session', description: active ? `pauses "${active.name}"` : 'the one running when it hits, if any', pause: true },
    ],
    { title: TITLE, placeHolder: 'When it hits' },
  );
  if (!pause) return undefined;
  return pause.pause ? { ...condition, pauseDebugSession: true } : condition;
}

async function askEventType(c: LiveConnection): Promise<Condition | undefined> {
  const OTHER = '$(edit) Another event type…';
  const seen = Object.entries(c.inspector.session.totals.byType).sort((a, b) => b[1].count - a[1].count);
  const picked = await vscode.window.showQuickPick([...seen.map(([type, t]) => ({ label: type, description: `${t.count} so far` })), { label: OTHER, description: '' }], {
    title: TITLE,
    placeHolder: 'Event type (unnamed events are "message")',
  });
  if (!picked) return undefined;
  if (picked.label !== OTHER) return { eventType: picked.label };
  const typed = await vscode.window.showInputBox({ title: TITLE, prompt: 'Event type', validateInput: (v) => (v.trim() ? undefined : 'Required') });
  return typed?.trim() ? { eventType: typed.trim() } : undefined;
}

async function askJsonPath(): Promise<Condition | undefined> {
  const jsonPath = await vscode.window.showInputBox({
    title: TITLE,
    prompt: 'JSON path in the event data, e.g. choices[0].finish_reason or $.user["id"]',
    validateInput: validatedBy(parseJsonPath),
  });
  if (!jsonPath) return undefined;
  const equals = await vscode.window.showInputBox({ title: TITLE, prompt: `Stop when ${jsonPath} equals this value (Enter: whenever it exists)`, placeHolder: 'e.g. stop, 42, true' });
  if (equals === undefined) return undefined;
  return equals === '' ? { jsonPath } : { jsonPath, equals };
}
