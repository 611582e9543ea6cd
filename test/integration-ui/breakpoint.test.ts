// An event breakpoint through the real workbench: a profile (in a temporary workspace's
// settings) stops at the demo server's `system` event. Connect to Profile from the palette;
// the panel shows the pause banner with the event and the reason, the timeline holds still
// (no heartbeat rows while the session records them), the status bar says where it
// stopped; the banner's Resume lets everything through. Screenshot:
// test-results/vscode-breakpoint.png.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemoServer, type DemoServer } from '../../demo/server';
import { activityBarItem, answer, ROOT, runCommand, startWorkbench, type Workbench } from './workbench';

const SCREENSHOT = join(ROOT, 'test-results/vscode-breakpoint.png');

describe('UI: an event breakpoint stops the panel', function () {
  this.timeout(180_000);
  let demo: DemoServer;
  let wb: Workbench;
  let folder: string;

  before(async () => {
    demo = await startDemoServer({ port: 0 });
    folder = mkdtempSync(join(tmpdir(), 'sse-ui-breakpoint-'));
    mkdirSync(join(folder, '.vscode'));
    const profile = { name: 'UI breakpoint', url: `${demo.url}/events?heartbeatMs=300`, breakpoints: [{ id: 'sys', eventType: 'system' }] };
    writeFileSync(join(folder, '.vscode', 'settings.json'), JSON.stringify({ 'sseInspector.profiles': [profile] }, null, 2));
    wb = await startWorkbench(folder);
  });

  after(async () => {
    await wb?.close();
    await demo?.close();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it('shows the pause banner and holds the timeline at the event; Resume lets the heartbeats through', async () => {
    const { page } = wb;
    await activityBarItem(wb).waitFor({ timeout: 30_000 });
    await runCommand(wb, 'SSE Inspector: Connect to Profile');
    await answer(wb, 'Profile', 'UI breakpoint');

    const frame = wb.webviewFrame();
    // #1 is the open record, #2 the system event.
    const banner = frame.locator('.pause-banner');
    await banner.getByText('Paused at event #2: event type is "system"').waitFor({ timeout: 30_000 });
    const status = page.locator('.statusbar-item', { hasText: 'UI breakpoint' });
    await status.getByText(/paused at #2/).waitFor({ timeout: 10_000 });
    // Heartbeats keep coming (every 300 ms) into the session: the status bar counts them, the timeline does not show them.
    await status.getByText(/paused at #2 · [3-9] events|paused at #2 · \d{2,} events/).waitFor({ timeout: 15_000 });
    assert.equal(await frame.locator('.row.beat').count(), 0, 'no heartbeat row while paused');
    await page.locator('.tab', { hasText: 'UI breakpoint' }).first().waitFor({ timeout: 5_000 });
    const shot = await wb.screenshot(SCREENSHOT);
    console.log(`    screenshot: ${shot}`);

    await banner.getByRole('button', { name: 'Resume capture' }).click();
    await banner.waitFor({ state: 'hidden', timeout: 10_000 });
    // What arrived while paused is delivered at once; the system event stays the only hit.
    await frame.locator('.row.beat').nth(2).waitFor({ timeout: 15_000 });
    await status.getByText(/^\S*\s*UI breakpoint · \d+ events$/).waitFor({ timeout: 10_000 });
  });
});
