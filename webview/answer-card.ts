// One assembled answer on the Messages tab: built once, refilled as the answer grows.
// Everything the server streamed (text, refusals, reasoning, tool names and arguments, error
// messages) goes in as text.
import type { AnswerParts, AssembledMessage, TokenUsage, ToolCall } from '../src/protocol';
import { h, icon, replaceChildren, setText } from './dom';
import * as l10n from '@vscode/l10n';
import { formatCount, prettyJson } from './format';

export interface AnswerCard {
  root: HTMLElement;
  format: HTMLElement;
  id: HTMLElement;
  model: HTMLElement;
  state: HTMLElement;
  finish: HTMLElement;
  usage: HTMLElement;
  meta: HTMLElement;
  error: HTMLElement;
  errorText: HTMLElement;
  reasoning: HTMLDetailsElement;
  reasoningSummary: HTMLElement;
  signature: HTMLElement;
  reasoningText: HTMLElement;
  /** "Choice 0 · finish: stop" above the answer's own text, when there are other choices. */
  choiceLabel: HTMLElement;
  refusal: HTMLElement;
  refusalText: HTMLElement;
  text: HTMLElement;
  tools: HTMLElement;
  toolsTitle: HTMLElement;
  toolList: HTMLElement;
  /** Choices 1, 2, … of an n > 1 chat completion. */
  choices: HTMLElement;
  /** What the card shows, to skip refills that would change nothing. */
  version: string;
}

/** How many characters of a thinking signature are shown (it is opaque and long; the tooltip has it all). */
export const SIGNATURE_SHOWN_CHARS = 8;

export function answerCard(): AnswerCard {
  const card: AnswerCard = {
    root: h('article', { class: 'message' }),
    format: h('span', { class: 'message-format' }),
    id: h('span', { class: 'message-id' }),
    model: h('span', { class: 'message-model' }),
    state: h('span', { class: 'message-state' }),
    finish: h('span', { class: 'message-finish' }),
    usage: h('span', { class: 'message-usage' }),
    meta: h('span', { class: 'muted message-meta' }),
    error: h('div', { class: 'message-error' }),
    errorText: h('span', { class: 'message-error-text' }),
    reasoning: h('details', { class: 'message-reasoning' }),
    reasoningSummary: h('span'),
    signature: h('span', { class: 'message-signature' }),
    reasoningText: h('pre', { class: 'message-reasoning-text' }),
    choiceLabel: h('h4', { class: 'message-choice-label' }),
    refusal: h('div', { class: 'message-refusal' }),
    refusalText: h('span', { class: 'message-refusal-text' }),
    text: h('pre', { class: 'message-text' }),
    tools: h('section', { class: 'message-tools' }),
    toolsTitle: h('h4'),
    toolList: h('ol', { class: 'tool-list' }),
    choices: h('div', { class: 'message-choices' }),
    version: '',
  };
  card.error.append(icon('error'), card.errorText);
  card.reasoning.append(h('summary', {}, icon('lightbulb'), card.reasoningSummary, card.signature), card.reasoningText);
  card.refusal.append(icon('circle-slash'), h('span', { class: 'message-refusal-label', text: l10n.t('Refusal') }), card.refusalText);
  card.tools.append(card.toolsTitle, card.toolList);
  card.root.append(
    h('div', { class: 'message-head' }, card.format, card.model, card.state, card.finish, card.usage, h('span', { class: 'spacer' }), card.id, card.meta),
    card.error,
    card.reasoning,
    card.choiceLabel,
    card.refusal,
    card.text,
    card.tools,
    card.choices,
  );
  return card;
}

