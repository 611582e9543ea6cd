// The panel's tabs (Timeline, Problems, Heartbeat, Reconnections, Messages): an ARIA tablist whose
// arrow keys move between tabs, and panels that are hidden rather than destroyed.
import { h, icon, setText } from './dom';
import * as l10n from '@vscode/l10n';

export const TAB_IDS = ['timeline', 'problems', 'heartbeat', 'reconnects', 'messages'] as const;
export type TabId = (typeof TAB_IDS)[number];

export interface TabSpec {
  id: TabId;
  label: string;
  icon: string;
  panel: HTMLElement;
}

interface TabParts {
  spec: TabSpec;
  tab: HTMLButtonElement;
  badge: HTMLElement;
  panel: HTMLElement;
}

export class Tabs {
  readonly list: HTMLElement;
  readonly panels: HTMLElement;
  private readonly parts: TabParts[];
  private current: TabId;

  constructor(
    specs: TabSpec[],
    initial: TabId,
    private readonly onChange: (id: TabId) => void,
  ) {
    this.current = initial;
    this.parts = specs.map((spec) => {
      const badge = h('span', { class: 'tab-badge' });
      const tab = h(
        'button',
        { class: 'tab', attrs: { type: 'button', role: 'tab', id: `tab-${spec.id}`, 'aria-controls': `panel-${spec.id}` } },
        icon(spec.icon),
        h('span', { text: spec.label }),
        badge,
      );
      tab.addEventListener('click', () => this.select(spec.id));
      const panel = h('section', { class: `tab-panel panel-${spec.id}`, attrs: { role: 'tabpanel', id: `panel-${spec.id}`, 'aria-labelledby': `tab-${spec.id}` } }, spec.panel);
      return { spec, tab, badge, panel };
    });
    this.list = h('div', { class: 'tabs', attrs: { role: 'tablist', 'aria-label': l10n.t('Inspector views') } }, ...this.parts.map((p) => p.tab));
    this.list.addEventListener('keydown', this.onKeyDown);
    this.panels = h('div', { class: 'tab-panels' }, ...this.parts.map((p) => p.panel));
    this.apply();
  }

  get selected(): TabId {
    return this.current;
  }

  select(id: TabId): void {
    if (id === this.current) return;
    this.current = id;
    this.apply();
    this.onChange(id);
  }

  setBadge(id: TabId, text: string, level: 'none' | 'warning' | 'error' = 'none'): void {
    const part = this.parts.find((p) => p.spec.id === id);
    if (!part) return;
    setText(part.badge, text);
    part.badge.hidden = text === '';
    part.badge.className = `tab-badge${level === 'none' ? '' : ` ${level}`}`;
  }

  private apply(): void {
    for (const p of this.parts) {
      const active = p.spec.id === this.current;
      p.tab.setAttribute('aria-selected', String(active));
      p.tab.tabIndex = active ? 0 : -1;
      p.panel.hidden = !active;
    }
  }

  private readonly onKeyDown = (ev: KeyboardEvent): void => {
    const index = this.parts.findIndex((p) => p.spec.id === this.current);
    let next: number;
    if (ev.key === 'ArrowRight') next = (index + 1) % this.parts.length;
    else if (ev.key === 'ArrowLeft') next = (index - 1 + this.parts.length) % this.parts.length;
    else if (ev.key === 'Home') next = 0;
    else if (ev.key === 'End') next = this.parts.length - 1;
    else return;
    ev.preventDefault();
    const part = this.parts[next];
    if (!part) return;
    this.select(part.spec.id);
    part.tab.focus();
  };
}
