// Event breakpoints of one live connection and whether its capture is paused. PURE: no
// vscode (the core's Emitter), so plain mocha tests it.
//
// "Paused" is about what the panel shows, not what the session records: the session keeps
// every record, the panel's timeline holds still at the event that hit, and Resume
// delivers what came since. Events that arrive while paused are not checked (resuming
// would otherwise stop again at once on an event already received).
import { BreakpointSet, type BreakpointHit, type EventBreakpoint } from './breakpoints';
import { Emitter, type Disposable } from './base/emitter';
import type { SseRecord } from './base/records';
import { parseBreakpoint } from './breakpoint-parse';

export interface PausedState {
  seq: number;
  reason: string;
  breakpointId: string;
  /** The debug session was asked to pause too. */
  debuggerPaused: boolean;
}

export type CaptureChange = { kind: 'paused'; state: PausedState } | { kind: 'resumed'; state: PausedState } | { kind: 'breakpoints' };

export type BreakpointAction = 'add' | 'remove' | 'toggle';

export interface CaptureOptions {
  breakpoints?: readonly EventBreakpoint[];
  /** Called on a hit before the pause is announced; returns whether the debugger was paused too. */
  onHit?(hit: BreakpointHit): boolean;
}

export class CaptureControl {
  private readonly set = new BreakpointSet();
  private state: PausedState | undefined;
  private readonly changes = new Emitter<CaptureChange>();

  /** Throws (naming the JSON path) when a breakpoint is invalid: profiles are parsed first. */
  constructor(private readonly options: CaptureOptions = {}) {
    this.set.set(options.breakpoints ?? []);
  }

  get paused(): Readonly<PausedState> | undefined {
    return this.state;
  }

  breakpoints(): EventBreakpoint[] {
    return this.set.list();
  }

  onChange(listener: (change: CaptureChange) => void): Disposable {
    return this.changes.on(listener);
  }

  /** Every record of the connection, in order; pauses on the first event that hits. */
  observe(record: SseRecord): BreakpointHit | undefined {
    if (this.state || record.kind !== 'event' || this.set.size === 0) return undefined;
    const hit = this.set.check(record);
    if (!hit) return undefined;
    const debuggerPaused = this.options.onHit?.(hit) ?? false;
    this.state = { seq: hit.seq, reason: hit.reason, breakpointId: hit.breakpoint.id, debuggerPaused };
    this.changes.fire({ kind: 'paused', state: this.state });
    return hit;
  }

  /** Resumes capture; false when it was not paused. */
  resume(): boolean {
    const state = this.state;
    if (!state) return false;
    this.state = undefined;
    this.changes.fire({ kind: 'resumed', state });
    return true;
  }

  /**
   * Adds, removes or enables/disables a breakpoint (the panel's edits and the command).
   * Returns what is wrong, or undefined when done. `toggle` sets `enabled` to the one the
   * message carries (the panel's checkbox: sending it twice changes nothing), and flips
   * the stored state when the message has none.
   */
  edit(action: BreakpointAction, raw: unknown): string | undefined {
    const list = this.set.list();
    const id = typeof (raw as { id?: unknown } | null)?.id === 'string' ? (raw as { id: string }).id : undefined;
    const index = id === undefined ? -1 : list.findIndex((b) => b.id === id);
    switch (action) {
      case 'add': {
        const bp = parseBreakpoint(raw, nextId(list));
        if (typeof bp === 'string') return `Breakpoint ${bp}`;
        if (list.some((b) => b.id === bp.id)) return `There is already a breakpoint "${bp.id}"`;
        list.push(bp);
        break;
      }
      case 'remove':
        if (index < 0) return `No breakpoint "${id ?? ''}"`;
        list.splice(index, 1);
        break;
      case 'toggle': {
        const bp = list[index];
        if (!bp) return `No breakpoint "${id ?? ''}"`;
        const wanted = (raw as { enabled?: unknown }).enabled;
        list[index] = { ...bp, enabled: typeof wanted === 'boolean' ? wanted : bp.enabled === false };
        break;
      }
    }
    this.set.set(list);
    this.changes.fire({ kind: 'breakpoints' });
    return undefined;
  }

  dispose(): void {
    this.changes.clear();
  }
}

/** The first free `bp-N` id. */
function nextId(list: readonly EventBreakpoint[]): string {
  const ids = new Set(list.map((b) => b.id));
  for (let n = list.length + 1; ; n++) if (!ids.has(`bp-${n}`)) return `bp-${n}`;
}
