// The toolbar above the timeline: text filter, kind filter, event-type chips, the
// "N of M" counter (and "loading N older…" while a snapshot's backfill runs) and the
// follow/pause toggle.
import type { SessionStats } from '../src/protocol';
import { button, h, icon, setText } from './dom';
import * as l10n from '@vscode/l10n';
import type { KindFilter, RecordFilter } from './filtered-view';
import { formatCount } from './format';
import { typeColorClass } from './type-colors';

/** Chips beyond this many (the rarest types) are not shown; a stream with random names must not flood the bar. */
const MAX_CHIPS = 24;

export interface FilterBarCallbacks {
  onFilterChange(filter: RecordFilter): void;
  onPausedChange(paused: boolean): void;
  /** Scroll to the newest record and follow again (after the user scrolled up). */
  onJumpToLatest(): void;
  /** Escape in an empty text field: give the focus back to the timeline. */
  onLeave(): void;
}

export class FilterBar {
  readonly element: HTMLElement;
  private readonly input: HTMLInputElement;
  private readonly kindSelect: HTMLSelectElement;
  private readonly chips: HTMLDivElement;
  private readonly counter: HTMLSpanElement;
  private readonly olderLoading: HTMLSpanElement;
  private readonly olderLoadingText: HTMLSpanElement;
  private readonly followButton: HTMLButtonElement;
  private hiddenTypes = new Set<string>();
  private chipKey = '';
  private paused = false;
  private following = true;

  constructor(
    initial: RecordFilter,
    paused: boolean,
    private readonly callbacks: FilterBarCallbacks,
  ) {
    this.hiddenTypes = new Set(initial.hiddenTypes);
    this.input = h('input', {
      class: 'filter-text',
      attrs: { type: 'text', placeholder: l10n.t('Filter type, id, data  ( / )'), 'aria-label': l10n.t('Filter records by text'), spellcheck: 'false' },
    });
    this.input.value = initial.text;
    this.input.addEventListener('input', () => this.emit());
    this.input.addEventListener('keydown', (ev) => {
      if (ev.key !== 'Escape') return;
      ev.preventDefault();
      if (this.input.value) {
        this.input.value = '';
        this.emit();
      } else {
        this.callbacks.onLeave();
      }
    });

    this.kindSelect = h(
      'select',
      { class: 'filter-kind', attrs: { 'aria-label': l10n.t('Which records to show') } },
      h('option', { attrs: { value: 'all' }, text: l10n.t('All records') }),
      h('option', { attrs: { value: 'events' }, text: l10n.t('Events only') }),
    );
    this.kindSelect.value = initial.kind;
    this.kindSelect.addEventListener('change', () => this.emit());

    this.chips = h('div', { class: 'type-chips', attrs: { role: 'group', 'aria-label': l10n.t('Event types') } });
    this.counter = h('span', { class: 'filter-count', attrs: { 'aria-live': 'polite' } });
    this.olderLoadingText = h('span');
    this.olderLoading = h('span', { class: 'older-loading', attrs: { title: l10n.t('Older records are still arriving from the extension') } }, icon('loading', 'codicon-modifier-spin'), this.olderLoadingText);
    this.olderLoading.hidden = true;
    this.followButton = button({ label: l10n.t('Pause auto-scroll'), icon: 'debug-pause', text: l10n.t('Pause'), class: 'btn btn-secondary follow' }, () =>
      this.onFollowClick(),
    );
    this.setPaused(paused, false);

    this.element = h(
      'div',
      { class: 'filter-bar', attrs: { role: 'search' } },
      h('label', { class: 'filter-text-wrap' }, icon('filter'), this.input),
      this.kindSelect,
      this.chips,
      h('span', { class: 'spacer' }),
      this.counter,
      this.olderLoading,
      this.followButton,
    );
  }

  /** Auto-scroll paused or resumed by the panel itself (a breakpoint hit), not by this button. */
  showPaused(paused: boolean): void {
    this.setPaused(paused, false);
  }

  get isPaused(): boolean {
    return this.paused;
  }

  /** Shows every record again (to reveal one the filter hides); tells the app like any edit. */
  clearFilter(): void {
    this.input.value = '';
    this.kindSelect.value = 'all';
    this.hiddenTypes.clear();
    for (const chip of this.chips.querySelectorAll<HTMLElement>('.chip')) {
      chip.setAttribute('aria-pressed', 'true');
      chip.title = chipTitle(true, chip.dataset['type'] ?? '');
    }
    this.chipKey = '';
    this.emit();
  }

