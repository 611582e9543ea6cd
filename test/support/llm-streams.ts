// Realistic LLM streams, written from the official SDKs' own stream event types (so a field
// the API always sends cannot be forgotten): OpenAI chat completion chunks, Responses
// events and Anthropic Messages events, framed as the APIs frame them. Tests serve these
// exact bytes to both the SDKs' stream helpers and our connection, and compare the answers.
import type { MessageStreamEvent, Usage as AnthropicUsage } from '@anthropic-ai/sdk/resources/messages';
import type { ErrorResponse } from '@anthropic-ai/sdk/resources/shared';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import type { Response, ResponseOutputItem, ResponseStreamEvent, ResponseUsage } from 'openai/resources/responses/responses';

/** `data: {json}` frames, then `data: [DONE]`: how chat completions stream. */
export function chatFrames(chunks: ChatCompletionChunk[]): string[] {
  return [...chunks.map((c) => `data: ${JSON.stringify(c)}\n\n`), 'data: [DONE]\n\n'];
}

/** `event: <type>` + `data: {json}` frames: how the Responses and Anthropic APIs stream. */
export function namedFrames(events: Array<{ type: string }>): string[] {
  return events.map((e) => `event: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`);
}

// ---------------------------------------------------------------- OpenAI chat completions

type ChunkChoice = ChatCompletionChunk.Choice;

function chunkOf(id: string, choices: ChunkChoice[], usage: ChatCompletionChunk['usage'] = null): ChatCompletionChunk {
  return { id, object: 'chat.completion.chunk', created: 1_760_000_000, model: 'gpt-4.1-mini-2025-04-14', service_tier: 'default', system_fingerprint: 'fp_b1a2', choices, usage };
}

function choice(index: number, delta: ChunkChoice['delta'], finish: ChunkChoice['finish_reason'] = null): ChunkChoice {
  return { index, delta, logprobs: null, finish_reason: finish };
}

/** Text, then two parallel tool calls whose arguments arrive in interleaved fragments; usage last. */
export function chatToolCallsStream(): string[] {
  const id = 'chatcmpl-Cx1tools';
  const c = (delta: ChunkChoice['delta'], finish: ChunkChoice['finish_reason'] = null) => chunkOf(id, [choice(0, delta, finish)]);
  return chatFrames([
    c({ role: 'assistant', content: '', refusal: null }),
    ...['Let me ', 'check both ', 'cities.'].map((t) => c({ content: t })),
    c({ tool_calls: [{ index: 0, id: 'call_Lis8a', type: 'function', function: { name: 'get_weather', arguments: '' } }] }),
    c({ tool_calls: [{ index: 0, function: { arguments: '{"city":' } }] }),
    c({ tool_calls: [{ index: 1, id: 'call_Par3b', type: 'function', function: { name: 'get_weather', arguments: '' } }] }),
    c({ tool_calls: [{ index: 1, function: { arguments: '{"city":"Pa' } }] }),
    c({ tool_calls: [{ index: 0, function: { arguments: '"Lisbon","unit":"c"}' } }] }),
    c({ tool_calls: [{ index: 1, function: { arguments: 'ris","unit":"c"}' } }] }),
    c({}, 'tool_calls'),
    chunkOf(id, [], { prompt_tokens: 82, completion_tokens: 41, total_tokens: 123, prompt_tokens_details: { cached_tokens: 0 }, completion_tokens_details: { reasoning_tokens: 0 } }),
  ]);
}

/** n = 3: three choices interleaved token by token, ending differently; usage last. */
export function chatChoicesStream(): string[] {
  const id = 'chatcmpl-Cx2choices';
  const words = [
    ['Red', ' sky', ' at', ' night.'],
    ['Blue', ' is', ' calm.'],
    ['Green', ' fields', ' and'],
  ];
  const chunks: ChatCompletionChunk[] = [0, 1, 2].map((i) => chunkOf(id, [choice(i, { role: 'assistant', content: '', refusal: null })]));
  for (let t = 0; t < 4; t++) {
    for (let i = 0; i < 3; i++) {
      const w = words[i]![t];
      if (w !== undefined) chunks.push(chunkOf(id, [choice(i, { content: w })]));
    }
  }
  chunks.push(chunkOf(id, [choice(1, {}, 'stop')]), chunkOf(id, [choice(0, {}, 'stop')]), chunkOf(id, [choice(2, {}, 'length')]));
  chunks.push(chunkOf(id, [], { prompt_tokens: 12, completion_tokens: 11, total_tokens: 23 }));
  return chatFrames(chunks);
}

/** A refusal: content stays null, the explanation streams in `delta.refusal`. */
export function chatRefusalStream(): string[] {
  const id = 'chatcmpl-Cx3refusal';
  const c = (delta: ChunkChoice['delta'], finish: ChunkChoice['finish_reason'] = null) => chunkOf(id, [choice(0, delta, finish)]);
  return chatFrames([
    c({ role: 'assistant', content: null, refusal: '' }),
    ...["I'm sorry,", " I can't", ' help with', ' that.'].map((t) => c({ refusal: t })),
    c({}, 'stop'),
    chunkOf(id, [], { prompt_tokens: 30, completion_tokens: 9, total_tokens: 39 }),
  ]);
}

