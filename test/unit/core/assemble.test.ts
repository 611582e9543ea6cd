// Reassembly of the seed's streamed-answer formats.
import assert from 'node:assert/strict';
import { LLM_DEMO, openAiChatFrames } from '../../../demo/llm';
import { startDemoServer, type DemoServer } from '../../../demo/server';
import { MessageAssembler, parseJsonPath, readPath } from '../../../src/core/assemble';
import { POLICY_PRESETS } from '../../../src/core/base/reconnect';
import type { SseRecord } from '../../../src/core/base/records';
import { run } from '../../support/collect';
import { anthropicErrorStream, anthropicStream, chatChoicesStream, chatRefusalStream, chatToolCallsStream, responsesStream, THINKING_SIGNATURES } from '../../support/llm-streams';

let seq = 0;
const ev = (type: string, data: string): SseRecord => ({ kind: 'event', seq: ++seq, t: 0, mono: 0, attempt: 1, type, data, lastEventId: '', size: data.length, cls: 'data' });

describe('message assembler', () => {
  it('groups bot-chunk fragments by messageId and marks the final one', () => {
    const a = new MessageAssembler();
    a.observe(ev('bot-chunk', JSON.stringify({ messageId: 'm1', chunk: '你好', isFinal: false })));
    a.observe(ev('bot-chunk', JSON.stringify({ messageId: 'm2', chunk: 'Other ', isFinal: false })));
    a.observe(ev('bot-chunk', JSON.stringify({ messageId: 'm1', chunk: '，世界', isFinal: true })));
    const [m1, m2] = a.list();
    assert.deepEqual([m1!.id, m1!.text, m1!.chunks, m1!.done], ['m1', '你好，世界', 2, true]);
    assert.deepEqual([m2!.id, m2!.text, m2!.done], ['m2', 'Other ', false]);
  });

  it('joins content events and closes the answer on [DONE], which is not an error', () => {
    const a = new MessageAssembler();
    for (const [i, ch] of [...'Hi 😀'].entries()) a.observe(ev('content', JSON.stringify({ type: 'content', text: ch, messageId: 'c1', index: i })));
    assert.equal(a.list()[0]!.done, false);
    assert.equal(a.observe(ev('message', '[DONE]')), true);
    const m = a.list()[0]!;
    assert.equal(m.text, 'Hi 😀');
    assert.equal(m.done, true);
    assert.equal(m.format, 'content');
  });

  it('a new answer after [DONE] with the same conversation id starts a new message', () => {
    const a = new MessageAssembler();
    a.observe(ev('content', JSON.stringify({ type: 'content', text: 'one', messageId: 'c' })));
    a.observe(ev('message', '[DONE]'));
    a.observe(ev('content', JSON.stringify({ type: 'content', text: 'two', messageId: 'c' })));
    assert.deepEqual(a.list().map((m) => [m.text, m.done]), [['two', false]]);
  });

  it('ignores events that are not fragments', () => {
    const a = new MessageAssembler();
    assert.equal(a.observe(ev('heartbeat', '{"timestamp":1}')), false);
    assert.equal(a.observe(ev('message', 'not json')), false);
    assert.equal(a.observe(ev('content', '{"broken"')), false);
    assert.equal(a.observe(ev('message', '[DONE]')), false, 'a [DONE] with no open answer changes nothing');
    assert.equal(a.list().length, 0);
  });
});

describe('LLM stream merge against the demo server', () => {
  let demo: DemoServer;
  before(async () => {
    demo = await startDemoServer({ port: 0 });
  });
  after(() => demo.close());

  const cases: Array<[string, string, string]> = [
    ['/llm/openai-chat?delayMs=0', 'openai-chat', 'chatcmpl-demo1'],
    ['/llm/openai-responses?delayMs=0', 'openai-responses', 'resp_demo1'],
    ['/llm/anthropic?delayMs=0', 'anthropic', 'msg_demo1'],
  ];
  for (const [path, format, id] of cases) {
    it(`${format}: text, reasoning and the tool call are assembled; the answer is done`, async () => {
      const r = run({ request: { url: `${demo.url}${path}`, method: 'POST', body: '{"stream":true}' }, reconnect: POLICY_PRESETS.none });
      try {
        await r.untilState(['closed']);
        const [m, ...others] = r.inspector.session.messages();
        assert.equal(others.length, 0, 'one answer');
        assert.deepEqual([m!.format, m!.id, m!.done], [format, id, true]);
        assert.equal(m!.text, LLM_DEMO.text);
        assert.equal(m!.reasoning, LLM_DEMO.reasoning);
        assert.deepEqual(m!.toolCalls?.map((c) => [c.name, JSON.parse(c.arguments)]), [[LLM_DEMO.toolName, JSON.parse(LLM_DEMO.toolArguments)]]);
        assert.equal(m!.toolCalls?.[0]?.id, LLM_DEMO.toolCallIds[format], 'the id a tool result quotes (Responses: call_id, not the fc_ item id)');
        assert.deepEqual([m!.usage?.input, m!.usage?.output], [LLM_DEMO.usage.input, LLM_DEMO.usage.output], 'usage');
        if (format === 'anthropic') assert.deepEqual(m!.signatures, [LLM_DEMO.signature]);
        assert.ok(m!.model && m!.finishReason, 'model and finish reason shown');
        assert.equal(r.ofKind('error').length, 0);
      } finally {
        await r.dispose();
      }
    });
  }
});

