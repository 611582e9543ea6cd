// Reassembles streamed answers from their fragments and shows them beside the raw events:
// the seed's `bot-chunk` and `content` + `[DONE]` formats, OpenAI chat/completions and
// Responses, Anthropic Messages, and a user-defined JSON path for anything else.
// Each format lives in src/core/llm/; this is the one entry the session uses.
import { AnthropicFormat } from './llm/anthropic';
import type { FragmentFormat } from './llm/format';
import { JsonPathFormat } from './llm/json-path';
import { MessageBook, type AssembledMessage } from './llm/message-book';
import { OpenAiChatFormat } from './llm/openai-chat';
import { OpenAiResponsesFormat } from './llm/openai-responses';
import { BotChunkFormat, ContentFormat } from './llm/seed-formats';
import type { SseRecord } from './base/records';

export type { AnswerChoice, AnswerError, AnswerParts, AssembledFormat, AssembledMessage, TokenUsage, ToolCall } from './llm/message-book';
export { parseJsonPath, readPath } from './llm/json-path';

export interface AssemblerOptions {
  /** A JSON path to the text of each fragment, for formats not recognised on their own. */
  jsonPath?: string;
}

export class MessageAssembler {
  private readonly book = new MessageBook();
  private readonly formats: FragmentFormat[];

  /** Throws a clear error when `jsonPath` is not a valid path. */
  constructor(options: AssemblerOptions = {}) {
    this.formats = [new BotChunkFormat(), new ContentFormat(), new OpenAiChatFormat(), new OpenAiResponsesFormat(), new AnthropicFormat()];
    // Last: the known formats win over a path that happens to match them too.
    if (options.jsonPath) this.formats.push(new JsonPathFormat(options.jsonPath));
  }

  /** Folds one record in; true when it was a fragment (or the [DONE] that ended one). */
  observe(record: SseRecord): boolean {
    if (record.kind !== 'event') return false;
    if (record.data === '[DONE]') return this.book.closeLast(record.seq);
    // Every format reads JSON objects (a JSON path also arrays): a heartbeat or a log line is
    // turned away here, without asking each format in turn.
    const first = record.data.charCodeAt(0);
    if (first !== 0x7b && first !== 0x5b) return false;
    for (const f of this.formats) if (f.observe(record, this.book)) return true;
    return false;
  }

  list(): AssembledMessage[] {
    return this.book.list();
  }

  clear(): void {
    this.book.clear();
    for (const f of this.formats) f.clear();
  }
}
