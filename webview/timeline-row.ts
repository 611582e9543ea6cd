// One timeline row: created once, then refilled as the virtual list recycles it.
// All record content goes in through textContent.
import type { ContinuityIssue, MarkerKind, RecordKind, SseRecord } from '../src/protocol';
import { issueBadge, issueText } from './continuity-text';
import { recordId, recordLabel, recordPreview, recordSize } from './describe';
import { h, icon } from './dom';
import * as l10n from '@vscode/l10n';
import { formatBytes, formatDuration, formatTime } from './format';
import { typeColorClass } from './type-colors';

/** Fixed row height in px: the virtual list computes every offset from it (keep in step with style.css). */
export const ROW_HEIGHT = 22;

const KIND_ICONS: Record<RecordKind, string> = {
  event: 'circle-filled',
  open: 'plug',
  error: 'error',
  reconnect: 'sync',
  close: 'debug-disconnect',
  comment: 'comment',
  retry: 'history',
  marker: 'pin',
  verdict: 'law',
};

/** Debug markers wear the debug toolbar's glyphs. */
export const MARKER_ICONS: Record<MarkerKind, string> = {
  'debug-start': 'debug-start',
  'debug-stop': 'debug-stop',
  'debug-pause': 'debug-pause',
  'debug-continue': 'debug-continue',
  note: 'note',
  // A fault the proxy tap applied on purpose.
  fault: 'zap',
};

/** What the row shows besides the record itself. */
export interface RowMarks {
  /** The event arrived while the debugged program was paused. */
  debugPaused: boolean;
  /** The id-continuity problem found at this event. */
  issue: ContinuityIssue | undefined;
  /** Capture is held at this event (the breakpoint hit), like a debugger's current line. */
  hit: boolean;
}

export const NO_MARKS: RowMarks = { debugPaused: false, issue: undefined, hit: false };

export interface RowElement extends HTMLDivElement {
  /** Position of the record the row shows (-1 while unused). */
  pos: number;
}

/** Translated when asked (the panel's strings arrive before the first row is built). */
const pausedTitle = () => l10n.t('Arrived while the debugged program was paused');


export function createRow(): RowElement {
  const paused = icon('debug-pause', 'row-paused');
  paused.title = pausedTitle();
  const row = h(
    'div',
    { class: 'row', attrs: { role: 'option', 'aria-selected': 'false' } },
    h('span', { class: 'cell cell-time' }),
    h('span', { class: 'cell cell-type' }, icon('circle-filled', 'kind-icon'), h('span', { class: 'type-name' })),
    // The id cell also carries the row's flags, right-aligned, so the columns never move.
    h('span', { class: 'cell cell-id' }, h('span', { class: 'id-text' }), paused, h('span', { class: 'row-badge' })),
    h('span', { class: 'cell cell-size' }),
    // A held event's mark leads its data (the id column has no room for the time).
    h('span', { class: 'cell cell-data' }, createHeldBadge(), h('span', { class: 'data-text' })),
  ) as RowElement;
  row.pos = -1;
  return row;
}

function rowClass(r: SseRecord, marks: RowMarks): string {
  if (r.kind === 'marker') return `row kind-marker meta marker-${r.marker}`;
  if (r.kind === 'verdict') return `row kind-verdict meta verdict-${r.level}`;
  if (r.kind !== 'event') return `row kind-${r.kind} meta`;
  // A tapped event the program got late (it was paused): tinted as the paused span is.
  const held = r.heldMs !== undefined ? ' held' + (marks.debugPaused ? '' : ' debug-paused') : '';
  return `row kind-event ${typeColorClass(r.type)}${r.cls === 'heartbeat' ? ' beat' : ''}${marks.debugPaused ? ' debug-paused' : ''}${held}${marks.hit ? ' hit' : ''}`;
}

export function fillRow(row: RowElement, pos: number, r: SseRecord, marks: RowMarks): void {
  row.pos = pos;
  row.id = `tl-row-${pos}`;
  row.className = rowClass(r, marks);
  const [time, type, id, size, data] = row.children;
  time!.textContent = formatTime(r.t);
  const [kindIcon, typeName] = type!.children;
  kindIcon!.className = `codicon codicon-${r.kind === 'marker' ? MARKER_ICONS[r.marker] : KIND_ICONS[r.kind]} kind-icon`;
  typeName!.textContent = recordLabel(r);
  const [idText, paused, badge] = id!.children as HTMLCollectionOf<HTMLElement>;
  idText!.textContent = recordId(r);
  paused!.hidden = !marks.debugPaused;
  paused!.title = pausedTitle();
  const issue = marks.issue;
  badge!.hidden = issue === undefined;
  badge!.textContent = issue ? issueBadge(issue) : '';
  badge!.className = issue ? `row-badge badge-${issue.kind}` : 'row-badge';
  badge!.title = issue ? issueText(issue) : '';
  const bytes = recordSize(r);
  size!.textContent = bytes === undefined ? '' : formatBytes(bytes);
  const [held, dataText] = data!.children as HTMLCollectionOf<HTMLElement>;
  fillHeldBadge(held!, r.kind === 'event' ? r.heldMs : undefined);
  dataText!.textContent = recordPreview(r);
}

/** The mark of an event a tapped program got late, after Continue: a clock and how long. */
function createHeldBadge(): HTMLElement {
  const badge = h('span', { class: 'row-held' }, icon('watch'), h('span', { class: 'held-text' }));
  badge.hidden = true;
  return badge;
}

function fillHeldBadge(badge: HTMLElement, heldMs: number | undefined): void {
  badge.hidden = heldMs === undefined;
  const text = heldMs === undefined ? '' : formatDuration(heldMs);
  badge.lastElementChild!.textContent = text;
  // The row's accessible name reads this instead of the bare duration.
  const words = heldMs === undefined ? '' : heldText(heldMs);
  badge.title = words;
  if (words) badge.setAttribute('aria-label', words);
  else badge.removeAttribute('aria-label');
}

/** What a held event went through, in words (the row's tooltip, the detail's note). */
export function heldText(heldMs: number): string {
  // "Up to": a tap knows the pause the bytes waited through, not when during it they came.
  return l10n.t('Held up to {0}: this arrived while the program was paused at a breakpoint, and the program got it after Continue', formatDuration(heldMs));
}