// ---------------------------------------------------------------- OpenAI Responses

/** An event without its sequence_number (numbered as pushed); distributes over the union. */
type Unsequenced<T> = T extends unknown ? Omit<T, 'sequence_number'> : never;

/** The response object as the wire carries it: without `output_text`, which the SDK derives. */
function responseOf(id: string, status: Response['status'], output: ResponseOutputItem[], usage?: ResponseUsage): Response {
  const { output_text: _derived, ...wire } = responseWithText(id, status, output, usage);
  return wire as Response;
}

function responseWithText(id: string, status: Response['status'], output: ResponseOutputItem[], usage?: ResponseUsage): Response {
  return {
    id,
    object: 'response',
    created_at: 1_760_000_100,
    status,
    access_programs: null,
    output_text: '',
    error: null,
    incomplete_details: null,
    instructions: null,
    metadata: {},
    model: 'o4-mini-2025-04-16',
    output,
    parallel_tool_calls: true,
    temperature: 1,
    tool_choice: 'auto',
    tools: [],
    top_p: 1,
    ...(usage ? { usage } : {}),
  };
}

/** Reasoning in two summary parts, a text answer and two parallel function calls in fragments. */
export function responsesStream(): string[] {
  const id = 'resp_68a1reasoning';
  const summary = ['**Planning the lookup**\n\nThe user wants two cities.', '**Calling tools**\n\nOne call per city, in parallel.'];
  const text = ['Checking', ' Lisbon', ' and Paris.'];
  const calls = [
    { item: 'fc_68a1aaa', call: 'call_Wx1Lis', args: ['{"city":', '"Lisbon"}'] },
    { item: 'fc_68a1bbb', call: 'call_Wx2Par', args: ['{"ci', 'ty":"Paris"}'] },
  ];
  const reasoningItem: ResponseOutputItem = { id: 'rs_68a1r', type: 'reasoning', summary: summary.map((s) => ({ type: 'summary_text' as const, text: s })) };
  const messageItem: ResponseOutputItem = { id: 'msg_68a1m', type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: text.join(''), annotations: [], logprobs: [] }] };
  const callItems: ResponseOutputItem[] = calls.map((c) => ({ id: c.item, type: 'function_call', status: 'completed', call_id: c.call, name: 'get_weather', arguments: c.args.join('') }));
  const usage: ResponseUsage = { input_tokens: 210, input_tokens_details: { cached_tokens: 0, cache_write_tokens: 0 }, output_tokens: 96, output_tokens_details: { reasoning_tokens: 64 }, total_tokens: 306 };

  let seq = 0;
  const events: ResponseStreamEvent[] = [];
  const push = (e: Unsequenced<ResponseStreamEvent>) => events.push({ ...e, sequence_number: seq++ } as ResponseStreamEvent);
  push({ type: 'response.created', response: responseOf(id, 'in_progress', []) });
  push({ type: 'response.in_progress', response: responseOf(id, 'in_progress', []) });
  // Reasoning item, output 0: two summary parts.
  push({ type: 'response.output_item.added', output_index: 0, item: { id: 'rs_68a1r', type: 'reasoning', summary: [] } });
  summary.forEach((s, i) => {
    push({ type: 'response.reasoning_summary_part.added', item_id: 'rs_68a1r', output_index: 0, summary_index: i, part: { type: 'summary_text', text: '' } });
    for (const piece of [s.slice(0, 12), s.slice(12)]) push({ type: 'response.reasoning_summary_text.delta', item_id: 'rs_68a1r', output_index: 0, summary_index: i, delta: piece });
    push({ type: 'response.reasoning_summary_text.done', item_id: 'rs_68a1r', output_index: 0, summary_index: i, text: s });
    push({ type: 'response.reasoning_summary_part.done', item_id: 'rs_68a1r', output_index: 0, summary_index: i, part: { type: 'summary_text', text: s } });
  });
  push({ type: 'response.output_item.done', output_index: 0, item: reasoningItem });
  // Message item, output 1.
  push({ type: 'response.output_item.added', output_index: 1, item: { id: 'msg_68a1m', type: 'message', role: 'assistant', status: 'in_progress', content: [] } });
  push({ type: 'response.content_part.added', item_id: 'msg_68a1m', output_index: 1, content_index: 0, part: { type: 'output_text', text: '', annotations: [], logprobs: [] } });
  for (const t of text) push({ type: 'response.output_text.delta', item_id: 'msg_68a1m', output_index: 1, content_index: 0, delta: t, logprobs: [] });
  push({ type: 'response.output_text.done', item_id: 'msg_68a1m', output_index: 1, content_index: 0, text: text.join(''), logprobs: [] });
  push({ type: 'response.content_part.done', item_id: 'msg_68a1m', output_index: 1, content_index: 0, part: { type: 'output_text', text: text.join(''), annotations: [], logprobs: [] } });
  push({ type: 'response.output_item.done', output_index: 1, item: messageItem });
  // Two function calls, outputs 2 and 3, their argument fragments interleaved.
  calls.forEach((c, i) => push({ type: 'response.output_item.added', output_index: 2 + i, item: { id: c.item, type: 'function_call', status: 'in_progress', call_id: c.call, name: 'get_weather', arguments: '' } }));
  for (let f = 0; f < 2; f++) calls.forEach((c, i) => push({ type: 'response.function_call_arguments.delta', item_id: c.item, output_index: 2 + i, delta: c.args[f]! }));
  calls.forEach((c, i) => {
    push({ type: 'response.function_call_arguments.done', item_id: c.item, output_index: 2 + i, arguments: c.args.join('') });
    push({ type: 'response.output_item.done', output_index: 2 + i, item: callItems[i]! });
  });
  push({ type: 'response.completed', response: responseOf(id, 'completed', [reasoningItem, messageItem, ...callItems], usage) });
  return namedFrames(events);
}

