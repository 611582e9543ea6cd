// Debug markers on the timeline, the tint of events that arrived while the debugged program
// was paused, and the badges of events with an id-continuity problem.
import assert from 'node:assert/strict';
import type { SseRecord } from '../../src/core/base/records';
import { PROTOCOL_VERSION } from '../../src/protocol';
import { usePanel } from './support/fixture';
import { continuityOf, deltaOf, RecordFactory, snapshotOf, withContinuity } from './support/records';

describe('webview: debug markers and row flags', () => {
  const fx = usePanel();

  interface RowInfo {
    type: string;
    icon: string;
    marker: boolean;
    paused: boolean;
    pauseIcon: boolean;
    background: string;
  }

  async function rows(): Promise<RowInfo[]> {
    return fx.panel.page.locator('.timeline-spacer .row').evaluateAll((els) =>
      [...els]
        .sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top)
        .map((r) => ({
          type: r.querySelector('.type-name')?.textContent ?? '',
          icon: [...r.querySelector('.kind-icon')!.classList].find((c) => c.startsWith('codicon-')) ?? '',
          marker: r.classList.contains('kind-marker'),
          paused: r.classList.contains('debug-paused'),
          pauseIcon: !(r.querySelector('.row-paused') as HTMLElement).hidden,
          background: getComputedStyle(r).backgroundColor,
        })),
    );
  }

  it('shows debug markers with their codicons, and tints events between a pause and the next continue or stop', async () => {
    const f = new RecordFactory();
    const records: SseRecord[] = [
      f.marker('Launch chat-client', 'debug-start'),
      f.event('message', 'before'),
      f.marker('Breakpoint in client.ts:42', 'debug-pause'),
      f.event('message', 'during 1'),
      f.marker('Looked at the socket', 'note'),
      f.event('message', 'during 2'),
      f.marker('Continued', 'debug-continue'),
      f.event('message', 'after'),
      f.marker('Paused again', 'debug-pause'),
    ];
    await fx.panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot: snapshotOf(records) });
    // The program is still paused: an event in the next delta is tinted too, until the stop.
    await fx.panel.post({ type: 'delta', delta: deltaOf([f.event('message', 'during 3'), f.marker('Session ended', 'debug-stop'), f.event('message', 'last')]) });

    const info = await rows();
    assert.deepEqual(
      info.map((r) => [r.type, r.icon, r.marker, r.paused, r.pauseIcon]),
      [
        ['debug-start', 'codicon-debug-start', true, false, false],
        ['message', 'codicon-circle-filled', false, false, false],
        ['debug-pause', 'codicon-debug-pause', true, false, false],
        ['message', 'codicon-circle-filled', false, true, true],
        ['note', 'codicon-note', true, false, false],
        ['message', 'codicon-circle-filled', false, true, true],
        ['debug-continue', 'codicon-debug-continue', true, false, false],
        ['message', 'codicon-circle-filled', false, false, false],
        ['debug-pause', 'codicon-debug-pause', true, false, false],
        ['message', 'codicon-circle-filled', false, true, true],
        ['debug-stop', 'codicon-debug-stop', true, false, false],
        ['message', 'codicon-circle-filled', false, false, false],
      ],
    );
    // Marker rows show their label, and look different from events; paused events differ from the others.
    assert.equal((await fx.panel.rowTexts('data'))[2], 'Breakpoint in client.ts:42');
    assert.notEqual(info[0]!.background, info[1]!.background);
    assert.notEqual(info[3]!.background, info[1]!.background);
    assert.equal(info[3]!.background, info[5]!.background);
    const markerColours = await fx.panel.page.locator('.row.kind-marker .cell-type').evaluateAll((els) => els.map((e) => getComputedStyle(e).color));
    assert.equal(markerColours[0], 'rgb(137, 209, 133)', 'debug-start in the debug start colour');
    assert.equal(markerColours[5], 'rgb(244, 135, 113)', 'debug-stop in the debug stop colour');

    // The detail pane says why the row is tinted; other events do not.
    await fx.panel.page.locator('.timeline-spacer .row', { hasText: 'during 1' }).click();
    assert.equal(await fx.panel.page.locator('.detail-note').innerText(), 'Arrived while the debugged program was paused');
    await fx.panel.page.locator('.timeline-spacer .row', { hasText: 'before' }).click();
    assert.equal(await fx.panel.page.locator('.detail-note').count(), 0);
    await fx.panel.page.locator('.timeline-spacer .row', { hasText: 'Launch chat-client' }).click();
    assert.match(await fx.panel.page.locator('.detail .fields').innerText(), /Marker\s+debug-start\s+Label\s+Launch chat-client/);
  });

  it('flags the events a tapped program got late because it was paused (heldMs), in the row and the detail pane', async () => {
    const f = new RecordFactory();
    const held = (r: SseRecord, ms: number) => ({ ...r, heldMs: ms }) as SseRecord;
    const records: SseRecord[] = [f.event('tick', 'on time'), f.marker('Paused: debugger statement', 'debug-pause'), f.marker('Continued', 'debug-continue'), held(f.event('tick', 'waited 1'), 1530), held(f.event('tick', 'waited 2'), 1530), f.event('tick', 'after')];
    await fx.panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot: snapshotOf(records) });
    const info = await rows();
    // Held rows are tinted as the paused ones are, and say how long in a clock badge before their data
    // (the pause flag stays for events that arrived between the pause and continue markers).
    assert.deepEqual(
      info.map((r) => [r.type, r.paused, r.pauseIcon]),
      [
        ['tick', false, false],
        ['debug-pause', false, false],
        ['debug-continue', false, false],
        ['tick', true, false],
        ['tick', true, false],
        ['tick', false, false],
      ],
    );
    const words = 'Held up to 1.5 s: this arrived while the program was paused at a breakpoint, and the program got it after Continue';
    const badges = await fx.panel.page.locator('.timeline-spacer .row.held .row-held').evaluateAll((els) => els.map((e) => [(e as HTMLElement).innerText.trim(), (e as HTMLElement).title]));
    assert.deepEqual(badges, [['1.5 s', words], ['1.5 s', words]]);
    await fx.panel.page.locator('.timeline-spacer .row', { hasText: 'waited 1' }).click();
    assert.equal(await fx.panel.page.locator('.detail-note').innerText(), words);
    await fx.panel.page.locator('.timeline-spacer .row', { hasText: 'after' }).click();
    assert.equal(await fx.panel.page.locator('.detail-note').count(), 0);
  });

  it('badges events with a gap or a duplicate id, explains them in a title and in the detail pane', async () => {
    const f = new RecordFactory();
    const records = [f.event('message', 'alpha', { id: '1' }), f.event('message', 'bravo', { id: '4' }), f.event('message', 'charlie', { id: '4' })];
    await fx.panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot: snapshotOf(records) });
    assert.equal(await fx.panel.page.locator('.row-badge:not([hidden])').count(), 0);
    // The issues may come in a later message than their records: rows already drawn get flagged.
    await fx.panel.post({
      type: 'delta',
      delta: deltaOf(
        [],
        withContinuity(
          continuityOf({
          eventsWithIds: 3,
          gaps: 1,
          missingIds: 2,
          duplicates: 1,
          issues: [
            { kind: 'gap', seq: records[1]!.seq, attempt: 2, id: '4', expected: '2', missing: 2, acrossReconnect: true },
            { kind: 'duplicate', seq: records[2]!.seq, attempt: 2, id: '4', acrossReconnect: false },
          ],
          }),
        ),
      ),
    });
    const badges = await fx.panel.page.locator('.timeline-spacer .row').evaluateAll((els) =>
      [...els]
        .sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top)
        .map((r) => {
          const b = r.querySelector<HTMLElement>('.row-badge')!;
          return b.hidden ? null : [b.textContent, b.title];
        }),
    );
    assert.deepEqual(badges, [null, ['gap', 'Ids 2–3 missing before id 4 (across a reconnect)'], ['dup', 'Id 4 received again']]);
    assert.deepEqual(await fx.panel.rowTexts('id'), ['1', '4', '4'], 'the id column still reads the ids');

    await fx.panel.page.locator('.timeline-spacer .row', { hasText: 'bravo' }).click();
    assert.equal(await fx.panel.page.locator('.detail .note-gap').innerText(), 'Ids 2–3 missing before id 4 (across a reconnect)');
  });
});
