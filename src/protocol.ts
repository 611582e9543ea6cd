// The messages between the extension host and the webview, shared by both sides.
// Host -> webview messages are batched (see src/panel/batcher.ts) so a flood of
// events becomes a few messages per second, never one message per event.
import type { EventBreakpoint } from './core/breakpoints';
import type { SseRecord } from './core/base/records';
import type { SessionDelta, SessionSnapshot } from './core/snapshot';
import type { Fault } from './core/tap/faults';

// The core's record and state types the messages carry. The webview imports them from here,
// never from src/core, so this file is the whole contract between the two sides.
export type { AnswerParts, AssembledFormat, AssembledMessage, TokenUsage, ToolCall } from './core/assemble';
export type { EventBreakpoint } from './core/breakpoints';
export type { ContinuityCounters, ContinuityIssue, ContinuityState, ResumeCheck } from './core/continuity';
export type { DiagnosticSeverity, StreamDiagnostic } from './core/diagnostic-types';
export type { CloseRecord, ConnectionState, DelaySource, ErrorRecord, EventRecord, HeaderList, MarkerKind, OpenRecord, PolicyName, ReconnectRecord, RecordKind, RequestSummary, SseRecord, VerdictCheck, VerdictLevel, VerdictRecord } from './core/base/records';
export type { Fault, InjectedEvent, RefusalStatus } from './core/tap/faults';
export type { DeltaAppend, DeltaChanged, DeltaReplace, HeartbeatState, ResponseSummary, SessionDelta, SessionSnapshot, SessionStats } from './core/snapshot';
// Pure helpers that word what the messages carry the same way on both sides (redaction
// markers, status lines, answer previews): no state, no vscode, safe in the webview.
export { llmPreview } from './core/llm/preview';
export { readableRedactions, REDACTED } from './core/base/redact';
export { describeStatus } from './core/status-text';

/**
 * 2: the snapshot carries only the newest records; `backfill` pages bring the older ones.
 * 3: `resumed` is its own message; a delta groups its fields by how they merge (replace, append, changed).
 */
export const PROTOCOL_VERSION = 3;

/**
 * Most records a panel holds. The webview drops its oldest beyond it; the host never pages
 * more older records into a panel than fit under it (src/panel/snapshot-pages.ts).
 */
export const MAX_PANEL_RECORDS = 200_000;

/** Reconnect records a panel keeps: as many as the session does (the reconnection log). */
export { DEFAULT_MAX_RECONNECTS as MAX_RECONNECTS } from './core/base/defaults';

/**
 * A fresh start, in answer to `ready` and after `clear`: the newest held records (a page of
 * them when the history is long) and all derived state. `olderPending` older records follow
 * in `backfill` messages; `olderSkipped` older ones the host holds but will not send (beyond
 * MAX_PANEL_RECORDS). Both absent: the snapshot holds the whole history.
 */
export interface SnapshotMessage {
  type: 'snapshot';
  version: number;
  snapshot: SessionSnapshot;
  olderPending?: number;
  olderSkipped?: number;
}

/** Records and state since the last message, grouped by how they merge (see SessionDelta). */
export interface DeltaMessage {
  type: 'delta';
  delta: SessionDelta;
}

/**
 * A page of the history older than what the panel holds, after a snapshot: `records` oldest
 * first, the newest of them just before the panel's oldest. As of its sending: `remaining`
 * older records still to come (0: the last page) and the session's `evicted` count.
 */
export interface BackfillMessage {
  type: 'backfill';
  sessionId: string;
  records: SseRecord[];
  remaining: number;
  evicted: number;
}

export type NoticeLevel = 'info' | 'warning' | 'error';

/** Something the user should see in the panel's header (not an event of the stream). */
export interface NoticeMessage {
  type: 'notice';
  level: NoticeLevel;
  text: string;
}

/**
 * What this panel shows and what it can do: a live connection, or a recording opened from
 * a file (no disconnect/reconnect; it can be replayed).
 */
export interface PanelContext {
  mode: PanelMode;
  source?: string;
  breakpoints: EventBreakpoint[];
  replayUrl?: string;
  /** A stream tapped through a running proxy tap: the toolbar offers its faults. */
  faults?: boolean;
  /**
   * A tapped stream (a debuggee's or a proxied client's own): the program makes its requests,
   * so the toolbar offers no Reconnect and no Save as profile, and Disconnect stops observing.
   */
  tapped?: boolean;
}

/** The panel's context, sent before the first snapshot and whenever it changes (e.g. the breakpoints were edited). */
export interface ContextMessage extends PanelContext {
  type: 'context';
}

/**
 * Capture paused at the event with this seq (an event breakpoint hit). While paused the host
 * sends no deltas (the timeline holds still at the event that hit) and the session keeps
 * recording; `resumed` follows, then what came since.
 */
export interface PausedMessage {
  type: 'paused';
  seq: number;
  reason: string;
  breakpointId: string;
  debuggerPaused: boolean;
}

/** Capture resumed after a `paused`: deltas flow again. */
export interface ResumedMessage {
  type: 'resumed';
}

export type HostToWebview = SnapshotMessage | DeltaMessage | BackfillMessage | NoticeMessage | ContextMessage | PausedMessage | ResumedMessage;

