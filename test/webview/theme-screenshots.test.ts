// Screenshots of the panel in Light Modern, Dark Modern and Dark High Contrast, for review
// (test-results/ is git-ignored): the timeline with streamed-answer rows and the detail
// pane's coloured JSON, and the heartbeat chart. Each checks what it shows is really there.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startDemoServer, type DemoServer } from '../../demo/server';
import { policyFrom, POLICY_PRESETS } from '../../src/core/base/reconnect';
import type { SessionSnapshot } from '../../src/core/snapshot';
import { PROTOCOL_VERSION } from '../../src/protocol';
import { run } from '../support/collect';
import { usePanel } from './support/fixture';
import { PanelPage } from './support/panel';
import { repoRoot, THEMES } from './support/server';
import { llmSession, mixedSession } from './support/sessions';

describe('webview: screenshots in light, dark and high-contrast themes', () => {
  const fx = usePanel({ open: false });
  const outDir = join(repoRoot(), 'test-results');
  let demo: DemoServer;
  /** Real sessions against the demo server: a POST refused with 401, and a stream reset mid-event again and again. */
  let refused: SessionSnapshot;
  let resets: SessionSnapshot;
  before(async () => {
    mkdirSync(outDir, { recursive: true });
    demo = await startDemoServer({ port: 0 });
    const body = JSON.stringify({ message: 'What is SSE?', conversationId: 'conv-1' });
    const post = run({ request: { url: `${demo.url}/api/chat/stream`, method: 'POST', body, headers: { Authorization: 'Bearer not-a-valid-token' } }, reconnect: POLICY_PRESETS.none, label: 'S5 chat (bad token)' });
    const reset = run({ request: { url: `${demo.url}/reset?events=3` }, reconnect: policyFrom('linear', { baseMs: 5, capMs: 20, maxAttempts: 3, honourServerRetry: false }), label: 'Reset mid-event' });
    try {
      await post.untilState(['failed'], 8000);
      await reset.untilState(['failed'], 15_000);
      refused = post.inspector.session.snapshot();
      resets = reset.inspector.session.snapshot();
    } finally {
      await Promise.all([post.dispose(), reset.dispose()]);
    }
  });
  after(() => demo.close());

  for (const theme of THEMES) {
    it(`timeline with LLM rows, coloured JSON, heartbeat chart: test-results/webview-${theme}-*.png`, async () => {
      const panel = await PanelPage.open(fx.browser, fx.server, { theme, viewport: { width: 1280, height: 800 } });
      try {
        await panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot: llmSession() });
        await panel.page.evaluate(() => document.fonts.ready.then(() => undefined));
        await panel.page.locator('.timeline-spacer .row', { hasText: 'tool_calls[0]: get_weather(' }).click();
        assert.ok((await panel.page.locator('.detail-data .json-key').count()) > 5, 'coloured JSON in the detail pane');
        assert.match((await panel.rowTexts('data')).join('\n'), /reasoning: "The user wants the weath"/);
        await panel.settle();
        await panel.page.screenshot({ path: join(outDir, `webview-${theme}-timeline.png`) });

        await panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot: mixedSession() });
        await panel.selectTab('Heartbeat');
        // The chart is drawn once the tab has a width (a frame after it shows): the expected interval is a tick.
        await panel.page.locator('.hb-svg .axis-label-expected').waitFor();
        await panel.settle();
        await panel.page.screenshot({ path: join(outDir, `webview-${theme}-heartbeat.png`) });
        assert.deepEqual(panel.errors, []);
      } finally {
        await panel.close();
      }
    });

    it(`a refused POST with its request open, and the problems of a stream that kept resetting: test-results/webview-${theme}-{refused,problems}.png`, async () => {
      const panel = await PanelPage.open(fx.browser, fx.server, { theme, viewport: { width: 1280, height: 800 } });
      try {
        await panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot: refused });
        await panel.page.locator('.request-details summary').click();
        assert.equal(await panel.page.locator('.stat-status .stat-value').innerText(), '401 Unauthorized — credentials refused');
        await panel.page.evaluate(() => document.fonts.ready.then(() => undefined));
        await panel.settle();
        await panel.page.screenshot({ path: join(outDir, `webview-${theme}-refused.png`) });

        await panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot: resets });
        await panel.selectTab('Problems');
        const sources = await panel.page.locator('.problem-source').allInnerTexts();
        assert.ok(sources.includes('gave-up') && sources.includes('network-error'), sources.join(', '));
        await panel.selectTab('Reconnections');
        assert.match(await panel.page.locator('tr.log-stop').innerText(), /Stopped: /);
        await panel.page.screenshot({ path: join(outDir, `webview-${theme}-stopped.png`) });
        await panel.selectTab('Problems');
        await panel.page.screenshot({ path: join(outDir, `webview-${theme}-problems.png`) });
        assert.deepEqual(panel.errors, []);
      } finally {
        await panel.close();
      }
    });
  }
});
