// The answers being assembled, keyed by format and id, with the bounds that keep a long
// session's memory flat: at most MAX_MESSAGES answers, each at most MAX_TEXT_CHARS.
export type AssembledFormat = 'bot-chunk' | 'content' | 'openai-chat' | 'openai-responses' | 'anthropic' | 'json-path';

export interface ToolCall {
  /** The call's id as the API names it (tool_use id, call_id), when given. */
  id?: string;
  name: string;
  /** The arguments as streamed: usually JSON, possibly incomplete while streaming. */
  arguments: string;
}

/** What one completion choice holds: the answer itself, or choice 1, 2, … of an n > 1 request. */
export interface AnswerParts {
  text: string;
  /** The model declined (OpenAI `refusal`): its explanation, streamed apart from the text. */
  refusal?: string;
  /** Reasoning / thinking text, for the APIs that stream it apart from the answer. */
  reasoning?: string;
  toolCalls?: ToolCall[];
  /** finish_reason / stop_reason / response status, when the stream said it. */
  finishReason?: string;
}

/** Another choice of an OpenAI chat completion asked for with `n` > 1. */
export interface AnswerChoice extends AnswerParts {
  index: number;
}

/** Token counts as the API reported them (chat prompt/completion, Responses and Anthropic input/output). */
export interface TokenUsage {
  input?: number;
  output?: number;
  total?: number;
}

/** An error the API streamed in place of the rest of the answer (Anthropic `event: error`, Responses `response.failed`). */
export interface AnswerError {
  type: string;
  message: string;
}

export interface AssembledMessage extends AnswerParts {
  id: string;
  format: AssembledFormat;
  /**
   * Choices 1, 2, … of an OpenAI chat completion with `n` > 1, by index; the message's own
   * text, refusal, reasoning, tool calls and finish reason are choice 0's.
   */
  otherChoices?: AnswerChoice[];
  /** Signatures of the Anthropic thinking blocks, in order (a client must send them back). */
  signatures?: string[];
  usage?: TokenUsage;
  /** The stream ended the answer with an error: the answer failed (and is done). */
  error?: AnswerError;
  model?: string;
  /** Fragments that contributed to this answer. */
  chunks: number;
  /** The stream said the answer is complete (isFinal, [DONE], finish/stop, completed, an error). */
  done: boolean;
  firstSeq: number;
  lastSeq: number;
  /** Set when the text grew past the cap and was cut. */
  truncated?: boolean;
}

export const MAX_MESSAGES = 200;
export const MAX_TEXT_CHARS = 1024 * 1024;

export class MessageBook {
  private readonly messages = new Map<string, AssembledMessage>();
  /** The answer a bare `[DONE]` closes: the one that most recently grew. */
  private lastOpen: AssembledMessage | undefined;

  /** The answer with this id, started if new; a finished answer whose id comes back starts over (a new turn). */
  open(format: AssembledFormat, id: string, seq: number): AssembledMessage {
    // Fragments of one answer come in a row: the answer that grew last is at hand without
    // building a key (this runs once per token of a streamed answer).
    const last = this.lastOpen;
    if (last && !last.done && last.id === id && last.format === format) {
      last.chunks++;
      last.lastSeq = seq;
      return last;
    }
    const key = `${format}:${id}`;
    let m = this.messages.get(key);
    if (!m || m.done) {
      if (m) this.messages.delete(key);
      m = { id, format, text: '', chunks: 0, done: false, firstSeq: seq, lastSeq: seq };
      this.messages.set(key, m);
      if (this.messages.size > MAX_MESSAGES) this.messages.delete(this.messages.keys().next().value!);
    }
    m.chunks++;
    m.lastSeq = seq;
    this.lastOpen = m;
    return m;
  }

  /** The answer with this id if it is still being streamed. */
  current(format: AssembledFormat, id: string): AssembledMessage | undefined {
    const m = this.messages.get(`${format}:${id}`);
    return m && !m.done ? m : undefined;
  }

