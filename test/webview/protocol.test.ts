// The panel speaks the host protocol: ready on load, snapshot replaces, delta appends
// (ignoring what it already has), eviction keeps the webview bounded, notices show.
import assert from 'node:assert/strict';
import { PROTOCOL_VERSION } from '../../src/protocol';
import { usePanel } from './support/fixture';
import { PanelPage } from './support/panel';
import { postBigSnapshot } from './support/big-session';
import { BASE_TIME, deltaOf, RecordFactory, snapshotOf } from './support/records';

describe('webview: protocol', () => {
  const fx = usePanel();

  it('posts ready with the protocol version once on load', async () => {
    assert.deepEqual(await fx.panel.posted(), [{ type: 'ready', version: PROTOCOL_VERSION }]);
  });

  it('renders a snapshot: one row per record with time, type, id and data preview', async () => {
    const f = new RecordFactory();
    const records = [
      f.open(),
      f.wait(5).event('system', '{"message":"SSE connected"}', { id: '1' }),
      f.wait(25_000).event('heartbeat', '{"timestamp":1}', { id: '2' }),
      f.wait(25_000).comment('keep-alive'),
      f.wait(25_000).event('heartbeat', '{"timestamp":2}', { id: '3' }),
    ];
    await fx.panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot: snapshotOf(records) });

    assert.equal(await fx.panel.page.locator('.timeline-spacer .row').count(), 5);
    assert.deepEqual(await fx.panel.rowTexts('type'), ['open', 'system', 'heartbeat', 'comment', 'heartbeat']);
    assert.deepEqual(await fx.panel.rowTexts('id'), ['', '1', '2', '', '3']);
    assert.deepEqual(await fx.panel.rowTexts('time'), ['10:30:00.000', '10:30:00.005', '10:30:25.005', '10:30:50.005', '10:31:15.005']);
    const data = await fx.panel.rowTexts('data');
    assert.equal(data[1], '{"message":"SSE connected"}');
    assert.equal(data[3], ': keep-alive');
    assert.match(data[0]!, /^200 OK · text\/event-stream/);
    assert.equal(await fx.panel.page.locator('.session-label').innerText(), 'Demo S1 events');
    assert.equal(await fx.panel.counter(), '5 records');
  });

  it('colours event types differently and marks non-event records', async () => {
    const f = new RecordFactory();
    const records = [f.open(), f.event('system', '{}'), f.event('heartbeat', '{}'), f.event('content', '{}'), f.error('network', 'reset')];
    await fx.panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot: snapshotOf(records) });
    const colours = await fx.panel.page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('.timeline-spacer .row')].map((r) => ({
        type: r.querySelector('.type-name')?.textContent,
        color: getComputedStyle(r.querySelector('.cell-type')!).color,
        meta: r.classList.contains('meta'),
      })),
    );
    const byType = new Map(colours.map((c) => [c.type, c]));
    const system = byType.get('system')!.color;
    const heartbeat = byType.get('heartbeat')!.color;
    const content = byType.get('content')!.color;
    assert.equal(new Set([system, heartbeat, content]).size, 3, `three different colours: ${system} ${heartbeat} ${content}`);
    assert.equal(byType.get('open')!.meta, true);
    assert.equal(byType.get('error')!.meta, true);
    assert.equal(byType.get('system')!.meta, false);
    assert.notEqual(byType.get('error')!.color, byType.get('open')!.color);
  });

  it('appends delta records and ignores records it already has (seq <= last seen)', async () => {
    const f = new RecordFactory();
    const first = [f.event('message', 'a', { id: '1' }), f.event('message', 'b', { id: '2' }), f.event('message', 'c', { id: '3' })];
    await fx.panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot: snapshotOf(first) });
    const next = [f.event('message', 'd', { id: '4' }), f.event('message', 'e', { id: '5' })];
    // The host resends an overlap (seq 2 and 3) before the new records.
    await fx.panel.post({ type: 'delta', delta: deltaOf([first[1]!, first[2]!, ...next]) });
    assert.deepEqual(await fx.panel.rowTexts('id'), ['1', '2', '3', '4', '5']);
    // A stale delta with only old records changes nothing.
    await fx.panel.post({ type: 'delta', delta: deltaOf([first[0]!, next[0]!]) });
    assert.deepEqual(await fx.panel.rowTexts('data'), ['a', 'b', 'c', 'd', 'e']);
    assert.equal(await fx.panel.counter(), '5 records');
  });

  it('drops records the host evicted and says how many older records are gone', async () => {
    const f = new RecordFactory();
    const records = Array.from({ length: 10 }, (_, i) => f.event('tick', `n${i}`, { id: String(i) }));
    await fx.panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot: snapshotOf(records) });
    assert.equal(await fx.panel.page.locator('.evicted-note').isVisible(), false);
    const more = [f.event('tick', 'n10', { id: '10' }), f.event('tick', 'n11', { id: '11' })];
    await fx.panel.post({ type: 'delta', delta: deltaOf(more, { replace: { evicted: 4 } }) });
    const ids = await fx.panel.rowTexts('id');
    assert.deepEqual(ids, ['4', '5', '6', '7', '8', '9', '10', '11']);
    assert.equal(await fx.panel.page.locator('.evicted-note').innerText(), '4 older records dropped to stay within the memory limit');
  });

  it('holds at most 200 000 records, dropping the oldest beyond that', async () => {
    await postBigSnapshot(fx.panel, { count: 200_005, start: BASE_TIME, protocolVersion: PROTOCOL_VERSION });
    assert.equal(await fx.panel.counter(), '200,000 records');
    assert.equal(await fx.panel.page.locator('.evicted-note').innerText(), '5 older records dropped to stay within the memory limit');
    await fx.panel.page.locator('.timeline-scroll').evaluate((el) => {
      el.scrollTop = 0;
    });
    await fx.panel.settle();
    assert.equal((await fx.panel.rowTexts('id'))[0], 'ev-6');
  });

  it('draws once per animation frame however many deltas arrive in it (a flood sends a page per message)', async () => {
    const f = new RecordFactory();
    await fx.panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot: snapshotOf([f.event('tick', 'n0')]) });
    const deltas = Array.from({ length: 30 }, (_, i) => deltaOf([f.event('tick', `n${i + 1}`)]));
    // Every change of the record counter is a mutation: drawing per message would make 30.
    const mutations = await fx.panel.page.evaluate((json) => {
      const counter = document.querySelector('.filter-count')!;
      let seen = 0;
      const observer = new MutationObserver((list) => (seen += list.length));
      observer.observe(counter, { childList: true, characterData: true, subtree: true });
      for (const delta of JSON.parse(json) as unknown[]) window.postMessage({ type: 'delta', delta }, '*');
      return new Promise<number>((resolve) =>
        requestAnimationFrame(() =>
          requestAnimationFrame(() => {
            observer.disconnect();
            resolve(seen);
          }),
        ),
      );
    }, JSON.stringify(deltas));
    assert.equal(await fx.panel.counter(), '31 records');
    assert.ok(mutations >= 1 && mutations <= 3, `${mutations} changes of the counter for 30 deltas`);
  });

  it('ignores a delta of another session', async () => {
    const f = new RecordFactory();
    await fx.panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot: snapshotOf([f.event('a', '1')]) });
    await fx.panel.post({ type: 'delta', delta: deltaOf([f.event('b', '2')], { id: 'another-session' }) });
    assert.deepEqual(await fx.panel.rowTexts('type'), ['a']);
  });

  it('a new snapshot replaces everything', async () => {
    const f = new RecordFactory();
    await fx.panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot: snapshotOf([f.event('old', '1'), f.event('old', '2')]) });
    // After `clear`, the host sends the (now short) history again; seqs carry on.
    await fx.panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot: snapshotOf([f.event('new', '3')]) });
    assert.deepEqual(await fx.panel.rowTexts('type'), ['new']);
    assert.equal(await fx.panel.counter(), '1 record');
  });

  it('shows notices as dismissible banners with their level', async () => {
    await fx.panel.post({ type: 'notice', level: 'warning', text: 'Token expires in 2 minutes' });
    await fx.panel.post({ type: 'notice', level: 'error', text: 'Profile "prod" not found' });
    const notices = fx.panel.page.locator('.notice');
    assert.equal(await notices.count(), 2);
    assert.equal(await notices.nth(0).getAttribute('class'), 'notice notice-warning');
    assert.equal(await notices.nth(1).innerText(), 'Profile "prod" not found');
    assert.equal(await notices.nth(1).getAttribute('role'), 'alert');
    await notices.nth(0).getByRole('button', { name: 'Dismiss notice' }).click();
    assert.equal(await notices.count(), 1);
    assert.match(await notices.nth(0).innerText(), /not found/);
  });

  it('keeps its UI state across hide/show through getState/setState', async () => {
    const f = new RecordFactory();
    const snapshot = snapshotOf([f.event('system', 'hello'), f.event('heartbeat', 'beat')]);
    await fx.panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot });
    await fx.panel.page.getByRole('textbox', { name: 'Filter records by text' }).fill('hello');
    await fx.panel.selectTab('Heartbeat');
    const saved = (await fx.panel.savedState()) as { text: string; tab: string };
    assert.equal(saved.text, 'hello');
    assert.equal(saved.tab, 'heartbeat');

    // The panel is recreated (hidden and shown again): VS Code hands the state back.
    const again = await PanelPage.open(fx.browser, fx.server, { state: saved });
    try {
      await again.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot });
      assert.equal(await again.page.getByRole('tab', { name: /Heartbeat/ }).getAttribute('aria-selected'), 'true');
      await again.selectTab('Timeline');
      assert.equal(await again.page.getByRole('textbox', { name: 'Filter records by text' }).inputValue(), 'hello');
      assert.equal(await again.counter(), '1 of 2');
    } finally {
      await again.close();
    }
  });
});
