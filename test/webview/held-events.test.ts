// Events a tapped program got late: they reached it while it was paused at a breakpoint and
// were handed over in a burst after Continue (EventRecord.heldMs). Their timeline row wears
// a clock with how long, readable by a screen reader, and the detail pane says what happened.
// Screenshots in the dark and light themes: test-results/webview-{dark,light}-held.png.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { EventRecord, SseRecord } from '../../src/core/base/records';
import { PROTOCOL_VERSION } from '../../src/protocol';
import { usePanel } from './support/fixture';
import { PanelPage } from './support/panel';
import { deltaOf, RecordFactory, snapshotOf } from './support/records';
import { repoRoot } from './support/server';

function held(e: EventRecord, heldMs: number): EventRecord {
  return { ...e, heldMs };
}

/** A page's EventSource as the debug tap records it: a pause, Continue, the held burst, then on. */
function tappedStream(): { snapshot: SseRecord[]; delta: SseRecord[] } {
  const f = new RecordFactory();
  const snapshot: SseRecord[] = [
    f.open(),
    f.wait(300).event('tick', '{"n":1}', { id: '1' }),
    f.wait(300).event('tick', '{"n":2}', { id: '2' }),
    f.wait(100).marker('Paused: breakpoint at app.js:12 (thread 1)', 'debug-pause'),
    f.wait(4200).marker('Continued', 'debug-continue'),
    held(f.wait(2).event('tick', '{"n":3}', { id: '3' }), 4200),
    held(f.event('tick', '{"n":4}', { id: '4' }), 4200),
  ];
  const delta: SseRecord[] = [held(f.event('tick', '{"n":5}', { id: '5' }), 4200), f.wait(300).event('tick', '{"n":6}', { id: '6' })];
  return { snapshot, delta };
}

describe('webview: events held while the program was paused', () => {
  const fx = usePanel();

  it('marks held events (from the snapshot and from a delta) with a clock and the time, in words for a screen reader, and explains them in the detail pane', async () => {
    const { snapshot, delta } = tappedStream();
    await fx.panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot: snapshotOf(snapshot) });
    await fx.panel.post({ type: 'delta', delta: deltaOf(delta) });
    const marks = await fx.panel.page.locator('.timeline-spacer .row').evaluateAll((els) =>
      [...els]
        .sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top)
        .map((r) => {
          const b = r.querySelector<HTMLElement>('.row-held')!;
          return [r.querySelector('.cell-data .data-text')?.textContent ?? '', b.hidden ? null : b.textContent, b.hidden ? null : b.getAttribute('aria-label'), getComputedStyle(b).display];
        }),
    );
    const words = 'Held up to 4.2 s: this arrived while the program was paused at a breakpoint, and the program got it after Continue';
    assert.deepEqual(
      marks.slice(1).map(([data, text, label]) => [data, text, label]),
      [
        ['{"n":1}', null, null],
        ['{"n":2}', null, null],
        ['Paused: breakpoint at app.js:12 (thread 1)', null, null],
        ['Continued', null, null],
        ['{"n":3}', '4.2 s', words],
        ['{"n":4}', '4.2 s', words],
        ['{"n":5}', '4.2 s', words],
        ['{"n":6}', null, null],
      ],
    );
    assert.equal(marks[0]![1], null, 'the open row has no mark');
    assert.ok(marks.every(([, text, , display]) => (text === null) === (display === 'none')), 'a hidden mark takes no room');
    // The row's accessible name (a listbox option) carries the words, not a bare "4.2 s".
    assert.equal(await fx.panel.page.getByRole('option', { name: /Held up to 4\.2 s: this arrived while the program was paused/ }).count(), 3);

    // Keyboard: focus the timeline, move to a held row, open its detail.
    await fx.panel.page.locator('.timeline-spacer .row', { hasText: '{"n":2}' }).click();
    await fx.panel.page.keyboard.press('ArrowDown');
    await fx.panel.page.keyboard.press('ArrowDown');
    await fx.panel.page.keyboard.press('ArrowDown');
    await fx.panel.page.keyboard.press('Enter');
    await fx.panel.page.locator('.detail .note-held').waitFor();
    assert.equal(await fx.panel.page.locator('.detail .note-held').innerText(), words);
    assert.equal(await fx.panel.page.locator('.detail .note-held').getAttribute('role'), 'note');
    assert.match(await fx.panel.page.locator('.detail .fields').innerText(), /Held\s+up to 4\.2 s \(the program was paused\)/);
    // An event that came on time has no such note.
    await fx.panel.page.locator('.timeline-spacer .row', { hasText: '{"n":6}' }).click();
    assert.equal(await fx.panel.page.locator('.detail .note-held').count(), 0);
    assert.doesNotMatch(await fx.panel.page.locator('.detail .fields').innerText(), /Held/);
  });

  for (const theme of ['dark', 'light'] as const) {
    it(`shows the held mark in the ${theme} theme: test-results/webview-${theme}-held.png`, async () => {
      const outDir = join(repoRoot(), 'test-results');
      mkdirSync(outDir, { recursive: true });
      const panel = await PanelPage.open(fx.browser, fx.server, { theme, viewport: { width: 1100, height: 420 } });
      try {
        const { snapshot, delta } = tappedStream();
        await panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot: snapshotOf([...snapshot, ...delta], { label: 'GET 127.0.0.1:8787/resume' }) });
        await panel.page.locator('.timeline-spacer .row', { hasText: '{"n":3}' }).click();
        await panel.page.locator('.detail .note-held').waitFor();
        // The mark is in the pause colour of the theme, not the text colour.
        const [badge, text] = await panel.page.locator('.row-held:not([hidden])').first().evaluate((b) => [getComputedStyle(b).color, getComputedStyle(b.closest('.row')!.querySelector('.cell-data')!).color]);
        assert.notEqual(badge, text);
        await panel.page.screenshot({ path: join(outDir, `webview-${theme}-held.png`) });
        assert.deepEqual(panel.errors, []);
      } finally {
        await panel.close();
      }
    });
  }
});
