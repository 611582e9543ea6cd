// OpenAI chat/completions streams (and the many APIs that copy them): `data: {...}` chunks
// with object "chat.completion.chunk", choices[].delta.{content, reasoning_content,
// tool_calls, refusal} for each choice (n > 1 interleaves them), a finish_reason, a usage
// chunk when asked for (stream_options.include_usage), then `data: [DONE]`.
import type { EventRecord } from '../base/records';
import type { FragmentFormat } from './format';
import { arr, num, obj, parseObject, str } from './json';
import { appendArguments, appendReasoning, appendRefusal, appendText, choiceAt, readUsage, toolCallAt, type MessageBook } from './message-book';
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
    // Every choice: a request with n > 1 streams them interleaved, each chunk naming its index.
    for (const choice of arr(v['choices'])) {
      const c = obj(choice);
      if (!c) continue;
      const into = choiceAt(m, num(c['index']) ?? 0);
      const delta = obj(c['delta']);
      const content = str(delta?.['content']);
      if (content) appendText(m, content, into);
      const refusal = str(delta?.['refusal']);
      if (refusal) appendRefusal(m, refusal, into);
      const reasoning = str(delta?.['reasoning_content']) ?? str(delta?.['reasoning']);
      if (reasoning) appendReasoning(m, reasoning, into);
      for (const tc of arr(delta?.['tool_calls'])) {
        const t = obj(tc);
        if (!t) continue;
        const index = num(t['index']) ?? 0;
        const fn = obj(t['function']);
        const call = toolCallAt(into, (_c, i) => i === index, () => ({ name: '', arguments: '' }));
        const id = str(t['id']);
        if (id) call.id = id;
        const name = str(fn?.['name']);
        if (name) call.name += name;
        const args = str(fn?.['arguments']);
        if (args) appendArguments(m, call, args);
      }
      const finish = str(c['finish_reason']);
      if (finish) into.finishReason = finish;
    }
    // stream_options.include_usage: a last chunk with no choices carries the counts.
    const usage = readUsage(obj(v['usage']), 'prompt_tokens', 'completion_tokens', 'total_tokens');
    if (usage) m.usage = usage;
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
      // Choice 0 only (templateId's answer itself); the index is part of the template's text, so
      // a chunk of choice 1 never matches it and goes through the full parse.
      (num(choice?.['index']) ?? 0) === 0 &&
      content !== undefined &&
      delta?.['reasoning_content'] === undefined &&
      delta?.['reasoning'] === undefined &&
      // A refusal in the template would be skipped in every chunk the template matches.
      str(delta?.['refusal']) === undefined &&
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
