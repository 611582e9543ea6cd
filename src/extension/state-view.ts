// How a connection state looks in the tree, the status bar and quick picks: a codicon,
// a theme colour and a word. PURE (ids only): the callers build ThemeIcon/ThemeColor.
import type { ConnectionState } from '../core/base/records';

export interface StateLook {
  /** A codicon id (`$(id)` in labels). */
  icon: string;
  /** A theme colour id, or undefined for the default foreground. */
  color?: string;
  /** What the state is called in the UI. */
  word: string;
}

const LOOKS: Record<ConnectionState, StateLook> = {
  idle: { icon: 'circle-outline', word: 'idle' },
  connecting: { icon: 'loading~spin', word: 'connecting' },
  open: { icon: 'pass-filled', color: 'testing.iconPassed', word: 'open' },
  waiting: { icon: 'watch', color: 'editorWarning.foreground', word: 'waiting to reconnect' },
  closed: { icon: 'debug-disconnect', word: 'closed' },
  failed: { icon: 'error', color: 'errorForeground', word: 'failed' },
};

export function stateLook(state: ConnectionState): StateLook {
  return LOOKS[state];
}
