// Our assembled answers against the official SDKs' own stream helpers, from the same bytes:
// each stream is served by a real HTTP server on 127.0.0.1; the SDK (baseURL pointed at it)
// assembles its final object with finalChatCompletion() / finalResponse() / finalMessage(),
// and our real connection + session assembles the answer from the same server. Field by
// field: text per choice, refusal, tool calls (id / call_id, name, arguments), reasoning
// and thinking signatures, finish / stop reason, usage, and the error that ends a stream.
import assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { anthropicFrames, openAiChatFrames, openAiResponsesFrames } from '../../../../demo/llm';
import type { AnswerParts, AssembledMessage } from '../../../../src/core/assemble';
import type { StreamDiagnostic } from '../../../../src/core/diagnostics';
import { POLICY_PRESETS } from '../../../../src/core/base/reconnect';
import { run } from '../../../support/collect';
import { anthropicErrorStream, anthropicStream, chatChoicesStream, chatRefusalStream, chatToolCallsStream, OVERLOADED, responsesStream, THINKING_SIGNATURES } from '../../../support/llm-streams';
import { startRawServer, type RawServer } from '../../../support/raw-server';

const STREAMS: Record<string, () => string[]> = {
  'chat-tools': chatToolCallsStream,
  'chat-choices': chatChoicesStream,
  'chat-refusal': chatRefusalStream,
  'demo-chat': () => openAiChatFrames(),
  responses: responsesStream,
  'demo-responses': () => openAiResponsesFrames(),
  anthropic: anthropicStream,
  'demo-anthropic': () => anthropicFrames(),
  'anthropic-error': anthropicErrorStream,
};

let server: RawServer;
before(async () => {
  // /s/<stream>/… serves that stream's exact bytes, whatever path the client appends.
  server = await startRawServer((req) => {
    const name = /^\/s\/([^/]+)\//.exec(req.url)?.[1] ?? '';
    const frames = STREAMS[name];
    return frames ? { chunks: frames(), gapMs: 0 } : { status: 404, headers: { 'content-type': 'application/json' }, chunks: ['{"error":"no such stream"}'] };
  });
});
after(() => server.close());

const base = (name: string) => `${server.url}/s/${name}`;
const openai = (name: string) => new OpenAI({ baseURL: base(name), apiKey: 'sk-test-not-a-key', maxRetries: 0 });
const anthropic = (name: string) => new Anthropic({ baseURL: base(name), apiKey: 'sk-ant-test-not-a-key', maxRetries: 0 });

/** Our side: a real connection to the same stream, through the session that assembles answers. */
async function ours(name: string): Promise<{ answer: AssembledMessage; diagnostics: StreamDiagnostic[] }> {
  const r = run({ request: { url: `${base(name)}/stream`, method: 'POST', body: '{"stream":true}' }, reconnect: POLICY_PRESETS.none });
  try {
    await r.untilState(['closed']);
    const answers = r.inspector.session.messages();
    assert.equal(answers.length, 1, `one answer from ${name}`);
    return { answer: answers[0]!, diagnostics: r.inspector.session.snapshot().diagnostics ?? [] };
  } finally {
    await r.dispose();
  }
}

/** Choice `index` of our answer (0 is the answer itself). */
function ourChoice(m: AssembledMessage, index: number): AnswerParts | undefined {
  return index === 0 ? m : m.otherChoices?.find((c) => c.index === index);
}

