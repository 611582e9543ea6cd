// Event breakpoints: the banner while capture is held at a hit (Resume, selection, auto-scroll,
// PAUSED badge, a clock that holds still), "Break on" in the detail pane, and the list of the
// connection's breakpoints from the host's `context` message.
import assert from 'node:assert/strict';
import type { EventBreakpoint } from '../../src/core/breakpoints';
import { PROTOCOL_VERSION, type BreakpointMessage, type CommandMessage } from '../../src/protocol';
import { usePanel } from './support/fixture';
import { PanelPage } from './support/panel';
import { deltaOf, heartbeatOf, RecordFactory, snapshotOf } from './support/records';

describe('webview: breakpoints', () => {
  const fx = usePanel();

  async function sent(type: 'command'): Promise<CommandMessage[]>;
  async function sent(type: 'breakpoint'): Promise<BreakpointMessage[]>;
  async function sent(type: 'command' | 'breakpoint'): Promise<Array<CommandMessage | BreakpointMessage>> {
    return (await fx.panel.posted()).filter((m): m is CommandMessage | BreakpointMessage => m.type === type);
  }

  const selectedId = (): Promise<string> => fx.panel.page.locator('[role=option][aria-selected=true] .id-text').innerText();

  it('shows the paused banner, selects the hit, stops auto-scroll; Resume posts the command; resumed, it all goes back', async () => {
    const f = new RecordFactory();
    const records = Array.from({ length: 200 }, (_, i) => f.event(i === 20 ? 'order' : 'message', `{"n":${i}}`, { id: String(i) }));
    const hit = records[20]!;
    await fx.panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot: snapshotOf(records) });
    assert.equal(await fx.panel.page.locator('.pause-banner').isVisible(), false);
    assert.equal((await fx.panel.rowTexts('id')).at(-1), '199', 'following the end');

    await fx.panel.post({ type: 'paused', seq: hit.seq, reason: 'event type is "order"', breakpointId: 'bp-1', debuggerPaused: false });
    await fx.panel.settle();
    const banner = fx.panel.page.locator('.pause-banner');
    assert.equal(await banner.getAttribute('role'), 'alert');
    assert.equal(await banner.locator('.pause-text').innerText(), `Paused at event #${hit.seq}: event type is "order"`);
    assert.equal(await banner.locator('.pause-debugger').isVisible(), false);
    assert.equal(await fx.panel.page.locator('.state-badge').innerText(), 'PAUSED');
    assert.equal(await selectedId(), '20');
    assert.ok((await fx.panel.rowTexts('id')).includes('20'), 'the hit is scrolled into view');
    // Its row wears the "stopped here" colour, and only its row.
    assert.deepEqual(await fx.panel.page.locator('.row.hit .id-text').allInnerTexts(), ['20']);
    assert.equal(await fx.panel.page.locator('.detail-title').innerText(), `order · #${hit.seq}`);
    assert.equal(await fx.panel.page.getByRole('button', { name: 'Resume auto-scroll' }).getAttribute('aria-pressed'), 'true');

    await banner.getByRole('button', { name: 'Resume capture' }).click();
    assert.deepEqual((await sent('command')).at(-1), { type: 'command', command: 'resume' });
    // Until the host confirms, the panel stays paused.
    assert.equal(await banner.isVisible(), true);

    await fx.panel.post({ type: 'resumed' });
    assert.equal(await banner.isVisible(), false);
    assert.equal(await fx.panel.page.locator('.state-badge').innerText(), 'OPEN');
    assert.equal(await fx.panel.page.locator('.row.hit').count(), 0);
    // Auto-scroll was the hit's doing: it is back, and what arrived meanwhile is followed.
    assert.equal(await fx.panel.page.getByRole('button', { name: 'Pause auto-scroll' }).getAttribute('aria-pressed'), 'false');
    await fx.panel.post({ type: 'delta', delta: deltaOf([f.event('message', 'later', { id: '200' })]) });
    assert.equal((await fx.panel.rowTexts('id')).at(-1), '200');
  });

  it('says when the debug session was paused too, and selects a hit whose record comes after the message', async () => {
    const f = new RecordFactory();
    await fx.panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot: snapshotOf([f.event('message', 'a', { id: '1' })]) });
    const hit = f.event('tool_call', '{"name":"x"}', { id: '2' });
    await fx.panel.post({ type: 'paused', seq: hit.seq, reason: '$.name exists', breakpointId: 'bp-9', debuggerPaused: true });
    assert.equal(await fx.panel.page.locator('.pause-debugger').innerText(), 'The debug session was paused too.');
    await fx.panel.post({ type: 'delta', delta: deltaOf([hit]) });
    assert.equal(await selectedId(), '2');

    // Show brings the hit back after the user looked elsewhere.
    await fx.panel.selectTab('Heartbeat');
    await fx.panel.page.getByRole('button', { name: 'Show the event' }).click();
    assert.equal(await fx.panel.page.getByRole('tab', { name: /Timeline/ }).getAttribute('aria-selected'), 'true');
    assert.equal(await selectedId(), '2');
  });

  it('keeps auto-scroll off on resume when the user had paused it before the hit', async () => {
    const f = new RecordFactory();
    const records = [f.event('message', 'a', { id: '1' }), f.event('message', 'b', { id: '2' })];
    await fx.panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot: snapshotOf(records) });
    await fx.panel.page.getByRole('button', { name: 'Pause auto-scroll' }).click();
    await fx.panel.post({ type: 'paused', seq: records[1]!.seq, reason: 'x', breakpointId: 'b', debuggerPaused: false });
    await fx.panel.post({ type: 'resumed' });
    assert.equal(await fx.panel.page.getByRole('button', { name: 'Resume auto-scroll' }).getAttribute('aria-pressed'), 'true');
  });

  it('"Break on" in the detail pane posts a new breakpoint for the type; once listed, it removes it', async () => {
    const f = new RecordFactory();
    await fx.panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot: snapshotOf([f.open(), f.event('user-joined', '{"u":"ada"}', { id: '1' })]) });
    await fx.panel.page.locator('.timeline-spacer .row', { hasText: 'user-joined' }).click();
    await fx.panel.page.getByRole('button', { name: "Break on 'user-joined' events" }).click();
    const [added] = await sent('breakpoint');
    assert.equal(added?.action, 'add');
    assert.deepEqual(Object.keys(added!.breakpoint).sort(), ['eventType', 'id']);
    assert.equal(added!.breakpoint.eventType, 'user-joined');
    assert.match(added!.breakpoint.id, /^bp-[0-9a-f]{16}$/);

    // The host confirms with a new context; the button now removes that breakpoint.
    await fx.panel.post({ type: 'context', mode: 'live', breakpoints: [added!.breakpoint] });
    await fx.panel.page.getByRole('button', { name: "Remove the breakpoint on 'user-joined' events" }).click();
    const removed = (await sent('breakpoint')).at(-1);
    assert.deepEqual(removed, { type: 'breakpoint', action: 'remove', breakpoint: added!.breakpoint });

    // Other records have no such button.
    await fx.panel.page.locator('.timeline-spacer .row', { hasText: 'open' }).click();
    assert.equal(await fx.panel.page.locator('.detail-break').count(), 0);
  });

  it('lists the context breakpoints; the checkbox posts toggle, the close button remove, Escape closes the list', async () => {
    const breakpoints: EventBreakpoint[] = [
      { id: 'bp-1', eventType: 'delta', text: 'error', pauseDebugSession: true },
      { id: 'bp-2', jsonPath: '$.choices[0].finish_reason', equals: 'length', enabled: false },
    ];
    await fx.panel.post({ type: 'context', mode: 'live', breakpoints });
    const open = fx.panel.page.getByRole('button', { name: 'Event breakpoints (2)' });
    assert.equal(await open.getAttribute('aria-expanded'), 'false');
    await open.click();
    assert.equal(await open.getAttribute('aria-expanded'), 'true');
    const dialog = fx.panel.page.getByRole('dialog', { name: 'Event breakpoints' });
    assert.equal(await dialog.isVisible(), true);
    const first = dialog.getByRole('checkbox', { name: 'type is "delta" and data contains "error"' });
    const second = dialog.getByRole('checkbox', { name: '$.choices[0].finish_reason = length' });
    assert.equal(await first.isChecked(), true);
    assert.equal(await second.isChecked(), false);
    assert.equal(await dialog.locator('.bp-row').first().locator('.bp-debug').isVisible(), true);
    assert.equal(await dialog.locator('.bp-row').nth(1).locator('.bp-debug').isVisible(), false);

    await second.check();
    await dialog.getByRole('button', { name: 'Remove breakpoint: type is "delta" and data contains "error"' }).click();
    const messages = await sent('breakpoint');
    assert.deepEqual(messages, [
      { type: 'breakpoint', action: 'toggle', breakpoint: { ...breakpoints[1]!, enabled: true } },
      { type: 'breakpoint', action: 'remove', breakpoint: breakpoints[0]! },
    ] satisfies BreakpointMessage[]);

    // The host's next context redraws the list; the focus stays in it.
    await fx.panel.post({ type: 'context', mode: 'live', breakpoints: [{ ...breakpoints[1]!, enabled: true }] });
    assert.equal(await dialog.locator('.bp-row').count(), 1);
    assert.equal(await dialog.getByRole('checkbox').isChecked(), true);
    assert.equal(await fx.panel.page.evaluate(() => document.activeElement?.closest('[role=dialog]') !== null), true);
    assert.equal(await fx.panel.page.getByRole('button', { name: 'Event breakpoints (1)' }).count(), 1);

    await fx.panel.page.keyboard.press('Escape');
    assert.equal(await dialog.isVisible(), false);
    assert.equal(await fx.panel.page.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Event breakpoints (1)');

    await fx.panel.post({ type: 'context', mode: 'live', breakpoints: [] });
    await fx.panel.page.getByRole('button', { name: 'Event breakpoints', exact: true }).click();
    assert.match(await dialog.innerText(), /No event breakpoints/);
  });

  it('holds the clock still while paused, so the heartbeat does not look dead', async () => {
    const clocked = await PanelPage.open(fx.browser, fx.server, { fakeClock: true });
    try {
      const f = new RecordFactory(Date.now() - 60_000);
      const records = [f.open(), f.wait(59_000).event('heartbeat', '{}', { id: '1' })];
      const heartbeat = heartbeatOf({ expectedIntervalMs: 25_000, expectedSource: 'configured', idleTimeoutMs: 60_000, beatSource: 'event', beats: 1, lastBeatAt: f.t });
      await clocked.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot: snapshotOf(records, { heartbeat, at: f.t + 1_000 }) });
      const lastBeat = clocked.page.locator('.stat-last-beat');
      assert.equal(await lastBeat.getAttribute('class'), 'stat stat-last-beat beat-ok');

      await clocked.post({ type: 'paused', seq: records[1]!.seq, reason: 'type', breakpointId: 'b', debuggerPaused: false });
      const frozen = await lastBeat.locator('.stat-value').innerText();
      // Two minutes without a message from the host (it sends none while paused).
      await clocked.page.clock.fastForward(120_000);
      await clocked.page.clock.runFor(1_000);
      assert.equal(await lastBeat.locator('.stat-value').innerText(), frozen);
      assert.equal(await lastBeat.getAttribute('class'), 'stat stat-last-beat beat-ok');

      await clocked.post({ type: 'resumed' });
      assert.equal(await lastBeat.getAttribute('class'), 'stat stat-last-beat beat-error');
      assert.deepEqual(clocked.errors, []);
    } finally {
      await clocked.close();
    }
  });
});
