// The prompts of "Add Event Breakpoint…": what to stop at (event type, text, JSON path
// and value), and whether to pause the debug session too. Undefined when cancelled.
import { validatedBy } from '../outcome';
import * as vscode from 'vscode';
import { parseJsonPath } from '../../core/assemble';
import type { EventBreakpoint } from '../../core/breakpoints';
import type { LiveConnection } from '../connection-registry';

const title = () => vscode.l10n.t('SSE Inspector: Add Event Breakpoint');
type Condition = Omit<EventBreakpoint, 'id'>;

export async function askBreakpoint(c: LiveConnection): Promise<Condition | undefined> {
  const kinds = [
    { label: vscode.l10n.t('$(symbol-event) By event type'), description: vscode.l10n.t('stop at the next event of a name'), by: 'type' as const },
    { label: vscode.l10n.t('$(search) By text in the data'), description: vscode.l10n.t('stop when the data contains a text'), by: 'text' as const },
    { label: vscode.l10n.t('$(json) By JSON path'), description: vscode.l10n.t('stop when a path exists in the JSON data, or has a value'), by: 'path' as const },
  ];
  const kind = await vscode.window.showQuickPick(kinds, { title: title(), placeHolder: vscode.l10n.t('Stop the timeline of {0} at…', c.label) });
  if (!kind) return undefined;
  let condition: Condition | undefined;
  if (kind.by === 'type') condition = await askEventType(c);
  else if (kind.by === 'text') {
    const text = await vscode.window.showInputBox({ title: title(), prompt: vscode.l10n.t('Stop when an event\'s data contains this text (case-sensitive)'), validateInput: (v) => (v ? undefined : vscode.l10n.t('Required')) });
    condition = text ? { text } : undefined;
  } else condition = await askJsonPath();
  if (!condition) return undefined;
  const active = vscode.debug.activeDebugSession;
  const pause = await vscode.window.showQuickPick(
    [
      { label: vscode.l10n.t('Only hold the timeline'), description: vscode.l10n.t('the stream keeps being recorded'), pause: false },
      { label: vscode.l10n.t('$(debug-pause) Also pause the debug session'), description: active ? vscode.l10n.t('pauses "{0}"', active.name) : vscode.l10n.t('the one running when it hits, if any'), pause: true },
    ],
    { title: title(), placeHolder: vscode.l10n.t('When it hits') },
  );
  if (!pause) return undefined;
  return pause.pause ? { ...condition, pauseDebugSession: true } : condition;
}

async function askEventType(c: LiveConnection): Promise<Condition | undefined> {
  const OTHER = vscode.l10n.t('$(edit) Another event type…');
  const seen = Object.entries(c.inspector.session.totals.byType).sort((a, b) => b[1].count - a[1].count);
  const picked = await vscode.window.showQuickPick([...seen.map(([type, t]) => ({ label: type, description: vscode.l10n.t('{0} so far', t.count) })), { label: OTHER, description: '' }], {
    title: title(),
    placeHolder: vscode.l10n.t('Event type (unnamed events are "message")'),
  });
  if (!picked) return undefined;
  if (picked.label !== OTHER) return { eventType: picked.label };
  const typed = await vscode.window.showInputBox({ title: title(), prompt: vscode.l10n.t('Event type'), validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('Required')) });
  return typed?.trim() ? { eventType: typed.trim() } : undefined;
}

async function askJsonPath(): Promise<Condition | undefined> {
  const jsonPath = await vscode.window.showInputBox({
    title: title(),
    prompt: vscode.l10n.t('JSON path in the event data, e.g. choices[0].finish_reason or $.user["id"]'),
    validateInput: validatedBy(parseJsonPath),
  });
  if (!jsonPath) return undefined;
  const equals = await vscode.window.showInputBox({ title: title(), prompt: vscode.l10n.t('Stop when {0} equals this value (Enter: whenever it exists)', jsonPath), placeHolder: vscode.l10n.t('e.g. stop, 42, true') });
  if (equals === undefined) return undefined;
  return equals === '' ? { jsonPath } : { jsonPath, equals };
}