export type PanelMode = 'live' | 'recording';

/**
 * The panel's header buttons. `export` asks the host to save the held records (JSONL, HAR, ...).
 * The type is derived from the list so the runtime check below can never fall out of step.
 */
export const PANEL_COMMANDS = [
  'disconnect',
  'reconnect',
  'clear',
  'saveProfile',
  /** The held records as JSONL. */
  'export',
  /** The held records as HAR 1.2. */
  'exportHar',
  /** The session as a .sse.jsonl recording in the workspace. */
  'saveRecording',
  /** The request as a curl command (the host asks whether to reveal secrets). */
  'copyCurl',
  /** The request as a fetch() snippet that reads the stream (same question about secrets). */
  'copyFetch',
  /** Serve this session (or recording) from a local endpoint. */
  'replay',
  /** Resume capture after an event breakpoint. */
  'resume',
] as const;
export type PanelCommand = (typeof PANEL_COMMANDS)[number];

/** The webview (re)loaded and wants a snapshot. */
export interface ReadyMessage {
  type: 'ready';
  version: number;
}

/** A header button of the panel. */
export interface CommandMessage {
  type: 'command';
  command: PanelCommand;
}

/** The host writes to the clipboard: webviews cannot always reach it themselves. */
export interface CopyMessage {
  type: 'copy';
  text: string;
  what: string;
}

export type BreakpointEdit = 'add' | 'remove' | 'toggle';

/** Add, remove or enable/disable an event breakpoint of this panel's connection. */
export interface BreakpointMessage {
  type: 'breakpoint';
  action: BreakpointEdit;
  breakpoint: EventBreakpoint;
}

/** Apply a fault to this panel's proxy-tapped stream; without `fault` the host asks which (with its parameters). Checked again by the host. */
export interface FaultMessage {
  type: 'fault';
  fault?: Fault;
}

export type WebviewToHost = ReadyMessage | CommandMessage | CopyMessage | BreakpointMessage | FaultMessage;

export function isWebviewToHost(value: unknown): value is WebviewToHost {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as { type?: unknown };
  switch (m.type) {
    case 'ready':
      return typeof (value as { version?: unknown }).version === 'number';
    case 'command':
      return (PANEL_COMMANDS as readonly string[]).includes(String((value as { command?: unknown }).command));
    case 'copy':
      return typeof (value as { text?: unknown }).text === 'string';
    case 'fault': {
      const f = (value as { fault?: unknown }).fault;
      return f === undefined || (typeof f === 'object' && f !== null && typeof (f as { kind?: unknown }).kind === 'string');
    }
    case 'breakpoint': {
      const b = value as { action?: unknown; breakpoint?: unknown };
      const bp = b.breakpoint as { id?: unknown } | null | undefined;
      return ['add', 'remove', 'toggle'].includes(String(b.action)) && typeof bp === 'object' && bp !== null && typeof bp.id === 'string';
    }
    default:
      return false;
  }
}

/** Shape check of what the webview receives: only well-formed host messages are applied. */
export function isHostToWebview(value: unknown): value is HostToWebview {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as { type?: unknown; snapshot?: unknown; delta?: unknown; text?: unknown; level?: unknown };
  switch (m.type) {
    case 'snapshot': {
      const s = value as { olderPending?: unknown; olderSkipped?: unknown };
      return typeof m.snapshot === 'object' && m.snapshot !== null && Array.isArray((m.snapshot as { records?: unknown }).records) && optionalCount(s.olderPending) && optionalCount(s.olderSkipped);
    }
    case 'delta': {
      const d = m.delta as { replace?: unknown; append?: { records?: unknown; continuityIssues?: unknown; resumes?: unknown } | null; changed?: unknown } | null | undefined;
      return (
        typeof d === 'object' && d !== null && isObject(d.replace) && isObject(d.changed) && isObject(d.append) &&
        Array.isArray(d.append.records) && Array.isArray(d.append.continuityIssues) && Array.isArray(d.append.resumes)
      );
    }
    case 'backfill': {
      const b = value as { sessionId?: unknown; records?: unknown; remaining?: unknown; evicted?: unknown };
      return typeof b.sessionId === 'string' && Array.isArray(b.records) && isCount(b.remaining) && isCount(b.evicted);
    }
    case 'notice':
      return typeof m.text === 'string' && (m.level === 'info' || m.level === 'warning' || m.level === 'error');
    case 'context': {
      const c = value as { mode?: unknown; breakpoints?: unknown };
      return (c.mode === 'live' || c.mode === 'recording') && Array.isArray(c.breakpoints);
    }
    case 'paused': {
      const p = value as { seq?: unknown; reason?: unknown };
      return typeof p.seq === 'number' && typeof p.reason === 'string';
    }
    case 'resumed':
      return true;
    default:
      return false;
  }
}

/** A count of records: a whole number, not negative (NaN or -1 would corrupt the panel's accounting). */
function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0;
}

function isObject(v: unknown): v is object {
  return typeof v === 'object' && v !== null;
}

function optionalCount(v: unknown): boolean {
  return v === undefined || isCount(v);
}
