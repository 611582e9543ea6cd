// The messages between the extension host and the webview, shared by both sides.
// Host -> webview messages are batched (see src/panel/batcher.ts) so a flood of
// events becomes a few messages per second, never one message per event.
import type { EventBreakpoint } from './core/breakpoints';
import type { SessionDelta, SessionSnapshot } from './core/snapshot';

export const PROTOCOL_VERSION = 1;

export type HostToWebview =
  /** The whole held history; sent in answer to `ready` and after `clear`. */
  | { type: 'snapshot'; version: number; snapshot: SessionSnapshot }
  /** Records and state since the last message. */
  | { type: 'delta'; delta: SessionDelta }
  /** Something the user should see in the panel's header (not an event of the stream). */
  | { type: 'notice'; level: 'info' | 'warning' | 'error'; text: string }
  /**
   * What this panel shows and what it can do: a live connection, or a recording opened from
   * a file (no disconnect/reconnect; it can be replayed). Sent before the first snapshot and
   * whenever it changes (e.g. the breakpoints were edited).
   */
  | { type: 'context'; mode: PanelMode; source?: string; breakpoints: EventBreakpoint[]; replayUrl?: string }
  /**
   * Capture paused or resumed. While paused the host sends no deltas (the timeline holds still
   * at the event that hit), the session keeps recording, and Resume delivers what came since.
   */
  | { type: 'paused'; paused: true; seq: number; reason: string; breakpointId: string; debuggerPaused: boolean }
  | { type: 'paused'; paused: false };

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
  /** Serve this session (or recording) from a local endpoint. */
  'replay',
  /** Resume capture after an event breakpoint. */
  'resume',
] as const;
export type PanelCommand = (typeof PANEL_COMMANDS)[number];

export type WebviewToHost =
  | { type: 'ready'; version: number }
  | { type: 'command'; command: PanelCommand }
  /** The host writes to the clipboard: webviews cannot always reach it themselves. */
  | { type: 'copy'; text: string; what: string }
  /** Add, remove or enable/disable an event breakpoint of this panel's connection. */
  | { type: 'breakpoint'; action: 'add' | 'remove' | 'toggle'; breakpoint: EventBreakpoint };

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
    case 'snapshot':
      return typeof m.snapshot === 'object' && m.snapshot !== null && Array.isArray((m.snapshot as { records?: unknown }).records);
    case 'delta':
      return typeof m.delta === 'object' && m.delta !== null && Array.isArray((m.delta as { records?: unknown }).records);
    case 'notice':
      return typeof m.text === 'string' && (m.level === 'info' || m.level === 'warning' || m.level === 'error');
    case 'context': {
      const c = value as { mode?: unknown; breakpoints?: unknown };
      return (c.mode === 'live' || c.mode === 'recording') && Array.isArray(c.breakpoints);
    }
    case 'paused': {
      const p = value as { paused?: unknown; seq?: unknown; reason?: unknown };
      return p.paused === false || (p.paused === true && typeof p.seq === 'number' && typeof p.reason === 'string');
    }
    default:
      return false;
  }
}