describe('LLM stream merge: an API error mid-answer (demo server)', () => {
  let demo: DemoServer;
  before(async () => {
    demo = await startDemoServer({ port: 0 });
  });
  after(() => demo.close());

  it('anthropic ?error=overloaded: the answer ends as failed with the error, and the session has a stream problem', async () => {
    const r = run({ request: { url: `${demo.url}/llm/anthropic?delayMs=0&error=overloaded`, method: 'POST', body: '{"stream":true}' }, reconnect: POLICY_PRESETS.none });
    try {
      await r.untilState(['closed']);
      const [m] = r.inspector.session.messages();
      assert.deepEqual([m!.done, m!.error, m!.text], [true, { type: 'overloaded_error', message: 'Overloaded' }, LLM_DEMO.text.split(' ').slice(0, 3).join(' ')]);
      const problems = r.inspector.session.snapshot().diagnostics ?? [];
      assert.deepEqual(problems.map((d) => [d.code, d.severity]), [['api-error', 'error']]);
    } finally {
      await r.dispose();
    }
  });
});

describe('LLM formats, fragment by fragment', () => {
  it('OpenAI chat: [DONE] closes the answer; a second completion is a second answer', () => {
    const a = new MessageAssembler();
    for (const f of [...openAiChatFrames('c1'), ...openAiChatFrames('c2')]) {
      const data = /data: (.*)\n/.exec(f)![1]!;
      a.observe(ev('message', data));
    }
    assert.deepEqual(a.list().map((m) => [m.id, m.done, m.text]), [['c1', true, LLM_DEMO.text], ['c2', true, LLM_DEMO.text]]);
  });

  it('a user-defined JSON path assembles an unknown format; a reconnect starts a new answer', () => {
    const a = new MessageAssembler({ jsonPath: '$.payload["piece"]' });
    a.observe(ev('message', '{"payload":{"piece":"Hel"}}'));
    a.observe(ev('message', '{"payload":{"piece":"lo"}}'));
    a.observe(ev('message', '{"other":1}'));
    a.observe({ ...ev('message', '{"payload":{"piece":"again"}}'), attempt: 2 } as SseRecord);
    assert.deepEqual(a.list().map((m) => [m.format, m.text]), [['json-path', 'Hello'], ['json-path', 'again']]);
  });

  it('JSON paths: dots, indices, quoted keys; a bad path is a clear error', () => {
    assert.deepEqual(parseJsonPath('choices[0].delta.content'), ['choices', 0, 'delta', 'content']);
    assert.deepEqual(parseJsonPath("$['a b'].c"), ['a b', 'c']);
    assert.equal(readPath({ choices: [{ delta: { content: 'x' } }] }, parseJsonPath('choices[0].delta.content')), 'x');
    assert.equal(readPath({ choices: [] }, parseJsonPath('choices[0].delta')), undefined);
    assert.throws(() => parseJsonPath('a..b'), /Invalid JSON path "a..b"/);
    assert.throws(() => new MessageAssembler({ jsonPath: '[' }), /Invalid JSON path/);
  });

  it('answers stay bounded: at most 200, each text capped and marked truncated', () => {
    const a = new MessageAssembler();
    for (let i = 0; i < 250; i++) a.observe(ev('bot-chunk', JSON.stringify({ messageId: `m${i}`, chunk: 'x', isFinal: true })));
    assert.equal(a.list().length, 200);
    assert.equal(a.list()[0]!.id, 'm50', 'the oldest answers go first');
    const big = 'y'.repeat(600 * 1024);
    a.observe(ev('bot-chunk', JSON.stringify({ messageId: 'big', chunk: big, isFinal: false })));
    a.observe(ev('bot-chunk', JSON.stringify({ messageId: 'big', chunk: big, isFinal: false })));
    const m = a.list().find((x) => x.id === 'big')!;
    assert.equal(m.text.length, big.length);
    assert.equal(m.truncated, true);
  });
});

