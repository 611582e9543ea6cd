// LLM chat backends as they really stream (OpenAI chat/completions and Responses,
// Anthropic Messages), each with reasoning, a tool call and token usage, for the answer
// merge view; tests check them against the official SDKs (llm-sdk-crosscheck.test.ts).
// GET or POST; ?delayMs= between fragments (default 30); Anthropic's ?error=overloaded
// breaks off mid-answer with `event: error`.
import type { Handler } from './context';
import { frame, intParam, openStream, send, sleep } from './sse';

const ANSWER = ['Server-Sent', ' Events', ' stream', ' text', ' over', ' one', ' HTTP', ' response.'];
const THOUGHTS = ['The user asks', ' about SSE;', ' answer briefly.'];
const TOOL_ARGS = ['{"city":', '"Paris",', '"unit":"c"}'];
/** Token counts every demo reports (input, output). */
const USAGE = { input: 37, output: 42 };
/** A thinking block's signature, as Anthropic streams it (opaque, base64). */
const THINKING_SIGNATURE = 'EqQBCkYIBxgCKkDemoSignatureOfTheThinkingBlock0a1b2c3d4e5f';

async function play(res: Parameters<Handler>[1], delayMs: number, frames: string[]): Promise<void> {
  openStream(res);
  for (const f of frames) {
    if (delayMs > 0) await sleep(delayMs);
    if (!send(res, f)) return;
  }
  res.end();
}

export function openAiChatFrames(id = 'chatcmpl-demo1'): string[] {
  const chunk = (choices: unknown[], usage: Record<string, number> | null = null) =>
    frame({ data: { id, object: 'chat.completion.chunk', created: 1_700_000_000, model: 'gpt-4o-demo', choices, usage } });
  const delta = (d: Record<string, unknown>, finish: string | null = null) => chunk([{ index: 0, delta: d, finish_reason: finish }]);
  return [
    delta({ role: 'assistant', content: '' }),
    ...THOUGHTS.map((t) => delta({ reasoning_content: t })),
    ...ANSWER.map((t) => delta({ content: t })),
    delta({ tool_calls: [{ index: 0, id: 'call_demo_weather', type: 'function', function: { name: 'get_weather', arguments: '' } }] }),
    ...TOOL_ARGS.map((a) => delta({ tool_calls: [{ index: 0, function: { arguments: a } }] })),
    delta({}, 'tool_calls'),
    // stream_options.include_usage: the counts come last, in a chunk with no choices.
    chunk([], { prompt_tokens: USAGE.input, completion_tokens: USAGE.output, total_tokens: USAGE.input + USAGE.output }),
    'data: [DONE]\n\n',
  ];
}

/**
 * As the Responses API streams: numbered events, each output item added, filled and done
 * (reasoning summary, message, function call), then the whole response with its usage.
 * A function call has two ids: the item's (`fc_…`, which argument deltas name) and the
 * `call_id` (`call_…`) that the tool result must quote.
 */
export function openAiResponsesFrames(id = 'resp_demo1'): string[] {
  let sequence = 0;
  const ev = (type: string, data: Record<string, unknown>) => frame({ event: type, data: { type, ...data, sequence_number: sequence++ } });
  const response = (status: string, output: unknown[], usage?: Record<string, number>) => ({ id, object: 'response', created_at: 1_700_000_000, model: 'gpt-4.1-demo', status, output, ...(usage ? { usage } : {}) });
  const summary = THOUGHTS.join('');
  const text = ANSWER.join('');
  const args = TOOL_ARGS.join('');
  const reasoning = { id: 'rs_demo1', type: 'reasoning', summary: [{ type: 'summary_text', text: summary }] };
  const message = { id: 'msg_demo1', type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text, annotations: [] }] };
  const call = { id: 'fc_demo1', type: 'function_call', status: 'completed', call_id: 'call_demo_weather', name: 'get_weather', arguments: args };
  return [
    ev('response.created', { response: response('in_progress', []) }),
    ev('response.output_item.added', { output_index: 0, item: { ...reasoning, summary: [] } }),
    ev('response.reasoning_summary_part.added', { item_id: 'rs_demo1', output_index: 0, summary_index: 0, part: { type: 'summary_text', text: '' } }),
    ...THOUGHTS.map((t) => ev('response.reasoning_summary_text.delta', { item_id: 'rs_demo1', output_index: 0, summary_index: 0, delta: t })),
    ev('response.reasoning_summary_part.done', { item_id: 'rs_demo1', output_index: 0, summary_index: 0, part: { type: 'summary_text', text: summary } }),
    ev('response.output_item.done', { output_index: 0, item: reasoning }),
    ev('response.output_item.added', { output_index: 1, item: { ...message, status: 'in_progress', content: [] } }),
    ev('response.content_part.added', { item_id: 'msg_demo1', output_index: 1, content_index: 0, part: { type: 'output_text', text: '', annotations: [] } }),
    ...ANSWER.map((t) => ev('response.output_text.delta', { item_id: 'msg_demo1', output_index: 1, content_index: 0, delta: t })),
    ev('response.content_part.done', { item_id: 'msg_demo1', output_index: 1, content_index: 0, part: { type: 'output_text', text, annotations: [] } }),
    ev('response.output_item.done', { output_index: 1, item: message }),
    ev('response.output_item.added', { output_index: 2, item: { ...call, status: 'in_progress', arguments: '' } }),
    ...TOOL_ARGS.map((a) => ev('response.function_call_arguments.delta', { item_id: 'fc_demo1', output_index: 2, delta: a })),
    ev('response.function_call_arguments.done', { item_id: 'fc_demo1', output_index: 2, arguments: args }),
    ev('response.output_item.done', { output_index: 2, item: call }),
    ev('response.completed', { response: response('completed', [reasoning, message, call], { input_tokens: USAGE.input, output_tokens: USAGE.output, total_tokens: USAGE.input + USAGE.output }) }),
  ];
}

