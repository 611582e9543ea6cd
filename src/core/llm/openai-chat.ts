// OpenAI chat/completions streams (and the many APIs that copy them): `data: {...}` chunks
// with object "chat.completion.chunk", choices[].delta.{content, reasoning_content,
// tool_calls}, a finish_reason, then `data: [DONE]`.
import type { EventRecord } from '../records';
import type { FragmentFormat } from './format';
import { arr, num, obj, parseObject, str } from './json';
import { appendArguments, appendReasoning, appendText, toolCallAt, type MessageBook } from './message-book';

export class OpenAiChatFormat implements FragmentFormat {
  observe(e: EventRecord, book: MessageBook): boolean {
    if (!e.data.startsWith('{') || !e.data.includes('chat.completion.chunk')) return false;
    const v = parseObject(e.data);
    if (!v || v['object'] !== 'chat.completion.chunk') return false;
    const m = book.open('openai-chat', str(v['id']) ?? 'chat', e.seq);
    const model = str(v['model']);
    if (model) m.model = model;
    for (const choice of arr(v['choices'])) {
      const c = obj(choice);
      // Only the first choice is the answer; n > 1 streams are rare and would interleave.
      if (!c || (num(c['index']) ?? 0) !== 0) continue;
      const delta = obj(c['delta']);
      const content = str(delta?.['content']);
      if (content) appendText(m, content);
      const reasoning = str(delta?.['reasoning_content']) ?? str(delta?.['reasoning']);
      if (reasoning) appendReasoning(m, reasoning);
      for (const tc of arr(delta?.['tool_calls'])) {
        const t = obj(tc);
        if (!t) continue;
        const index = num(t['index']) ?? 0;
        const fn = obj(t['function']);
        const call = toolCallAt(m, (_c, i) => i === index, () => ({ name: '', arguments: '' }));
        const id = str(t['id']);
        if (id) call.id = id;
        const name = str(fn?.['name']);
        if (name) call.name += name;
        const args = str(fn?.['arguments']);
        if (args) appendArguments(m, call, args);
      }
      const finish = str(c['finish_reason']);
      if (finish) m.finishReason = finish;
    }
    return true;
  }
  clear(): void {}
}
