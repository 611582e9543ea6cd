// A menu button (WAI-ARIA "menu button" pattern): a button with aria-haspopup that opens a
// role=menu of role=menuitem buttons. Enter, Space or ArrowDown open it on the first item,
// ArrowUp on the last; arrows, Home and End move between items, Enter/Space choose, Escape
// closes and returns to the button, Tab closes and moves on.
import { h, icon } from './dom';
import { Popup } from './popup';

export interface MenuItem {
  label: string;
  icon: string;
  onSelect(): void;
}

let menuCount = 0;

export class MenuButton {
  readonly element: HTMLElement;
  readonly button: HTMLButtonElement;
  private readonly menu: HTMLElement;
  private readonly items: HTMLButtonElement[];
  private readonly popup: Popup;

  constructor(o: { label: string; text: string; icon: string; items: MenuItem[] }) {
    const id = `menu-${++menuCount}`;
    this.button = h(
      'button',
      { class: 'btn btn-secondary menu-button', attrs: { type: 'button', 'aria-haspopup': 'menu', 'aria-controls': id, 'aria-label': o.label, title: o.label, id: `${id}-button` } },
      icon(o.icon),
      h('span', { class: 'btn-text', text: o.text }),
      icon('chevron-down', 'menu-chevron'),
    );
    this.items = o.items.map((item) => {
      const b = h('button', { class: 'menu-item', attrs: { type: 'button', role: 'menuitem', tabindex: '-1' } }, icon(item.icon), h('span', { text: item.label }));
      b.addEventListener('click', () => {
        this.popup.close(true);
        item.onSelect();
      });
      return b;
    });
    this.menu = h('div', { class: 'menu', attrs: { role: 'menu', id, 'aria-labelledby': `${id}-button` } }, ...this.items);
    this.popup = new Popup(this.button, this.menu);
    this.button.addEventListener('click', this.onButtonClick);
    this.button.addEventListener('keydown', this.onButtonKeyDown);
    this.menu.addEventListener('keydown', this.onMenuKeyDown);
    this.menu.addEventListener('focusout', this.onFocusOut);
    this.element = h('span', { class: 'menu-wrap' }, this.button, this.menu);
  }

  dispose(): void {
    this.popup.dispose();
  }

  private openAt(index: number): void {
    this.popup.open();
    this.focusItem(index);
  }

  private focusItem(index: number): void {
    const n = this.items.length;
    this.items[((index % n) + n) % n]?.focus();
  }

  /** A click, Enter or Space: toggles, landing on the first item so arrows work at once. */
  private readonly onButtonClick = (): void => {
    if (this.popup.isOpen) this.popup.close();
    else this.openAt(0);
  };

  private readonly onButtonKeyDown = (ev: KeyboardEvent): void => {
    if (ev.key === 'ArrowDown') this.openAt(0);
    else if (ev.key === 'ArrowUp') this.openAt(this.items.length - 1);
    else return;
    ev.preventDefault();
  };

  private readonly onMenuKeyDown = (ev: KeyboardEvent): void => {
    const current = this.items.indexOf(document.activeElement as HTMLButtonElement);
    switch (ev.key) {
      case 'ArrowDown':
        this.focusItem(current + 1);
        break;
      case 'ArrowUp':
        this.focusItem(current - 1);
        break;
      case 'Home':
        this.focusItem(0);
        break;
      case 'End':
        this.focusItem(this.items.length - 1);
        break;
      case 'Tab':
        this.popup.close();
        return;
      default:
        return;
    }
    ev.preventDefault();
  };

  /** Focus left the menu (Tab, a click elsewhere): it closes, like a native menu. */
  private readonly onFocusOut = (ev: FocusEvent): void => {
    const next = ev.relatedTarget as Node | null;
    if (next && (this.menu.contains(next) || next === this.button)) return;
    if (next) this.popup.close();
  };
}