  focusText(): void {
    this.input.focus();
    this.input.select();
  }

  get filter(): RecordFilter {
    return { text: this.input.value, kind: this.kindSelect.value as KindFilter, hiddenTypes: new Set(this.hiddenTypes) };
  }

  /** Rebuilds the chips when the set of types (or their counts) changed. */
  updateTypes(byType: SessionStats['byType']): void {
    const entries = Object.entries(byType)
      .sort((a, b) => b[1].count - a[1].count || a[0].localeCompare(b[0]))
      .slice(0, MAX_CHIPS);
    const key = entries.map(([name, c]) => `${name}\u0000${c.count}`).join('\u0001') + [...this.hiddenTypes].join('\u0001');
    if (key === this.chipKey) return;
    this.chipKey = key;
    this.chips.textContent = '';
    for (const [name, c] of entries) {
      const shown = !this.hiddenTypes.has(name);
      const chip = h(
        'button',
        {
          class: `chip ${typeColorClass(name)}`,
          attrs: { type: 'button', 'aria-pressed': String(shown), title: chipTitle(shown, name), 'data-type': name },
        },
        h('span', { class: 'chip-dot', attrs: { 'aria-hidden': 'true' } }),
        h('span', { class: 'chip-name', text: name }),
        h('span', { class: 'chip-count', text: formatCount(c.count) }),
      );
      chip.addEventListener('click', () => {
        const show = this.hiddenTypes.has(name);
        if (show) this.hiddenTypes.delete(name);
        else this.hiddenTypes.add(name);
        chip.setAttribute('aria-pressed', String(show));
        chip.title = chipTitle(show, name);
        this.emit();
      });
      this.chips.appendChild(chip);
    }
  }

  /** "N of M": rows shown of records held. */
  updateCount(shown: number, held: number, filtered: boolean): void {
    setText(this.counter, filtered ? l10n.t('{0} of {1}', formatCount(shown), formatCount(held)) : held === 1 ? l10n.t('{0} record', formatCount(held)) : l10n.t('{0} records', formatCount(held)));
  }

  /** Older records still on their way (a snapshot's backfill); 0 hides the note. */
  updateOlderPending(pending: number): void {
    this.olderLoading.hidden = pending <= 0;
    setText(this.olderLoadingText, pending > 0 ? l10n.t('loading {0} older…', formatCount(pending)) : '');
  }

  /** Reflects whether the list follows new records (it stops when the user scrolls up). */
  updateFollowing(following: boolean): void {
    this.following = following;
    this.renderFollow();
  }

  private setPaused(paused: boolean, notify: boolean): void {
    this.paused = paused;
    this.renderFollow();
    if (notify) this.callbacks.onPausedChange(paused);
  }

  /** Following: the button pauses. Paused: it resumes. Scrolled up by the user: it jumps to the newest record. */
  private onFollowClick(): void {
    if (this.paused) this.setPaused(false, true);
    else if (this.following) this.setPaused(true, true);
    else this.callbacks.onJumpToLatest();
  }

  private renderFollow(): void {
    const [label, glyph, text] = this.paused
      ? // Not "Resume": that word belongs to the breakpoint banner's button (resume capture).
        [l10n.t('Resume auto-scroll'), 'play', l10n.t('Follow')]
      : this.following
        ? [l10n.t('Pause auto-scroll'), 'debug-pause', l10n.t('Pause')]
        : [l10n.t('Scroll to the newest record'), 'arrow-down', l10n.t('Latest')];
    const b = this.followButton;
    b.setAttribute('aria-label', label);
    b.title = label;
    b.setAttribute('aria-pressed', String(this.paused));
    b.classList.toggle('not-following', !this.paused && !this.following);
    const [icon, caption] = b.children;
    if (icon) icon.className = `codicon codicon-${glyph}`;
    if (caption) caption.textContent = text;
  }

  private emit(): void {
    this.callbacks.onFilterChange(this.filter);
  }
}

/** A type chip's tooltip: what a click does. */
function chipTitle(shown: boolean, type: string): string {
  return shown ? l10n.t('Hide "{0}" events', type) : l10n.t('Show "{0}" events', type);
}
