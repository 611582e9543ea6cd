// The virtualised timeline: a focusable listbox whose rows exist only for the visible slice
// (plus overscan). A spacer as tall as all rows gives the scrollbar its true size, and rows
// are placed with CSSOM transforms (allowed by the CSP, unlike style attributes), so 100 000
// records cost the same DOM as 40.
import type { SseRecord } from '../src/protocol';
import { ColumnSizer } from './column-sizer';
import { button, h, setText } from './dom';
import * as l10n from '@vscode/l10n';
import type { FilteredView } from './filtered-view';
import type { RecordStore } from './record-store';
import { createRow, fillRow, ROW_HEIGHT, type RowElement, type RowMarks } from './timeline-row';

const OVERSCAN = 12;

export interface TimelineCallbacks {
  /** The selection moved (undefined: cleared). */
  onSelect(pos: number | undefined): void;
  /** Enter or a click: show the detail of the selected record. */
  onOpen(pos: number): void;
  /** Escape. */
  onClose(): void;
  /** Whether the list now follows new records (scrolled to the bottom and not paused). */
  onFollowChange(following: boolean): void;
  /** The flags a record's row shows (debug pause, continuity issue). */
  marksOf(record: SseRecord): RowMarks;
  /** The empty timeline's buttons: reconnect (a live stream with nothing yet), show all (the filter hides everything). */
  onReconnect(): void;
  onClearFilter(): void;
}

export class Timeline {
  readonly element: HTMLElement;
  private readonly scroller: HTMLDivElement;
  private readonly spacer: HTMLDivElement;
  private readonly empty: HTMLDivElement;
  private readonly emptyTitle: HTMLElement;
  private readonly emptyHint: HTMLElement;
  private readonly reconnectButton: HTMLButtonElement;
  private readonly showAllButton: HTMLButtonElement;
  /** A live connection (it may still send records), not a recording. */
  private live = true;
  private readonly rows = new Map<number, RowElement>();
  private readonly spare: RowElement[] = [];
  private selectedPos: number | undefined;
  private paused = false;
  /** True while the viewport shows the last row; new records then scroll into view. */
  private atBottom = true;
  private frame = 0;
  private readonly resizeObserver: ResizeObserver;
  private readonly columns: ColumnSizer;

  constructor(
    private readonly store: RecordStore,
    private readonly view: FilteredView,
    private readonly callbacks: TimelineCallbacks,
  ) {
    this.spacer = h('div', { class: 'timeline-spacer' });
    this.scroller = h(
      'div',
      { class: 'timeline-scroll', attrs: { role: 'listbox', tabindex: '0', 'aria-label': l10n.t('Timeline of records') } },
      this.spacer,
    );
    // An empty timeline says why it is empty and what to do next, with the button for it.
    this.emptyTitle = h('p', { class: 'timeline-empty-title' });
    this.emptyHint = h('p', { class: 'timeline-empty-hint' });
    this.reconnectButton = button({ label: l10n.t('Reconnect'), icon: 'debug-restart', text: l10n.t('Reconnect'), class: 'btn btn-secondary' }, () => callbacks.onReconnect());
    this.showAllButton = button({ label: l10n.t('Show all records'), icon: 'filter', text: l10n.t('Show all records'), class: 'btn btn-secondary' }, () => callbacks.onClearFilter());
    this.empty = h('div', { class: 'timeline-empty', attrs: { role: 'status' } }, this.emptyTitle, this.emptyHint, h('div', { class: 'timeline-empty-actions' }, this.reconnectButton, this.showAllButton));
    this.element = h('div', { class: 'timeline' });
    this.columns = new ColumnSizer(store, this.element);
    // The head's labels are decoration for sighted users (rows carry their own text); its
    // resize handles are real controls, so only the labels are hidden from screen readers.
    const headCell = (column: string, text: string): HTMLElement => h('span', { class: `cell cell-${column}` }, h('span', { class: 'head-label', text, attrs: { 'aria-hidden': 'true' } }));
    const typeHead = headCell('type', l10n.t('Type'));
    const idHead = headCell('id', l10n.t('ID'));
    typeHead.append(this.columns.handle('type', l10n.t('Type'), () => typeHead));
    idHead.append(this.columns.handle('id', l10n.t('ID'), () => idHead));
    this.element.append(
      h('div', { class: 'timeline-head' }, headCell('time', l10n.t('Time')), typeHead, idHead, headCell('size', l10n.t('Size')), headCell('data', l10n.t('Data'))),
      this.scroller,
      this.empty,
    );
    this.columns.update();
    this.scroller.addEventListener('scroll', this.onScroll);
    this.scroller.addEventListener('keydown', this.onKeyDown);
    this.spacer.addEventListener('click', this.onClick);
    // Re-render when the list becomes visible (tab switch) or changes size (detail pane, window).
    this.resizeObserver = new ResizeObserver(() => {
      if (this.following) this.scroller.scrollTop = this.scroller.scrollHeight;
      this.render();
    });
    this.resizeObserver.observe(this.scroller);
  }