// ---------------------------------------------------------------- Anthropic Messages

const anthropicUsage = (input: number, output: number): AnthropicUsage => ({
  input_tokens: input,
  output_tokens: output,
  cache_creation: null,
  cache_creation_input_tokens: 0,
  cache_read_input_tokens: 0,
  inference_geo: null,
  output_tokens_details: null,
  server_tool_use: null,
  service_tier: 'standard',
  speed: null,
});

function messageStart(id: string, input: number): MessageStreamEvent {
  return {
    type: 'message_start',
    message: { id, type: 'message', role: 'assistant', model: 'claude-sonnet-4-5-20250929', content: [], container: null, diagnostics: null, stop_details: null, stop_reason: null, stop_sequence: null, usage: anthropicUsage(input, 1) },
  } as MessageStreamEvent;
}

export const THINKING_SIGNATURES = ['EqQBCkYIBxgCKkCvR2sig1first', 'ErUBCkYIBxgCKkBmQ9sig2second'];

/** Two thinking blocks with signatures, text, and two tool_use blocks in fragments. */
export function anthropicStream(): string[] {
  const id = 'msg_01ThinkTools';
  const events: MessageStreamEvent[] = [messageStart(id, 472)];
  const thoughts = [
    ['The user asks about', ' two cities.'],
    ['I will call the tool', ' twice.'],
  ];
  let index = 0;
  thoughts.forEach((pieces, i) => {
    events.push({ type: 'content_block_start', index, content_block: { type: 'thinking', thinking: '', signature: '' } });
    for (const p of pieces) events.push({ type: 'content_block_delta', index, delta: { type: 'thinking_delta', thinking: p } });
    events.push({ type: 'content_block_delta', index, delta: { type: 'signature_delta', signature: THINKING_SIGNATURES[i]! } });
    events.push({ type: 'content_block_stop', index });
    index++;
  });
  events.push({ type: 'content_block_start', index, content_block: { type: 'text', text: '', citations: null } });
  for (const t of ['Checking', ' both', ' now.']) events.push({ type: 'content_block_delta', index, delta: { type: 'text_delta', text: t } });
  events.push({ type: 'content_block_stop', index });
  index++;
  for (const [toolId, args] of [
    ['toolu_01Lis', ['{"city": "Lis', 'bon"}']],
    ['toolu_02Par', ['', '{"city": ', '"Paris"}']],
  ] as const) {
    events.push({ type: 'content_block_start', index, content_block: { type: 'tool_use', id: toolId, name: 'get_weather', input: {}, caller: { type: 'direct' } } } as MessageStreamEvent);
    for (const a of args) events.push({ type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: a } });
    events.push({ type: 'content_block_stop', index });
    index++;
  }
  events.push({ type: 'message_delta', delta: { stop_reason: 'tool_use', stop_sequence: null, container: null, stop_details: null }, usage: { input_tokens: 472, output_tokens: 158, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens_details: null, server_tool_use: null } } as MessageStreamEvent);
  events.push({ type: 'message_stop' });
  return namedFrames(events);
}

export const OVERLOADED = { type: 'overloaded_error', message: 'Overloaded' } as const;

/** Text under way, then `event: error` (overloaded_error): the API gives up mid-answer. */
export function anthropicErrorStream(): string[] {
  const id = 'msg_01Overloaded';
  const events: Array<MessageStreamEvent | ErrorResponse> = [
    messageStart(id, 25),
    { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '', citations: null } },
    ...['Here is', ' the first', ' part'].map((t): MessageStreamEvent => ({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: t } })),
    { type: 'error', error: OVERLOADED, request_id: null },
  ];
  return namedFrames(events);
}
