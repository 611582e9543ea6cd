// How an event breakpoint reads, and the ids the panel gives the ones it creates.
import * as l10n from '@vscode/l10n';
import type { EventBreakpoint } from '../src/protocol';

/** `type is "delta" and data contains "error"`, in the words the core's hit reason uses. */
export function breakpointText(bp: EventBreakpoint): string {
  const parts: string[] = [];
  if (bp.eventType !== undefined) parts.push(l10n.t('type is "{0}"', bp.eventType));
  if (bp.text !== undefined) parts.push(l10n.t('data contains "{0}"', bp.text));
  if (bp.jsonPath !== undefined) parts.push(bp.equals !== undefined ? `${bp.jsonPath} = ${bp.equals}` : l10n.t('{0} exists', bp.jsonPath));
  return parts.length > 0 ? parts.join(l10n.t(' and ')) : l10n.t('(no condition)');
}

/** A breakpoint on exactly this event type and nothing else: the one "Break on" adds. */
export function isTypeBreakpoint(bp: EventBreakpoint, type: string): boolean {
  return bp.eventType === type && bp.text === undefined && bp.jsonPath === undefined;
}

/** A random id: 64 bits are plenty to never collide with the few breakpoints a panel has. */
export function newBreakpointId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  return `bp-${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}
