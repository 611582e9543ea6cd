// Screenshots of the panel in VS Code's Dark Modern colours at 1280x800, for review
// (test-results/ is git-ignored). Each also checks what it shows is really there.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROTOCOL_VERSION } from '../../src/protocol';
import { usePanel } from './support/fixture';
import { llmSession, mixedSession } from './support/sessions';
import { repoRoot } from './support/server';

/** Width and height from a PNG's IHDR chunk. */
function pngSize(file: string): { width: number; height: number } {
  const png = readFileSync(file);
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe('webview: screenshots (dark theme, 1280x800)', () => {
  const fx = usePanel({ open: { viewport: { width: 1280, height: 800 } }, clean: 'errors-and-csp' });
  const outDir = join(repoRoot(), 'test-results');

  before(() => {
    mkdirSync(outDir, { recursive: true });
  });
  beforeEach(async () => {
    await fx.panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot: mixedSession() });
    await fx.panel.page.evaluate(() => document.fonts.ready.then(() => undefined));
  });

  async function shoot(name: string): Promise<void> {
    const file = join(outDir, name);
    await fx.panel.settle();
    await fx.panel.page.screenshot({ path: file });
    assert.deepEqual(pngSize(file), { width: 1280, height: 800 });
  }

  it('timeline with debug markers, a paused span, a gap and the detail pane: test-results/webview-timeline.png', async () => {
    const message = fx.panel.page.locator('.timeline-spacer .row', { hasText: 'Is the stream back?' });
    await message.click();
    assert.equal(await fx.panel.page.locator('.detail').isVisible(), true);
    assert.match(await fx.panel.page.locator('.detail-data').innerText(), /"text": "Is the stream back\?"/);
    assert.equal(await fx.panel.page.locator('.detail .note-debug-paused').innerText(), 'Arrived while the debugged program was paused');
    assert.equal(await fx.panel.page.locator('.url-warning').isVisible(), true);
    assert.deepEqual(await fx.panel.page.locator('.row.kind-marker .type-name').allInnerTexts(), ['debug-pause', 'debug-continue']);
    assert.equal(await fx.panel.page.locator('.row.debug-paused').count(), 2);
    assert.equal(await fx.panel.page.locator('.row .row-badge:not([hidden])').innerText(), 'gap');
    await shoot('webview-timeline.png');
  });

  it('heartbeat monitor: test-results/webview-heartbeat.png', async () => {
    await fx.panel.selectTab('Heartbeat');
    assert.equal(await fx.panel.page.locator('.hb-svg .bar').count(), 7);
    assert.equal(await fx.panel.page.locator('.hb-svg .bar-late').count(), 1);
    await shoot('webview-heartbeat.png');
  });

  it('reconnection log: test-results/webview-reconnects.png', async () => {
    await fx.panel.selectTab('Reconnections');
    assert.equal(await fx.panel.page.locator('.log-table tbody tr').count(), 2);
    await shoot('webview-reconnects.png');
  });

  it('assembled messages, reasoning and a tool call: test-results/webview-messages.png', async () => {
    await fx.panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot: llmSession() });
    await fx.panel.selectTab('Messages');
    const openai = fx.panel.page.locator('.message.format-openai-chat');
    await openai.locator('.message-reasoning summary').click();
    assert.match(await openai.locator('.message-reasoning-text').innerText(), /^The user wants the weather/);
    assert.equal(await openai.locator('.tool-name').innerText(), 'get_weather');
    assert.match(await fx.panel.page.locator('.message.format-anthropic .message-text').innerText(), /21 °C/);
    await shoot('webview-messages.png');
  });

  it('problems: test-results/webview-problems.png', async () => {
    await fx.panel.selectTab('Problems');
    assert.equal(await fx.panel.page.locator('.problem').count(), 4);
    assert.match(await fx.panel.page.locator('.continuity-summary').innerText(), /1 gap \(1 missing\)/);
    await shoot('webview-problems.png');
  });

  it('paused at an event breakpoint: test-results/webview-breakpoint.png', async () => {
    const snapshot = mixedSession();
    const hit = snapshot.records.filter((r) => r.kind === 'event' && r.type === 'room-message').at(-1)!;
    await fx.panel.post({
      type: 'context',
      mode: 'live',
      breakpoints: [
        { id: 'bp-1', eventType: 'room-message', pauseDebugSession: true },
        { id: 'bp-2', jsonPath: '$.onlineCount', equals: '0', enabled: false },
      ],
    });
    await fx.panel.post({ type: 'paused', seq: hit.seq, reason: 'event type is "room-message"', breakpointId: 'bp-1', debuggerPaused: true });
    assert.match(await fx.panel.page.locator('.pause-banner').innerText(), /Paused at event #\d+: event type is "room-message"/);
    assert.equal(await fx.panel.page.locator('.state-badge').innerText(), 'PAUSED');
    assert.match(await fx.panel.page.locator('.detail-title').innerText(), new RegExp(`#${hit.seq}$`));
    await shoot('webview-breakpoint.png');
  });
});
