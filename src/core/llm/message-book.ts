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

export interface AssembledMessage {
  id: string;
  format: AssembledFormat;
  text: string;
  /** Reasoning / thinking text, for the APIs that stream it apart from the answer. */
  reasoning?: string;
  toolCalls?: ToolCall[];
  model?: string;
  /** finish_reason / stop_reason / response status, when the stream said it. */
  finishReason?: string;
  /** Fragments that contributed to this answer. */
  chunks: number;
  /** The stream said the answer is complete (isFinal, [DONE], finish/stop, completed). */
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
    return [...this.messages.values()].map((m) => ({ ...m, ...(m.toolCalls ? { toolCalls: m.toolCalls.map((c) => ({ ...c })) } : {}) }));
  }

  clear(): void {
    this.messages.clear();
    this.lastOpen = undefined;
  }
}

export function appendText(m: AssembledMessage, text: string): void {
  if (m.text.length + text.length <= MAX_TEXT_CHARS) m.text += text;
  else m.truncated = true;
}

export function appendReasoning(m: AssembledMessage, text: string): void {
  const current = m.reasoning ?? '';
  if (current.length + text.length <= MAX_TEXT_CHARS) m.reasoning = current + text;
  else m.truncated = true;
}

/** The tool call at `slot` (an index or an item id), created with `init` if new. */
export function toolCallAt(m: AssembledMessage, find: (c: ToolCall, i: number) => boolean, init: () => ToolCall): ToolCall {
  m.toolCalls ??= [];
  let call = m.toolCalls.find(find);
  if (!call) {
    call = init();
    m.toolCalls.push(call);
  }
  return call;
}

export function appendArguments(m: AssembledMessage, call: ToolCall, text: string): void {
  if (call.arguments.length + text.length <= MAX_TEXT_CHARS) call.arguments += text;
  else m.truncated = true;
}
