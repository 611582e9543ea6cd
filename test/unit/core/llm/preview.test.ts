// The timeline's preview of streamed-answer chunks shows what each chunk adds, not the JSON
// prefix all chunks share; anything unrecognised keeps its raw data.
import assert from 'node:assert/strict';
import { llmPreview } from '../../../../src/core/llm/preview';

const chat = (delta: object, finish: string | null = null): string =>
  JSON.stringify({ id: 'chatcmpl-demo1', object: 'chat.completion.chunk', created: 1_700_000_000, model: 'gpt-4.1-mini', choices: [{ index: 0, delta, finish_reason: finish }] });

describe('llm preview', () => {
  it('OpenAI chat chunks: the delta text, the tool-call fragment, the finish reason', () => {
    assert.equal(llmPreview(chat({ role: 'assistant', content: '' })), 'role: assistant');
    assert.equal(llmPreview(chat({ content: 'Hello,\nworld' })), 'content: "Hello,\\nworld"');
    assert.equal(llmPreview(chat({ reasoning_content: 'The user wants' })), 'reasoning: "The user wants"');
    assert.equal(llmPreview(chat({ tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '' } }] })), 'tool_calls[0]: get_weather(');
    assert.equal(llmPreview(chat({ tool_calls: [{ index: 0, function: { arguments: '{"city":' } }] })), 'tool_calls[0] arguments: {"city":');
    assert.equal(llmPreview(chat({}, 'stop')), 'finish_reason: stop');
    assert.notEqual(llmPreview(chat({ content: 'a' })), llmPreview(chat({ content: 'b' })));
  });

  it('OpenAI Responses events: the delta, the item, the response status', () => {
    assert.equal(llmPreview(JSON.stringify({ type: 'response.output_text.delta', item_id: 'msg_1', output_index: 0, delta: 'Hi' })), 'output_text.delta: "Hi"');
    assert.equal(llmPreview(JSON.stringify({ type: 'response.function_call_arguments.delta', delta: '{"a":1' })), 'function_call_arguments.delta: {"a":1');
    assert.equal(llmPreview(JSON.stringify({ type: 'response.output_item.added', item: { type: 'function_call', name: 'lookup' } })), 'output_item.added: function_call lookup');
    assert.equal(llmPreview(JSON.stringify({ type: 'response.completed', response: { id: 'resp_1', status: 'completed', model: 'gpt-5' } })), 'completed · completed · gpt-5');
  });

  it('Anthropic events: the block type on start and stop, the delta text or JSON', () => {
    assert.equal(llmPreview(JSON.stringify({ type: 'content_block_start', index: 1, content_block: { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: {} } })), 'start [1]: tool_use get_weather');
    assert.equal(llmPreview(JSON.stringify({ type: 'content_block_stop', index: 1 })), 'stop [1]');
    assert.equal(llmPreview(JSON.stringify({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'It is' } })), 'text_delta [0]: "It is"');
    assert.equal(llmPreview(JSON.stringify({ type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '{"city": "Li' } })), 'input_json_delta [1]: {"city": "Li');
    assert.equal(llmPreview(JSON.stringify({ type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 12 } })), 'message_delta · stop_reason: end_turn · 12 tokens out');
    assert.equal(llmPreview(JSON.stringify({ type: 'message_start', message: { id: 'msg_1', model: 'claude-sonnet-4' } })), 'message_start · claude-sonnet-4 · msg_1');
  });

  it('leaves everything else alone: other JSON, text, [DONE], broken JSON, huge chunks', () => {
    assert.equal(llmPreview('{"message":"SSE connected"}'), undefined);
    assert.equal(llmPreview('{"type":"user-joined","user":"ana"}'), undefined);
    assert.equal(llmPreview('[DONE]'), undefined);
    assert.equal(llmPreview('hello'), undefined);
    assert.equal(llmPreview('{"choices":[{"delta":{"content":"x"'), undefined);
    assert.equal(llmPreview(chat({ content: 'x'.repeat(40_000) })), undefined);
  });
});
