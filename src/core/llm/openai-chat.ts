// OpenAI chat/completions streams (and the many APIs that copy them): `data: {...}` chunks
// with object "chat.completion.chunk", choices[].delta.{content, reasoning_content,
// tool_calls}, a finish_reason, then `data: [DONE]`.
import type { EventRecord } from '../records';
import type { FragmentFormat } from './format';
import { arr, num, obj, parseObject, str } from './json';
import { appendArguments, appendReasoning, appendText, toolCallAt, type MessageBook } from './message-book';
import { StringSlotTemplate } from './string-slot';

/** Where the answer's text is in a chunk: choices[0].delta.content. */
const readContent = (v: unknown): unknown => obj(obj(arr(obj(v)?.['choices'])[0])?.['delta'])?.['content'];

export class OpenAiChatFormat implements FragmentFormat {
  /** The last plain text delta, as a template the next ones are matched against (see string-slot.ts). */
  private readonly template = new StringSlotTemplate();
  private templateId = '';
  private templateModel: string | undefined;

  observe(e: EventRecord, book: MessageBook): boolean {
    const token = this.template.match(e.data);
    if (token !== undefined) {
      // The same chunk as the template but for its text: what the full parse below would do.
      const m = book.open('openai-chat', this.templateId, e.seq);
      if (this.templateModel) m.model = this.templateModel;
      if (token) appendText(m, token);
      return true;
    }
    if (!e.data.startsWith('{') || !e.data.includes('chat.completion.chunk')) return false;
    const v = parseObject(e.data);
    if (!v || v['object'] !== 'chat.completion.chunk') return false;
    const id = str(v['id']) ?? 'chat';
    const m = book.open('openai-chat', id, e.seq);
    const model = str(v['model']);
    if (model) m.model = model;
    this.learnTemplate(e.data, v, id, model);
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

  /** A chunk whose only contribution is text becomes the template for the next ones. */
  private learnTemplate(raw: string, v: Record<string, unknown>, id: string, model: string | undefined): void {
    const choices = arr(v['choices']);
    const choice = obj(choices[0]);
    const delta = obj(choice?.['delta']);
    const content = str(delta?.['content']);
    const onlyText =
      choices.length === 1 &&
      (num(choice?.['index']) ?? 0) === 0 &&
      content !== undefined &&
      delta?.['reasoning_content'] === undefined &&
      delta?.['reasoning'] === undefined &&
      arr(delta?.['tool_calls']).length === 0 &&
      str(choice?.['finish_reason']) === undefined;
    if (!onlyText || !this.template.learn(raw, 'content', content, readContent)) {
      this.template.forget();
      return;
    }
    this.templateId = id;
    this.templateModel = model;
  }

  clear(): void {
    this.template.forget();
  }
}
