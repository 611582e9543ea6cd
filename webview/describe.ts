// One-line descriptions of records for the timeline, the text filter and the Copy button.
// Non-event records (open, error, reconnect, ...) get a readable summary instead of data.
import { llmPreview, type DelaySource, type SseRecord, type VerdictLevel } from '../src/protocol';
import { formatDuration } from './format';

/** Longest preview kept for a row; CSS ellipsis cuts it further to the column width. */
const PREVIEW_CHARS = 400;

/** What the Type column shows: the event name, the marker (debug-pause, note, ...), or the record kind. */
export function recordLabel(r: SseRecord): string {
  if (r.kind === 'event') return r.type;
  if (r.kind === 'marker') return r.marker;
  // The level is the first word of the Data column ("FAIL (after HTTP 503): …").
  if (r.kind === 'verdict') return r.scope === 'summary' ? 'verdicts' : 'verdict';
  return r.kind;
}

/** A verdict's level in words: "cannot tell" rather than a pass when the evidence is missing. */
export function verdictLevelText(level: VerdictLevel): string {
  return level === 'unknown' ? 'cannot tell' : level;
}

export function delaySourceText(source: DelaySource, policy: string): string {
  switch (source) {
    case 'policy':
      return `policy ${policy}`;
    case 'retry-field':
      return 'server retry:';
    case 'retry-after':
      return 'Retry-After';
    case 'immediate':
      return 'immediate';
    case 'growth':
      return 'backoff growth';
    case 'floor':
      return 'minimum delay';
    case 'program':
      return "the program's own client";
  }
}

/** A single line summarising the record (newlines shown as ⏎). Not cached: only visible rows ask. */
export function recordPreview(r: SseRecord): string {
  switch (r.kind) {
    case 'event':
      // A streamed-answer chunk shows what it adds; the raw JSON is in the detail pane.
      return oneLine(llmPreview(r.data) ?? r.data);
    case 'comment':
      return oneLine(`: ${r.text}`);
    case 'retry':
      return `retry: ${r.ms} ms${r.previousMs !== undefined ? ` (was ${r.previousMs} ms)` : ''}`;
    case 'open': {
      const parts = [`${r.status} ${r.statusText}`.trim(), r.contentType || 'no content type', `${r.latencyMs} ms`];
      if (r.lastEventIdSent !== undefined) parts.push(`Last-Event-ID: ${r.lastEventIdSent}`);
      return oneLine(parts.join(' · '));
    }
    case 'error':
      return oneLine(`${r.code}${r.status !== undefined ? ` ${r.status}` : ''}: ${r.message}${r.fatal ? ' (fatal)' : ''}`);
    case 'reconnect': {
      const parts = [`#${r.retryNumber} in ${formatDuration(r.delayMs)}`, r.reason, delaySourceText(r.source, r.policy)];
      if (r.lastEventId !== undefined) parts.push(`Last-Event-ID: ${r.lastEventId}`);
      if (r.detail) parts.push(r.detail);
      return oneLine(parts.join(' · '));
    }
    case 'close':
      return oneLine(`${r.reason}: ${r.message}${r.willReconnect ? ' · will reconnect' : ''}`);
    case 'marker':
      // The Type column already names the marker.
      return oneLine(r.label);
    case 'verdict':
      return oneLine(r.text);
  }
}

/** The Size column: data bytes for events, received bytes for a close. */
export function recordSize(r: SseRecord): number | undefined {
  if (r.kind === 'event') return r.size;
  if (r.kind === 'close') return r.bytes;
  return undefined;
}

/** The id column: the event's `id:` field. */
export function recordId(r: SseRecord): string {
  return r.kind === 'event' ? (r.id ?? '') : '';
}

/** Lowercased text the filter searches: type, id and data of events; the summary of other records. */
export function searchText(r: SseRecord): string {
  if (r.kind === 'event') return `${r.type}\n${r.id ?? ''}\n${r.data}`.toLowerCase();
  return `${r.kind}\n${recordLabel(r)}\n${recordPreview(r)}`.toLowerCase();
}

/** What the Copy button copies, and how the host should name it. */
export function copyPayload(r: SseRecord): { text: string; what: string } {
  switch (r.kind) {
    case 'event':
      return { text: r.data, what: 'event data' };
    case 'comment':
      return { text: r.text, what: 'comment' };
    case 'error':
      return r.body !== undefined ? { text: r.body, what: 'response body' } : { text: r.message, what: 'error message' };
    default:
      return { text: JSON.stringify(r, null, 2), what: `${r.kind} record` };
  }
}

function oneLine(text: string): string {
  const head = text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS)}…` : text;
  return head.replace(/\r\n|\r|\n/g, ' ⏎ ');
}
