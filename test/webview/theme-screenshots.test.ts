// Screenshots of the panel in Light Modern, Dark Modern and Dark High Contrast, for review
// (test-results/ is git-ignored): the timeline with streamed-answer rows and the detail
// pane's coloured JSON, and the heartbeat chart. Each checks what it shows is really there.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PROTOCOL_VERSION } from '../../src/protocol';
import { usePanel } from './support/fixture';
import { PanelPage } from './support/panel';
import { repoRoot, THEMES } from './support/server';
import { llmSession, mixedSession } from './support/sessions';

describe('webview: screenshots in light, dark and high-contrast themes', () => {
  const fx = usePanel({ open: false });
  const outDir = join(repoRoot(), 'test-results');
  before(() => mkdirSync(outDir, { recursive: true }));

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
  }
});
