// The panel in headless Debian Chromium (the real bundle under the real CSP, served like the
// webview tests do): time to the first painted screen of a 100k-event snapshot, and time
// for the text filter to narrow it and paint. Both measured in the page with
// performance.now(), from the message (or keystroke) to two animation frames later.
import { postBigSnapshot } from '../test/webview/support/big-session';
import { launchBrowser, PanelPage } from '../test/webview/support/panel';
import { startPanelServer } from '../test/webview/support/server';
import { PROTOCOL_VERSION } from '../src/protocol';
import { median } from './measure';

export interface WebviewResult {
  records: number;
  firstScreenMs: number;
  filterMs: number;
  filterMatches: number;
}

/** In the page: post the prepared snapshot, resolve with ms until two frames after it was handled. */
function timeSnapshot(): Promise<number> {
  return new Promise((resolve) => {
    const msg = (window as unknown as { __bigSnapshot: unknown }).__bigSnapshot;
    const t0 = performance.now();
    window.addEventListener('message', () => requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - t0))), { once: true });
    window.postMessage(msg, '*');
  });
}

/** In the page: type the filter text, resolve with ms until two frames later, and the counter. */
function timeFilter(text: string): Promise<[number, string]> {
  return new Promise((resolve) => {
    const input = document.querySelector<HTMLInputElement>('.filter-text-wrap input')!;
    const t0 = performance.now();
    input.value = text;
    input.dispatchEvent(new Event('input', { bubbles: true }));
    requestAnimationFrame(() => requestAnimationFrame(() => resolve([performance.now() - t0, document.querySelector('.filter-count')?.textContent ?? ''])));
  });
}

export async function measureWebview(records: number, runs: number): Promise<WebviewResult> {
  const server = await startPanelServer();
  const browser = await launchBrowser();
  try {
    const firstScreens: number[] = [];
    const filters: number[] = [];
    let matches = 0;
    for (let i = 0; i < runs; i++) {
      // A fresh page each run: the first screen of an empty panel, as a user opening it gets.
      const panel = await PanelPage.open(browser, server);
      await postBigSnapshot(panel, { count: records, start: Date.UTC(2026, 0, 1), protocolVersion: PROTOCOL_VERSION, post: false });
      firstScreens.push(await panel.page.evaluate(timeSnapshot));
      const rows = await panel.page.locator('.timeline-spacer .row').count();
      if (rows === 0) throw new Error('the timeline painted no rows: the benchmark would time nothing');
      const [ms, counter] = await panel.page.evaluate(timeFilter, 'needle');
      filters.push(ms);
      matches = Number(/^([\d,]+) of/.exec(counter)?.[1]?.replace(/,/g, '') ?? NaN);
      if (matches !== Math.floor(records / 1000)) throw new Error(`the filter showed "${counter}", expected ${records / 1000} matches`);
      await panel.page.evaluate(timeFilter, '');
      await panel.page.context().close();
    }
    return { records, firstScreenMs: median(firstScreens), filterMs: median(filters), filterMatches: matches };
  } finally {
    await browser.close();
    await server.close();
  }
}
