// OpenAI Responses API streams: named events `response.*` whose data repeats the type.
// Text, reasoning and function-call arguments arrive as deltas; `response.completed`
// (or failed / incomplete) ends the answer.
import type { EventRecord } from '../records';
import type { FragmentFormat } from './format';
import { obj, parseObject, str } from './json';
import { appendArguments, appendReasoning, appendText, toolCallAt, type MessageBook } from './message-book';

const ENDS = new Set(['response.completed', 'response.failed', 'response.incomplete']);

export class OpenAiResponsesFormat implements FragmentFormat {
  /** Deltas do not repeat the response id: they belong to the response created last. */
  private responseId: string | undefined;

  observe(e: EventRecord, book: MessageBook): boolean {
    if (!e.type.startsWith('response.') || !e.data.startsWith('{')) return false;
    const v = parseObject(e.data);
    if (!v) return false;
    const response = obj(v['response']);
    const id = str(response?.['id']);
    if (id) this.responseId = id;
    if (this.responseId === undefined) return false;
    const m = book.open('openai-responses', this.responseId, e.seq);
    const model = str(response?.['model']);
    if (model) m.model = model;
    const delta = str(v['delta']);
    switch (e.type) {
      case 'response.output_text.delta':
        if (delta) appendText(m, delta);
        break;
      case 'response.reasoning_summary_text.delta':
      case 'response.reasoning_text.delta':
        if (delta) appendReasoning(m, delta);
        break;
      case 'response.output_item.added': {
        const item = obj(v['item']);
        const itemId = str(item?.['id']);
        if (item?.['type'] === 'function_call' && itemId) {
          const call = toolCallAt(m, (c) => c.id === itemId, () => ({ id: itemId, name: str(item['name']) ?? '', arguments: '' }));
          const initial = str(item['arguments']);
          if (initial) appendArguments(m, call, initial);
        }
        break;
      }
      case 'response.function_call_arguments.delta': {
        const itemId = str(v['item_id']);
        if (itemId && delta) appendArguments(m, toolCallAt(m, (c) => c.id === itemId, () => ({ id: itemId, name: '', arguments: '' })), delta);
        break;
      }
      default:
        if (ENDS.has(e.type)) {
          m.done = true;
          m.finishReason = str(response?.['status']) ?? e.type.slice('response.'.length);
        }
    }
    return true;
  }

  clear(): void {
    this.responseId = undefined;
  }
}