  /** Closes the most recent unfinished answer (the `[DONE]` sentinel); false when there is none. */
  closeLast(seq: number): boolean {
    const m = this.lastOpen;
    if (!m || m.done) return false;
    m.done = true;
    m.lastSeq = seq;
    return true;
  }

  list(): AssembledMessage[] {
    return [...this.messages.values()].map(copyMessage);
  }

  clear(): void {
    this.messages.clear();
    this.lastOpen = undefined;
  }
}

/** A copy the caller may keep: the book goes on growing its own. */
function copyMessage(m: AssembledMessage): AssembledMessage {
  const copy: AssembledMessage = { ...m };
  if (m.toolCalls) copy.toolCalls = m.toolCalls.map((c) => ({ ...c }));
  if (m.otherChoices) copy.otherChoices = m.otherChoices.map((c) => ({ ...c, ...(c.toolCalls ? { toolCalls: c.toolCalls.map((t) => ({ ...t })) } : {}) }));
  if (m.signatures) copy.signatures = [...m.signatures];
  if (m.usage) copy.usage = { ...m.usage };
  if (m.error) copy.error = { ...m.error };
  return copy;
}

/** Appends to the text of `into` (the message itself, or one of its other choices). */
export function appendText(m: AssembledMessage, text: string, into: AnswerParts = m): void {
  if (into.text.length + text.length <= MAX_TEXT_CHARS) into.text += text;
  else m.truncated = true;
}

export function appendRefusal(m: AssembledMessage, text: string, into: AnswerParts = m): void {
  const current = into.refusal ?? '';
  if (current.length + text.length <= MAX_TEXT_CHARS) into.refusal = current + text;
  else m.truncated = true;
}

export function appendReasoning(m: AssembledMessage, text: string, into: AnswerParts = m): void {
  const current = into.reasoning ?? '';
  if (current.length + text.length <= MAX_TEXT_CHARS) into.reasoning = current + text;
  else m.truncated = true;
}

/** Between two reasoning parts (Responses summary parts, Anthropic thinking blocks): they are paragraphs. */
export const REASONING_PART_SEPARATOR = '\n\n';

/** Starts a new reasoning part: a separator when there is reasoning already. */
export function startReasoningPart(m: AssembledMessage, into: AnswerParts = m): void {
  if (into.reasoning) appendReasoning(m, REASONING_PART_SEPARATOR, into);
}

/** The tool call at `slot` (an index or an item id), created with `init` if new. */
export function toolCallAt(into: AnswerParts, find: (c: ToolCall, i: number) => boolean, init: () => ToolCall): ToolCall {
  into.toolCalls ??= [];
  let call = into.toolCalls.find(find);
  if (!call) {
    call = init();
    into.toolCalls.push(call);
  }
  return call;
}

export function appendArguments(m: AssembledMessage, call: ToolCall, text: string): void {
  if (call.arguments.length + text.length <= MAX_TEXT_CHARS) call.arguments += text;
  else m.truncated = true;
}

/** Choice `index` of an n > 1 completion: the message itself for 0, else its other choice, created if new. */
export function choiceAt(m: AssembledMessage, index: number): AnswerParts {
  if (index === 0) return m;
  m.otherChoices ??= [];
  let choice = m.otherChoices.find((c) => c.index === index);
  if (!choice) {
    choice = { index, text: '' };
    m.otherChoices.push(choice);
    m.otherChoices.sort((a, b) => a.index - b.index);
  }
  return choice;
}

/** Reads a usage object's counts under the API's names; undefined when it has none. */
export function readUsage(usage: Record<string, unknown> | undefined, input: string, output: string, total?: string): TokenUsage | undefined {
  if (!usage) return undefined;
  const u: TokenUsage = {};
  const i = usage[input];
  const o = usage[output];
  const t = total === undefined ? undefined : usage[total];
  if (typeof i === 'number') u.input = i;
  if (typeof o === 'number') u.output = o;
  if (typeof t === 'number') u.total = t;
  return u.input === undefined && u.output === undefined && u.total === undefined ? undefined : u;
}
