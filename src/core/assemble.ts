// Reassembles streamed answers from their fragments, for the formats the seed's servers
// use: `bot-chunk` events ({messageId, chunk, isFinal}) and `content` events
// ({type:"content", text, messageId, index}) ended by a `data: [DONE]` sentinel.
// (Other LLM formats — OpenAI, Anthropic — plug in here later as more recognisers.)
import type { SseRecord } from './records';

export type AssembledFormat = 'bot-chunk' | 'content';

export interface AssembledMessage {
  id: string;
  format: AssembledFormat;
  text: string;
  chunks: number;
  /** isFinal seen, or the [DONE] sentinel. */
  done: boolean;
  firstSeq: number;
  lastSeq: number;
  /** Set when the text grew past the cap and was cut. */
  truncated?: boolean;
}

const MAX_MESSAGES = 200;
const CONTENT_TYPE_FIELD = /"type"\s*:\s*"content"/;
const MAX_TEXT_CHARS = 1024 * 1024;

export class MessageAssembler {
  private readonly messages = new Map<string, AssembledMessage>();
  /** Map key of the `content` message a bare [DONE] closes. */
  private lastContentId: string | undefined;

  observe(record: SseRecord): boolean {
    if (record.kind !== 'event') return false;
    if (record.data === '[DONE]') {
      const m = this.lastContentId !== undefined ? this.messages.get(this.lastContentId) : undefined;
      if (!m || m.done) return false;
      m.done = true;
      m.lastSeq = record.seq;
      return true;
    }
    // Cheap pre-checks first: this runs for every event of a flood, JSON.parse only for likely fragments.
    if (!record.data.startsWith('{')) return false;
    // Other JSON streams (an OpenAI delta has a "content" key too) must not pay for a JSON.parse here.
    if (record.type !== 'bot-chunk' && !CONTENT_TYPE_FIELD.test(record.data)) return false;
    let value: unknown;
    try {
      value = JSON.parse(record.data);
    } catch {
      return false;
    }
    if (typeof value !== 'object' || value === null) return false;
    const v = value as Record<string, unknown>;
    if (record.type === 'bot-chunk' && typeof v.chunk === 'string') {
      this.append('bot-chunk', String(v.messageId ?? 'bot'), v.chunk, record.seq, v.isFinal === true);
      return true;
    }
    if (v.type === 'content' && typeof v.text === 'string') {
      this.append('content', String(v.messageId ?? 'content'), v.text, record.seq, false);
      return true;
    }
    return false;
  }

  private append(format: AssembledFormat, id: string, text: string, seq: number, final: boolean): void {
    const key = `${format}:${id}`;
    let m = this.messages.get(key);
    if (!m || (m.done && format === 'content')) {
      // A new answer with a reused id (a new chat turn) starts a new message.
      if (m) this.messages.delete(key);
      m = { id, format, text: '', chunks: 0, done: false, firstSeq: seq, lastSeq: seq };
      this.messages.set(key, m);
      if (this.messages.size > MAX_MESSAGES) this.messages.delete(this.messages.keys().next().value!);
    }
    if (m.text.length + text.length <= MAX_TEXT_CHARS) m.text += text;
    else m.truncated = true;
    m.chunks++;
    m.lastSeq = seq;
    if (final) m.done = true;
    if (format === 'content') this.lastContentId = key;
  }

  list(): AssembledMessage[] {
    return [...this.messages.values()].map((m) => ({ ...m }));
  }

  clear(): void {
    this.messages.clear();
    this.lastContentId = undefined;
  }
}
