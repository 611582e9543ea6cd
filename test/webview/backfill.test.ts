// A paged snapshot in the real panel: the host's real session and pager make the messages
// (snapshot with the newest records, then backfill pages of older ones, deltas between
// them). The timeline shows the newest records at once, says how many older ones are still
// loading, and takes each page in above the others without moving what the user looks at.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HostToWebview } from '../../src/protocol';
import { DEFAULT_UI_STATE, type UiState } from '../../webview/vscode-api';
import { usePanel } from './support/fixture';
import { PagedHost } from './support/paged-host';
import { PanelPage, parseCounter } from './support/panel';
import { repoRoot } from './support/server';

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const ids = (from: number, to: number) => range(from, to).map((n) => `ev-${n}`);

describe('webview: a snapshot in pages (backfill)', () => {
  const fx = usePanel({ clean: 'errors-and-csp' });

  async function postAll(messages: readonly HostToWebview[], panel = fx.panel): Promise<void> {
    for (const m of messages) await panel.post(m);
  }

  function loading(panel = fx.panel) {
    return panel.page.locator('.older-loading');
  }

  function scroller(panel = fx.panel) {
    return panel.page.locator('.timeline-scroll');
  }

  async function scrollTo(top: number | 'bottom', panel = fx.panel): Promise<void> {
    await scroller(panel).evaluate((el, t) => {
      el.scrollTop = t === 'bottom' ? el.scrollHeight : t;
    }, top);
    await panel.settle();
  }

  it('shows the newest records at once, says how many older ones are loading, and ends up holding every record in order', async () => {
    const host = new PagedHost();
    host.add(20_000);
    await fx.panel.post(host.snapshot());
    assert.equal(await fx.panel.counter(), '2,000 records');
    assert.equal(await loading().isVisible(), true);
    assert.equal(await loading().innerText(), 'loading 18,000 older…');
    assert.equal((await fx.panel.rowTexts('id')).at(-1), 'ev-20000', 'the newest record on screen: it follows the stream');

    await fx.panel.post(host.page()!);
    assert.equal(await fx.panel.counter(), '7,000 records');
    assert.equal(await loading().innerText(), 'loading 13,000 older…');
    assert.equal((await fx.panel.rowTexts('id')).at(-1), 'ev-20000', 'still at the bottom');

    await postAll(host.pages());
    assert.equal(await fx.panel.counter(), '20,000 records');
    assert.equal(await loading().isVisible(), false);
    assert.equal(await fx.panel.page.locator('.evicted-note').isVisible(), false);
    assert.equal((await fx.panel.rowTexts('id')).at(-1), 'ev-20000');
    const height = await fx.panel.page.locator('.timeline-spacer').evaluate((el) => el.getBoundingClientRect().height);
    assert.equal(height, 20_000 * 22, 'a row for every record');

    await scrollTo(0);
    const top = await fx.panel.rowTexts('id');
    assert.deepEqual(top, ids(1, top.length), 'the oldest record first');
    // Across the boundary of two pages (seq 8000 | 8001) and of the snapshot (18 000 | 18 001).
    for (const boundary of [8000, 18_000]) {
      await scrollTo((boundary - 10) * 22);
      const rows = await fx.panel.rowTexts('id');
      assert.deepEqual(rows, ids(boundary - 9, boundary - 10 + rows.length), `in order around ${boundary}`);
    }
  });

  it('keeps the rows the user is looking at, and the selection, where they are when older records arrive above', async () => {
    const host = new PagedHost();
    host.add(12_000);
    await fx.panel.post(host.snapshot());
    await scrollTo(20 * 22);
    await fx.panel.page.locator('.timeline-spacer .row', { hasText: 'ev-10025' }).click();
    assert.equal(await fx.panel.page.locator('.detail-title').innerText(), 'message · #10025');
    const before = await fx.panel.rowTexts('id');
    const boxBefore = await fx.panel.page.locator('.row.selected').boundingBox();
    assert.equal(before[0], 'ev-10021');

    await fx.panel.post(host.page()!);
    assert.deepEqual(await fx.panel.rowTexts('id'), before, 'the same rows on screen');
    assert.deepEqual(await fx.panel.page.locator('.row.selected').boundingBox(), boxBefore, 'at the same place');
    assert.match(await fx.panel.page.locator('.row.selected').innerText(), /ev-10025/);
    assert.equal(await fx.panel.page.locator('.detail-title').innerText(), 'message · #10025');
    assert.equal(await scroller().evaluate((el) => el.scrollTop), (5000 + 20) * 22);

    await postAll(host.pages());
    assert.deepEqual(await fx.panel.rowTexts('id'), before);
    assert.match(await fx.panel.page.locator('.row.selected').innerText(), /ev-10025/);
    // The keyboard goes on from the selection, through positions that did not move.
    await scroller().focus();
    await fx.panel.page.keyboard.press('ArrowDown');
    await fx.panel.settle();
    assert.equal(await fx.panel.page.locator('.detail-title').innerText(), 'message · #10026');
    await fx.panel.page.keyboard.press('Home');
    await fx.panel.settle();
    assert.equal(await fx.panel.page.locator('.detail-title').innerText(), 'message · #1');
  });

  it('matches records of pages that arrive after the filter was typed, without a new search of the rest', async () => {
    const host = new PagedHost();
    host.add(12_000, (f, i) => f.event('message', i % 500 === 499 ? `{"needle":${i + 1}}` : `{"n":${i + 1}}`, { id: `ev-${i + 1}` }));
    await fx.panel.post(host.snapshot());
    await fx.panel.page.getByRole('textbox', { name: 'Filter records by text' }).fill('NEEDLE');
    await fx.panel.settle();
    assert.deepEqual(parseCounter(await fx.panel.counter()), { shown: 4, total: 2000 });
    await postAll(host.pages());
    assert.deepEqual(parseCounter(await fx.panel.counter()), { shown: 24, total: 12_000 });
    await scrollTo(0);
    assert.deepEqual(await fx.panel.rowTexts('id'), range(1, 24).map((n) => `ev-${500 * n}`), 'every match, oldest first');
  });

  it('counts evictions during the backfill against the records still on their way, then shows the rest in order', async () => {
    // The host holds 10 000 records; the snapshot has the newest 2000, 8000 are on their way.
    const host = new PagedHost({ maxRecords: 10_000 });
    host.add(10_000);
    await fx.panel.post(host.snapshot());
    assert.equal(await loading().innerText(), 'loading 8,000 older…');
    // 3000 new records evict the 3000 oldest, all still on their way.
    host.add(3000);
    await fx.panel.post(host.delta());
    assert.equal(await fx.panel.counter(), '5,000 records', 'none of the records held was dropped');
    assert.equal(await loading().innerText(), 'loading 5,000 older…');
    assert.equal(await fx.panel.page.locator('.evicted-note').innerText(), '3,000 older records dropped to stay within the memory limit');
    // 1000 more evicted before the next page goes out, and no delta told it yet: the page does.
    host.add(1000);
    const page = host.page()!;
    assert.deepEqual([page.records.length, page.remaining, page.evicted], [4000, 0, 4000]);
    await fx.panel.post(page);
    assert.equal(await fx.panel.counter(), '9,000 records');
    assert.equal(await loading().isVisible(), false, 'nothing more on its way');
    assert.deepEqual(host.pages(), []);
    await fx.panel.post(host.delta());
    assert.equal(await fx.panel.counter(), '10,000 records');
    assert.equal(await loading().isVisible(), false);
    assert.equal(await fx.panel.page.locator('.evicted-note').innerText(), '4,000 older records dropped to stay within the memory limit');
    await scrollTo(0);
    const top = await fx.panel.rowTexts('id');
    assert.deepEqual(top, ids(4001, 4000 + top.length));
  });

  it('starts over on a new snapshot during the backfill, and ignores pages of another session', async () => {
    const host = new PagedHost();
    host.add(9000);
    await fx.panel.post(host.snapshot());
    await fx.panel.post(host.page()!);
    assert.equal(await fx.panel.counter(), '7,000 records');
    // The panel is cleared (or reloaded): the host starts over with a new snapshot and its pages.
    await fx.panel.post(host.snapshot());
    assert.equal(await fx.panel.counter(), '2,000 records');
    assert.equal(await loading().innerText(), 'loading 7,000 older…');
    const stray = host.page()!;
    await fx.panel.post({ ...stray, sessionId: 'another-session' });
    assert.equal(await fx.panel.counter(), '2,000 records', 'a page of another session changes nothing');
    await fx.panel.post(stray);
    await postAll(host.pages());
    assert.equal(await fx.panel.counter(), '9,000 records');
    await scrollTo(0);
    assert.equal((await fx.panel.rowTexts('id'))[0], 'ev-1');
  });

  it('selects the remembered record (UI state after a reload) when the page that holds it arrives', async () => {
    const state: UiState = { ...DEFAULT_UI_STATE, selectedSeq: 3, detailOpen: true };
    const panel = await PanelPage.open(fx.browser, fx.server, { state });
    try {
      const host = new PagedHost();
      host.add(8000);
      await panel.post(host.snapshot());
      assert.equal(await panel.page.locator('.row.selected').count(), 0);
      assert.equal(await panel.page.locator('.detail').isVisible(), false);
      await postAll(host.pages(), panel);
      assert.match(await panel.page.locator('.row.selected').innerText(), /ev-3/);
      assert.equal(await panel.page.locator('.detail-title').innerText(), 'message · #3');
      assert.deepEqual(panel.errors, []);
    } finally {
      await panel.close();
    }
  });

  it('looks right while older records load and after: test-results/webview-backfill.png, webview-backfill-loaded.png', async () => {
    const host = new PagedHost();
    host.add(40_000, (f, i) => (i % 10 === 9 ? f.event('heartbeat', `{"ts":${f.t}}`, { id: `ev-${i + 1}` }) : f.event('message', `{"n":${i + 1},"text":"event number ${i + 1}"}`, { id: `ev-${i + 1}` })));
    await fx.panel.post(host.snapshot());
    await fx.panel.post(host.page()!);
    await scrollTo(0);
    await fx.panel.page.locator('.timeline-spacer .row', { hasText: 'ev-33005' }).click();
    await fx.panel.page.evaluate(() => document.fonts.ready.then(() => undefined));
    assert.equal(await loading().innerText(), 'loading 33,000 older…');
    const color = await loading().evaluate((el) => getComputedStyle(el).color);
    const muted = await fx.panel.page.locator('.filter-count').evaluate((el) => getComputedStyle(el).color);
    assert.equal(color, muted, 'the theme’s description colour, like the counter');
    const outDir = join(repoRoot(), 'test-results');
    mkdirSync(outDir, { recursive: true });
    const shoot = async (name: string): Promise<void> => {
      const file = join(outDir, name);
      await fx.panel.settle();
      await fx.panel.page.screenshot({ path: file });
      assert.equal(readFileSync(file).readUInt32BE(16), 1280);
    };
    await shoot('webview-backfill.png');
    const rows = await fx.panel.rowTexts('id');
    await postAll(host.pages());
    assert.equal(await fx.panel.counter(), '40,000 records');
    assert.deepEqual(await fx.panel.rowTexts('id'), rows, 'the same rows, the same selection');
    await shoot('webview-backfill-loaded.png');
  });
});
