// One timeline row: created once, then refilled as the virtual list recycles it.
// All record content goes in through textContent.
import type { RecordKind, SseRecord } from '../src/core/records';
import { recordId, recordLabel, recordPreview, recordSize } from './describe';
import { h, icon } from './dom';
import { formatBytes, formatTime } from './format';
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
};

export interface RowElement extends HTMLDivElement {
  /** Position of the record the row shows (-1 while unused). */
  pos: number;
}

export function createRow(): RowElement {
  const row = h(
    'div',
    { class: 'row', attrs: { role: 'option', 'aria-selected': 'false' } },
    h('span', { class: 'cell cell-time' }),
    h('span', { class: 'cell cell-type' }, icon('circle-filled', 'kind-icon'), h('span', { class: 'type-name' })),
    h('span', { class: 'cell cell-id' }),
    h('span', { class: 'cell cell-size' }),
    h('span', { class: 'cell cell-data' }),
  ) as RowElement;
  row.pos = -1;
  return row;
}

export function fillRow(row: RowElement, pos: number, r: SseRecord): void {
  row.pos = pos;
  row.id = `tl-row-${pos}`;
  row.className = `row kind-${r.kind}${r.kind === 'event' ? ` ${typeColorClass(r.type)}${r.cls === 'heartbeat' ? ' beat' : ''}` : ' meta'}`;
  const [time, type, id, size, data] = row.children;
  time!.textContent = formatTime(r.t);
  const [kindIcon, typeName] = type!.children;
  kindIcon!.className = `codicon codicon-${KIND_ICONS[r.kind]} kind-icon`;
  typeName!.textContent = recordLabel(r);
  id!.textContent = recordId(r);
  const bytes = recordSize(r);
  size!.textContent = bytes === undefined ? '' : formatBytes(bytes);
  data!.textContent = recordPreview(r);
}
