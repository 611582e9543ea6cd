// Start Tap…, asked by hand: what the program's client should do when its stream breaks, so
// its reconnects can be judged. A profile's tap.expect (or the command's expect argument)
// answers this without asking.
import * as vscode from 'vscode';
import type { ClientExpectations } from '../../core/tap/verdicts';

type Item = vscode.QuickPickItem & { pick: 'linear' | 'exponential' | 'browser' | 'fixed' | 'none' };

/** The expectations picked; undefined when the user cancelled. `{}`: judge without a policy (delays reported, not judged). */
export async function askExpectations(): Promise<ClientExpectations | undefined> {
  const items: Item[] = [
    { pick: 'linear', label: vscode.l10n.t('Linear backoff'), description: vscode.l10n.t('700 ms × n, at most 7 s (the seed’s fetch client)') },
    { pick: 'exponential', label: vscode.l10n.t('Exponential backoff'), description: vscode.l10n.t('1 s × 2^n, at most 10 s (the seed’s SSEClient)') },
    { pick: 'browser', label: vscode.l10n.t('Fixed 3 s'), description: vscode.l10n.t('a browser’s EventSource') },
    { pick: 'fixed', label: vscode.l10n.t('Fixed delay…'), description: vscode.l10n.t('a delay you give') },
    { pick: 'none', label: vscode.l10n.t('No policy'), description: vscode.l10n.t('delays reported, not judged; Last-Event-ID, 204, 401 and stalls still are') },
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('SSE Inspector: Start Tap'),
    placeHolder: vscode.l10n.t('How should the program’s client reconnect? Each reconnect is judged against it.'),
  });
  if (!picked) return undefined;
  switch (picked.pick) {
    case 'linear':
    case 'exponential':
      return { policy: picked.pick };
    case 'browser':
      return { policy: { fixedMs: 3000 } };
    case 'none':
      return {};
    case 'fixed': {
      const text = await vscode.window.showInputBox({
        title: vscode.l10n.t('SSE Inspector: Start Tap'),
        prompt: vscode.l10n.t('The fixed reconnect delay, in ms'),
        value: '3000',
        validateInput: (v) => (/^\d+$/.test(v.trim()) ? undefined : vscode.l10n.t('A whole number of ms')),
      });
      return text === undefined ? undefined : { policy: { fixedMs: Number(text.trim()) } };
    }
  }
}
