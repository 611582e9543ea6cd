// The timeline's Type and ID columns size to their content: as wide as the longest type (or
// record label) and id seen, within sensible bounds, and an ID column with no ids at all
// collapses to the room its flags need. A drag on a column's edge in the head (or the arrow
// keys on it) sets a width by hand; a double-click gives the column back to its content.
// Widths go in as CSS variables through CSSOM (the CSP allows that, not style attributes).
import { recordId, recordLabel } from './describe';
import { h } from './dom';
import * as l10n from '@vscode/l10n';
import type { RecordStore } from './record-store';

export type SizedColumn = 'type' | 'id';

/** Bounds in characters of the rows' monospace font. */
const TYPE_CH = { min: 8, max: 40 };
const ID_CH = { min: 4, max: 28 };
/** Cell padding plus the type's kind icon and gap (see style.css). */
const TYPE_EXTRA_PX = 34;
const ID_EXTRA_PX = 14;
/** A collapsed ID column still holds a row's flags (the debug-pause glyph). */
const ID_COLLAPSED_PX = 22;
const MIN_PX = 24;
const MAX_PX = 800;
const KEY_STEP_PX = 8;

export class ColumnSizer {
  private typeChars = 0;
  private idChars = 0;
  /** Positions [lo, hi) already measured. */
  private lo = 0;
  private hi = 0;
  private readonly manual = new Map<SizedColumn, number>();
  private applied = '';

  constructor(
    private readonly store: RecordStore,
    private readonly target: HTMLElement,
  ) {}

  /** Measures records not seen yet (new ones, older ones loaded, or all after a clear) and applies the widths. */
  update(): void {
    const s = this.store;
    if (s.size === 0 || s.start >= this.hi || s.end < this.hi) {
      // Cleared (positions restart after the old ones): what was measured is gone.
      this.typeChars = 0;
      this.idChars = 0;
      this.lo = this.hi = s.start;
    }
    for (let pos = s.start; pos < this.lo; pos++) this.measure(pos);
    for (let pos = Math.max(this.hi, s.start); pos < s.end; pos++) this.measure(pos);
    this.lo = s.start;
    this.hi = s.end;
    this.apply();
  }

  /** Sets a column's width by hand, in px (undefined: back to fitting its content). */
  setManual(column: SizedColumn, px: number | undefined): void {
    if (px === undefined) this.manual.delete(column);
    else this.manual.set(column, Math.round(Math.min(MAX_PX, Math.max(MIN_PX, px))));
    this.apply();
  }

  /** A drag handle (and keyboard separator) for a column of the head. */
  handle(column: SizedColumn, label: string, cell: () => HTMLElement): HTMLElement {
    const grip = h('span', {
      class: 'col-resize',
      attrs: { role: 'separator', 'aria-orientation': 'vertical', 'aria-label': l10n.t('Resize the {0} column (arrow keys; double-click to fit)', label), tabindex: '0', title: l10n.t('Drag to resize the {0} column; double-click to fit its content', label) },
    });
    let startX = 0;
    let startWidth = 0;
    grip.addEventListener('pointerdown', (ev) => {
      startX = ev.clientX;
      startWidth = cell().getBoundingClientRect().width;
      grip.setPointerCapture(ev.pointerId);
      grip.classList.add('dragging');
      ev.preventDefault();
    });
    grip.addEventListener('pointermove', (ev) => {
      if (grip.hasPointerCapture(ev.pointerId)) this.setManual(column, startWidth + ev.clientX - startX);
    });
    const end = (ev: PointerEvent): void => {
      if (grip.hasPointerCapture(ev.pointerId)) grip.releasePointerCapture(ev.pointerId);
      grip.classList.remove('dragging');
    };
    grip.addEventListener('pointerup', end);
    grip.addEventListener('pointercancel', end);
    grip.addEventListener('dblclick', () => this.setManual(column, undefined));
    grip.addEventListener('keydown', (ev) => {
      const step = ev.shiftKey ? KEY_STEP_PX * 4 : KEY_STEP_PX;
      const width = cell().getBoundingClientRect().width;
      if (ev.key === 'ArrowLeft') this.setManual(column, width - step);
      else if (ev.key === 'ArrowRight') this.setManual(column, width + step);
      else if (ev.key === 'Home' || ev.key === 'Enter') this.setManual(column, undefined);
      else return;
      ev.preventDefault();
    });
    return grip;
  }

  private measure(pos: number): void {
    const r = this.store.at(pos);
    if (!r) return;
    const label = recordLabel(r).length;
    if (label > this.typeChars) this.typeChars = label;
    const id = recordId(r).length;
    if (id > this.idChars) this.idChars = id;
  }

  private apply(): void {
    const clamp = (n: number, b: { min: number; max: number }): number => Math.min(b.max, Math.max(b.min, n));
    const type = this.manual.get('type');
    const id = this.manual.get('id');
    const typeWidth = type !== undefined ? `${type}px` : `calc(${clamp(this.typeChars, TYPE_CH)}ch + ${TYPE_EXTRA_PX}px)`;
    const idWidth = id !== undefined ? `${id}px` : this.idChars === 0 ? `${ID_COLLAPSED_PX}px` : `calc(${clamp(this.idChars, ID_CH)}ch + ${ID_EXTRA_PX}px)`;
    const key = `${typeWidth}|${idWidth}`;
    if (key === this.applied) return;
    this.applied = key;
    this.target.style.setProperty('--col-type', typeWidth);
    this.target.style.setProperty('--col-id', idWidth);
    this.target.classList.toggle('id-collapsed', id === undefined && this.idChars === 0);
  }
}
