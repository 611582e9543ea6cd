// The detail pane: every field of the selected record in plain words, data pretty-printed
// and coloured when it is JSON, and Copy buttons (the host writes the clipboard; see the `copy` message). For an
// event also what the timeline only hints at (a continuity problem, arrival while the
// debugged program was paused) and a button to break on events of its type.
import type { EventBreakpoint, EventRecord, HeaderList, SseRecord } from '../src/protocol';
import { issueText } from './continuity-text';
import { copyPayload, delaySourceText, recordLabel } from './describe';
import { button, h, icon, replaceChildren } from './dom';
import { formatBytes, formatDateTime, formatDuration } from './format';
import { jsonView } from './json-view';
import { heldText, type RowMarks } from './timeline-row';
import { typeColorClass } from './type-colors';

export interface DetailCallbacks {
  onCopy(text: string, what: string): void;
  onClose(): void;
  /** Flags of the record (the same the timeline row shows). */
  marksOf(record: SseRecord): RowMarks;
  /** The breakpoint on exactly this event type, if there is one. */
  typeBreakpoint(type: string): EventBreakpoint | undefined;
  /** Add a breakpoint on this type, or remove `existing`. */
  onBreakOn(type: string, existing: EventBreakpoint | undefined): void;
}

type Field = [label: string, value: string | number | boolean | undefined];

export class DetailPane {
  readonly element: HTMLElement;
  private readonly title: HTMLElement;
  private readonly body: HTMLElement;
  private record: SseRecord | undefined;

  constructor(private readonly callbacks: DetailCallbacks) {
    this.title = h('span', { class: 'detail-title' });
    this.body = h('div', { class: 'detail-body' });
    const copy = button({ label: 'Copy data', icon: 'copy', text: 'Copy', class: 'btn btn-secondary detail-copy' }, () => {
      if (!this.record) return;
      const p = copyPayload(this.record);
      this.callbacks.onCopy(p.text, p.what);
    });
    const copyJson = button({ label: 'Copy record as JSON', icon: 'json', class: 'btn btn-icon detail-copy-json' }, () => {
      if (this.record) this.callbacks.onCopy(JSON.stringify(this.record, null, 2), `${this.record.kind} record`);
    });
    const close = button({ label: 'Close detail (Escape)', icon: 'close', class: 'btn btn-icon detail-close' }, () => this.callbacks.onClose());
    this.element = h(
      'aside',
      { class: 'detail', attrs: { 'aria-label': 'Record detail' } },
      h('div', { class: 'detail-head' }, this.title, h('span', { class: 'spacer' }), copy, copyJson, close),
      this.body,
    );
    this.element.hidden = true;
  }

  get isOpen(): boolean {
    return !this.element.hidden;
  }

  get shownSeq(): number | undefined {
    return this.isOpen ? this.record?.seq : undefined;
  }

  show(record: SseRecord): void {
    this.element.hidden = false;
    if (record === this.record) return;
    this.record = record;
    this.render(record);
  }

  /** Renders the shown record again (its flags or the breakpoints changed). */
  refresh(): void {
    if (this.isOpen && this.record) this.render(this.record);
  }

  private render(record: SseRecord): void {
    this.title.className = `detail-title kind-${record.kind}${record.kind === 'event' ? ` ${typeColorClass(record.type)}` : ''}`;
    this.title.textContent = `${recordLabel(record)} · #${record.seq}`;
    const top = this.body.scrollTop;
    const same = this.body.dataset['seq'] === String(record.seq);
    // The Break-on button is rebuilt when the host confirms the change: keep the focus on it.
    const breakHadFocus = document.activeElement?.classList.contains('detail-break') === true;
    const notes = record.kind === 'event' ? this.eventNotes(record) : [];
    replaceChildren(this.body, ...notes, ...sections(record));
    this.body.dataset['seq'] = String(record.seq);
    // A refresh of the same record keeps the reader's place; another record starts at the top.
    this.body.scrollTop = same ? top : 0;
    if (breakHadFocus && same) this.body.querySelector<HTMLElement>('.detail-break')?.focus();
  }

  private eventNotes(e: EventRecord): HTMLElement[] {
    const marks = this.callbacks.marksOf(e);
    const notes: HTMLElement[] = [];
    if (e.heldMs !== undefined) {
      notes.push(h('p', { class: 'detail-note note-held', attrs: { role: 'note' } }, icon('watch'), h('span', { text: heldText(e.heldMs) })));
    }
    if (marks.debugPaused) {
      notes.push(h('p', { class: 'detail-note note-debug-paused', attrs: { role: 'note' } }, icon('debug-pause'), h('span', { text: 'Arrived while the debugged program was paused' })));
    }
    if (marks.issue) {
      notes.push(h('p', { class: `detail-note note-${marks.issue.kind}`, attrs: { role: 'note' } }, icon('warning'), h('span', { text: issueText(marks.issue) })));
    }
    const existing = this.callbacks.typeBreakpoint(e.type);
    const label = existing ? `Remove the breakpoint on '${e.type}' events` : `Break on '${e.type}' events`;
    const toggle = button({ label, icon: existing ? 'debug-breakpoint-disabled' : 'debug-breakpoint', text: label, class: 'btn btn-secondary detail-break' }, () =>
      this.callbacks.onBreakOn(e.type, existing),
    );
    notes.push(h('div', { class: 'detail-actions' }, toggle));
    return notes;
  }

