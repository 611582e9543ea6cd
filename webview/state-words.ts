// What the panel calls a connection state (the header's badge), in the window's language.
import type { ConnectionState } from '../src/protocol';
import * as l10n from '@vscode/l10n';

export function stateWord(state: ConnectionState | 'paused'): string {
  switch (state) {
    case 'idle':
      return l10n.t('idle');
    case 'connecting':
      return l10n.t('connecting');
    case 'open':
      return l10n.t('open');
    case 'waiting':
      return l10n.t('waiting');
    case 'closed':
      return l10n.t('closed');
    case 'failed':
      return l10n.t('failed');
    case 'paused':
      return l10n.t('paused');
  }
}
