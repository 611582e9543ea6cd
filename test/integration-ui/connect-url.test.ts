// Through the real workbench UI, as a user would: F1 → "SSE Inspector: Connect to URL…",
// type the demo server's URL, Enter through method, headers and credentials; the panel
// opens and shows the `system` event and heartbeats; the status bar and the Streams view
// show the connection. Runs in plain Node mocha; drives code-server + chromium through
// scripts/vscode-host.mjs. Screenshot: test-results/vscode-panel.png.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startDemoServer, type DemoServer } from '../../demo/server';
import { activityBarItem as barItem, answer as answerIn, ROOT, runCommand as runIn, startWorkbench, type Workbench } from './workbench';

const SCREENSHOT = join(ROOT, 'test-results/vscode-panel.png');

describe('UI: Connect to URL from the command palette', function () {
  this.timeout(180_000);
  let demo: DemoServer;
  let wb: Workbench;

  before(async () => {
    demo = await startDemoServer({ port: 0, heartbeatMs: 500 });
    wb = await startWorkbench(join(ROOT, 'test/fixtures/workspace'));
  });

  after(async () => {
    await wb?.close();
    await demo?.close();
  });

  const answer = (placeholder: string, text?: string) => answerIn(wb, placeholder, text);
  const activityBarItem = () => barItem(wb);
  const runCommand = (title: string) => runIn(wb, title);

  it('connects through the prompts and the panel shows the system event and heartbeats', async () => {
    const { page } = wb;
    await activityBarItem().waitFor({ timeout: 30_000 });
    await runCommand('SSE Inspector: Connect to URL');
    await answer('http://localhost:3000/events', `${demo.url}/events?heartbeatMs=500`);
    await answer('HTTP method'); // GET, the first item
    await answer('X-Client: web; Accept-Language: en', ''); // no extra headers
    await answer('Credentials'); // No credentials, the first item

    const frame = wb.webviewFrame();
    await frame.locator('.state-badge.state-open').waitFor({ timeout: 30_000 });
    // Heartbeats keep arriving through the batched deltas.
    await frame.locator('.row.beat').nth(2).waitFor({ timeout: 15_000 });
    const beats = await frame.locator('.row.beat').count();
    assert.ok(beats >= 3, `${beats} heartbeat rows`);
    // The timeline is virtualised and follows the newest row: find the first event with the panel's filter.
    const filter = frame.locator('input[placeholder^="Filter"]');
    await filter.fill('system');
    const system = frame.locator('.row.kind-event', { has: frame.locator('.type-name', { hasText: /^system$/ }) }).first();
    await system.waitFor({ timeout: 10_000 });
    assert.match(await system.innerText(), /SSE connected/);
    await filter.fill('');
    await frame.locator('.row.beat').nth(2).waitFor({ timeout: 5_000 });

    // The editor tab is titled by host; the status bar shows the active connection.
    const label = `127.0.0.1:${demo.port}`;
    await page.locator('.tab', { hasText: label }).first().waitFor({ timeout: 5_000 });
    const status = page.locator('.statusbar-item', { hasText: label });
    await status.waitFor({ timeout: 10_000 });
    assert.match(await status.innerText(), /\d+ events/);

    const shot = await wb.screenshot(SCREENSHOT);
    console.log(`    screenshot: ${shot}`);
  });

  it('lists the connection in the Streams view of the activity bar', async () => {
    const { page } = wb;
    await activityBarItem().click();
    const sidebar = page.locator('.part.sidebar');
    const label = `127.0.0.1:${demo.port}`;
    const row = sidebar.locator('.monaco-list-row', { hasText: label });
    await row.waitFor({ timeout: 15_000 });
    assert.match(await row.innerText(), /open/);
    // The fixture workspace's saved profiles are listed too.
    await sidebar.locator('.monaco-list-row', { hasText: 'Demo: heartbeat' }).waitFor({ timeout: 5_000 });
    await wb.screenshot(join(ROOT, 'test-results/vscode-streams-view.png'));
  });

  it('restores the panel after a window reload, connected again', async () => {
    const { page } = wb;
    await runCommand('Developer: Reload Window');
    await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    const label = `127.0.0.1:${demo.port}`;
    await page.locator('.tab', { hasText: label }).first().waitFor({ timeout: 60_000 });
    // The serializer started the connection again: a fresh system event and new heartbeats.
    const frame = wb.webviewFrame();
    await frame.locator('.state-badge.state-open').waitFor({ timeout: 30_000 });
    await frame.locator('.row.beat').nth(1).waitFor({ timeout: 15_000 });
    // A new connection, so a new system event (the panel's filter may have been kept across the reload).
    const filter = frame.locator('input[placeholder^="Filter"]');
    await filter.fill('SSE connected');
    await frame.locator('.row.kind-event', { has: frame.locator('.type-name', { hasText: /^system$/ }) }).first().waitFor({ timeout: 10_000 });
    await wb.screenshot(join(ROOT, 'test-results/vscode-panel-restored.png'));
  });
});
