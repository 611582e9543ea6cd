// The seed's two formats: `bot-chunk` events ({messageId, chunk, isFinal}) and `content`
// events ({type:"content", text, messageId, index}) ended by `data: [DONE]` (S2, S5).
import type { EventRecord } from '../base/records';
import type { FragmentFormat } from './format';
import { parseObject, str } from './json';
import { appendText, type MessageBook } from './message-book';

const CONTENT_TYPE_FIELD = /"type"\s*:\s*"content"/;

export class BotChunkFormat implements FragmentFormat {
  observe(e: EventRecord, book: MessageBook): boolean {
    if (e.type !== 'bot-chunk' || !e.data.startsWith('{')) return false;
    const v = parseObject(e.data);
    const chunk = str(v?.['chunk']);
    if (!v || chunk === undefined) return false;
    const m = book.open('bot-chunk', String(v['messageId'] ?? 'bot'), e.seq);
    appendText(m, chunk);
    if (v['isFinal'] === true) m.done = true;
    return true;
  }
  clear(): void {}
}

export class ContentFormat implements FragmentFormat {
  observe(e: EventRecord, book: MessageBook): boolean {
    // Other JSON streams (an OpenAI delta has a "content" key too) must not pay for a JSON.parse here.
    if (!e.data.startsWith('{') || !e.data.includes('"type"') || !CONTENT_TYPE_FIELD.test(e.data)) return false;
    const v = parseObject(e.data);
    const text = str(v?.['text']);
    if (!v || v['type'] !== 'content' || text === undefined) return false;
    appendText(book.open('content', String(v['messageId'] ?? 'content'), e.seq), text);
    return true;
  }
  clear(): void {}
}
