// Screenshots of the panel in VS Code's Dark Modern colours at 1280x800, for review
// (test-results/ is git-ignored). Each also checks what it shows is really there.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { PROTOCOL_VERSION } from '../../src/protocol';
import { launchBrowser, PanelPage } from './support/panel';
import { mixedSession } from './support/sessions';
import { repoRoot, startPanelServer, type PanelServer } from './support/server';

/** Width and height from a PNG's IHDR chunk. */
function pngSize(file: string): { width: number; height: number } {
  const png = readFileSync(file);
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe('webview: screenshots (dark theme, 1280x800)', () => {
  let browser: Browser;
  let server: PanelServer;
  let panel: PanelPage;
  const outDir = join(repoRoot(), 'test-results');

  before(async () => {
    mkdirSync(outDir, { recursive: true });
    server = await startPanelServer();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });
  beforeEach(async () => {
    panel = await PanelPage.open(browser, server, { viewport: { width: 1280, height: 800 } });
    await panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot: mixedSession() });
    await panel.page.evaluate(() => document.fonts.ready.then(() => undefined));
  });
  afterEach(async () => {
    assert.deepEqual(panel.errors, []);
    assert.deepEqual(await panel.violations(), []);
    await panel.close();
  });

  async function shoot(name: string): Promise<void> {
    const file = join(outDir, name);
    await panel.settle();
    await panel.page.screenshot({ path: file });
    assert.deepEqual(pngSize(file), { width: 1280, height: 800 });
  }

  it('timeline with the detail pane: test-results/webview-timeline.png', async () => {
    const message = panel.page.locator('.timeline-spacer .row', { hasText: 'Is the stream back?' });
    await message.click();
    assert.equal(await panel.page.locator('.detail').isVisible(), true);
    assert.match(await panel.page.locator('.detail-data').innerText(), /"text": "Is the stream back\?"/);
    assert.equal(await panel.page.locator('.url-warning').isVisible(), true);
    await shoot('webview-timeline.png');
  });

  it('heartbeat monitor: test-results/webview-heartbeat.png', async () => {
    await panel.selectTab('Heartbeat');
    assert.equal(await panel.page.locator('.hb-svg .bar').count(), 7);
    assert.equal(await panel.page.locator('.hb-svg .bar-late').count(), 1);
    await shoot('webview-heartbeat.png');
  });

  it('reconnection log: test-results/webview-reconnects.png', async () => {
    await panel.selectTab('Reconnections');
    assert.equal(await panel.page.locator('.log-table tbody tr').count(), 2);
    await shoot('webview-reconnects.png');
  });

  it('assembled messages: test-results/webview-messages.png', async () => {
    await panel.selectTab('Messages');
    assert.match(await panel.page.locator('.message-text').innerText(), /^Hello! Server-Sent Events/);
    await shoot('webview-messages.png');
  });
});
