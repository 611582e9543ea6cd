// The panel in Chinese: the page the host builds for display language zh-cn (the committed
// l10n/bundle.l10n.zh-cn.json, as vscode.l10n.bundle holds it there) renders its chrome in
// Chinese, with nothing English left in the tabs, buttons, filter bar, column heads and
// stat labels, and nothing clipped. Screenshots in the dark and light themes go to
// test-results/ for review. Also: the empty timeline says what to do next, with a button,
// in English and in Chinese.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { PROTOCOL_VERSION } from '../../src/protocol';
import { usePanel } from './support/fixture';
import { PanelPage } from './support/panel';
import { snapshotOf } from './support/records';
import { repoRoot } from './support/server';
import { mixedSession } from './support/sessions';

/** Latin words allowed in the Chinese chrome: names of protocols, formats and fields that stay as they are. */
const KEPT = /\b(SSE|JSON|JSONL|HAR|HTTP|URL|ID|Last-Event-ID|Content-Type|curl|fetch|Escape|p50|p95|ev|ms|s|min|KB|MB|B)\b/g;
/** Stream data quoted in a sentence (an event type): not the panel's words. */
const QUOTED = /“[^”]*”/g;

/** The panel's own words (not stream data): tabs, toolbar, filter bar, column heads, stat and card labels. */
async function chromeTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const selectors = ['.tabs .tab', '.toolbar .btn-text', '.filter-bar select option', '.filter-bar .follow', '.timeline-head .head-label', '.stat-label', '.response-headers summary', '.request-details summary', '.detail-head .btn-text', '.detail dt'];
    const out: string[] = [];
    for (const s of selectors) for (const el of document.querySelectorAll<HTMLElement>(s)) out.push((el.innerText || el.textContent || '').trim());
    const input = document.querySelector<HTMLInputElement>('.filter-text');
    if (input) out.push(input.placeholder);
    for (const el of document.querySelectorAll<HTMLElement>('.toolbar [aria-label], .tabs [aria-label], .detail [aria-label]')) out.push(el.getAttribute('aria-label') ?? '');
    return out.filter((t) => t !== '');
  });
}

/** Controls whose text does not fit (clipped or overflowing): their text and widths. */
async function clipped(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('.tabs .tab, .toolbar .btn, .filter-bar .btn, .stat-label, .timeline-head .head-label, .pause-banner .btn')]
      .filter((el) => el.offsetParent !== null && (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1))
      .map((el) => `${el.className}: "${el.innerText}" ${el.scrollWidth}x${el.scrollHeight} in ${el.clientWidth}x${el.clientHeight}`),
  );
}

