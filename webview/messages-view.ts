// Streamed answers reassembled by the core (bot-chunk fragments, content + [DONE]):
// the merged text, newest first, marked done or streaming.
import { h, replaceChildren } from './dom';
import { formatCount } from './format';
import type { SessionModel } from './session-model';

export class MessagesView {
  readonly element: HTMLElement;
  private readonly list: HTMLElement;
  private readonly empty: HTMLElement;
  private key = '';

  constructor(private readonly model: SessionModel) {
    this.list = h('div', { class: 'message-list' });
    this.empty = h('p', { class: 'muted', text: 'No streamed answers recognised (bot-chunk events, or content events ended by [DONE]).' });
    this.element = h('div', { class: 'messages' }, this.empty, this.list);
  }

  update(): void {
    const messages = [...this.model.messages.values()];
    const key = messages.map((m) => `${m.format}:${m.id}:${m.firstSeq}:${m.lastSeq}:${m.done}`).join('|');
    if (key === this.key) return;
    this.key = key;
    this.empty.hidden = messages.length > 0;
    const cards = messages.reverse().map((m) =>
      h(
        'article',
        { class: `message ${m.done ? 'done' : 'streaming'}` },
        h(
          'div',
          { class: 'message-head' },
          h('span', { class: 'message-id', text: m.id }),
          h('span', { class: 'message-format', text: m.format }),
          h('span', { class: `message-state ${m.done ? 'done' : 'streaming'}`, text: m.done ? 'done' : 'streaming…' }),
          h('span', { class: 'muted', text: `${formatCount(m.chunks)} chunks · seq ${m.firstSeq}–${m.lastSeq}${m.truncated ? ' · truncated' : ''}` }),
        ),
        h('pre', { class: 'message-text', text: m.text }),
      ),
    );
    replaceChildren(this.list, ...cards);
  }

  get count(): number {
    return this.model.messages.size;
  }
}
