// The timeline's one-line preview of a streamed-answer event: what changes from chunk to
// chunk (the delta text, a tool-call fragment, the block type) instead of the JSON prefix
// every chunk shares (`{"id":"chatcmpl-…","object":…`). Pure and cheap: the timeline calls
// it only for the rows on screen. Undefined for anything it does not recognise, and the
// raw data stays what the detail pane and Copy show.

/** Chunks bigger than this are not parsed for a preview (a row shows 400 characters anyway). */
const MAX_PARSED_CHARS = 32 * 1024;

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** A text fragment, quoted so spaces and newlines show (`"Hello,\n"`). */
function quoted(text: string): string {
  return JSON.stringify(text);
}

export function llmPreview(data: string): string | undefined {
  if (data.length > MAX_PARSED_CHARS || data.charCodeAt(0) !== 0x7b /* { */) return undefined;
  if (!data.includes('"choices"') && !data.includes('"type"')) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return undefined;
  }
  if (!isObject(value)) return undefined;
  if (Array.isArray(value['choices'])) return openAiChatPreview(value);
  const type = str(value['type']);
  if (type === undefined) return undefined;
  if (type.startsWith('response.')) return responsesPreview(type, value);
  return anthropicPreview(type, value);
}

/** OpenAI Chat Completions chunk: `{"object":"chat.completion.chunk","choices":[{"delta":{…}}]}`. */
function openAiChatPreview(chunk: Json): string | undefined {
  const parts: string[] = [];
  const choices = chunk['choices'] as unknown[];
  for (const choice of choices) {
    if (!isObject(choice)) continue;
    const prefix = choices.length > 1 ? `[${String(choice['index'] ?? '?')}] ` : '';
    const delta = isObject(choice['delta']) ? choice['delta'] : {};
    const role = str(delta['role']);
    if (role) parts.push(`${prefix}role: ${role}`);
    const reasoning = str(delta['reasoning_content']) ?? str(delta['reasoning']);
    if (reasoning) parts.push(`${prefix}reasoning: ${quoted(reasoning)}`);
    const content = str(delta['content']);
    if (content) parts.push(`${prefix}content: ${quoted(content)}`);
    const refusal = str(delta['refusal']);
    if (refusal) parts.push(`${prefix}refusal: ${quoted(refusal)}`);
    if (Array.isArray(delta['tool_calls'])) {
      for (const call of delta['tool_calls']) {
        if (!isObject(call)) continue;
        const fn = isObject(call['function']) ? call['function'] : {};
        const name = str(fn['name']);
        const args = str(fn['arguments']);
        const which = `tool_calls[${String(call['index'] ?? 0)}]`;
        if (name) parts.push(`${prefix}${which}: ${name}(${args ?? ''}`);
        else if (args !== undefined) parts.push(`${prefix}${which} arguments: ${args}`);
      }
    }
    const finish = str(choice['finish_reason']);
    if (finish) parts.push(`${prefix}finish_reason: ${finish}`);
  }
  const usage = chunk['usage'];
  if (isObject(usage)) parts.push(`usage: ${String(usage['prompt_tokens'] ?? '?')} in, ${String(usage['completion_tokens'] ?? '?')} out`);
  if (parts.length === 0) return choices.length === 0 ? undefined : 'empty delta';
  return parts.join(' · ');
}

/** OpenAI Responses API event: `{"type":"response.output_text.delta","delta":"…"}`. */
function responsesPreview(type: string, event: Json): string {
  const short = type.slice('response.'.length);
  const delta = str(event['delta']);
  if (delta !== undefined) return short.includes('arguments') ? `${short}: ${delta}` : `${short}: ${quoted(delta)}`;
  const item = isObject(event['item']) ? event['item'] : undefined;
  if (item) {
    const name = str(item['name']);
    return `${short}: ${String(item['type'] ?? 'item')}${name ? ` ${name}` : ''}`;
  }
  const response = isObject(event['response']) ? event['response'] : undefined;
  if (response) {
    const status = str(response['status']);
    const model = str(response['model']);
    return [short, status, model].filter(Boolean).join(' · ');
  }
  const text = str(event['text']) ?? str(event['arguments']);
  if (text !== undefined) return `${short}: ${quoted(text)}`;
  return short;
}

/** Anthropic Messages event: `{"type":"content_block_delta","delta":{"type":"text_delta","text":"…"}}`. */
function anthropicPreview(type: string, event: Json): string | undefined {
  const index = event['index'] !== undefined ? ` [${String(event['index'])}]` : '';
  switch (type) {
    case 'message_start': {
      const message = isObject(event['message']) ? event['message'] : {};
      return ['message_start', str(message['model']), str(message['id'])].filter(Boolean).join(' · ');
    }
    case 'content_block_start': {
      const block = isObject(event['content_block']) ? event['content_block'] : {};
      const name = str(block['name']);
      return `start${index}: ${String(block['type'] ?? 'block')}${name ? ` ${name}` : ''}`;
    }
    case 'content_block_delta': {
      const delta = isObject(event['delta']) ? event['delta'] : {};
      const kind = String(delta['type'] ?? 'delta');
      const json = str(delta['partial_json']);
      if (json !== undefined) return `${kind}${index}: ${json}`;
      const text = str(delta['text']) ?? str(delta['thinking']) ?? str(delta['signature']);
      return text !== undefined ? `${kind}${index}: ${quoted(text)}` : `${kind}${index}`;
    }
    case 'content_block_stop':
      return `stop${index}`;
    case 'message_delta': {
      const delta = isObject(event['delta']) ? event['delta'] : {};
      const usage = isObject(event['usage']) ? event['usage'] : undefined;
      const stop = str(delta['stop_reason']);
      return ['message_delta', stop && `stop_reason: ${stop}`, usage && `${String(usage['output_tokens'] ?? '?')} tokens out`].filter(Boolean).join(' · ');
    }
    case 'message_stop':
    case 'ping':
      return type;
    case 'error': {
      const error = isObject(event['error']) ? event['error'] : {};
      return `error: ${String(error['type'] ?? '')} ${String(error['message'] ?? '')}`.trim();
    }
    default:
      return undefined;
  }
}
