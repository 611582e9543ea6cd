// Streamed answers reassembled by the core (seed formats, OpenAI Chat and Responses,
// Anthropic, a JSON path), newest first: format, model, finish reason, done, streaming or
// failed (with the error), token usage, the text or refusal, the reasoning (folded, with its
// signatures shortened), the tool calls, and the other choices of an n > 1 completion. One card per answer, updated in place
// when its answer grows, so an opened "Reasoning" stays open and 200 answers do not rebuild
// on every delta.
import type { AssembledFormat, AssembledMessage } from '../src/protocol';
import { answerCard, fillAnswerCard, type AnswerCard } from './answer-card';
import { h } from './dom';
import * as l10n from '@vscode/l10n';
import type { SessionModel } from './session-model';

export const FORMAT_LABELS: Record<AssembledFormat, string> = {
  'bot-chunk': 'bot-chunk',
  content: 'content + [DONE]',
  'openai-chat': 'OpenAI Chat',
  'openai-responses': 'OpenAI Responses',
  anthropic: 'Anthropic',
  'json-path': 'JSON path', // a format's name, as the profile setting calls it
};

/** What a card shows changed when any of these did. */
function versionOf(m: AssembledMessage): string {
  return `${m.lastSeq}:${m.chunks}:${m.done}:${m.finishReason ?? ''}:${m.model ?? ''}:${m.toolCalls?.length ?? 0}:${m.otherChoices?.length ?? 0}:${m.error?.type ?? ''}:${m.usage?.output ?? ''}:${m.signatures?.join() ?? ''}`;
}

export class MessagesView {
  readonly element: HTMLElement;
  private readonly list: HTMLElement;
  private readonly empty: HTMLElement;
  private readonly cards = new Map<string, AnswerCard>();

  constructor(private readonly model: SessionModel) {
    this.list = h('div', { class: 'message-list' });
    this.empty = h('p', {
      class: 'muted',
      text: l10n.t('No streamed answers recognised (OpenAI, Anthropic, bot-chunk events, content events ended by [DONE], or a JSON path set in the profile).'),
    });
    this.element = h('div', { class: 'messages' }, this.empty, this.list);
  }

  update(): void {
    const entries = [...this.model.messages];
    this.empty.hidden = entries.length > 0;
    const keep = new Set(entries.map(([key]) => key));
    for (const [key, card] of this.cards) {
      if (keep.has(key)) continue;
      card.root.remove();
      this.cards.delete(key);
    }
    // The model's map is ordered by last change: newest first on screen.
    entries.reverse().forEach(([key, m], i) => {
      let card = this.cards.get(key);
      if (!card) {
        card = answerCard();
        this.cards.set(key, card);
      }
      const version = versionOf(m);
      if (card.version !== version) {
        fillAnswerCard(card, m, FORMAT_LABELS[m.format]);
        card.version = version;
      }
      // Only cards out of place move (moving a node is cheap, but keeps the DOM calm).
      const at = this.list.children[i];
      if (at !== card.root) this.list.insertBefore(card.root, at ?? null);
    });
  }

  get count(): number {
    return this.model.messages.size;
  }
}