  get selected(): number | undefined {
    return this.selectedPos;
  }

  get following(): boolean {
    return !this.paused && this.atBottom;
  }

  focus(): void {
    this.scroller.focus();
  }

  setPaused(paused: boolean): void {
    this.paused = paused;
    if (!paused) this.scrollToEnd();
    this.callbacks.onFollowChange(this.following);
  }

  /** Call after records or the filter changed; coalesced to one render per frame. */
  refresh(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.spacer.style.height = `${this.view.count * ROW_HEIGHT}px`;
      if (this.following) this.scroller.scrollTop = this.scroller.scrollHeight;
      this.render();
    });
  }

  /**
   * Selects a record by position; `reveal` scrolls it into view (even when it was selected
   * already), 'center' into the middle when it is off screen (a jump from elsewhere).
   */
  select(pos: number | undefined, reveal: boolean | 'center' = true): void {
    const changed = pos !== this.selectedPos;
    if (!changed && !reveal) return;
    this.selectedPos = pos;
    if (reveal && pos !== undefined) {
      const index = this.view.indexOf(pos);
      if (index !== undefined) this.reveal(index, reveal === 'center');
    }
    this.render();
    if (changed) this.callbacks.onSelect(pos);
  }

  /**
   * Rows were added above all others (older records arrived). Following, the list stays at
   * the bottom (refresh() sees to it); otherwise it scrolls down by as much, so the rows the
   * user is looking at stay where they are.
   */
  rowsAddedAbove(rows: number): void {
    if (rows <= 0 || this.following) return;
    // Grow the spacer first: a scrollTop beyond the old height would be clamped.
    this.spacer.style.height = `${this.view.count * ROW_HEIGHT}px`;
    this.scroller.scrollTop += rows * ROW_HEIGHT;
    this.render();
  }

  /** Refills the rows on screen: their flags changed (a later message told more about them). */
  redraw(): void {
    for (const [pos, row] of this.rows) {
      const record = this.store.at(pos);
      if (record) fillRow(row, pos, record, this.callbacks.marksOf(record));
    }
  }

  /** After a filter change while not following: keep the selected record in view. */
  revealSelection(): void {
    if (this.following || this.selectedPos === undefined) return;
    const index = this.view.indexOf(this.selectedPos);
    this.spacer.style.height = `${this.view.count * ROW_HEIGHT}px`;
    if (index !== undefined) this.reveal(index);
    this.render();
  }

  dispose(): void {
    cancelAnimationFrame(this.frame);
    this.resizeObserver.disconnect();
    this.scroller.removeEventListener('scroll', this.onScroll);
    this.scroller.removeEventListener('keydown', this.onKeyDown);
    this.spacer.removeEventListener('click', this.onClick);
  }

  /** Scrolls to the newest record, so the list follows new ones again (unless paused). */
  jumpToEnd(): void {
    this.scrollToEnd();
    this.callbacks.onFollowChange(this.following);
  }

  /** A recording panel: its empty timeline offers no reconnect (nothing more will come). */
  setLive(live: boolean): void {
    if (this.live === live) return;
    this.live = live;
    this.render();
  }

  /** Why the timeline is empty, and the button that helps: nothing received yet, or all filtered out. */
  private renderEmpty(): void {
    const nothingYet = this.store.size === 0;
    if (!nothingYet) {
      setText(this.emptyTitle, l10n.t('No records match the filter.'));
      setText(this.emptyHint, l10n.t('Clear the text, the kind or the hidden event types to see them again.'));
    } else if (this.live) {
      setText(this.emptyTitle, l10n.t('Waiting for events…'));
      setText(this.emptyHint, l10n.t('Events appear here as the server sends them. Nothing after a while? The Problems tab says what went wrong, or reconnect.'));
    } else {
      setText(this.emptyTitle, l10n.t('This recording holds no records.'));
      setText(this.emptyHint, '');
    }
    this.emptyHint.hidden = this.emptyHint.textContent === '';
    this.reconnectButton.hidden = !(nothingYet && this.live);
    this.showAllButton.hidden = nothingYet;
  }

  private scrollToEnd(): void {
    this.spacer.style.height = `${this.view.count * ROW_HEIGHT}px`;
    this.scroller.scrollTop = this.scroller.scrollHeight;
    this.atBottom = true;
    this.render();
  }

  private render(): void {
    this.columns.update();
    const count = this.view.count;
    this.spacer.style.height = `${count * ROW_HEIGHT}px`;
    this.empty.hidden = count > 0;
    if (count === 0) this.renderEmpty();
    const top = this.scroller.scrollTop;
    const height = this.scroller.clientHeight;
    const first = Math.max(0, Math.floor(top / ROW_HEIGHT) - OVERSCAN);
    const last = height > 0 ? Math.min(count, Math.ceil((top + height) / ROW_HEIGHT) + OVERSCAN) : 0;

    const wanted = new Map<number, number>();
    for (let i = first; i < last; i++) {
      const pos = this.view.positionAt(i);
      if (pos !== undefined) wanted.set(pos, i);
    }
    for (const [pos, row] of this.rows) {
      if (!wanted.has(pos)) {
        this.rows.delete(pos);
        row.remove();
        this.spare.push(row);
      }
    }
    for (const [pos, index] of wanted) {
      let row = this.rows.get(pos);
      if (!row) {
        const record = this.store.at(pos);
        if (!record) continue;
        row = this.spare.pop() ?? createRow();
        fillRow(row, pos, record, this.callbacks.marksOf(record));
        this.rows.set(pos, row);
        this.spacer.appendChild(row);
      }
      row.style.transform = `translateY(${index * ROW_HEIGHT}px)`;
      row.setAttribute('aria-posinset', String(index + 1));
      row.setAttribute('aria-setsize', String(count));
      const selected = pos === this.selectedPos;
      row.setAttribute('aria-selected', String(selected));
      row.classList.toggle('selected', selected);
    }
    if (this.selectedPos !== undefined && this.rows.has(this.selectedPos)) {
      this.scroller.setAttribute('aria-activedescendant', `tl-row-${this.selectedPos}`);
    } else {
      this.scroller.removeAttribute('aria-activedescendant');
    }
  }

  private reveal(index: number, center = false): void {
    // The spacer may not have grown yet (it does once per frame): scrollTop would be clamped.
    this.spacer.style.height = `${this.view.count * ROW_HEIGHT}px`;
    const top = index * ROW_HEIGHT;
    const height = this.scroller.clientHeight;
    const offScreen = top < this.scroller.scrollTop || top + ROW_HEIGHT > this.scroller.scrollTop + height;
    if (center && offScreen) this.scroller.scrollTop = Math.max(0, top - (height - ROW_HEIGHT) / 2);
    else if (top < this.scroller.scrollTop) this.scroller.scrollTop = top;
    else if (top + ROW_HEIGHT > this.scroller.scrollTop + height) this.scroller.scrollTop = top + ROW_HEIGHT - height;
    // Decide now, not on the scroll event: a resize or new records before that event must
    // not yank the view back to the bottom, away from the row just revealed.
    this.updateAtBottom();
  }

  private updateAtBottom(): void {
    const s = this.scroller;
    const wasFollowing = this.following;
    this.atBottom = s.scrollTop + s.clientHeight >= s.scrollHeight - ROW_HEIGHT / 2;
    if (wasFollowing !== this.following) this.callbacks.onFollowChange(this.following);
  }

  private readonly onScroll = (): void => {
    this.updateAtBottom();
    this.render();
  };

  private readonly onClick = (ev: MouseEvent): void => {
    const row = (ev.target as Element | null)?.closest('.row') as RowElement | null;
    if (!row || row.pos < 0) return;
    this.select(row.pos, false);
    this.callbacks.onOpen(row.pos);
  };

  private readonly onKeyDown = (ev: KeyboardEvent): void => {
    const count = this.view.count;
    const pageRows = Math.max(1, Math.floor(this.scroller.clientHeight / ROW_HEIGHT) - 1);
    const current = this.selectedPos === undefined ? undefined : this.view.indexOf(this.selectedPos);
    // The first and last rows fully inside the viewport: where arrows start without a selection.
    const topIndex = Math.ceil(this.scroller.scrollTop / ROW_HEIGHT);
    const bottomIndex = Math.floor((this.scroller.scrollTop + this.scroller.clientHeight) / ROW_HEIGHT) - 1;
    let target: number | undefined;
    switch (ev.key) {
      case 'ArrowDown':
        target = current === undefined ? this.firstIndexFrom(topIndex) : current + 1;
        break;
      case 'ArrowUp':
        target = current === undefined ? this.firstIndexFrom(bottomIndex) : current - 1;
        break;
      case 'PageDown':
        target = (current ?? topIndex) + pageRows;
        break;
      case 'PageUp':
        target = (current ?? topIndex) - pageRows;
        break;
      case 'Home':
        target = 0;
        break;
      case 'End':
        target = count - 1;
        break;
      case 'Enter':
        if (this.selectedPos !== undefined) this.callbacks.onOpen(this.selectedPos);
        ev.preventDefault();
        return;
      case 'Escape':
        this.callbacks.onClose();
        ev.preventDefault();
        return;
      default:
        return;
    }
    ev.preventDefault();
    if (count === 0) return;
    const index = Math.min(count - 1, Math.max(0, target));
    this.select(this.view.positionAt(index), true);
  };

  /** When the selection is filtered out, arrows start next to it; with none, from the viewport's edge. */
  private firstIndexFrom(edgeIndex: number): number {
    if (this.selectedPos !== undefined) return this.view.indexAtOrAfter(this.selectedPos);
    return edgeIndex;
  }
}
