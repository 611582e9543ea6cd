// Host notices (`{type:'notice'}`): banners above the panel, dismissible, newest last.
import { button, h, icon } from './dom';
import * as l10n from '@vscode/l10n';

type Level = 'info' | 'warning' | 'error';

const MAX_NOTICES = 5;
const ICONS: Record<Level, string> = { info: 'info', warning: 'warning', error: 'error' };

export class Notices {
  readonly element = h('div', { class: 'notices', attrs: { 'aria-live': 'polite' } });

  add(level: Level, text: string): void {
    const notice = h('div', { class: `notice notice-${level}`, attrs: { role: level === 'error' ? 'alert' : 'status' } }, icon(ICONS[level]), h('span', { class: 'notice-text', text }));
    notice.appendChild(button({ label: l10n.t('Dismiss notice'), icon: 'close', class: 'btn btn-icon notice-dismiss' }, () => notice.remove()));
    this.element.appendChild(notice);
    while (this.element.childElementCount > MAX_NOTICES) this.element.firstElementChild?.remove();
  }
}
