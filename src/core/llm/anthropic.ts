// Anthropic Messages streams: message_start (usage), content_block_start/delta/stop (text,
// thinking with its signature, tool_use with input_json_delta), message_delta (stop_reason,
// usage), message_stop; or `event: error` mid-stream, which ends the answer as failed.
import type { EventRecord } from '../base/records';
import type { FragmentFormat } from './format';
import { num, obj, parseObject, str } from './json';
import { appendArguments, appendReasoning, appendText, readUsage, startReasoningPart, toolCallAt, type MessageBook } from './message-book';

const EVENTS = new Set(['message_start', 'content_block_start', 'content_block_delta', 'content_block_stop', 'message_delta', 'message_stop', 'error']);

export class AnthropicFormat implements FragmentFormat {
  private messageId: string | undefined;
  /** Content block index -> tool call id, so input_json_delta finds its call. */
  private toolBlocks = new Map<number, string>();
  /** Content block index -> its place in the answer's signatures, so signature_delta finds its block. */
  private thinkingBlocks = new Map<number, number>();

  observe(e: EventRecord, book: MessageBook): boolean {
    if (!EVENTS.has(e.type) || !e.data.startsWith('{')) return false;
    const v = parseObject(e.data);
    if (!v) return false;
    if (e.type === 'message_start') {
      const message = obj(v['message']);
      this.messageId = str(message?.['id']) ?? `message-${e.seq}`;
      this.toolBlocks.clear();
      this.thinkingBlocks.clear();
      const m = book.open('anthropic', this.messageId, e.seq);
      const model = str(message?.['model']);
      if (model) m.model = model;
      const usage = readUsage(obj(message?.['usage']), 'input_tokens', 'output_tokens');
      if (usage) m.usage = usage;
      return true;
    }
    if (this.messageId === undefined) return false;
    const m = book.open('anthropic', this.messageId, e.seq);
    const index = num(v['index']) ?? 0;
    switch (e.type) {
      case 'content_block_start': {
        const block = obj(v['content_block']);
        if (block?.['type'] === 'tool_use') {
          const id = str(block['id']) ?? `tool-${index}`;
          this.toolBlocks.set(index, id);
          toolCallAt(m, (c) => c.id === id, () => ({ id, name: str(block['name']) ?? '', arguments: '' }));
        } else if (block?.['type'] === 'thinking') {
          // Each thinking block is a paragraph of the reasoning, with a signature of its own.
          startReasoningPart(m);
          const thinking = str(block['thinking']);
          if (thinking) appendReasoning(m, thinking);
          const signatures = (m.signatures ??= []);
          this.thinkingBlocks.set(index, signatures.length);
          signatures.push(str(block['signature']) ?? '');
        } else if (block?.['type'] === 'text') {
          const text = str(block['text']);
          if (text) appendText(m, text);
        }
        break;
      }
      case 'content_block_delta': {
        const delta = obj(v['delta']);
        const text = str(delta?.['text']);
        const thinking = str(delta?.['thinking']);
        const json = str(delta?.['partial_json']);
        const signature = str(delta?.['signature']);
        if (delta?.['type'] === 'text_delta' && text) appendText(m, text);
        else if (delta?.['type'] === 'thinking_delta' && thinking) appendReasoning(m, thinking);
        else if (delta?.['type'] === 'signature_delta' && signature !== undefined) {
          const signatures = (m.signatures ??= []);
          const at = this.thinkingBlocks.get(index);
          if (at === undefined) signatures.push(signature);
          else signatures[at] = signature;
        }
        else if (delta?.['type'] === 'input_json_delta' && json) {
          const id = this.toolBlocks.get(index) ?? `tool-${index}`;
          appendArguments(m, toolCallAt(m, (c) => c.id === id, () => ({ id, name: '', arguments: '' })), json);
        }
        break;
      }
      case 'message_delta': {
        const stop = str(obj(v['delta'])?.['stop_reason']);
        if (stop) m.finishReason = stop;
        // Counts here are cumulative: they replace those of message_start, field by field.
        const usage = readUsage(obj(v['usage']), 'input_tokens', 'output_tokens');
        if (usage) m.usage = { ...m.usage, ...usage };
        break;
      }
      case 'error': {
        // The server gave up mid-answer (overloaded_error, api_error): nothing more will come.
        const error = obj(v['error']);
        m.error = { type: str(error?.['type']) ?? 'error', message: str(error?.['message']) ?? '' };
        m.done = true;
        break;
      }
      case 'message_stop':
        m.done = true;
        break;
      default:
        break;
    }
    return true;
  }

  clear(): void {
    this.messageId = undefined;
    this.toolBlocks.clear();
    this.thinkingBlocks.clear();
  }
}
