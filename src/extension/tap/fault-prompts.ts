// Asks which fault to apply, with its parameters (the palette, and the panel's "More
// faults…"). Every answer is checked by the core's faultProblem before it is applied.
import * as vscode from 'vscode';
import { REFUSAL_STATUSES, type Fault, type RefusalStatus } from '../../core/tap/faults';

interface FaultChoice extends vscode.QuickPickItem {
  build(): Promise<Fault | undefined>;
}

export async function askFault(): Promise<Fault | undefined> {
  const choices: FaultChoice[] = [
    { label: '$(debug-stop) ' + vscode.l10n.t('End the response now'), description: vscode.l10n.t('cleanly'), build: async () => ({ kind: 'end' }) },
    { label: '$(error) ' + vscode.l10n.t('Reset the connection'), description: vscode.l10n.t('TCP RST'), build: async () => ({ kind: 'end', reset: true }) },
    {
      label: '$(watch) ' + vscode.l10n.t('Stall…'),
      description: vscode.l10n.t('hold the stream for N seconds'),
      build: async () => {
        const seconds = await askNumber(vscode.l10n.t('Stall for how many seconds?'), '30');
        if (seconds === undefined) return undefined;
        const how = await vscode.window.showQuickPick([vscode.l10n.t('Silence'), vscode.l10n.t('Comments only')], { title: vscode.l10n.t('SSE Inspector: Stall') });
        return how === undefined ? undefined : { kind: 'stall', seconds, comments: how !== vscode.l10n.t('Silence') };
      },
    },
    { label: '$(dashboard) ' + vscode.l10n.t('Slow every event…'), build: async () => withNumber(vscode.l10n.t('Wait how many ms before each event? (0 turns it off)'), '500', (ms) => ({ kind: 'slow', ms })) },
    {
      label: '$(add) ' + vscode.l10n.t('Inject an event…'),
      build: async () => {
        const type = await vscode.window.showInputBox({ title: vscode.l10n.t('SSE Inspector: Inject (1/3)'), prompt: vscode.l10n.t('Event type (empty: an unnamed message event)') });
        if (type === undefined) return undefined;
        const data = await vscode.window.showInputBox({ title: vscode.l10n.t('SSE Inspector: Inject (2/3)'), prompt: vscode.l10n.t('Data') });
        if (data === undefined) return undefined;
        const id = await vscode.window.showInputBox({ title: vscode.l10n.t('SSE Inspector: Inject (3/3)'), prompt: vscode.l10n.t('id (empty: no id field)') });
        if (id === undefined) return undefined;
        return { kind: 'inject', event: { ...(type ? { type } : {}), data, ...(id ? { id } : {}) } };
      },
    },
    {
      label: '$(filter) ' + vscode.l10n.t('Drop events of a type…'),
      build: async () => {
        const type = await vscode.window.showInputBox({ title: vscode.l10n.t('SSE Inspector: Drop events'), prompt: vscode.l10n.t('Event type (message for unnamed events)'), validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('Required')) });
        return type?.trim() ? { kind: 'drop', type: type.trim() } : undefined;
      },
    },
    { label: '$(history) ' + vscode.l10n.t('Send a retry: value…'), build: async () => withNumber(vscode.l10n.t('retry: how many ms?'), '10000', (ms) => ({ kind: 'retry', ms })) },
    { label: '$(symbol-string) ' + vscode.l10n.t('Split the next event inside a UTF-8 character'), build: async () => ({ kind: 'split-utf8' }) },
    {
      label: '$(circle-slash) ' + vscode.l10n.t('Answer the next reconnects with a status…'),
      build: async () => {
        const picked = await vscode.window.showQuickPick(
          REFUSAL_STATUSES.map((s) => ({ label: String(s), status: s })),
          { title: vscode.l10n.t('SSE Inspector: Refuse reconnects'), placeHolder: vscode.l10n.t('Status') },
        );
        if (!picked) return undefined;
        const count = await askNumber(vscode.l10n.t('How many reconnects?'), '3', 1);
        if (count === undefined) return undefined;
        const status: RefusalStatus = picked.status;
        if (status !== 503) return { kind: 'refuse', status, count };
        const retryAfterSec = await askNumber(vscode.l10n.t('Retry-After, in seconds'), '5');
        return retryAfterSec === undefined ? undefined : { kind: 'refuse', status, count, retryAfterSec };
      },
    },
    { label: '$(clear-all) ' + vscode.l10n.t('Clear lasting faults'), description: vscode.l10n.t('slow, drop, refusals'), build: async () => ({ kind: 'clear' }) },
  ];
  const choice = await vscode.window.showQuickPick(choices, { title: vscode.l10n.t('SSE Inspector: Apply Fault'), placeHolder: vscode.l10n.t('What should the tap do to this stream?') });
  return choice?.build();
}

async function withNumber(prompt: string, value: string, make: (n: number) => Fault): Promise<Fault | undefined> {
  const n = await askNumber(prompt, value);
  return n === undefined ? undefined : make(n);
}

async function askNumber(prompt: string, value: string, min = 0): Promise<number | undefined> {
  const text = await vscode.window.showInputBox({
    title: 'SSE Inspector',
    prompt,
    value,
    validateInput: (v) => (Number.isFinite(Number(v)) && v.trim() !== '' && Number(v) >= min ? undefined : vscode.l10n.t('A number ≥ {0}', min)),
  });
  return text === undefined ? undefined : Number(text);
}
