// What the timeline and the detail pane say is readable at a glance: streamed-answer rows
// preview what they add, event types on screen wear distinct colours, the detail pane never
// shows a filtered-out record, says "(empty)" instead of a blank, speaks plain words and
// colours JSON (with epoch-millisecond times made readable).
import assert from 'node:assert/strict';
import type { SseRecord } from '../../src/core/base/records';
import { PROTOCOL_VERSION } from '../../src/protocol';
import { usePanel } from './support/fixture';
import { BASE_TIME, deltaOf, RecordFactory, snapshotOf } from './support/records';

const chatChunk = (delta: object, finish: string | null = null): string =>
  JSON.stringify({ id: 'chatcmpl-demo1', object: 'chat.completion.chunk', created: 1_741_944_600, model: 'gpt-4.1-mini', choices: [{ index: 0, delta, finish_reason: finish }] });

describe('webview: readable timeline and detail', () => {
  const fx = usePanel();

  it('previews streamed-answer chunks by what they add, with the raw JSON in the detail pane', async () => {
    const f = new RecordFactory();
    const records: SseRecord[] = [
      f.open(),
      f.wait(10).event('message', chatChunk({ role: 'assistant', content: '' })),
      f.wait(10).event('message', chatChunk({ content: 'Hello' })),
      f.wait(10).event('message', chatChunk({ content: ' world' })),
      f.wait(10).event('message', chatChunk({}, 'stop')),
      f.wait(10).event('content_block_start', JSON.stringify({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } })),
      f.wait(10).event('content_block_delta', JSON.stringify({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hi' } })),
      f.wait(10).event('content_block_stop', JSON.stringify({ type: 'content_block_stop', index: 0 })),
    ];
    await fx.panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot: snapshotOf(records) });
    const data = await fx.panel.rowTexts('data');
    assert.deepEqual(data.slice(1), ['role: assistant', 'content: "Hello"', 'content: " world"', 'finish_reason: stop', 'start [0]: text', 'text_delta [0]: "Hi"', 'stop [0]']);

    await fx.panel.page.locator('.timeline-spacer .row', { hasText: 'content: "Hello"' }).click();
    assert.match(await fx.panel.page.locator('.detail-data').innerText(), /"id": "chatcmpl-demo1",\n {2}"object": "chat.completion.chunk"/);
  });

  it('gives every event type on screen its own colour', async () => {
    const f = new RecordFactory();
    const types = ['tick', 'resume', 'content_block_start', 'content_block_stop', 'content_block_delta', 'message_start', 'message_delta', 'message_stop', 'ping', 'heartbeat', 'system', 'message'];
    await fx.panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot: snapshotOf(types.map((t) => f.wait(5).event(t, '{}'))) });
    const colours = await fx.panel.page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('.timeline-spacer .row')].map((row) => [row.querySelector('.type-name')!.textContent!, getComputedStyle(row).borderLeftColor] as const),
    );
    assert.equal(colours.length, types.length);
    const byColour = new Map<string, string[]>();
    for (const [type, colour] of colours) byColour.set(colour, [...(byColour.get(colour) ?? []), type]);
    const shared = [...byColour.values()].filter((list) => list.length > 1);
    assert.deepEqual(shared, [], 'types sharing a colour');
    // The filter chips wear the same colour as the rows.
    const chip = await fx.panel.page.locator('.chip', { hasText: 'content_block_stop' }).locator('.chip-dot').evaluate((el) => getComputedStyle(el).backgroundColor);
    assert.equal(chip, colours.find(([t]) => t === 'content_block_stop')![1]);
  });

  it('closes the detail of a record the filter hides', async () => {
    const f = new RecordFactory();
    await fx.panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot: snapshotOf([f.open(), f.event('update', '{"n":1}'), f.event('other', '{"n":2}')]) });
    await fx.panel.page.locator('.timeline-spacer .row', { hasText: 'other' }).click();
    const detail = fx.panel.page.getByRole('complementary', { name: 'Record detail' });
    assert.equal(await detail.isVisible(), true);
    await fx.panel.page.getByRole('textbox', { name: 'Filter records by text' }).fill('update');
    await fx.panel.settle();
    assert.deepEqual(await fx.panel.rowTexts('type'), ['update']);
    assert.equal(await detail.isVisible(), false, 'the pane no longer shows the hidden "other" event');
  });

  it('shows an empty Last-Event-ID as "(empty)", names fields in plain words, colours JSON and reads epoch milliseconds', async () => {
    const f = new RecordFactory();
    const data = JSON.stringify({ user: 'ana', at: BASE_TIME, count: 3, ok: true, none: null, html: '<b>x</b>' });
    await fx.panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot: snapshotOf([f.open(), f.event('update', data, { cls: 'heartbeat' })]) });
    await fx.panel.page.locator('.timeline-spacer .row', { hasText: 'update' }).click();
    const detail = fx.panel.page.getByRole('complementary', { name: 'Record detail' });

    const fields = await detail.locator('.fields').first().evaluate((dl) => {
      const out: Record<string, string> = {};
      const items = [...dl.children];
      for (let i = 0; i + 1 < items.length; i += 2) out[items[i]!.textContent!] = items[i + 1]!.textContent!;
      return out;
    });
    assert.equal(fields['Last-Event-ID'], '(empty)');
    assert.equal(fields['Number'], '#2 in this session');
    assert.equal(fields['Heartbeat'], 'yes: timed by the heartbeat monitor');
    for (const jargon of ['Kind', 'Seq', 'Class']) assert.equal(fields[jargon], undefined, `no "${jargon}" field`);

    const pre = detail.locator('.detail-data');
    assert.deepEqual(await pre.locator('.json-key').allTextContents(), ['"user"', '"at"', '"count"', '"ok"', '"none"', '"html"']);
    assert.deepEqual(await pre.locator('.json-string').allTextContents(), ['"ana"', '"<b>x</b>"']);
    assert.deepEqual(await pre.locator('.json-number').allTextContents(), [String(BASE_TIME), '3']);
    assert.equal(await pre.locator('b').count(), 0, 'event data never becomes markup');
    assert.equal(await pre.locator('.json-time').textContent(), ' ⟨2025-03-14 10:30:00.000⟩');
    // Distinct colours for keys, strings and numbers.
    const colours = await pre.evaluate((el) => ['.json-key', '.json-string', '.json-number'].map((s) => getComputedStyle(el.querySelector(s)!).color));
    assert.equal(new Set(colours).size, 3, colours.join(' '));
  });

  /** Widths of the head's cells and whether any visible row's type or id text is cut. */
  function layout(): Promise<{ type: number; id: number; cutTypes: string[]; cutIds: string[]; idLabel: string }> {
    return fx.panel.page.evaluate(() => {
      const head = document.querySelector('.timeline-head')!;
      const cut = (sel: string): string[] =>
        [...document.querySelectorAll<HTMLElement>(`.timeline-spacer .row ${sel}`)].filter((el) => el.scrollWidth > el.clientWidth + 1).map((el) => el.textContent ?? '');
      return {
        type: head.querySelector('.cell-type')!.getBoundingClientRect().width,
        id: head.querySelector('.cell-id')!.getBoundingClientRect().width,
        cutTypes: cut('.type-name'),
        cutIds: cut('.id-text'),
        idLabel: getComputedStyle(head.querySelector('.cell-id .head-label')!).visibility,
      };
    });
  }

  it('sizes the Type column to the longest type and collapses an ID column without ids', async () => {
    const f = new RecordFactory();
    const types = ['message_start', 'content_block_start', 'content_block_delta', 'content_block_stop', 'message_stop'];
    await fx.panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot: snapshotOf([f.open(), ...types.map((t) => f.wait(5).event(t, '{}'))]) });
    const before = await layout();
    assert.deepEqual(before.cutTypes, [], 'no type name is cut');
    assert.deepEqual((await fx.panel.rowTexts('type')).slice(1), types);
    assert.ok(before.id < 30, `an ID column without ids collapses (${before.id}px)`);
    assert.equal(before.idLabel, 'hidden');

    // Ids arrive: the column opens to the longest one.
    await fx.panel.post({ type: 'delta', delta: deltaOf([f.wait(5).event('message_delta', '{}', { id: 'evt_01HZY8M3Q4R5S6T7' })]) });
    const after = await layout();
    assert.deepEqual(after.cutIds, []);
    assert.ok(after.id > 100, `the ID column fits "evt_01HZY8M3Q4R5S6T7" (${after.id}px)`);
    assert.equal(after.idLabel, 'visible');
  });

  it('resizes a column by dragging its edge in the head, or with the arrow keys on it', async () => {
    const f = new RecordFactory();
    await fx.panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot: snapshotOf([f.open(), f.event('update', '{}', { id: '1' })]) });
    const start = (await layout()).type;
    const grip = fx.panel.page.getByRole('separator', { name: /Resize the Type column/ });
    const box = (await grip.boundingBox())!;
    await fx.panel.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await fx.panel.page.mouse.down();
    await fx.panel.page.mouse.move(box.x + box.width / 2 + 120, box.y + box.height / 2, { steps: 4 });
    await fx.panel.page.mouse.up();
    await fx.panel.settle();
    const dragged = (await layout()).type;
    assert.ok(Math.abs(dragged - (start + 120)) <= 2, `dragged from ${start} to ${dragged}`);
    // The rows follow the head.
    const rowType = await fx.panel.page.locator('.timeline-spacer .row .cell-type').first().evaluate((el) => el.getBoundingClientRect().width);
    assert.ok(Math.abs(rowType - dragged) < 1);

    await grip.focus();
    await fx.panel.page.keyboard.press('ArrowLeft');
    await fx.panel.page.keyboard.press('ArrowLeft');
    await fx.panel.settle();
    assert.ok(Math.abs((await layout()).type - (dragged - 16)) <= 2);
    await grip.dblclick();
    await fx.panel.settle();
    assert.ok(Math.abs((await layout()).type - start) <= 1, 'a double-click fits the content again');
  });
});
