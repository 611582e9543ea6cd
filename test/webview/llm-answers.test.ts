// The Messages tab with what the official SDKs assemble and the panel used to leave out:
// token usage, every choice of an n > 1 completion, a refusal, a failed answer with its
// error, Responses call ids and shortened thinking signatures. The answers come from the
// real assembler fed realistic streams (test/support/llm-streams.ts).
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PROTOCOL_VERSION } from '../../src/protocol';
import { anthropicErrorStream, anthropicStream, chatChoicesStream, chatRefusalStream, chatToolCallsStream, responsesStream, THINKING_SIGNATURES } from '../support/llm-streams';
import { usePanel } from './support/fixture';
import { llmAnswersSession } from './support/llm-answers';
import { PanelPage } from './support/panel';
import { repoRoot } from './support/server';

describe('webview: LLM answers (usage, choices, refusal, failure, signatures)', () => {
  const fx = usePanel({ open: { viewport: { width: 1280, height: 800 } }, clean: 'errors-and-csp' });

  async function show(streams: string[][]): Promise<void> {
    await fx.panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot: llmAnswersSession(streams) });
    await fx.panel.selectTab('Messages');
    // Cards are content-visibility: auto: let a frame lay them out before reading their text.
    await fx.panel.settle();
  }

  it('shows the usage and every choice of an n > 1 completion, each with its finish reason', async () => {
    await show([chatChoicesStream()]);
    const card = fx.panel.page.locator('.message');
    assert.equal(await card.count(), 1);
    assert.equal(await card.locator('.message-usage').innerText(), 'tokens: 12 in · 11 out · 23 total');
    // Choice 0 is the answer itself, labelled once there are others; each choice says how it ended.
    assert.equal(await card.locator('.message-finish').isVisible(), false, 'no single finish reason for three choices');
    assert.deepEqual(await card.locator('.message-choice-label:visible').allInnerTexts(), ['CHOICE 0 · FINISH: STOP', 'CHOICE 1 · FINISH: STOP', 'CHOICE 2 · FINISH: LENGTH']);
    assert.equal(await card.locator('.message-text').first().innerText(), 'Red sky at night.');
    assert.deepEqual(await card.locator('.message-choice .message-text').allInnerTexts(), ['Blue is calm.', 'Green fields and']);
  });

  it('shows a refusal as a refusal, not an empty answer', async () => {
    await show([chatRefusalStream()]);
    const card = fx.panel.page.locator('.message');
    assert.equal(await card.locator('.message-refusal').isVisible(), true);
    assert.equal(await card.locator('.message-refusal-text').innerText(), "I'm sorry, I can't help with that.");
    assert.equal(await card.locator('.message-text').isVisible(), false, 'no empty text box');
    assert.equal(await card.locator('.message-finish').innerText(), 'finish: stop');
    assert.equal(await card.locator('.message-usage').innerText(), 'tokens: 30 in · 9 out · 39 total');
  });

  it('shows an answer cut off by an error event as failed, with the error type and message', async () => {
    await show([anthropicErrorStream()]);
    const card = fx.panel.page.locator('.message');
    assert.equal(await card.locator('.message-state').innerText(), 'failed');
    assert.equal(await card.locator('.message-error').isVisible(), true);
    assert.equal(await card.locator('.message-error-text').innerText(), 'overloaded_error: Overloaded');
    assert.equal(await card.locator('.message-text').innerText(), 'Here is the first part', 'what came before the error stays');
  });

  it('shows thinking signatures shortened (the full ones in the tooltip) and Responses calls by call_id', async () => {
    await show([anthropicStream(), responsesStream()]);
    const claude = fx.panel.page.locator('.message.format-anthropic');
    const signature = claude.locator('.message-reasoning summary .message-signature');
    assert.equal(await signature.innerText(), `signed ${THINKING_SIGNATURES.map((s) => `${s.slice(0, 8)}…`).join(', ')}`);
    assert.equal(await signature.getAttribute('title'), `Thinking signatures:\n${THINKING_SIGNATURES.join('\n')}`);
    assert.equal(await claude.locator('.message-usage').innerText(), 'tokens: 472 in · 158 out');
    const responses = fx.panel.page.locator('.message.format-openai-responses');
    assert.deepEqual(await responses.locator('.tool-id').allInnerTexts(), ['call_Wx1Lis', 'call_Wx2Par']);
    await responses.locator('.message-reasoning summary').click();
    assert.equal(await responses.locator('.message-reasoning-text').innerText(), '**Planning the lookup**\n\nThe user wants two cities.\n\n**Calling tools**\n\nOne call per city, in parallel.');
  });

  for (const theme of ['dark', 'light'] as const) {
    it(`screenshot, ${theme} theme: usage, choices, a refusal, a failed answer: test-results/webview-llm-answers-${theme}.png`, async () => {
      const panel = await PanelPage.open(fx.browser, fx.server, { theme, viewport: { width: 1280, height: 800 } });
      try {
        // Newest first on screen: the choices, the refusal and the failed answer at the top.
        await panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot: llmAnswersSession([chatToolCallsStream(), anthropicStream(), anthropicErrorStream(), chatRefusalStream(), chatChoicesStream()]) });
        await panel.selectTab('Messages');
        const anthropic = panel.page.locator('.message.format-anthropic.done');
        await anthropic.locator('.message-reasoning summary').click();
        assert.equal(await panel.page.locator('.message').count(), 5);
        assert.equal(await panel.page.locator('.message.failed .message-error').isVisible(), true);
        await panel.page.evaluate(() => document.fonts.ready.then(() => undefined));
        await panel.settle();
        const dir = join(repoRoot(), 'test-results');
        mkdirSync(dir, { recursive: true });
        await panel.page.screenshot({ path: join(dir, `webview-llm-answers-${theme}.png`), fullPage: true });
        assert.deepEqual(panel.errors, []);
      } finally {
        await panel.close();
      }
    });
  }
});