describe('webview: the panel in Chinese (zh-cn)', () => {
  const fx = usePanel({ open: false });
  const outDir = join(repoRoot(), 'test-results');
  before(() => mkdirSync(outDir, { recursive: true }));

  for (const theme of ['dark', 'light'] as const) {
    it(`renders the timeline, header and detail pane in Chinese with no English chrome and nothing clipped (${theme}): test-results/webview-zh-cn-${theme}.png`, async () => {
      const panel = await PanelPage.open(fx.browser, fx.server, { theme, lang: 'zh-cn', viewport: { width: 1280, height: 800 } });
      try {
        await panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot: mixedSession() });
        await panel.page.evaluate(() => document.fonts.ready.then(() => undefined));
        const page = panel.page;
        assert.equal(await page.locator('html').getAttribute('lang'), 'zh-cn');
        assert.deepEqual(await page.locator('.tabs .tab > span:not(.tab-badge):not(.codicon)').allInnerTexts(), ['时间线', '问题', '心跳', '重连记录', '消息']);
        assert.equal(await page.locator('.toolbar .btn-text', { hasText: '断开连接' }).count(), 1);
        assert.equal(await page.locator('.state-badge .state-text').innerText(), '已打开');
        await page.locator('.timeline-spacer .row', { hasText: 'Is the stream back?' }).click();
        assert.equal(await page.locator('.detail .note-debug-paused').innerText(), '到达时被调试的程序处于暂停状态');
        await panel.settle();

        const english = (await chromeTexts(page)).map((t) => t.replace(QUOTED, '').replace(KEPT, '')).filter((t) => /[A-Za-z]{2,}/.test(t));
        assert.deepEqual(english, [], 'English left in the chrome');
        assert.deepEqual(await clipped(page), [], 'clipped controls');
        assert.deepEqual(panel.errors, []);
        await page.screenshot({ path: join(outDir, `webview-zh-cn-${theme}.png`) });

        await page.getByRole('tab', { name: /心跳/ }).click();
        await panel.settle();
        assert.equal(await page.locator('.card-last-beat .card-title').innerText(), '上次心跳');
        await page.screenshot({ path: join(outDir, `webview-zh-cn-heartbeat-${theme}.png`) });

        await page.getByRole('tab', { name: /重连记录/ }).click();
        await panel.settle();
        assert.equal(await page.locator('.log-table thead th').first().innerText(), '时间');
        assert.equal(await page.locator('.log-table .resume-gap').innerText(), '缺口');
        assert.deepEqual(await clipped(page), [], 'clipped controls (reconnection log)');
        await page.screenshot({ path: join(outDir, `webview-zh-cn-reconnects-${theme}.png`) });

        await page.getByRole('tab', { name: /问题/ }).click();
        await panel.settle();
        assert.match(await page.locator('.continuity-summary').innerText(), /^ID：/);
        await page.screenshot({ path: join(outDir, `webview-zh-cn-problems-${theme}.png`) });
      } finally {
        await panel.close();
      }
    });
  }

  it('an empty live panel says it waits for events and offers Reconnect, in Chinese: test-results/webview-zh-cn-empty.png', async () => {
    const panel = await PanelPage.open(fx.browser, fx.server, { lang: 'zh-cn', viewport: { width: 1280, height: 800 } });
    try {
      await panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot: snapshotOf([]) });
      const empty = panel.page.locator('.timeline-empty');
      assert.equal(await empty.locator('.timeline-empty-title').innerText(), '正在等待事件…');
      await empty.getByRole('button', { name: '重连' }).click();
      assert.deepEqual((await panel.posted()).filter((m) => m.type === 'command'), [{ type: 'command', command: 'reconnect' }]);
      await panel.page.screenshot({ path: join(outDir, 'webview-zh-cn-empty.png') });
      assert.deepEqual(panel.errors, []);
    } finally {
      await panel.close();
    }
  });
});

describe('webview: the empty timeline says what to do next', () => {
  const fx = usePanel();

  it('a live connection with no records yet: waiting, what to check, and a Reconnect button that asks the host to reconnect', async () => {
    await fx.panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot: snapshotOf([]) });
    const empty = fx.panel.page.locator('.timeline-empty');
    assert.equal(await empty.isVisible(), true);
    assert.equal(await empty.locator('.timeline-empty-title').innerText(), 'Waiting for events…');
    assert.match(await empty.locator('.timeline-empty-hint').innerText(), /Problems tab/);
    assert.equal(await empty.getByRole('button', { name: 'Show all records' }).isVisible(), false);
    await empty.getByRole('button', { name: 'Reconnect' }).click();
    assert.deepEqual((await fx.panel.posted()).filter((m) => m.type === 'command'), [{ type: 'command', command: 'reconnect' }]);
  });

  it('a recording with no records offers no reconnect', async () => {
    await fx.panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot: snapshotOf([]) });
    await fx.panel.post({ type: 'context', mode: 'recording', source: 'empty.sse.jsonl', breakpoints: [] });
    const empty = fx.panel.page.locator('.timeline-empty');
    assert.equal(await empty.locator('.timeline-empty-title').innerText(), 'This recording holds no records.');
    assert.equal(await empty.locator('.btn:visible').count(), 0);
  });

  it('records all filtered out: says so, and Show all records clears the filter', async () => {
    await fx.panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot: mixedSession() });
    await fx.panel.page.locator('.filter-text').fill('no record contains this');
    await fx.panel.settle();
    const empty = fx.panel.page.locator('.timeline-empty');
    assert.equal(await empty.locator('.timeline-empty-title').innerText(), 'No records match the filter.');
    assert.equal(await empty.getByRole('button', { name: 'Reconnect' }).isVisible(), false);
    await empty.getByRole('button', { name: 'Show all records' }).click();
    await fx.panel.settle();
    assert.equal(await fx.panel.page.locator('.filter-text').inputValue(), '');
    assert.equal(await empty.isVisible(), false);
    assert.ok((await fx.panel.page.locator('.timeline-spacer .row').count()) > 0);
  });
});
