// One assembled answer on the Messages tab: built once, refilled as the answer grows.
// Everything the server streamed (text, reasoning, tool names and arguments) goes in as text.
import type { AssembledMessage, ToolCall } from '../src/core/assemble';
import { h, icon, replaceChildren, setText } from './dom';
import { formatCount, prettyJson } from './format';

export interface AnswerCard {
  root: HTMLElement;
  format: HTMLElement;
  id: HTMLElement;
  model: HTMLElement;
  state: HTMLElement;
  finish: HTMLElement;
  meta: HTMLElement;
  reasoning: HTMLDetailsElement;
  reasoningSummary: HTMLElement;
  reasoningText: HTMLElement;
  text: HTMLElement;
  tools: HTMLElement;
  toolsTitle: HTMLElement;
  toolList: HTMLElement;
  /** What the card shows, to skip refills that would change nothing. */
  version: string;
}

export function answerCard(): AnswerCard {
  const card: AnswerCard = {
    root: h('article', { class: 'message' }),
    format: h('span', { class: 'message-format' }),
    id: h('span', { class: 'message-id' }),
    model: h('span', { class: 'message-model' }),
    state: h('span', { class: 'message-state' }),
    finish: h('span', { class: 'message-finish' }),
    meta: h('span', { class: 'muted message-meta' }),
    reasoning: h('details', { class: 'message-reasoning' }),
    reasoningSummary: h('span'),
    reasoningText: h('pre', { class: 'message-reasoning-text' }),
    text: h('pre', { class: 'message-text' }),
    tools: h('section', { class: 'message-tools' }),
    toolsTitle: h('h4'),
    toolList: h('ol', { class: 'tool-list' }),
    version: '',
  };
  card.reasoning.append(h('summary', {}, icon('lightbulb'), card.reasoningSummary), card.reasoningText);
  card.tools.append(card.toolsTitle, card.toolList);
  card.root.append(
    h('div', { class: 'message-head' }, card.format, card.model, card.state, card.finish, h('span', { class: 'spacer' }), card.id, card.meta),
    card.reasoning,
    card.text,
    card.tools,
  );
  return card;
}

export function fillAnswerCard(card: AnswerCard, m: AssembledMessage, formatLabel: string): void {
  card.root.className = `message format-${m.format} ${m.done ? 'done' : 'streaming'}`;
  setText(card.format, formatLabel);
  setText(card.id, m.id);
  card.id.title = `Answer id ${m.id}`;
  setText(card.model, m.model ?? '');
  card.model.hidden = m.model === undefined;
  card.model.title = m.model === undefined ? '' : `Model ${m.model}`;
  setText(card.state, m.done ? 'done' : 'streaming…');
  card.state.className = `message-state ${m.done ? 'done' : 'streaming'}`;
  setText(card.finish, m.finishReason === undefined ? '' : `finish: ${m.finishReason}`);
  card.finish.hidden = m.finishReason === undefined;
  setText(card.meta, `${formatCount(m.chunks)} ${m.chunks === 1 ? 'chunk' : 'chunks'} · seq ${m.firstSeq}–${m.lastSeq}${m.truncated ? ' · truncated' : ''}`);

  const reasoning = m.reasoning ?? '';
  card.reasoning.hidden = reasoning === '';
  setText(card.reasoningSummary, `Reasoning (${formatCount(reasoning.length)} chars)`);
  setText(card.reasoningText, reasoning);

  // A tool-only answer has no text: say so rather than show an empty box.
  const calls = m.toolCalls ?? [];
  setText(card.text, m.text);
  card.text.hidden = m.text === '' && calls.length > 0;

  card.tools.hidden = calls.length === 0;
  setText(card.toolsTitle, calls.length === 1 ? 'Tool call' : `Tool calls (${calls.length})`);
  replaceChildren(card.toolList, ...calls.map(toolCallItem));
}

function toolCallItem(call: ToolCall): HTMLLIElement {
  // Arguments stream in pieces: pretty only once they parse, raw (as received) until then.
  const pretty = prettyJson(call.arguments);
  return h(
    'li',
    { class: 'tool-call' },
    h(
      'div',
      { class: 'tool-head' },
      icon('tools'),
      h('span', { class: 'tool-name', text: call.name }),
      call.id !== undefined ? h('span', { class: 'tool-id', text: call.id }) : null,
      pretty === undefined && call.arguments !== '' ? h('span', { class: 'tool-raw muted', text: 'arguments not JSON (yet)' }) : null,
    ),
    call.arguments === ''
      ? h('p', { class: 'muted tool-args-empty', text: 'No arguments' })
      : h('pre', { class: `tool-args${pretty !== undefined ? ' json' : ''}`, text: pretty ?? call.arguments }),
  );
}
