// The timeline's fixed columns fit their longest content (HH:MM:SS.mmm, "1023.9 KB") with
// whatever editor font size VS Code uses, wide and at the narrow breakpoint, and the head's
// columns line up with the rows'. (In the workbench the time once read "01:38:19.1…".)
import assert from 'node:assert/strict';
import { PROTOCOL_VERSION } from '../../src/protocol';
import { usePanel } from './support/fixture';
import { PanelPage } from './support/panel';
import { RecordFactory, snapshotOf } from './support/records';

/** 01:38:18 local time: wide digits in every place. */
const WIDE_TIME = new Date(2025, 2, 14, 1, 38, 18, 888).getTime();

interface Overflow {
  column: string;
  text: string;
  content: number;
  box: number;
}

describe('webview: timeline columns', () => {
  // Each test opens its panel at its own viewport and font size.
  const fx = usePanel({ open: false });
  let panel: PanelPage;
  afterEach(async () => {
    assert.deepEqual(panel.errors, [], 'no page errors');
    assert.deepEqual(await panel.violations(), [], 'the font size is set through CSSOM, which the CSP allows');
    await panel.close();
  });

  async function openWith(viewport: { width: number; height: number }, fontSize: string): Promise<void> {
    panel = await PanelPage.open(fx.browser, fx.server, { viewport });
    // What the workbench does when the user sets editor.fontSize.
    await panel.page.evaluate((size) => document.documentElement.style.setProperty('--vscode-editor-font-size', size), fontSize);
    const f = new RecordFactory(WIDE_TIME);
    const records = [
      f.open(),
      f.wait(111).event('message', 'x'.repeat(1_048_000), { id: '8888888888888888' }),
      f.wait(1_000).close('server-closed', 'ended', { bytes: 10_342 }),
      f.wait(1_000).event('heartbeat', '{}'),
    ];
    await panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot: snapshotOf(records) });
    await panel.page.evaluate(() => document.fonts.ready.then(() => undefined));
    await panel.settle();
  }

  /** Time and size cells whose text is wider than their box (cut, or an ellipsis). */
  function overflowing(): Promise<Overflow[]> {
    return panel.page.evaluate(() => {
      const out: Overflow[] = [];
      for (const cell of document.querySelectorAll<HTMLElement>('.timeline-spacer .row .cell-time, .timeline-spacer .row .cell-size')) {
        if (getComputedStyle(cell).visibility === 'hidden') continue;
        // scrollWidth rounds; a real cut is a whole glyph wider.
        if (cell.scrollWidth > cell.clientWidth + 1) out.push({ column: cell.className, text: cell.textContent ?? '', content: cell.scrollWidth, box: cell.clientWidth });
      }
      return out;
    });
  }

  /** Left edges of each head cell and of the same cell in the first row. */
  function edges(): Promise<{ head: number[]; row: number[] }> {
    return panel.page.evaluate(() => {
      const lefts = (root: Element | null): number[] => [...(root?.querySelectorAll('.cell') ?? [])].map((c) => Math.round(c.getBoundingClientRect().left));
      return { head: lefts(document.querySelector('.timeline-head')), row: lefts(document.querySelector('.timeline-spacer .row')) };
    });
  }

  for (const fontSize of ['12px', '14px', '16px']) {
    it(`fits the time and the size, and lines up with the head, at editor font size ${fontSize}`, async () => {
      await openWith({ width: 1280, height: 600 }, fontSize);
      assert.deepEqual(await panel.rowTexts('time'), ['01:38:18.888', '01:38:18.999', '01:38:19.999', '01:38:20.999']);
      assert.deepEqual(await panel.rowTexts('size'), ['', '1023.4 KB', '10.1 KB', '2 B']);
      assert.deepEqual(await overflowing(), []);
      const { head, row } = await edges();
      assert.deepEqual(head, row);
    });
  }

  it('fits the time at the narrow breakpoint (detail pane open in a small panel), size column hidden', async () => {
    await openWith({ width: 760, height: 600 }, '14px');
    await panel.page.locator('.timeline-spacer .row').nth(1).click();
    await panel.settle();
    const width = await panel.page.locator('.timeline').evaluate((el) => el.getBoundingClientRect().width);
    assert.ok(width <= 620, `the timeline is narrow (${width}px)`);
    assert.deepEqual(await overflowing(), []);
    assert.equal(await panel.page.locator('.timeline-spacer .row .cell-size').first().evaluate((el) => getComputedStyle(el).visibility), 'hidden');
    const { head, row } = await edges();
    assert.deepEqual(head, row);
  });
});