/** Feeds SSE frames (`event:` / `data:` lines, one event each) to an assembler, as the parser would. */
function assembleFrames(frames: string[]): MessageAssembler {
  const a = new MessageAssembler();
  for (const f of frames) {
    const type = /^event: (.*)$/m.exec(f)?.[1] ?? 'message';
    const data = /^data: (.*)$/m.exec(f)![1]!;
    a.observe(ev(type, data));
  }
  return a;
}

describe('LLM answers: what the official SDKs assemble and we used to miss', () => {
  it('usage: chat prompt/completion/total from the include_usage chunk', () => {
    const [m] = assembleFrames(chatToolCallsStream()).list();
    assert.deepEqual(m!.usage, { input: 82, output: 41, total: 123 });
  });

  it('usage: Responses input/output/total from response.completed', () => {
    const [m] = assembleFrames(responsesStream()).list();
    assert.deepEqual(m!.usage, { input: 210, output: 96, total: 306 });
  });

  it('usage: Anthropic input from message_start, output from message_delta', () => {
    const [m] = assembleFrames(anthropicStream()).list();
    assert.deepEqual(m!.usage, { input: 472, output: 158 });
  });

  it('OpenAI chat with n > 1: every choice is assembled, with its own text and finish reason', () => {
    const [m, ...others] = assembleFrames(chatChoicesStream()).list();
    assert.equal(others.length, 0, 'one answer holding three choices');
    assert.deepEqual([m!.text, m!.finishReason], ['Red sky at night.', 'stop']);
    assert.deepEqual(m!.otherChoices?.map((c) => [c.index, c.text, c.finishReason]), [
      [1, 'Blue is calm.', 'stop'],
      [2, 'Green fields and', 'length'],
    ]);
  });

  it('delta.refusal: the refusal is assembled (the text stays empty)', () => {
    const [m] = assembleFrames(chatRefusalStream()).list();
    assert.equal(m!.refusal, "I'm sorry, I can't help with that.");
    assert.equal(m!.text, '');
    assert.equal(m!.finishReason, 'stop');
  });

  it('Responses function calls carry their call_id (call_…), not the output item id (fc_…)', () => {
    const [m] = assembleFrames(responsesStream()).list();
    assert.deepEqual(m!.toolCalls?.map((c) => [c.id, c.name, c.arguments]), [
      ['call_Wx1Lis', 'get_weather', '{"city":"Lisbon"}'],
      ['call_Wx2Par', 'get_weather', '{"city":"Paris"}'],
    ]);
  });

  it('Anthropic event: error mid-stream ends the answer as failed, with the error type and message', () => {
    const [m] = assembleFrames(anthropicErrorStream()).list();
    assert.equal(m!.done, true, 'not "streaming…" forever');
    assert.deepEqual(m!.error, { type: 'overloaded_error', message: 'Overloaded' });
    assert.equal(m!.text, 'Here is the first part');
  });

  it('Responses event: error mid-stream ends the answer as failed too', () => {
    const frames = responsesStream().slice(0, 12);
    frames.push('event: error\ndata: {"type":"error","code":"server_error","message":"The server had an error","param":null,"sequence_number":12}\n\n');
    const [m] = assembleFrames(frames).list();
    assert.deepEqual([m!.done, m!.error], [true, { type: 'server_error', message: 'The server had an error' }]);
  });

  it('Responses reasoning summary parts are separate paragraphs, not run together', () => {
    const [m] = assembleFrames(responsesStream()).list();
    assert.equal(m!.reasoning, '**Planning the lookup**\n\nThe user wants two cities.\n\n**Calling tools**\n\nOne call per city, in parallel.');
  });

  it('Anthropic thinking signatures are kept, one per thinking block', () => {
    const [m] = assembleFrames(anthropicStream()).list();
    assert.deepEqual(m!.signatures, THINKING_SIGNATURES);
    assert.equal(m!.reasoning, 'The user asks about two cities.\n\nI will call the tool twice.');
  });
});
