// The toolbar's fault menu: shown only when the host says the stream is tapped through a
// running proxy tap, usable by keyboard, each choice posted to the host as a fault; fault
// markers on the timeline, which do not end a debug pause. Screenshots in dark and light.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { SseRecord } from '../../src/core/base/records';
import { PROTOCOL_VERSION } from '../../src/protocol';
import { usePanel } from './support/fixture';
import { PanelPage } from './support/panel';
import { RecordFactory, snapshotOf } from './support/records';
import { repoRoot } from './support/server';

function tappedSession(): SseRecord[] {
  const f = new RecordFactory();
  return [
    f.event('message', '{"n":1}'),
    f.event('message', '{"n":2}'),
    f.marker('Fault: connection reset (TCP RST)', 'fault'),
    f.event('message', '{"n":3}'),
    f.marker('Fault: answer the next 3 reconnects with 503 (Retry-After: 5)', 'fault'),
  ];
}

describe('webview: the proxy tap fault menu', () => {
  const fx = usePanel({ open: false });

  async function open(theme: 'dark' | 'light' = 'dark'): Promise<PanelPage> {
    const panel = await PanelPage.open(fx.browser, fx.server, { theme, viewport: { width: 1280, height: 800 } });
    await panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot: snapshotOf(tappedSession()) });
    return panel;
  }

  it('is hidden until the context says the stream is proxy-tapped, and for a recording', async () => {
    const panel = await open();
    try {
      const menu = panel.page.locator('.fault-menu');
      assert.equal(await menu.isVisible(), false);
      await panel.post({ type: 'context', mode: 'live', breakpoints: [], faults: true });
      assert.equal(await menu.isVisible(), true);
      await panel.post({ type: 'context', mode: 'live', breakpoints: [] });
      assert.equal(await menu.isVisible(), false);
      await panel.post({ type: 'context', mode: 'recording', breakpoints: [], faults: true });
      assert.equal(await menu.isVisible(), false);
      assert.deepEqual(panel.errors, []);
    } finally {
      await panel.close();
    }
  });

  it('a tapped stream has no Reconnect and no Save as profile, and its Disconnect stops observing', async () => {
    const panel = await open();
    try {
      const toolbar = panel.page.getByRole('toolbar', { name: 'Session' });
      const visibleButtons = async () => (await toolbar.getByRole('button').evaluateAll((els) => els.filter((e) => !(e as HTMLElement).hidden).map((e) => e.getAttribute('aria-label'))));
      const ours = await visibleButtons();
      assert.ok(ours.includes('Reconnect') && ours.includes('Save as profile') && ours.includes('Disconnect'), ours.join(', '));
      await panel.post({ type: 'context', mode: 'live', breakpoints: [], faults: true, tapped: true });
      const tapped = await visibleButtons();
      assert.ok(!tapped.includes('Reconnect') && !tapped.includes('Save as profile'), tapped.join(', '));
      assert.ok(tapped.includes('Stop observing'), tapped.join(', '));
      // Our own connection again: everything back.
      await panel.post({ type: 'context', mode: 'live', breakpoints: [] });
      assert.deepEqual(await visibleButtons(), ours);
      assert.deepEqual(panel.errors, []);
    } finally {
      await panel.close();
    }
  });

  it('opens from the keyboard and posts the chosen fault; "More faults…" asks the host', async () => {
    const panel = await open();
    try {
      await panel.post({ type: 'context', mode: 'live', breakpoints: [], faults: true });
      const button = panel.page.locator('.fault-menu .menu-button');
      await button.focus();
      await panel.page.keyboard.press('Enter');
      // Enter opens on the first item; one down is the reset.
      await panel.page.keyboard.press('ArrowDown');
      assert.equal(await panel.page.evaluate(() => document.activeElement?.textContent), 'Reset the connection (TCP RST)');
      await panel.page.keyboard.press('Enter');
      await button.focus();
      await panel.page.keyboard.press('ArrowUp');
      assert.equal(await panel.page.evaluate(() => document.activeElement?.textContent), 'More faults…');
      await panel.page.keyboard.press('Enter');
      const faults = (await panel.posted()).filter((m) => m.type === 'fault');
      assert.deepEqual(faults, [{ type: 'fault', fault: { kind: 'end', reset: true } }, { type: 'fault' }]);
    } finally {
      await panel.close();
    }
  });

  it('shows fault markers with a zap, in their own colour; a fault marker does not end a debug pause', async () => {
    const panel = await open();
    try {
      const f = new RecordFactory();
      await panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot: snapshotOf([f.marker('Breakpoint', 'debug-pause'), f.event('message', 'a'), f.marker('Fault: stall 5 s (silence)', 'fault'), f.event('message', 'b')]) });
      const rows = await panel.page.locator('.timeline-spacer .row').evaluateAll((els) =>
        [...els]
          .sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top)
          .map((r) => ({ type: r.querySelector('.type-name')?.textContent ?? '', zap: r.querySelector('.kind-icon')!.classList.contains('codicon-zap'), paused: r.classList.contains('debug-paused'), colour: getComputedStyle(r.querySelector('.cell-type')!).color })),
      );
      assert.deepEqual(rows.map((r) => [r.type, r.zap, r.paused]), [['debug-pause', false, false], ['message', false, true], ['fault', true, false], ['message', false, true]]);
      assert.notEqual(rows[2]!.colour, rows[0]!.colour);
    } finally {
      await panel.close();
    }
  });

  for (const theme of ['dark', 'light'] as const) {
    it(`screenshot with the menu open: test-results/webview-${theme}-faults.png`, async () => {
      const outDir = join(repoRoot(), 'test-results');
      mkdirSync(outDir, { recursive: true });
      const panel = await open(theme);
      try {
        await panel.post({ type: 'context', mode: 'live', breakpoints: [], faults: true });
        await panel.page.evaluate(() => document.fonts.ready.then(() => undefined));
        await panel.page.locator('.fault-menu .menu-button').click();
        assert.equal(await panel.page.locator('.fault-menu [role=menu]').isVisible(), true);
        await panel.settle();
        await panel.page.screenshot({ path: join(outDir, `webview-${theme}-faults.png`) });
        assert.deepEqual(panel.errors, []);
      } finally {
        await panel.close();
      }
    });
  }
});
