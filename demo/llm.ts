// LLM chat backends as they really stream (OpenAI chat/completions and Responses,
// Anthropic Messages), each with reasoning and a tool call, for the answer merge view.
// GET or POST; ?delayMs= between fragments (default 30).
import type { Handler } from './context';
import { frame, intParam, openStream, send, sleep } from './sse';

const ANSWER = ['Server-Sent', ' Events', ' stream', ' text', ' over', ' one', ' HTTP', ' response.'];
const THOUGHTS = ['The user asks', ' about SSE;', ' answer briefly.'];
const TOOL_ARGS = ['{"city":', '"Paris",', '"unit":"c"}'];

async function play(res: Parameters<Handler>[1], delayMs: number, frames: string[]): Promise<void> {
  openStream(res);
  for (const f of frames) {
    if (delayMs > 0) await sleep(delayMs);
    if (!send(res, f)) return;
  }
  res.end();
}

export function openAiChatFrames(id = 'chatcmpl-demo1'): string[] {
  const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
    frame({ data: { id, object: 'chat.completion.chunk', created: 1_700_000_000, model: 'gpt-4o-demo', choices: [{ index: 0, delta, finish_reason: finish }] } });
  return [
    chunk({ role: 'assistant', content: '' }),
    ...THOUGHTS.map((t) => chunk({ reasoning_content: t })),
    ...ANSWER.map((t) => chunk({ content: t })),
    chunk({ tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '' } }] }),
    ...TOOL_ARGS.map((a) => chunk({ tool_calls: [{ index: 0, function: { arguments: a } }] })),
    chunk({}, 'tool_calls'),
    'data: [DONE]\n\n',
  ];
}

export function openAiResponsesFrames(id = 'resp_demo1'): string[] {
  const ev = (type: string, data: Record<string, unknown>) => frame({ event: type, data: { type, ...data } });
  return [
    ev('response.created', { response: { id, model: 'gpt-4.1-demo', status: 'in_progress' } }),
    ...THOUGHTS.map((t) => ev('response.reasoning_summary_text.delta', { item_id: 'rs_1', delta: t })),
    ev('response.output_item.added', { output_index: 1, item: { id: 'msg_1', type: 'message' } }),
    ...ANSWER.map((t) => ev('response.output_text.delta', { item_id: 'msg_1', output_index: 1, delta: t })),
    ev('response.output_item.added', { output_index: 2, item: { id: 'fc_1', type: 'function_call', call_id: 'call_1', name: 'get_weather', arguments: '' } }),
    ...TOOL_ARGS.map((a) => ev('response.function_call_arguments.delta', { item_id: 'fc_1', output_index: 2, delta: a })),
    ev('response.completed', { response: { id, model: 'gpt-4.1-demo', status: 'completed' } }),
  ];
}

export function anthropicFrames(id = 'msg_demo1'): string[] {
  const ev = (type: string, data: Record<string, unknown>) => frame({ event: type, data: { type, ...data } });
  return [
    ev('message_start', { message: { id, type: 'message', role: 'assistant', model: 'claude-demo', content: [] } }),
    ev('content_block_start', { index: 0, content_block: { type: 'thinking', thinking: '' } }),
    ...THOUGHTS.map((t) => ev('content_block_delta', { index: 0, delta: { type: 'thinking_delta', thinking: t } })),
    ev('content_block_stop', { index: 0 }),
    ev('ping', {}),
    ev('content_block_start', { index: 1, content_block: { type: 'text', text: '' } }),
    ...ANSWER.map((t) => ev('content_block_delta', { index: 1, delta: { type: 'text_delta', text: t } })),
    ev('content_block_stop', { index: 1 }),
    ev('content_block_start', { index: 2, content_block: { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: {} } }),
    ...TOOL_ARGS.map((a) => ev('content_block_delta', { index: 2, delta: { type: 'input_json_delta', partial_json: a } })),
    ev('content_block_stop', { index: 2 }),
    ev('message_delta', { delta: { stop_reason: 'tool_use' }, usage: { output_tokens: 42 } }),
    ev('message_stop', {}),
  ];
}

/** What every LLM demo answers with, for tests. */
export const LLM_DEMO = { text: ANSWER.join(''), reasoning: THOUGHTS.join(''), toolName: 'get_weather', toolArguments: TOOL_ARGS.join('') };

export const openAiChat: Handler = (_req, res, url) => play(res, intParam(url.searchParams, 'delayMs', 30), openAiChatFrames());
export const openAiResponses: Handler = (_req, res, url) => play(res, intParam(url.searchParams, 'delayMs', 30), openAiResponsesFrames());
export const anthropic: Handler = (_req, res, url) => play(res, intParam(url.searchParams, 'delayMs', 30), anthropicFrames());
