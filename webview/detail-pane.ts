// The detail pane: every field of the selected record in plain words, data pretty-printed
// and coloured when it is JSON, and Copy buttons (the host writes the clipboard; see the `copy` message). For an
// event also what the timeline only hints at (a continuity problem, arrival while the
// debugged program was paused) and a button to break on events of its type.
import type { EventBreakpoint, EventRecord, HeaderList, SseRecord } from '../src/protocol';
import { issueText } from './continuity-text';
import { copyPayload, delaySourceText, recordLabel, verdictLevelText } from './describe';
import { button, h, icon, replaceChildren } from './dom';
import * as l10n from '@vscode/l10n';
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
    const copy = button({ label: l10n.t('Copy data'), icon: 'copy', text: l10n.t('Copy'), class: 'btn btn-secondary detail-copy' }, () => {
      if (!this.record) return;
      const p = copyPayload(this.record);
      this.callbacks.onCopy(p.text, p.what);
    });
    const copyJson = button({ label: l10n.t('Copy record as JSON'), icon: 'json', class: 'btn btn-icon detail-copy-json' }, () => {
      if (this.record) this.callbacks.onCopy(JSON.stringify(this.record, null, 2), l10n.t('{0} record', this.record.kind));
    });
    const close = button({ label: l10n.t('Close detail (Escape)'), icon: 'close', class: 'btn btn-icon detail-close' }, () => this.callbacks.onClose());
    this.element = h(
      'aside',
      { class: 'detail', attrs: { 'aria-label': l10n.t('Record detail') } },
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
      notes.push(h('p', { class: 'detail-note note-debug-paused', attrs: { role: 'note' } }, icon('debug-pause'), h('span', { text: l10n.t('Arrived while the debugged program was paused') })));
    }
    if (marks.issue) {
      notes.push(h('p', { class: `detail-note note-${marks.issue.kind}`, attrs: { role: 'note' } }, icon('warning'), h('span', { text: issueText(marks.issue) })));
    }
    const existing = this.callbacks.typeBreakpoint(e.type);
    const label = existing ? l10n.t("Remove the breakpoint on '{0}' events", e.type) : l10n.t("Break on '{0}' events", e.type);
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
    ...(r.kind === 'event' ? [] : ([[l10n.t('Record'), recordWords()[r.kind]]] as Field[])),
    [l10n.t('Number'), l10n.t('#{0} in this session', r.seq)],
    [l10n.t('Received'), formatDateTime(r.t)],
    [l10n.t('Since connect'), formatDuration(r.mono)],
    [l10n.t('Attempt'), r.attempt],
  ];
  switch (r.kind) {
    case 'event':
      return [
        fields([
          [l10n.t('Type'), r.type],
          [l10n.t('ID'), r.id === undefined ? undefined : r.id === '' ? l10n.t('(empty: resets Last-Event-ID)') : r.id],
          [l10n.t('Last-Event-ID'), r.lastEventId],
          [l10n.t('Size'), r.truncated ? l10n.t('{0} (truncated for storage)', formatBytes(r.size)) : formatBytes(r.size)],
          [l10n.t('Heartbeat'), r.cls === 'heartbeat' ? l10n.t('yes: timed by the heartbeat monitor') : undefined],
          [l10n.t('Held'), r.heldMs === undefined ? undefined : l10n.t('up to {0} (the program was paused)', formatDuration(r.heldMs))],
          ...common,
        ]),
        textBlock(l10n.t('Data'), r.data),
      ];
    case 'comment':
      return [fields(common), textBlock(l10n.t('Comment'), r.text)];
    case 'retry':
      return [fields([[l10n.t('Retry'), `${r.ms} ms`], [l10n.t('Previous'), r.previousMs === undefined ? undefined : `${r.previousMs} ms`], ...common])];
    case 'open':
      return [
        fields([
          [l10n.t('Status'), `${r.status} ${r.statusText}`],
          [l10n.t('Content-Type'), r.contentType],
          [l10n.t('Latency'), `${r.latencyMs} ms`],
          [l10n.t('Last-Event-ID sent'), r.lastEventIdSent],
          [l10n.t('Request'), `${r.request.method} ${r.request.url}`],
          [l10n.t('Auth'), r.request.authKind],
          ...common,
        ]),
        headerTable(l10n.t('Response headers'), r.headers),
        headerTable(l10n.t('Request headers'), r.request.headers),
        ...(r.request.bodyPreview !== undefined ? [textBlock(l10n.t('Request body'), r.request.bodyPreview)] : []),
        ...(r.redirects?.length ? [fields(r.redirects.map((x, i): Field => [l10n.t('Redirect {0}', i + 1), x.crossOrigin ? l10n.t('{0} → {1} (cross-origin)', x.status, x.url) : `${x.status} → ${x.url}`]))] : []),
      ];
    case 'error':
      return [
        fields([[l10n.t('Code'), r.code], [l10n.t('Status'), r.status], [l10n.t('Message'), r.message], [l10n.t('Fatal'), r.fatal], ...common]),
        ...(r.body !== undefined ? [textBlock(l10n.t('Response body'), r.body)] : []),
      ];
    case 'reconnect':
      return [
        fields([
          [l10n.t('Retry'), `#${r.retryNumber}`],
          [l10n.t('Reason'), r.reason],
          [l10n.t('Delay'), formatDuration(r.delayMs)],
          [l10n.t('Chosen by'), delaySourceText(r.source, r.policy)],
          [l10n.t('Last-Event-ID'), r.lastEventId],
          [l10n.t('Detail'), r.detail],
          ...common,
        ]),
      ];
    case 'close':
      return [
        fields([
          [l10n.t('Reason'), r.reason],
          [l10n.t('Message'), r.message],
          // A tapped stream's program decides that itself: no yes or no of ours.
          [l10n.t('Will reconnect'), r.reconnectBy === 'program' ? l10n.t('the program decides') : r.willReconnect],
          [l10n.t('Bytes'), formatBytes(r.bytes)],
          [l10n.t('Status'), r.status],
          ...common,
        ]),
      ];
    case 'marker':
      return [fields([[l10n.t('Marker'), r.marker], [l10n.t('Label'), r.label], ...common])];
    case 'verdict':
      return [fields([[l10n.t('Verdict'), verdictLevelText(r.level)], [l10n.t('Says'), r.text], [l10n.t('Of'), r.scope], [l10n.t('Reconnect record'), r.reconnectSeq !== undefined ? `#${r.reconnectSeq}` : undefined], ...r.checks.map((c): Field => [c.aspect, `${verdictLevelText(c.level)}: ${c.text}`]), ...common])];
  }
}

