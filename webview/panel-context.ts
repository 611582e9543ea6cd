// What the host says this panel is (the `context` message): a live connection or a recording
// opened from a file, its event breakpoints, and where it is being replayed.
import type { ContextMessage, PanelContext } from '../src/protocol';

export type { PanelContext } from '../src/protocol';

/** Until the host says otherwise, a panel shows a live connection without breakpoints. */
export const LIVE_CONTEXT: PanelContext = { mode: 'live', breakpoints: [] };

/** The message's fields, checked one by one (the shape check only looked at mode and the list). */
export function contextOf(msg: ContextMessage): PanelContext {
  const context: PanelContext = {
    mode: msg.mode === 'recording' ? 'recording' : 'live',
    breakpoints: msg.breakpoints.filter((bp) => typeof bp === 'object' && bp !== null && typeof bp.id === 'string'),
  };
  if (typeof msg.source === 'string') context.source = msg.source;
  if (typeof msg.replayUrl === 'string' && msg.replayUrl !== '') context.replayUrl = msg.replayUrl;
  if (msg.faults === true) context.faults = true;
  if (msg.tapped === true) context.tapped = true;
  return context;
}
