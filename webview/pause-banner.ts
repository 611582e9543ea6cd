// The banner shown while capture is held at an event breakpoint: which event hit and why,
// whether the debugged program was paused too, and the Resume button (the host then sends
// what arrived in the meantime). Like a debugger's "Paused on breakpoint" strip.
import { button, h, icon, setText } from './dom';
import * as l10n from '@vscode/l10n';

export interface PauseInfo {
  seq: number;
  reason: string;
  debuggerPaused: boolean;
}

export class PauseBanner {
  readonly element: HTMLElement;
  private readonly text: HTMLElement;
  private readonly debuggerNote: HTMLElement;
  private readonly resume: HTMLButtonElement;
  private seq = 0;

  constructor(actions: { resume(): void; show(seq: number): void }) {
    this.text = h('span', { class: 'pause-text' });
    this.debuggerNote = h('span', { class: 'pause-debugger', text: l10n.t('The debug session was paused too.') });
    this.resume = button({ label: l10n.t('Resume capture'), icon: 'debug-continue', text: l10n.t('Resume'), class: 'btn pause-resume' }, () => actions.resume());
    this.element = h(
      'div',
      { class: 'pause-banner', attrs: { role: 'alert' } },
      icon('debug-pause', 'pause-icon'),
      h('span', { class: 'pause-message' }, this.text, this.debuggerNote),
      button({ label: l10n.t('Show the event'), icon: 'go-to-file', text: l10n.t('Show'), class: 'btn btn-secondary pause-show' }, () => actions.show(this.seq)),
      this.resume,
    );
    this.element.hidden = true;
  }

  get isShown(): boolean {
    return !this.element.hidden;
  }

  show(info: PauseInfo): void {
    this.seq = info.seq;
    setText(this.text, l10n.t('Paused at event #{0}: {1}', info.seq, info.reason));
    this.debuggerNote.hidden = !info.debuggerPaused;
    this.element.hidden = false;
  }

  hide(): void {
    this.element.hidden = true;
  }
}