export function fillAnswerCard(card: AnswerCard, m: AssembledMessage, formatLabel: string): void {
  const state = m.error ? 'failed' : m.done ? 'done' : 'streaming';
  card.root.className = `message format-${m.format} ${state}`;
  setText(card.format, formatLabel);
  setText(card.id, m.id);
  card.id.title = l10n.t('Answer id {0}', m.id);
  setText(card.model, m.model ?? '');
  card.model.hidden = m.model === undefined;
  card.model.title = m.model === undefined ? '' : l10n.t('Model {0}', m.model);
  setText(card.state, state === 'streaming' ? l10n.t('streaming…') : state === 'done' ? l10n.t('done') : l10n.t('failed'));
  card.state.className = `message-state ${state}`;
  const others = m.otherChoices ?? [];
  // With several choices each says its own finish reason, under its label.
  setText(card.finish, m.finishReason === undefined ? '' : l10n.t('finish: {0}', m.finishReason));
  card.finish.hidden = m.finishReason === undefined || others.length > 0;
  setText(card.usage, m.usage ? usageText(m.usage) : '');
  card.usage.hidden = m.usage === undefined;
  card.usage.title = m.usage ? l10n.t('Tokens, as the API reported them') : '';
  const chunks = m.chunks === 1 ? l10n.t('1 chunk') : l10n.t('{0} chunks', formatCount(m.chunks));
  setText(card.meta, `${chunks} · seq ${m.firstSeq}–${m.lastSeq}${m.truncated ? ` · ${l10n.t('truncated')}` : ''}`);

  card.error.hidden = m.error === undefined;
  setText(card.errorText, m.error ? `${m.error.type}${m.error.message ? `: ${m.error.message}` : ''}` : '');

  const reasoning = m.reasoning ?? '';
  card.reasoning.hidden = reasoning === '';
  setText(card.reasoningSummary, l10n.t('Reasoning ({0} chars)', formatCount(reasoning.length)));
  const signatures = (m.signatures ?? []).filter((s) => s !== '');
  card.signature.hidden = signatures.length === 0;
  setText(card.signature, signatures.length === 0 ? '' : l10n.t('signed {0}', signatures.map(shortSignature).join(', ')));
  card.signature.title = signatures.length === 0 ? '' : `${signatures.length === 1 ? l10n.t('Thinking signature:') : l10n.t('Thinking signatures:')}\n${signatures.join('\n')}`;
  setText(card.reasoningText, reasoning);

  card.choiceLabel.hidden = others.length === 0;
  setText(card.choiceLabel, choiceLabel(0, m.finishReason));

  card.refusal.hidden = m.refusal === undefined;
  setText(card.refusalText, m.refusal ?? '');

  // A tool-only, refused or failed answer may have no text: say so rather than show an empty box.
  const calls = m.toolCalls ?? [];
  setText(card.text, m.text);
  card.text.hidden = m.text === '' && (calls.length > 0 || m.refusal !== undefined || m.error !== undefined);

  card.tools.hidden = calls.length === 0;
  setText(card.toolsTitle, calls.length === 1 ? l10n.t('Tool call') : l10n.t('Tool calls ({0})', calls.length));
  replaceChildren(card.toolList, ...calls.map(toolCallItem));

  card.choices.hidden = others.length === 0;
  replaceChildren(card.choices, ...others.map((c) => choiceSection(c.index, c)));
}

/** `tokens: 82 in · 41 out · 123 total`, with only the counts the API gave. */
export function usageText(u: TokenUsage): string {
  const parts = [u.input !== undefined ? l10n.t('{0} in', formatCount(u.input)) : '', u.output !== undefined ? l10n.t('{0} out', formatCount(u.output)) : '', u.total !== undefined ? l10n.t('{0} total', formatCount(u.total)) : ''];
  return l10n.t('tokens: {0}', parts.filter((p) => p !== '').join(' · '));
}

export function shortSignature(s: string): string {
  return s.length <= SIGNATURE_SHOWN_CHARS ? s : `${s.slice(0, SIGNATURE_SHOWN_CHARS)}…`;
}

function choiceLabel(index: number, finish: string | undefined): string {
  return finish !== undefined ? `${l10n.t('Choice {0}', index)} · ${l10n.t('finish: {0}', finish)}` : l10n.t('Choice {0}', index);
}

/** Another choice of an n > 1 completion: rebuilt with the card (they are short and rare). */
function choiceSection(index: number, c: AnswerParts): HTMLElement {
  const calls = c.toolCalls ?? [];
  return h(
    'section',
    { class: 'message-choice', attrs: { 'data-choice': String(index) } },
    h('h4', { class: 'message-choice-label', text: choiceLabel(index, c.finishReason) }),
    c.reasoning ? h('pre', { class: 'message-reasoning-text', text: c.reasoning }) : null,
    c.refusal !== undefined ? h('div', { class: 'message-refusal' }, icon('circle-slash'), h('span', { class: 'message-refusal-label', text: l10n.t('Refusal') }), h('span', { class: 'message-refusal-text', text: c.refusal })) : null,
    c.text !== '' || (calls.length === 0 && c.refusal === undefined) ? h('pre', { class: 'message-text', text: c.text }) : null,
    calls.length > 0 ? h('section', { class: 'message-tools' }, h('h4', { text: calls.length === 1 ? l10n.t('Tool call') : l10n.t('Tool calls ({0})', calls.length) }), h('ol', { class: 'tool-list' }, ...calls.map(toolCallItem))) : null,
  );
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
      pretty === undefined && call.arguments !== '' ? h('span', { class: 'tool-raw muted', text: l10n.t('arguments not JSON (yet)') }) : null,
    ),
    call.arguments === ''
      ? h('p', { class: 'muted tool-args-empty', text: l10n.t('No arguments') })
      : h('pre', { class: `tool-args${pretty !== undefined ? ' json' : ''}`, text: pretty ?? call.arguments }),
  );
}
