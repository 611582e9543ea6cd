// Through the real workbench UI, as a user would: F1 → "SSE Inspector: Connect to URL…",
// type the demo server's URL, Enter through method, headers and credentials; the panel
// opens and shows the `system` event and heartbeats; the status bar and the Streams view
// show the connection. Runs in plain Node mocha; drives code-server + chromium through
// scripts/vscode-host.mjs. Screenshot: test-results/vscode-panel.png.
import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { startDemoServer, type DemoServer } from '../../demo/server';

// out/test/integration-ui/connect-url.test.js -> the repository root.
const ROOT = resolve(__dirname, '../../..');
const SCREENSHOT = join(ROOT, 'test-results/vscode-panel.png');

interface Workbench {
  page: Page;
  runCommand(title: string, timeoutMs?: number): Promise<void>;
  webviewFrame(): ReturnType<Page['frameLocator']>;
  screenshot(path: string): Promise<string>;
  close(): Promise<void>;
}

/** scripts/vscode-host.mjs is ESM outside the bundle: a computed URL keeps esbuild from inlining it. */
async function loadHost(): Promise<{ startWorkbench(o: { extensionDevelopmentPath: string; folder: string }): Promise<Workbench> }> {
  const url = pathToFileURL(join(ROOT, 'scripts', 'vscode-host.mjs')).href;
  return (await import(url)) as never;
}

describe('UI: Connect to URL from the command palette', function () {
  this.timeout(180_000);
  let demo: DemoServer;
  let wb: Workbench;

  before(async () => {
    demo = await startDemoServer({ port: 0, heartbeatMs: 500 });
    const host = await loadHost();
    wb = await host.startWorkbench({ extensionDevelopmentPath: ROOT, folder: join(ROOT, 'test/fixtures/workspace') });
  });

  after(async () => {
    await wb?.close();
    await demo?.close();
  });

  /** Waits for the quick input step whose placeholder is `placeholder`, then types `text` (if any) and Enter. */
  async function answer(placeholder: string, text?: string): Promise<void> {
    const input = wb.page.locator(`.quick-input-widget input[placeholder="${placeholder}"]`);
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    if (text !== undefined) await input.fill(text);
    await wb.page.keyboard.press('Enter');
  }

  /** The activity bar entry of our view container: proof the extension's contributions are in. */
  const activityBarItem = () => wb.page.locator('.activitybar .action-item a[aria-label^="SSE Inspector"]').first();

  /**
   * Runs a palette command. Right after startup the workbench may take the focus back and
   * close the palette under runCommand; then it is simply tried again.
   */
  async function runCommand(title: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await wb.runCommand(title, 20_000);
        return;
      } catch (err) {
        if (attempt === 3) throw err;
        await wb.page.keyboard.press('Escape');
        await wb.page.waitForTimeout(1000);
      }
    }
  }

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
