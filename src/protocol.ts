// The messages between the extension host and the webview, shared by both sides.
// Host -> webview messages are batched (see src/panel/batcher.ts) so a flood of
// events becomes a few messages per second, never one message per event.
import type { SessionDelta, SessionSnapshot } from './core/snapshot';

export const PROTOCOL_VERSION = 1;

export type HostToWebview =
  /** The whole held history; sent in answer to `ready` and after `clear`. */
  | { type: 'snapshot'; version: number; snapshot: SessionSnapshot }
  /** Records and state since the last message. */
  | { type: 'delta'; delta: SessionDelta }
  /** Something the user should see in the panel's header (not an event of the stream). */
  | { type: 'notice'; level: 'info' | 'warning' | 'error'; text: string };

/**
 * The panel's header buttons. `export` asks the host to save the held records (JSONL, HAR, ...).
 * The type is derived from the list so the runtime check below can never fall out of step.
 */
export const PANEL_COMMANDS = ['disconnect', 'reconnect', 'clear', 'saveProfile', 'export'] as const;
export type PanelCommand = (typeof PANEL_COMMANDS)[number];

export type WebviewToHost =
  | { type: 'ready'; version: number }
  | { type: 'command'; command: PanelCommand }
  /** The host writes to the clipboard: webviews cannot always reach it themselves. */
  | { type: 'copy'; text: string; what: string };

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
    default:
      return false;
  }
}
