// What a connection state is called in the tree, the status bar and quick picks, in the
// window's language. Beside state-view.ts (pure: icons and colours) because vscode.l10n
// lives only in the extension host.
import * as vscode from 'vscode';
import type { ConnectionState } from '../core/base/records';

export function stateWord(state: ConnectionState): string {
  switch (state) {
    case 'idle':
      return vscode.l10n.t('idle');
    case 'connecting':
      return vscode.l10n.t('connecting');
    case 'open':
      return vscode.l10n.t('open');
    case 'waiting':
      return vscode.l10n.t('waiting to reconnect');
    case 'closed':
      return vscode.l10n.t('closed');
    case 'failed':
      return vscode.l10n.t('failed');
  }
}