  hide(): void {
    this.element.hidden = true;
    this.record = undefined;
  }
}

function sections(r: SseRecord): HTMLElement[] {
  const common: Field[] = [
    // Events say what they are in Type; other records name their kind.
    ...(r.kind === 'event' ? [] : ([['Record', RECORD_WORDS[r.kind]]] as Field[])),
    ['Number', `#${r.seq} in this session`],
    ['Received', formatDateTime(r.t)],
    ['Since connect', formatDuration(r.mono)],
    ['Attempt', r.attempt],
  ];
  switch (r.kind) {
    case 'event':
      return [
        fields([
          ['Type', r.type],
          ['ID', r.id === undefined ? undefined : r.id === '' ? '(empty: resets Last-Event-ID)' : r.id],
          ['Last-Event-ID', r.lastEventId],
          ['Size', formatBytes(r.size) + (r.truncated ? ' (truncated for storage)' : '')],
          ['Heartbeat', r.cls === 'heartbeat' ? 'yes: timed by the heartbeat monitor' : undefined],
          ['Held', r.heldMs === undefined ? undefined : `up to ${formatDuration(r.heldMs)} (the program was paused)`],
          ...common,
        ]),
        textBlock('Data', r.data),
      ];
    case 'comment':
      return [fields(common), textBlock('Comment', r.text)];
    case 'retry':
      return [fields([['Retry', `${r.ms} ms`], ['Previous', r.previousMs === undefined ? undefined : `${r.previousMs} ms`], ...common])];
    case 'open':
      return [
        fields([
          ['Status', `${r.status} ${r.statusText}`],
          ['Content-Type', r.contentType],
          ['Latency', `${r.latencyMs} ms`],
          ['Last-Event-ID sent', r.lastEventIdSent],
          ['Request', `${r.request.method} ${r.request.url}`],
          ['Auth', r.request.authKind],
          ...common,
        ]),
        headerTable('Response headers', r.headers),
        headerTable('Request headers', r.request.headers),
        ...(r.request.bodyPreview !== undefined ? [textBlock('Request body', r.request.bodyPreview)] : []),
        ...(r.redirects?.length ? [fields(r.redirects.map((x, i): Field => [`Redirect ${i + 1}`, `${x.status} → ${x.url}${x.crossOrigin ? ' (cross-origin)' : ''}`]))] : []),
      ];
    case 'error':
      return [
        fields([['Code', r.code], ['Status', r.status], ['Message', r.message], ['Fatal', r.fatal], ...common]),
        ...(r.body !== undefined ? [textBlock('Response body', r.body)] : []),
      ];
    case 'reconnect':
      return [
        fields([
          ['Retry', `#${r.retryNumber}`],
          ['Reason', r.reason],
          ['Delay', formatDuration(r.delayMs)],
          ['Chosen by', delaySourceText(r.source, r.policy)],
          ['Last-Event-ID', r.lastEventId],
          ['Detail', r.detail],
          ...common,
        ]),
      ];
    case 'close':
      return [
        fields([
          ['Reason', r.reason],
          ['Message', r.message],
          ['Will reconnect', r.willReconnect],
          ['Bytes', formatBytes(r.bytes)],
          ['Status', r.status],
          ...common,
        ]),
      ];
    case 'marker':
      return [fields([['Marker', r.marker], ['Label', r.label], ...common])];
  }
}

/** What a record of each kind is, in words (the detail's "Record" field). */
const RECORD_WORDS: Record<Exclude<SseRecord['kind'], 'event'>, string> = {
  open: 'connection opened',
  error: 'error',
  reconnect: 'reconnect scheduled',
  close: 'connection closed',
  comment: 'comment line (": …")',
  retry: 'retry: field from the server',
  marker: 'marker (not stream data)',
};

function fields(list: Field[]): HTMLElement {
  const dl = h('dl', { class: 'fields' });
  for (const [label, value] of list) {
    if (value === undefined) continue;
    // An empty value is a fact worth seeing (an empty Last-Event-ID), not a blank.
    const text = String(value);
    dl.append(h('dt', { text: label }), text === '' ? h('dd', { class: 'empty-value', text: '(empty)' }) : h('dd', { text }));
  }
  return dl;
}

/** A text block; JSON is shown pretty-printed and coloured (Copy still copies the original text). */
function textBlock(title: string, text: string): HTMLElement {
  const json = jsonView(text);
  const pre = h('pre', { class: `detail-data${json !== undefined ? ' json' : ''}` });
  if (json !== undefined) pre.append(json);
  else pre.textContent = text;
  return h('section', { class: 'detail-section' }, h('h3', { text: json !== undefined ? `${title} (JSON)` : title }), pre);
}

function headerTable(title: string, headers: HeaderList): HTMLElement {
  return h('section', { class: 'detail-section' }, h('h3', { text: `${title} (${headers.length})` }), fields(headers.map(([n, v]): Field => [n, v])));
}