export function anthropicFrames(id = 'msg_demo1'): string[] {
  const ev = (type: string, data: Record<string, unknown>) => frame({ event: type, data: { type, ...data } });
  return [
    ev('message_start', { message: { id, type: 'message', role: 'assistant', model: 'claude-demo', content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: USAGE.input, output_tokens: 1 } } }),
    ev('content_block_start', { index: 0, content_block: { type: 'thinking', thinking: '', signature: '' } }),
    ...THOUGHTS.map((t) => ev('content_block_delta', { index: 0, delta: { type: 'thinking_delta', thinking: t } })),
    ev('content_block_delta', { index: 0, delta: { type: 'signature_delta', signature: THINKING_SIGNATURE } }),
    ev('content_block_stop', { index: 0 }),
    ev('ping', {}),
    ev('content_block_start', { index: 1, content_block: { type: 'text', text: '' } }),
    ...ANSWER.map((t) => ev('content_block_delta', { index: 1, delta: { type: 'text_delta', text: t } })),
    ev('content_block_stop', { index: 1 }),
    ev('content_block_start', { index: 2, content_block: { type: 'tool_use', id: 'toolu_demo_weather', name: 'get_weather', input: {} } }),
    ...TOOL_ARGS.map((a) => ev('content_block_delta', { index: 2, delta: { type: 'input_json_delta', partial_json: a } })),
    ev('content_block_stop', { index: 2 }),
    ev('message_delta', { delta: { stop_reason: 'tool_use', stop_sequence: null }, usage: { output_tokens: USAGE.output } }),
    ev('message_stop', {}),
  ];
}

/** What every LLM demo answers with, for tests. */
export const LLM_DEMO = {
  text: ANSWER.join(''),
  reasoning: THOUGHTS.join(''),
  toolName: 'get_weather',
  toolArguments: TOOL_ARGS.join(''),
  /** The id a tool result quotes, per format (Responses: the call_id, not the fc_ item id). */
  toolCallIds: { 'openai-chat': 'call_demo_weather', 'openai-responses': 'call_demo_weather', anthropic: 'toolu_demo_weather' } as Record<string, string>,
  usage: USAGE,
  signature: THINKING_SIGNATURE,
};

export const openAiChat: Handler = (_req, res, url) => play(res, intParam(url.searchParams, 'delayMs', 30), openAiChatFrames());
export const openAiResponses: Handler = (_req, res, url) => play(res, intParam(url.searchParams, 'delayMs', 30), openAiResponsesFrames());
export const anthropic: Handler = (_req, res, url) =>
  play(res, intParam(url.searchParams, 'delayMs', 30), url.searchParams.get('error') === 'overloaded' ? anthropicOverloadedFrames() : anthropicFrames());

/** ?error=overloaded: the answer starts, then the API gives up with `event: error` (overloaded_error). */
export function anthropicOverloadedFrames(id = 'msg_demo_overloaded'): string[] {
  const ev = (type: string, data: Record<string, unknown>) => frame({ event: type, data: { type, ...data } });
  return [
    ev('message_start', { message: { id, type: 'message', role: 'assistant', model: 'claude-demo', content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: USAGE.input, output_tokens: 1 } } }),
    ev('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }),
    ...ANSWER.slice(0, 3).map((t) => ev('content_block_delta', { index: 0, delta: { type: 'text_delta', text: t } })),
    ev('error', { error: { type: 'overloaded_error', message: 'Overloaded' }, request_id: null }),
  ];
}