describe('LLM answers against the official SDKs (same bytes, field by field)', () => {
  for (const name of ['chat-tools', 'chat-choices', 'chat-refusal', 'demo-chat']) {
    it(`OpenAI chat (${name}): every choice's text, refusal, tool calls and finish reason, and the usage, as finalChatCompletion()`, async () => {
      const sdk = await openai(name).chat.completions.stream({ model: 'gpt-4.1-mini', messages: [{ role: 'user', content: 'hi' }], stream_options: { include_usage: true } }).finalChatCompletion();
      const { answer } = await ours(name);
      assert.equal(answer.id, sdk.id);
      assert.equal(answer.model, sdk.model);
      assert.equal(1 + (answer.otherChoices?.length ?? 0), sdk.choices.length, 'as many choices');
      for (const c of sdk.choices) {
        const mine = ourChoice(answer, c.index);
        assert.ok(mine, `choice ${c.index} assembled`);
        assert.equal(mine.text, c.message.content ?? '', `choice ${c.index} text`);
        assert.equal(mine.refusal ?? null, c.message.refusal ?? null, `choice ${c.index} refusal`);
        assert.equal(mine.finishReason, c.finish_reason, `choice ${c.index} finish reason`);
        const calls = (c.message.tool_calls ?? []).map((t) => (t.type === 'function' ? [t.id, t.function.name, t.function.arguments] : [t.id]));
        assert.deepEqual((mine.toolCalls ?? []).map((t) => [t.id, t.name, t.arguments]), calls, `choice ${c.index} tool calls`);
      }
      const usage = sdk.usage ? { input: sdk.usage.prompt_tokens, output: sdk.usage.completion_tokens, total: sdk.usage.total_tokens } : undefined;
      assert.deepEqual(answer.usage, usage);
      assert.equal(answer.done, true);
    });
  }

  for (const name of ['responses', 'demo-responses']) {
    it(`OpenAI Responses (${name}): text, reasoning summary parts, function calls by call_id, status and usage, as finalResponse()`, async () => {
      const sdk = await openai(name).responses.stream({ model: 'o4-mini', input: 'hi' }).finalResponse();
      const { answer } = await ours(name);
      assert.equal(answer.id, sdk.id);
      assert.equal(answer.model, sdk.model);
      assert.equal(answer.text, sdk.output_text);
      const summaries = sdk.output.flatMap((item) => (item.type === 'reasoning' ? item.summary.map((s) => s.text) : []));
      assert.equal(answer.reasoning ?? '', summaries.join('\n\n'), 'summary parts are paragraphs');
      const calls = sdk.output.flatMap((item) => (item.type === 'function_call' ? [[item.call_id, item.name, item.arguments]] : []));
      assert.deepEqual((answer.toolCalls ?? []).map((t) => [t.id, t.name, t.arguments]), calls);
      assert.ok(calls.every(([id]) => id!.startsWith('call_')), 'the ids a tool result quotes');
      assert.equal(answer.finishReason, sdk.status);
      const usage = sdk.usage ? { input: sdk.usage.input_tokens, output: sdk.usage.output_tokens, total: sdk.usage.total_tokens } : undefined;
      assert.deepEqual(answer.usage, usage);
      assert.equal(answer.done, true);
    });
  }

  for (const name of ['anthropic', 'demo-anthropic']) {
    it(`Anthropic (${name}): text, thinking and its signatures, tool_use, stop reason and usage, as finalMessage()`, async () => {
      const sdk = await anthropic(name).messages.stream({ model: 'claude-sonnet-4-5', max_tokens: 1024, messages: [{ role: 'user', content: 'hi' }] }).finalMessage();
      const { answer } = await ours(name);
      assert.equal(answer.id, sdk.id);
      assert.equal(answer.model, sdk.model);
      assert.equal(answer.text, sdk.content.flatMap((b) => (b.type === 'text' ? [b.text] : [])).join(''));
      const thinking = sdk.content.flatMap((b) => (b.type === 'thinking' ? [b] : []));
      assert.equal(answer.reasoning ?? '', thinking.map((b) => b.thinking).join('\n\n'), 'thinking blocks are paragraphs');
      assert.deepEqual(answer.signatures ?? [], thinking.map((b) => b.signature));
      const tools = sdk.content.flatMap((b) => (b.type === 'tool_use' ? [[b.id, b.name, b.input]] : []));
      assert.deepEqual((answer.toolCalls ?? []).map((t) => [t.id, t.name, t.arguments === '' ? {} : JSON.parse(t.arguments)]), tools);
      assert.equal(answer.finishReason, sdk.stop_reason);
      assert.deepEqual(answer.usage, { input: sdk.usage.input_tokens, output: sdk.usage.output_tokens });
      assert.equal(answer.done, true);
      assert.equal(answer.error, undefined);
    });
  }

  it('the realistic streams carry what they are meant to test (so the comparisons above are not vacuous)', async () => {
    const tools = await openai('chat-tools').chat.completions.stream({ model: 'm', messages: [] }).finalChatCompletion();
    assert.equal(tools.choices[0]!.message.tool_calls?.length, 2);
    assert.ok(tools.usage);
    const choices = await openai('chat-choices').chat.completions.stream({ model: 'm', messages: [], n: 3 }).finalChatCompletion();
    assert.deepEqual(choices.choices.map((c) => c.finish_reason), ['stop', 'stop', 'length']);
    const refusal = await openai('chat-refusal').chat.completions.stream({ model: 'm', messages: [] }).finalChatCompletion();
    assert.equal(refusal.choices[0]!.message.refusal, "I'm sorry, I can't help with that.");
    const resp = await openai('responses').responses.stream({ model: 'm', input: '' }).finalResponse();
    assert.equal(resp.output.filter((i) => i.type === 'function_call').length, 2);
    const reasoning = resp.output.find((i) => i.type === 'reasoning');
    assert.equal(reasoning?.type === 'reasoning' ? reasoning.summary.length : 0, 2);
    const msg = await anthropic('anthropic').messages.stream({ model: 'm', max_tokens: 1, messages: [] }).finalMessage();
    assert.deepEqual(msg.content.flatMap((b) => (b.type === 'thinking' ? [b.signature] : [])), THINKING_SIGNATURES);
  });

  it('Anthropic event: error mid-stream: the SDK throws overloaded_error; our answer ends as failed with its type and message, and a stream problem', async () => {
    const stream = anthropic('anthropic-error').messages.stream({ model: 'claude-sonnet-4-5', max_tokens: 1024, messages: [{ role: 'user', content: 'hi' }] });
    const thrown = await stream.finalMessage().then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(thrown instanceof Anthropic.APIError, `the SDK throws an APIError, got ${String(thrown)}`);
    assert.equal(thrown.type, OVERLOADED.type);
    assert.equal(thrown.apiMessage, OVERLOADED.message);

    const { answer, diagnostics } = await ours('anthropic-error');
    assert.equal(answer.done, true, 'no longer streaming');
    assert.deepEqual(answer.error, { type: thrown.type, message: thrown.apiMessage });
    assert.equal(answer.text, 'Here is the first part', 'what came before the error is kept');
    const problem = diagnostics.find((d) => d.code === 'api-error');
    assert.ok(problem, `a stream problem; got ${JSON.stringify(diagnostics.map((d) => d.code))}`);
    assert.equal(problem.severity, 'error');
    assert.match(problem.message, /overloaded_error: Overloaded/);
  });
});
