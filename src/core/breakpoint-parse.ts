// Event breakpoints as users write them in a profile (or the panel and the command send
// them): checked field by field so that a typo is an error naming the field, never a
// breakpoint that silently matches nothing. PURE: no vscode.
import type { EventBreakpoint } from './breakpoints';
import { parseJsonPath } from './assemble';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * One breakpoint, or what is wrong with it. `fallbackId` names one written without an id
 * (profiles may omit it; the panel and the command always send one).
 */
export function parseBreakpoint(raw: unknown, fallbackId: string): EventBreakpoint | string {
  if (!isObject(raw)) return 'must be an object';
  const bp: EventBreakpoint = { id: fallbackId };
  if (raw.id !== undefined) {
    if (typeof raw.id !== 'string' || raw.id.trim() === '') return '"id" must be a non-empty string';
    bp.id = raw.id.trim();
  }
  for (const key of ['eventType', 'text', 'jsonPath', 'equals'] as const) {
    const v = raw[key];
    if (v === undefined) continue;
    if (typeof v !== 'string') return `"${key}" must be a string`;
    bp[key] = v;
  }
  if (bp.eventType !== undefined && bp.eventType.trim() === '') return '"eventType" must not be empty (unnamed events are "message")';
  if (bp.text === '') return '"text" must not be empty';
  if (bp.eventType === undefined && bp.text === undefined && bp.jsonPath === undefined) return 'needs "eventType", "text" or "jsonPath" (what to stop at)';
  if (bp.jsonPath !== undefined) {
    try {
      parseJsonPath(bp.jsonPath);
    } catch (err) {
      return `"jsonPath": ${err instanceof Error ? err.message : String(err)}`;
    }
  }
  if (bp.equals !== undefined && bp.jsonPath === undefined) return '"equals" needs "jsonPath" (the value it is compared with)';
  for (const key of ['pauseDebugSession', 'enabled'] as const) {
    const v = raw[key];
    if (v === undefined) continue;
    if (typeof v !== 'boolean') return `"${key}" must be true or false`;
    bp[key] = v;
  }
  return bp;
}

/** A profile's `breakpoints` list; ids default to `bp-1`, `bp-2`… and must be unique. */
export function parseBreakpoints(raw: unknown): EventBreakpoint[] | string {
  if (!Array.isArray(raw)) return '"breakpoints" must be an array';
  const out: EventBreakpoint[] = [];
  const ids = new Set<string>();
  for (let i = 0; i < raw.length; i++) {
    const bp = parseBreakpoint(raw[i], `bp-${i + 1}`);
    if (typeof bp === 'string') return `"breakpoints[${i}]" ${bp}`;
    if (ids.has(bp.id)) return `"breakpoints[${i}]" has the id "${bp.id}" of another breakpoint`;
    ids.add(bp.id);
    out.push(bp);
  }
  return out;
}

/** How a breakpoint reads in a quick pick, the log and the status bar. */
export function describeBreakpoint(bp: EventBreakpoint): string {
  const parts: string[] = [];
  if (bp.eventType !== undefined) parts.push(`event "${bp.eventType}"`);
  if (bp.text !== undefined) parts.push(`data contains "${bp.text}"`);
  if (bp.jsonPath !== undefined) parts.push(bp.equals !== undefined ? `${bp.jsonPath} = ${bp.equals}` : `${bp.jsonPath} exists`);
  return parts.join(' and ') + (bp.pauseDebugSession ? ' (pauses the debug session)' : '');
}
