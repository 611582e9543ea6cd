// The Messages tab with the LLM formats: format, model, finish reason, reasoning folded in
// a <details>, tool calls with their arguments pretty-printed (as text, never markup).
import assert from 'node:assert/strict';
import type { AssembledMessage } from '../../src/core/assemble';
import { PROTOCOL_VERSION } from '../../src/protocol';
import { usePanel } from './support/fixture';
import { type TestWindow } from './support/panel';
import { deltaOf, RecordFactory, snapshotOf } from './support/records';
import { llmSession } from './support/sessions';

describe('webview: messages (LLM formats)', () => {
  const fx = usePanel({ clean: 'errors-and-csp' });

  it('shows format, model, finish reason and state, the reasoning folded and the tool call pretty-printed', async () => {
    await fx.panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot: llmSession() });
    await fx.panel.selectTab('Messages');
    // Cards are content-visibility: auto: until a frame lays them out, innerText reads ''.
    await fx.panel.settle();
    const cards = fx.panel.page.locator('.message');
    assert.equal(await cards.count(), 2);
    // Newest first: the Anthropic answer still streaming, then the finished OpenAI one.
    assert.deepEqual(await cards.locator('.message-format').allInnerTexts(), ['Anthropic', 'OpenAI Chat']);

    const openai = cards.nth(1);
    assert.equal(await openai.locator('.message-model').innerText(), 'gpt-4.1-mini');
    assert.equal(await openai.locator('.message-finish').innerText(), 'finish: tool_calls');
    assert.equal(await openai.locator('.message-state').innerText(), 'done');
    // A tool-only answer has no text box.
    assert.equal(await openai.locator('.message-text').isVisible(), false);

    const reasoning = openai.locator('details.message-reasoning');
    assert.equal(await reasoning.getAttribute('open'), null, 'reasoning starts folded');
    assert.equal(await reasoning.locator('.message-reasoning-text').isVisible(), false);
    assert.match(await reasoning.locator('summary').innerText(), /^Reasoning \(148 chars\)$/);
    await reasoning.locator('summary').click();
    assert.match(await reasoning.locator('.message-reasoning-text').innerText(), /^The user wants the weather in Lisbon/);

    const call = openai.locator('.tool-call');
    assert.equal(await call.count(), 1);
    assert.equal(await call.locator('.tool-name').innerText(), 'get_weather');
    assert.equal(await call.locator('.tool-id').innerText(), 'call_7Qm2');
    assert.equal(await call.locator('.tool-args').innerText(), '{\n  "city": "Lisbon",\n  "unit": "celsius"\n}');

    const claude = cards.nth(0);
    assert.equal(await claude.locator('.message-state').innerText(), 'streaming…');
    assert.equal(await claude.locator('.message-finish').isVisible(), false);
    assert.equal(await claude.locator('.message-reasoning').isVisible(), false);
    assert.equal(await claude.locator('.message-tools').isVisible(), false);
    assert.equal(await fx.panel.page.getByRole('tab', { name: /Messages/ }).locator('.tab-badge').innerText(), '2');
  });

  it('keeps an opened reasoning block open while the answer grows, and shows arguments raw until they parse', async () => {
    const f = new RecordFactory();
    const first = f.event('message', '{"choices":[{"delta":{"reasoning_content":"Thinking"}}]}');
    const base: AssembledMessage = { id: 'r-1', format: 'openai-responses', text: '', reasoning: 'Thinking', chunks: 1, done: false, firstSeq: first.seq, lastSeq: first.seq };
    await fx.panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot: snapshotOf([first], { messages: [base] }) });
    await fx.panel.selectTab('Messages');
    // Cards are content-visibility: auto: until a frame lays them out, innerText reads ''.
    await fx.panel.settle();
    const card = fx.panel.page.locator('.message');
    await card.locator('.message-reasoning summary').click();
    assert.equal(await card.locator('.message-reasoning').getAttribute('open'), '');

    const next = f.event('message', '{}');
    const grown: AssembledMessage = {
      ...base,
      reasoning: 'Thinking about it',
      text: 'Calling',
      toolCalls: [{ name: 'search', arguments: '{"q": "sse' }],
      chunks: 2,
      lastSeq: next.seq,
    };
    await fx.panel.post({ type: 'delta', delta: deltaOf([next], { changed: { messages: [grown] } }) });
    assert.equal(await card.count(), 1);
    assert.equal(await card.locator('.message-reasoning').getAttribute('open'), '', 'still open after the update');
    assert.equal(await card.locator('.message-reasoning-text').innerText(), 'Thinking about it');
    assert.equal(await card.locator('.message-format').innerText(), 'OpenAI Responses');
    assert.equal(await card.locator('.message-text').innerText(), 'Calling');
    // Incomplete JSON (still streaming): shown as received, and said so.
    assert.equal(await card.locator('.tool-args').innerText(), '{"q": "sse');
    assert.equal(await card.locator('.tool-raw').innerText(), 'arguments not JSON (yet)');
    assert.equal(await card.locator('.tool-id').count(), 0, 'no id given, none shown');
  });

  it('renders markup in tool names, arguments, reasoning and model as text', async () => {
    const evil = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>';
    const f = new RecordFactory();
    const e = f.event('message', '{}');
    const m: AssembledMessage = {
      id: evil,
      format: 'anthropic',
      text: evil,
      reasoning: evil,
      model: evil,
      finishReason: evil,
      toolCalls: [
        { id: evil, name: evil, arguments: JSON.stringify({ html: evil }) },
        { name: 'raw', arguments: evil },
      ],
      chunks: 1,
      done: true,
      firstSeq: e.seq,
      lastSeq: e.seq,
    };
    await fx.panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot: snapshotOf([e], { messages: [m] }) });
    await fx.panel.selectTab('Messages');
    // Cards are content-visibility: auto: until a frame lays them out, innerText reads ''.
    await fx.panel.settle();
    await fx.panel.page.locator('.message-reasoning summary').click();
    const card = fx.panel.page.locator('.message');
    assert.equal(await card.locator('.message-model').textContent(), evil);
    assert.equal(await card.locator('.message-finish').textContent(), `finish: ${evil}`);
    assert.equal(await card.locator('.message-reasoning-text').textContent(), evil);
    assert.equal(await card.locator('.tool-name').first().textContent(), evil);
    assert.equal(await card.locator('.tool-id').textContent(), evil);
    assert.equal(await card.locator('.tool-args').first().textContent(), JSON.stringify({ html: evil }, null, 2));
    assert.equal(await card.locator('.tool-args').nth(1).textContent(), evil);
    await fx.panel.page.waitForTimeout(300);
    const state = await fx.panel.page.evaluate(() => ({ pwned: (window as unknown as TestWindow).__pwned, images: document.querySelectorAll('#app img, #app script').length }));
    assert.deepEqual(state, { pwned: undefined, images: 0 });
  });
});
