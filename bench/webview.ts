// The panel in headless Debian Chromium (the real bundle under the real CSP, served like the
// webview tests do), fed what the host really sends a fresh panel for a 100k-event session:
// the core Session paged by the host's own pager (src/panel/snapshot-pages.ts), a snapshot
// of the newest records, then backfill pages at the host's pace. Measured in the page with
// performance.now(): the first painted screen (snapshot message to two animation frames
// later), when every record is held (info), and the text filter over all of them.
import { pagedBigSession } from '../test/webview/support/big-session';
import { launchBrowser, PanelPage } from '../test/webview/support/panel';
import { startPanelServer } from '../test/webview/support/server';
import { BACKFILL_INTERVAL_MS } from '../src/panel/snapshot-pages';
import { median } from './measure';

export interface WebviewResult {
  records: number;
  /** Snapshot message posted to the timeline painted. */
  firstScreenMs: number;
  /** Snapshot message posted to the last backfill page handled and painted (pages one interval apart, as the host sends them). */
  allLoadedMs: number;
  /** Messages: the snapshot and the backfill pages. */
  messages: number;
  /** The longest one backfill page kept the page busy (post to handled). */
  longestPageMs: number;
  filterMs: number;
  filterMatches: number;
}

type Timings = [firstScreenMs: number, allLoadedMs: number, longestPageMs: number];

/**
 * In the page: posts the stashed messages as the host does: the snapshot, and once it is
 * painted a backfill page every `intervalMs` after the previous one was handled.
 */
function timePagedSnapshot(intervalMs: number): Promise<Timings> {
  return new Promise((resolve) => {
    const messages = (window as unknown as { __messages: unknown[] }).__messages;
    const twoFrames = (then: () => void): void => {
      requestAnimationFrame(() => requestAnimationFrame(then));
    };
    let firstScreen = 0;
    let longestPage = 0;
    let next = 1;
    const t0 = performance.now();
    const postNext = (): void => {
      if (next >= messages.length) {
        twoFrames(() => resolve([firstScreen, performance.now() - t0, longestPage]));
        return;
      }
      const posted = performance.now();
      // Added after the app's listener, so it runs once the app handled the page.
      window.addEventListener(
        'message',
        () => {
          longestPage = Math.max(longestPage, performance.now() - posted);
          setTimeout(postNext, intervalMs);
        },
        { once: true },
      );
      window.postMessage(messages[next++], '*');
    };
    window.addEventListener(
      'message',
      () =>
        twoFrames(() => {
          firstScreen = performance.now() - t0;
          setTimeout(postNext, intervalMs);
        }),
      { once: true },
    );
    window.postMessage(messages[0], '*');
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
  const messages = pagedBigSession({ count: records, start: Date.UTC(2026, 0, 1) });
  // One JSON string crosses the DevTools protocol far faster than Playwright's structured arguments.
  const json = JSON.stringify(messages);
  const server = await startPanelServer();
  const browser = await launchBrowser();
  try {
    const firstScreens: number[] = [];
    const allLoaded: number[] = [];
    const longestPages: number[] = [];
    const filters: number[] = [];
    let matches = 0;
    for (let i = 0; i < runs; i++) {
      // A fresh page each run: the first screen of an empty panel, as a user opening it gets.
      const panel = await PanelPage.open(browser, server);
      await panel.page.evaluate((text) => {
        (window as unknown as { __messages: unknown }).__messages = JSON.parse(text);
      }, json);
      const [first, all, longest] = await panel.page.evaluate(timePagedSnapshot, BACKFILL_INTERVAL_MS);
      firstScreens.push(first);
      allLoaded.push(all);
      longestPages.push(longest);
      const rows = await panel.page.locator('.timeline-spacer .row').count();
      if (rows === 0) throw new Error('the timeline painted no rows: the benchmark would time nothing');
      const held = await panel.counter();
      if (held !== `${records.toLocaleString('en-US')} records`) throw new Error(`the panel holds "${held}" after the backfill, expected ${records} records`);
      const [ms, counter] = await panel.page.evaluate(timeFilter, 'needle');
      filters.push(ms);
      matches = Number(/^([\d,]+) of/.exec(counter)?.[1]?.replace(/,/g, '') ?? NaN);
      if (matches !== Math.floor(records / 1000)) throw new Error(`the filter showed "${counter}", expected ${records / 1000} matches`);
      await panel.page.evaluate(timeFilter, '');
      await panel.page.context().close();
    }
    return {
      records,
      firstScreenMs: median(firstScreens),
      allLoadedMs: median(allLoaded),
      messages: messages.length,
      longestPageMs: median(longestPages),
      filterMs: median(filters),
      filterMatches: matches,
    };
  } finally {
    await browser.close();
    await server.close();
  }
}
