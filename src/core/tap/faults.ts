// The faults the proxy tap can apply to a live stream, and how each reads on the timeline.
// A fault is plain data, so a command, the panel, a fault plan and the CLI all say the
// same thing the same way. No Node types here: the webview's fault menu uses this file too.

import { REFUSAL_STATUSES, type Fault, type RefusalStatus } from '../base/fault';

export { REFUSAL_STATUSES, type Fault, type FaultKind, type InjectedEvent, type RefusalStatus } from '../base/fault';

/** Faults that change or hold the events themselves: they need to see event boundaries. */
export function isEventLevel(fault: Fault): boolean {
  return fault.kind === 'slow' || fault.kind === 'inject' || fault.kind === 'drop' || fault.kind === 'retry' || fault.kind === 'split-utf8' || (fault.kind === 'stall' && fault.comments === true);
}

/** The marker label on the timeline: what the tap did, in words. */
export function faultLabel(fault: Fault): string {
  switch (fault.kind) {
    case 'end':
      return fault.reset ? 'Fault: connection reset (TCP RST)' : 'Fault: response ended by the tap';
    case 'stall':
      return `Fault: stall ${fault.seconds} s${fault.comments ? ' (comments only)' : ' (silence)'}`;
    case 'slow':
      return fault.ms > 0 ? `Fault: slow every event by ${fault.ms} ms` : 'Fault: slow off';
    case 'inject':
      return `Fault: inject event${fault.event.type ? ` "${fault.event.type}"` : ''}${fault.event.id !== undefined ? ` id ${fault.event.id}` : ''}`;
    case 'drop':
      return `Fault: drop "${fault.type}" events`;
    case 'retry':
      return `Fault: send retry: ${fault.ms}`;
    case 'split-utf8':
      return 'Fault: split the next event inside a UTF-8 character';
    case 'refuse':
      return `Fault: answer the next ${fault.count === 1 ? 'reconnect' : `${fault.count} reconnects`} with ${fault.status}${fault.retryAfterSec !== undefined ? ` (Retry-After: ${fault.retryAfterSec})` : ''}`;
    case 'clear':
      return 'Fault: cleared (slow, drop, refusals off)';
  }
}

/** Checks a fault read from outside (a plan file, a profile, a webview message); returns an error text or undefined. */
export function faultProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return 'a fault must be an object with a "kind"';
  const f = value as Record<string, unknown>;
  const num = (name: string, min = 0): string | undefined => (typeof f[name] === 'number' && Number.isFinite(f[name]) && (f[name] as number) >= min ? undefined : `"${String(f.kind)}" needs "${name}": a number ≥ ${min}`);
  switch (f.kind) {
    case 'end':
      return f.reset === undefined || typeof f.reset === 'boolean' ? undefined : '"end": "reset" must be true or false';
    case 'stall':
      return num('seconds') ?? (f.comments === undefined || typeof f.comments === 'boolean' ? undefined : '"stall": "comments" must be true or false');
    case 'slow':
    case 'retry':
      return num('ms');
    case 'inject': {
      const e = f.event as Record<string, unknown> | undefined;
      if (typeof e !== 'object' || e === null || typeof e.data !== 'string') return '"inject" needs "event": { "data": string, "type"?: string, "id"?: string }';
      if ((e.type !== undefined && typeof e.type !== 'string') || (e.id !== undefined && typeof e.id !== 'string')) return '"inject": "type" and "id" must be strings';
      return undefined;
    }
    case 'drop':
      return typeof f.type === 'string' && f.type !== '' ? undefined : '"drop" needs "type": an event type';
    case 'split-utf8':
    case 'clear':
      return undefined;
    case 'refuse':
      if (!REFUSAL_STATUSES.includes(f.status as RefusalStatus)) return `"refuse" needs "status": one of ${REFUSAL_STATUSES.join(', ')}`;
      return num('count', 1) ?? (f.retryAfterSec === undefined ? undefined : num('retryAfterSec'));
    default:
      return `unknown fault kind ${JSON.stringify(f.kind)} (end, stall, slow, inject, drop, retry, split-utf8, refuse, clear)`;
  }
}