/** What a record of each kind is, in words (the detail's "Record" field). */
const recordWords = (): Record<Exclude<SseRecord['kind'], 'event'>, string> => ({
  open: l10n.t('connection opened'),
  error: l10n.t('error'),
  reconnect: l10n.t('reconnect scheduled'),
  close: l10n.t('connection closed'),
  comment: l10n.t('comment line (": …")'),
  retry: l10n.t('retry: field from the server'),
  marker: l10n.t('marker (not stream data)'),
  verdict: l10n.t("verdict on the program's client (not stream data)"),
});

function fields(list: Field[]): HTMLElement {
  const dl = h('dl', { class: 'fields' });
  for (const [label, value] of list) {
    if (value === undefined) continue;
    // An empty value is a fact worth seeing (an empty Last-Event-ID), not a blank.
    const text = String(value);
    dl.append(h('dt', { text: label }), text === '' ? h('dd', { class: 'empty-value', text: l10n.t('(empty)') }) : h('dd', { text }));
  }
  return dl;
}

/** A text block; JSON is shown pretty-printed and coloured (Copy still copies the original text). */
function textBlock(title: string, text: string): HTMLElement {
  const json = jsonView(text);
  const pre = h('pre', { class: `detail-data${json !== undefined ? ' json' : ''}` });
  if (json !== undefined) pre.append(json);
  else pre.textContent = text;
  return h('section', { class: 'detail-section' }, h('h3', { text: json !== undefined ? l10n.t('{0} (JSON)', title) : title }), pre);
}

function headerTable(title: string, headers: HeaderList): HTMLElement {
  return h('section', { class: 'detail-section' }, h('h3', { text: l10n.t('{0} ({1})', title, headers.length) }), fields(headers.map(([n, v]): Field => [n, v])));
}
