// The toolbar's fault menu, shown only for a stream tapped through a running proxy tap:
// common faults in one click, and "More faults…" for the host to ask the rest (a stall
// length, an event to inject, a type to drop). Each choice goes to the host, which applies
// it to the live stream and puts a marker on the timeline.
import type { Fault } from '../src/protocol';
import { MenuButton, type MenuItem } from './menu-button';

export interface FaultChoice {
  label: string;
  icon: string;
  /** Undefined: the host asks which fault, with its parameters. */
  fault: Fault | undefined;
}

export const FAULT_CHOICES: readonly FaultChoice[] = [
  { label: 'End the response now', icon: 'debug-stop', fault: { kind: 'end' } },
  { label: 'Reset the connection (TCP RST)', icon: 'error', fault: { kind: 'end', reset: true } },
  { label: 'Stall 30 s (silence)', icon: 'watch', fault: { kind: 'stall', seconds: 30 } },
  { label: 'Stall 30 s (comments only)', icon: 'comment', fault: { kind: 'stall', seconds: 30, comments: true } },
  { label: 'Slow every event by 1 s', icon: 'dashboard', fault: { kind: 'slow', ms: 1000 } },
  { label: 'Inject a test event', icon: 'add', fault: { kind: 'inject', event: { type: 'injected', data: 'injected by SSE Inspector' } } },
  { label: 'Send retry: 10000', icon: 'history', fault: { kind: 'retry', ms: 10_000 } },
  { label: 'Split the next event inside a UTF-8 character', icon: 'symbol-string', fault: { kind: 'split-utf8' } },
  { label: 'Answer the next 3 reconnects with 503 (Retry-After 5)', icon: 'circle-slash', fault: { kind: 'refuse', status: 503, count: 3, retryAfterSec: 5 } },
  { label: 'Answer the next reconnect with 401', icon: 'lock', fault: { kind: 'refuse', status: 401, count: 1 } },
  { label: 'Answer the next reconnect with 204 (stop)', icon: 'debug-pause', fault: { kind: 'refuse', status: 204, count: 1 } },
  { label: 'Clear lasting faults (slow, drop, refusals)', icon: 'clear-all', fault: { kind: 'clear' } },
  { label: 'More faults…', icon: 'ellipsis', fault: undefined },
];

export function faultMenu(apply: (fault: Fault | undefined) => void): MenuButton {
  const items: MenuItem[] = FAULT_CHOICES.map((c) => ({ label: c.label, icon: c.icon, onSelect: () => apply(c.fault) }));
  return new MenuButton({ label: 'Break the stream on purpose (proxy tap faults)', text: 'Faults', icon: 'zap', items });
}
