// The timeline: virtualised for 100 000 events, filters by text, type and kind, follows
// new records unless paused or scrolled up, shows details, and works from the keyboard.
import assert from 'node:assert/strict';
import { PROTOCOL_VERSION } from '../../src/protocol';
import { usePanel } from './support/fixture';
import { postBigSnapshot } from './support/big-session';
import { parseCounter } from './support/panel';
import { BASE_TIME, deltaOf, RecordFactory, snapshotOf } from './support/records';

const BIG = 100_000;

describe('webview: timeline', () => {
  const fx = usePanel();

  describe('with 100 000 events', () => {
    beforeEach(async () => {
      // ids ev-1..ev-100000; every 10th a heartbeat; every 1000th has "needle" in its data.
      await postBigSnapshot(fx.panel, { count: BIG, start: BASE_TIME, protocolVersion: PROTOCOL_VERSION });
    });

    it('keeps only the visible rows in the DOM and scrolls to the last event', async () => {
      assert.equal(await fx.panel.counter(), '100,000 records');
      const rows = await fx.panel.page.locator('.timeline-spacer .row').count();
      assert.ok(rows > 10 && rows < 200, `${rows} rows in the DOM`);
      // The spacer gives the scrollbar the height of all rows.
      const height = await fx.panel.page.locator('.timeline-spacer').evaluate((el) => el.getBoundingClientRect().height);
      assert.equal(height, BIG * 22);
      // It followed the stream to the end: the last event is on screen.
      assert.equal((await fx.panel.rowTexts('id')).at(-1), `ev-${BIG}`);

      await fx.panel.page.locator('.timeline-scroll').evaluate((el) => {
        el.scrollTop = 0;
      });
      await fx.panel.settle();
      assert.equal((await fx.panel.rowTexts('id'))[0], 'ev-1');
      await fx.panel.page.locator('.timeline-scroll').evaluate((el) => {
        el.scrollTop = el.scrollHeight / 2;
      });
      await fx.panel.settle();
      const middle = (await fx.panel.rowTexts('id')).map((id) => Number(id.slice(3)));
      assert.ok(middle.some((n) => Math.abs(n - BIG / 2) < 100), `rows around the middle: ${middle[0]}..${middle.at(-1)}`);
      assert.ok((await fx.panel.page.locator('.timeline-spacer .row').count()) < 200);

      await fx.panel.page.locator('.timeline-scroll').evaluate((el) => {
        el.scrollTop = el.scrollHeight;
      });
      await fx.panel.settle();
      assert.equal((await fx.panel.rowTexts('id')).at(-1), `ev-${BIG}`);
    });

    it('filters by text to the right count (how fast: npm run bench)', async () => {
      const input = fx.panel.page.getByRole('textbox', { name: 'Filter records by text' });
      await input.fill('NEEDLE');
      await fx.panel.settle();
      assert.deepEqual(parseCounter(await fx.panel.counter()), { shown: 100, total: BIG });
      const data = await fx.panel.rowTexts('data');
      assert.ok(data.length > 0 && data.every((d) => d.includes('needle')), 'only matching rows');
      assert.equal((await fx.panel.rowTexts('id')).at(-1), `ev-${BIG}`);

      // Ids match too, and a narrower text narrows further.
      await input.fill('ev-9999');
      await fx.panel.settle();
      assert.deepEqual(parseCounter(await fx.panel.counter()), { shown: 11, total: BIG }); // ev-9999, ev-99990..ev-99999
      await input.fill('');
      await fx.panel.settle();
      assert.equal(await fx.panel.counter(), '100,000 records');
    });

    it('filters by event type with the type chips', async () => {
      const chips = fx.panel.page.locator('.type-chips .chip');
      assert.deepEqual(await chips.locator('.chip-name').allInnerTexts(), ['message', 'heartbeat']);
      assert.deepEqual(await chips.locator('.chip-count').allInnerTexts(), ['90,000', '10,000']);
      await chips.filter({ hasText: 'message' }).click();
      await fx.panel.settle();
      assert.deepEqual(parseCounter(await fx.panel.counter()), { shown: 10_000, total: BIG });
      assert.deepEqual([...new Set(await fx.panel.rowTexts('type'))], ['heartbeat']);
      assert.equal(await chips.filter({ hasText: 'message' }).getAttribute('aria-pressed'), 'false');
      // Combined with the text filter.
      await fx.panel.page.getByRole('textbox', { name: 'Filter records by text' }).fill('needle');
      await fx.panel.settle();
      assert.deepEqual(parseCounter(await fx.panel.counter()), { shown: 100, total: BIG });
    });
  });

  it('filters to events only with the kind filter, and appends matching delta records', async () => {
    const f = new RecordFactory();
    const records = [f.open(), f.event('system', 'hi'), f.comment('ka'), f.retry(3000), f.event('update', 'x')];
    await fx.panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot: snapshotOf(records) });
    await fx.panel.page.getByRole('combobox', { name: 'Which records to show' }).selectOption('events');
    await fx.panel.settle();
    assert.deepEqual(await fx.panel.rowTexts('type'), ['system', 'update']);
    assert.equal(await fx.panel.counter(), '2 of 5');
    await fx.panel.post({ type: 'delta', delta: deltaOf([f.comment('ka'), f.event('update', 'y'), f.error('network', 'reset')]) });
    assert.deepEqual(await fx.panel.rowTexts('type'), ['system', 'update', 'update']);
    assert.equal(await fx.panel.counter(), '3 of 8');
  });

  it('shows the selected record in the detail pane with JSON pretty-printed, and Copy posts it to the host', async () => {
    const f = new RecordFactory();
    const data = '{"message":"SSE connected","user":{"id":42,"roles":["admin"]}}';
    await fx.panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot: snapshotOf([f.open(), f.event('system', data, { id: '7' })]) });
    await fx.panel.page.locator('.timeline-spacer .row', { hasText: 'system' }).click();
    const detail = fx.panel.page.getByRole('complementary', { name: 'Record detail' });
    assert.equal(await detail.isVisible(), true);
    assert.equal(await detail.locator('.detail-data').innerText(), JSON.stringify(JSON.parse(data), null, 2));
    assert.equal(await detail.locator('h3').first().innerText(), 'DATA (JSON)');
    assert.match(await detail.locator('.fields').innerText(), /Type\s+system[\s\S]*ID\s+7[\s\S]*Size\s+\d+ B/);

    await detail.getByRole('button', { name: 'Copy data' }).click();
    await detail.getByRole('button', { name: 'Copy record as JSON' }).click();
    const posted = await fx.panel.posted();
    assert.deepEqual(posted[1], { type: 'copy', text: data, what: 'event data' });
    assert.equal(posted[2]?.type, 'copy');
    assert.equal((JSON.parse((posted[2] as { text: string }).text) as { data: string }).data, data);

    await detail.getByRole('button', { name: 'Close detail (Escape)' }).click();
    assert.equal(await detail.isVisible(), false);
  });

  it('shows plain text data as it is', async () => {
    const f = new RecordFactory();
    await fx.panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot: snapshotOf([f.event('message', 'line one\nline two')]) });
    assert.equal((await fx.panel.rowTexts('data'))[0], 'line one ⏎ line two');
    await fx.panel.page.locator('.timeline-spacer .row').first().click();
    assert.equal(await fx.panel.page.locator('.detail-data').innerText(), 'line one\nline two');
    assert.equal(await fx.panel.page.locator('.detail h3').first().innerText(), 'DATA');
  });

  it('works from the keyboard: arrows move the selection, Enter opens, Escape closes, / focuses the filter', async () => {
    const f = new RecordFactory();
    const records = Array.from({ length: 60 }, (_, i) => f.event('message', `{"n":${i}}`, { id: String(i) }));
    await fx.panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot: snapshotOf(records) });
    const list = fx.panel.page.getByRole('listbox', { name: 'Timeline of records' });
    const selectedId = (): Promise<string> => list.locator('[role=option][aria-selected=true] .cell-id').innerText();

    await list.focus();
    await fx.panel.page.keyboard.press('Home');
    assert.equal(await selectedId(), '0');
    await fx.panel.page.keyboard.press('ArrowDown');
    await fx.panel.page.keyboard.press('ArrowDown');
    assert.equal(await selectedId(), '2');
    assert.equal(await list.locator('[aria-selected=true]').count(), 1);
    assert.equal(await list.getAttribute('aria-activedescendant'), await list.locator('[aria-selected=true]').getAttribute('id'));
    await fx.panel.page.keyboard.press('ArrowUp');
    assert.equal(await selectedId(), '1');

    await fx.panel.page.keyboard.press('Enter');
    const detail = fx.panel.page.locator('.detail');
    assert.equal(await detail.isVisible(), true);
    assert.match(await detail.locator('.detail-data').innerText(), /"n": 1/);
    // With the detail open, moving the selection updates it.
    await fx.panel.page.keyboard.press('ArrowDown');
    assert.match(await detail.locator('.detail-data').innerText(), /"n": 2/);
    await fx.panel.page.keyboard.press('Escape');
    assert.equal(await detail.isVisible(), false);

    // End scrolls the last row into view; PageUp moves by a page.
    await fx.panel.page.keyboard.press('End');
    assert.equal(await selectedId(), '59');
    await fx.panel.page.keyboard.press('PageUp');
    const afterPageUp = Number(await selectedId());
    assert.ok(afterPageUp < 59 - 10, `PageUp moved to ${afterPageUp}`);
    assert.equal(await list.locator('[aria-selected=true]').isVisible(), true);

    await fx.panel.page.keyboard.press('/');
    assert.equal(await fx.panel.page.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Filter records by text');
    // Escape in the empty filter goes back to the timeline.
    await fx.panel.page.keyboard.press('Escape');
    assert.equal(await fx.panel.page.evaluate(() => document.activeElement?.getAttribute('role')), 'listbox');
    await fx.panel.page.keyboard.press('Control+f');
    assert.equal(await fx.panel.page.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Filter records by text');
  });

  it('follows new records, stops when the user scrolls up or pauses, and resumes', async () => {
    const f = new RecordFactory();
    const first = Array.from({ length: 200 }, (_, i) => f.event('message', `m${i}`, { id: String(i) }));
    await fx.panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot: snapshotOf(first) });
    const lastId = async (): Promise<string | undefined> => (await fx.panel.rowTexts('id')).at(-1);
    assert.equal(await lastId(), '199');

    await fx.panel.post({ type: 'delta', delta: deltaOf([f.event('message', 'new', { id: '200' })]) });
    assert.equal(await lastId(), '200', 'followed the new record');

    // The user scrolls up: new records no longer move the view.
    await fx.panel.page.locator('.timeline-scroll').evaluate((el) => {
      el.scrollTop = 0;
    });
    await fx.panel.settle();
    await fx.panel.post({ type: 'delta', delta: deltaOf([f.event('message', 'newer', { id: '201' })]) });
    assert.equal((await fx.panel.rowTexts('id'))[0], '0');
    assert.notEqual(await lastId(), '201');

    // The follow button now offers a jump back to the newest record, which follows again.
    await fx.panel.page.getByRole('button', { name: 'Scroll to the newest record' }).click();
    await fx.panel.settle();
    assert.equal(await lastId(), '201');
    await fx.panel.post({ type: 'delta', delta: deltaOf([f.event('message', 'again', { id: '202' })]) });
    assert.equal(await lastId(), '202', 'following again');

    // Pause stops following.
    const pause = fx.panel.page.getByRole('button', { name: 'Pause auto-scroll' });
    await pause.click();
    assert.equal(await fx.panel.page.getByRole('button', { name: 'Resume auto-scroll' }).getAttribute('aria-pressed'), 'true');
    await fx.panel.post({ type: 'delta', delta: deltaOf(Array.from({ length: 50 }, (_, i) => f.event('message', `burst${i}`, { id: `b${i}` }))) });
    assert.equal(await lastId(), '202', 'paused: the view stays');
    await fx.panel.page.getByRole('button', { name: 'Resume auto-scroll' }).click();
    await fx.panel.settle();
    assert.equal(await lastId(), 'b49', 'resumed: jumps to the newest');
  });
});
