// How the panel writes times, sizes, durations and counts.

import { panelLocale } from './l10n';

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** HH:MM:SS.mmm in local time. */
export function formatTime(epochMs: number): string {
  const d = new Date(epochMs);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/** Local date and time, for the detail pane. */
export function formatDateTime(epochMs: number): string {
  const d = new Date(epochMs);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${formatTime(epochMs)}`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** A delay or interval: 850 ms, 1.5 s, 25 s, 1 min, 2 m 05 s. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  const abs = Math.abs(ms);
  if (abs < 1000) return `${Math.round(ms)} ms`;
  if (abs < 10_000) return `${(ms / 1000).toFixed(1).replace(/\.0$/, '')} s`;
  if (abs < 60_000) return `${Math.round(ms / 1000)} s`;
  const totalSeconds = Math.round(ms / 1000);
  const minutes = Math.floor(totalSeconds / 60);
  const seconds = totalSeconds % 60;
  return seconds === 0 ? `${minutes} min` : `${minutes} m ${pad(seconds)} s`;
}

/** A difference (late +, early −); one that rounds to nothing has no sign ("0 ms", never "−0 ms"). */
export function formatDurationDelta(ms: number): string {
  const magnitude = formatDuration(Math.abs(ms));
  if (/^0 ms$/.test(magnitude)) return magnitude;
  return `${ms > 0 ? '+' : '−'}${magnitude}`;
}

/** A live age (time since something): tenths of a second below a minute so every 1 s tick shows progress. */
export function formatAge(ms: number): string {
  const clamped = Math.max(0, ms);
  if (clamped < 60_000) return `${(clamped / 1000).toFixed(1)} s`;
  return formatDuration(clamped);
}

export function formatCount(n: number): string {
  return n.toLocaleString(panelLocale());
}

export function formatRate(perSecond: number): string {
  return perSecond >= 100 ? String(Math.round(perSecond)) : perSecond.toFixed(1);
}

/** JSON data pretty-printed with two spaces; undefined when the text is not JSON (or is a bare scalar). */
export function prettyJson(text: string): string | undefined {
  const trimmed = text.trimStart();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return undefined;
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return undefined;
  }
}
