// OpenAI Responses API streams: named events `response.*` whose data repeats the type.
// Text, refusals, reasoning and function-call arguments arrive as deltas; `response.completed`
// (or failed / incomplete) ends the answer and carries the usage; an `error` event ends it failed.
import type { EventRecord } from '../base/records';
import type { FragmentFormat } from './format';
import { num, obj, parseObject, str } from './json';
import { appendArguments, appendReasoning, appendRefusal, appendText, readUsage, startReasoningPart, type MessageBook, type ToolCall } from './message-book';

const ENDS = new Set(['response.completed', 'response.failed', 'response.incomplete']);

export class OpenAiResponsesFormat implements FragmentFormat {
  /** Deltas do not repeat the response id: they belong to the response created last. */
  private responseId: string | undefined;
  /**
   * The response's function calls by output item id (`fc_…`): argument deltas name the item,
   * while the call is shown (and answered by a tool result) under its `call_id`.
   */
  private readonly callsByItem = new Map<string, ToolCall>();
  /** The reasoning part (item id and summary / content index) the last reasoning delta was in. */
  private reasoningPart = '';

  observe(e: EventRecord, book: MessageBook): boolean {
    if (!e.data.startsWith('{')) return false;
    if (e.type === 'error') return this.observeError(e, book);
    if (!e.type.startsWith('response.')) return false;
    const v = parseObject(e.data);
    if (!v) return false;
    const response = obj(v['response']);
    const id = str(response?.['id']);
    if (id && id !== this.responseId) {
      this.responseId = id;
      this.callsByItem.clear();
      this.reasoningPart = '';
    }
    if (this.responseId === undefined) return false;
    const m = book.open('openai-responses', this.responseId, e.seq);
    const model = str(response?.['model']);
    if (model) m.model = model;
    const delta = str(v['delta']);
    switch (e.type) {
      case 'response.output_text.delta':
        if (delta) appendText(m, delta);
        break;
      case 'response.refusal.delta':
        if (delta) appendRefusal(m, delta);
        break;
      case 'response.reasoning_summary_text.delta':
      case 'response.reasoning_text.delta': {
        if (!delta) break;
        // Each summary part (and each reasoning item) is a paragraph of its own.
        const part = `${str(v['item_id']) ?? ''}:${e.type}:${num(v['summary_index']) ?? num(v['content_index']) ?? 0}`;
        if (part !== this.reasoningPart) {
          if (this.reasoningPart !== '') startReasoningPart(m);
          this.reasoningPart = part;
        }
        appendReasoning(m, delta);
        break;
      }
      case 'response.output_item.added': {
        const item = obj(v['item']);
        const itemId = str(item?.['id']);
        if (item?.['type'] === 'function_call' && itemId && !this.callsByItem.has(itemId)) {
          const callId = str(item['call_id']);
          const call: ToolCall = { name: str(item['name']) ?? '', arguments: '', ...(callId ? { id: callId } : {}) };
          (m.toolCalls ??= []).push(call);
          this.callsByItem.set(itemId, call);
          const initial = str(item['arguments']);
          if (initial) appendArguments(m, call, initial);
        }
        break;
      }
      case 'response.function_call_arguments.delta': {
        const itemId = str(v['item_id']);
        if (!itemId || !delta) break;
        let call = this.callsByItem.get(itemId);
        if (!call) {
          // Deltas of a call whose item was not seen: shown under the item id, the only one known.
          call = { id: itemId, name: '', arguments: '' };
          (m.toolCalls ??= []).push(call);
          this.callsByItem.set(itemId, call);
        }
        appendArguments(m, call, delta);
        break;
      }
      default:
        if (ENDS.has(e.type)) {
          m.done = true;
          m.finishReason = str(response?.['status']) ?? e.type.slice('response.'.length);
          const usage = readUsage(obj(response?.['usage']), 'input_tokens', 'output_tokens', 'total_tokens');
          if (usage) m.usage = usage;
          const error = obj(response?.['error']);
          if (error) m.error = { type: str(error['code']) ?? str(error['type']) ?? 'error', message: str(error['message']) ?? '' };
        }
    }
    return true;
  }

  /** `event: error` ({code, message}) while a response streams: it ends, failed, as the SDK's stream throws. */
  private observeError(e: EventRecord, book: MessageBook): boolean {
    if (this.responseId === undefined || !book.current('openai-responses', this.responseId)) return false;
    const v = parseObject(e.data);
    if (!v || v['type'] !== 'error') return false;
    const m = book.open('openai-responses', this.responseId, e.seq);
    m.error = { type: str(v['code']) ?? 'error', message: str(v['message']) ?? '' };
    m.done = true;
    return true;
  }

  clear(): void {
    this.responseId = undefined;
    this.callsByItem.clear();
    this.reasoningPart = '';
  }
}
