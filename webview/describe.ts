// One-line descriptions of records for the timeline, the text filter and the Copy button.
// Non-event records (open, error, reconnect, ...) get a readable summary instead of data.
import { llmPreview, type DelaySource, type SseRecord, type VerdictLevel } from '../src/protocol';
import { formatDuration } from './format';
import * as l10n from '@vscode/l10n';

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
  switch (level) {
    case 'pass':
      return l10n.t('pass');
    case 'fail':
      return l10n.t('fail');
    case 'info':
      return l10n.t('info');
    case 'unknown':
      return l10n.t('cannot tell');
  }
}

export function delaySourceText(source: DelaySource, policy: string): string {
  switch (source) {
    case 'policy':
      return l10n.t('policy {0}', policy);
    case 'retry-field':
      return l10n.t('server retry:');
    case 'retry-after':
      return 'Retry-After';
    case 'immediate':
      return l10n.t('immediate');
    case 'growth':
      return l10n.t('backoff growth');
    case 'floor':
      return l10n.t('minimum delay');
    case 'program':
      return l10n.t("the program's own client");
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
      return r.previousMs !== undefined ? l10n.t('retry: {0} ms (was {1} ms)', r.ms, r.previousMs) : `retry: ${r.ms} ms`;
    case 'open': {
      const parts = [`${r.status} ${r.statusText}`.trim(), r.contentType || l10n.t('no content type'), `${r.latencyMs} ms`];
      if (r.lastEventIdSent !== undefined) parts.push(`Last-Event-ID: ${r.lastEventIdSent}`);
      return oneLine(parts.join(' · '));
    }
    case 'error':
      const error = `${r.code}${r.status !== undefined ? ` ${r.status}` : ''}: ${r.message}`;
      return oneLine(r.fatal ? l10n.t('{0} (fatal)', error) : error);
    case 'reconnect': {
      const parts = [l10n.t('#{0} in {1}', r.retryNumber, formatDuration(r.delayMs)), r.reason, delaySourceText(r.source, r.policy)];
      if (r.lastEventId !== undefined) parts.push(`Last-Event-ID: ${r.lastEventId}`);
      if (r.detail) parts.push(r.detail);
      return oneLine(parts.join(' · '));
    }
    case 'close':
      return oneLine(`${r.reason}: ${r.message}${r.willReconnect ? ` · ${l10n.t('will reconnect')}` : ''}`);
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
      return { text: r.data, what: l10n.t('event data') };
    case 'comment':
      return { text: r.text, what: l10n.t('comment') };
    case 'error':
      return r.body !== undefined ? { text: r.body, what: l10n.t('response body') } : { text: r.message, what: l10n.t('error message') };
    default:
      return { text: JSON.stringify(r, null, 2), what: l10n.t('{0} record', r.kind) };
  }
}

function oneLine(text: string): string {
  const head = text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS)}…` : text;
  return head.replace(/\r\n|\r|\n/g, ' ⏎ ');
}
