// Event breakpoints: a condition on incoming events (event type, text, a JSON path's
// value) that stops the panel at the matching event, like a breakpoint in code. Pure:
// the extension decides what "stop" means (freeze the timeline, pause the debuggee).
import { parseJsonPath, readPath, type PathStep } from './llm/json-path';
import type { EventRecord } from './base/records';

export interface EventBreakpoint {
  /** Stable id, for enabling/removing from the UI. */
  id: string;
  /** Match only events of this name (`message` for unnamed events). */
  eventType?: string;
  /** Match when the data contains this text (case-sensitive). */
  text?: string;
  /** Match when this JSON path exists in the data (and equals `equals`, if given). */
  jsonPath?: string;
  /** Compared with the value at `jsonPath` as text (`true`, `42`, `"done"` → done). */
  equals?: string;
  /** Also pause the active debug session when it hits. */
  pauseDebugSession?: boolean;
  enabled?: boolean;
}

export interface BreakpointHit {
  breakpoint: EventBreakpoint;
  seq: number;
  /** Human-readable: which condition matched. */
  reason: string;
}

interface Compiled {
  bp: EventBreakpoint;
  path?: PathStep[];
}

export class BreakpointSet {
  private compiled: Compiled[] = [];

  /** Replaces the set; throws a clear error naming a bad JSON path. */
  set(breakpoints: readonly EventBreakpoint[]): void {
    this.compiled = breakpoints.map((bp) => (bp.jsonPath ? { bp, path: parseJsonPath(bp.jsonPath) } : { bp }));
  }

  list(): EventBreakpoint[] {
    return this.compiled.map((c) => ({ ...c.bp }));
  }

  get size(): number {
    return this.compiled.length;
  }

  /** The first enabled breakpoint the event hits, if any. */
  check(e: EventRecord): BreakpointHit | undefined {
    for (const c of this.compiled) {
      if (c.bp.enabled === false) continue;
      const reason = matchReason(c, e);
      if (reason) return { breakpoint: { ...c.bp }, seq: e.seq, reason };
    }
    return undefined;
  }
}

function matchReason(c: Compiled, e: EventRecord): string | undefined {
  const { bp } = c;
  if (bp.eventType === undefined && bp.text === undefined && c.path === undefined) return undefined;
  const parts: string[] = [];
  if (bp.eventType !== undefined) {
    if (e.type !== bp.eventType) return undefined;
    parts.push(`event type is "${bp.eventType}"`);
  }
  if (bp.text !== undefined) {
    if (!e.data.includes(bp.text)) return undefined;
    parts.push(`data contains "${bp.text}"`);
  }
  if (c.path) {
    let value: unknown;
    try {
      value = readPath(JSON.parse(e.data), c.path);
    } catch {
      return undefined;
    }
    if (value === undefined) return undefined;
    if (bp.equals !== undefined) {
      const asText = typeof value === 'string' ? value : JSON.stringify(value);
      if (asText !== bp.equals && JSON.stringify(value) !== bp.equals) return undefined;
      parts.push(`${bp.jsonPath} = ${bp.equals}`);
    } else parts.push(`${bp.jsonPath} exists`);
  }
  return parts.join(' and ');
}
