// The header's "Breakpoints" button and the list it opens: the event breakpoints of this
// panel's connection (from the host's `context` message), each with an enable checkbox and
// a remove button. The host owns the list; this view only asks it to change and redraws
// from the next `context`. Rows are updated in place so the focus stays where it was.
import type { EventBreakpoint } from '../src/protocol';
import { breakpointText } from './breakpoint-text';
import { button, h, icon, setText } from './dom';
import * as l10n from '@vscode/l10n';
import { Popup } from './popup';

export interface BreakpointActions {
  /** Enable or disable: `breakpoint.enabled` is the wanted state. */
  onToggle(breakpoint: EventBreakpoint): void;
  onRemove(breakpoint: EventBreakpoint): void;
}

interface Row {
  li: HTMLLIElement;
  checkbox: HTMLInputElement;
  text: HTMLElement;
  debugMark: HTMLElement;
  remove: HTMLButtonElement;
  bp: EventBreakpoint;
}

export class BreakpointsPopover {
  readonly element: HTMLElement;
  private readonly button: HTMLButtonElement;
  private readonly count: HTMLElement;
  private readonly surface: HTMLElement;
  private readonly list: HTMLUListElement;
  private readonly empty: HTMLElement;
  private readonly popup: Popup;
  private readonly rows = new Map<string, Row>();

  constructor(private readonly actions: BreakpointActions) {
    this.count = h('span', { class: 'btn-count' });
    this.button = h(
      'button',
      { class: 'btn btn-secondary breakpoints-button', attrs: { type: 'button', 'aria-haspopup': 'dialog', 'aria-controls': 'breakpoints-popover' } },
      icon('debug-breakpoint', 'bp-glyph'),
      h('span', { class: 'btn-text', text: l10n.t('Breakpoints') }),
      this.count,
    );
    this.list = h('ul', { class: 'bp-list' });
    this.empty = h('p', { class: 'muted bp-empty', text: l10n.t('No event breakpoints. Open an event in the timeline and choose "Break on …".') });
    this.surface = h(
      'div',
      { class: 'bp-popover', attrs: { id: 'breakpoints-popover', role: 'dialog', 'aria-label': l10n.t('Event breakpoints'), tabindex: '-1' } },
      h('div', { class: 'bp-title', text: l10n.t('Event breakpoints') }),
      this.empty,
      this.list,
    );
    this.popup = new Popup(this.button, this.surface);
    this.button.addEventListener('click', () => {
      this.popup.toggle();
      if (this.popup.isOpen) (this.surface.querySelector<HTMLElement>('input, button') ?? this.surface).focus();
    });
    this.element = h('span', { class: 'menu-wrap' }, this.button, this.surface);
    this.update([]);
  }

  update(breakpoints: readonly EventBreakpoint[]): void {
    const n = breakpoints.length;
    setText(this.count, n > 0 ? String(n) : '');
    const label = n > 0 ? l10n.t('Event breakpoints ({0})', n) : l10n.t('Event breakpoints');
    this.button.setAttribute('aria-label', label);
    this.button.title = label;
    this.empty.hidden = n > 0;

    const wanted = new Set(breakpoints.map((bp) => bp.id));
    for (const [id, row] of this.rows) {
      if (wanted.has(id)) continue;
      const hadFocus = row.li.contains(document.activeElement);
      const next = (row.li.nextElementSibling ?? row.li.previousElementSibling) as HTMLElement | null;
      row.li.remove();
      this.rows.delete(id);
      // The focused row went away (its Remove was pressed): keep the keyboard user in the list.
      if (hadFocus) (next?.querySelector<HTMLElement>('button') ?? this.surface).focus();
    }
    breakpoints.forEach((bp, i) => {
      const row = this.rows.get(bp.id) ?? this.createRow(bp);
      this.fillRow(row, bp);
      // Moving a node blurs it: only rows out of place move.
      const at = this.list.children[i];
      if (at !== row.li) this.list.insertBefore(row.li, at ?? null);
    });
  }

  dispose(): void {
    this.popup.dispose();
  }

  private createRow(bp: EventBreakpoint): Row {
    const checkbox = h('input', { class: 'bp-enabled', attrs: { type: 'checkbox' } });
    const text = h('span', { class: 'bp-text' });
    const debugMark = icon('debug-pause', 'bp-debug');
    debugMark.title = l10n.t('Also pauses the debug session');
    const row: Row = {
      li: h('li', { class: 'bp-row' }),
      checkbox,
      text,
      debugMark,
      remove: button({ label: l10n.t('Remove breakpoint'), icon: 'close', class: 'btn btn-icon bp-remove' }, () => this.actions.onRemove(row.bp)),
      bp,
    };
    checkbox.addEventListener('change', () => this.actions.onToggle({ ...row.bp, enabled: checkbox.checked }));
    row.li.append(h('label', { class: 'bp-label' }, checkbox, icon('debug-breakpoint', 'bp-glyph'), text), debugMark, row.remove);
    this.rows.set(bp.id, row);
    return row;
  }

  private fillRow(row: Row, bp: EventBreakpoint): void {
    row.bp = bp;
    const enabled = bp.enabled !== false;
    const text = breakpointText(bp);
    row.checkbox.checked = enabled;
    row.li.classList.toggle('disabled', !enabled);
    setText(row.text, text);
    row.debugMark.hidden = !bp.pauseDebugSession;
    row.remove.setAttribute('aria-label', l10n.t('Remove breakpoint: {0}', text));
    row.remove.title = l10n.t('Remove breakpoint: {0}', text);
  }
}
