// A web page's event stream in the real workbench: F5 on a launch configuration that opens
// a page in Debian's Chromium (headless) under js-debug; the page's EventSource shows as a
// tapped stream, its panel opened beside the debugger. The page stops at a `debugger;`
// statement; after Debug: Continue the events of the pause show with the held mark.
// Screenshot: test-results/vscode-browser-tap.png.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemoServer, type DemoServer } from '../../demo/server';
import { startPageServer, type PageServer } from '../support/page-server';
import { activityBarItem, ROOT, runCommand, startWorkbench, type Workbench } from './workbench';

const SCREENSHOT = join(ROOT, 'test-results/vscode-browser-tap.png');

/**
 * The page opens its stream a few seconds after it loads: the tap joins when js-debug starts
 * the page's debug session, after the page began to run (the integration test waits for the
 * tap's log line instead; this test drives only the workbench).
 */
const PAGE = `<!doctype html><meta charset="utf-8"><title>Chat page</title><script>
async function start() { for (;;) { const r = await fetch('/go'); if ((await r.text()) === 'go') return; await new Promise((ok) => setTimeout(ok, 100)); } }
let n = 0;
let held = false;
start().then(() => {
  const es = new EventSource('/demo/buffered?events=1&everyMs=250');
  es.addEventListener('update', () => {
    // From the fourth event on, until a pause really held the page: now and then the
    // debugger statement did not pause it (the page went on past it, the debugger attached).
    if (++n >= 4 && !held) {
      const before = performance.now();
      debugger; // the test presses Continue a moment later
      held = performance.now() - before > 500;
    }
  });
});
</script>`;

describe('UI: a web page under js-debug, its EventSource tapped', function () {
  this.timeout(180_000);
  let demo: DemoServer;
  let pages: PageServer;
  let wb: Workbench;
  let folder: string;
  let userDataDir: string;

  before(async () => {
    demo = await startDemoServer({ port: 0 });
    let servedAt: number | undefined;
    pages = await startPageServer(demo, PAGE, async () => {
      servedAt ??= Date.now();
      return Date.now() - servedAt > 6000;
    });
    folder = mkdtempSync(join(tmpdir(), 'sse-ui-browser-tap-'));
    userDataDir = mkdtempSync(join(tmpdir(), 'sse-ui-chromium-'));
    mkdirSync(join(folder, '.vscode'));
    const launch = {
      version: '0.2.0',
      configurations: [
        {
          type: 'pwa-chrome',
          request: 'launch',
          name: 'Chat page',
          url: `${pages.url}/page`,
          runtimeExecutable: '/usr/bin/chromium',
          runtimeArgs: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
          userDataDir,
          webRoot: '${workspaceFolder}',
          browserLaunchLocation: 'workspace',
        },
      ],
    };
    writeFileSync(join(folder, '.vscode', 'launch.json'), JSON.stringify(launch, null, 2));
    wb = await startWorkbench(folder);
  });

  // What the workbench showed when a step timed out: the debug toolbar, a notification, the debug console.
  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && wb) await wb.screenshot(join(ROOT, 'test-results/vscode-browser-tap-failed.png')).catch(() => undefined);
  });

  after(async () => {
    await wb?.close();
    await pages?.close();
    await demo?.close();
    if (folder) rmSync(folder, { recursive: true, force: true });
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
  });

  it('shows the tapped stream in its panel, with the events held at the breakpoint marked', async () => {
    const { page } = wb;
    await activityBarItem(wb).waitFor({ timeout: 30_000 });
    await runCommand(wb, 'Debug: Start Debugging');
    // The debugger statement: the toolbar offers Continue. Now and then the workbench had not
    // selected the launch configuration yet and asked which one to start: the page's is picked.
    const toolbarContinue = page.locator('.debug-toolbar .action-label.codicon-debug-continue');
    const pickConfiguration = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Chat page' }).first();
    const deadline = Date.now() + 60_000;
    while (!(await toolbarContinue.isVisible())) {
      if (Date.now() > deadline) throw new Error('the page did not stop at its debugger statement within 60 s');
      if (await pickConfiguration.isVisible()) await pickConfiguration.click();
      await page.waitForTimeout(250);
    }
    await page.waitForTimeout(1500);
    await runCommand(wb, 'Debug: Continue');
    // The tapped stream's panel, opened in the background: its tab is named after the host.
    const host = new URL(pages.url).host;
    const tab = page.locator('.tabs-container .tab', { hasText: host }).first();
    await tab.waitFor({ timeout: 20_000 });
    await tab.click();
    const frame = wb.webviewFrame();
    const heldRow = frame.locator('.timeline-spacer .row', { has: frame.locator('.row-held:not([hidden])') }).first();
    await heldRow.waitFor({ timeout: 20_000 });
    await heldRow.click();
    const note = frame.locator('.detail .note-held');
    await note.waitFor({ timeout: 10_000 });
    assert.match(await note.innerText(), /^Held up to \d+(\.\d)? s: this arrived while the program was paused at a breakpoint/);
    const shot = await wb.screenshot(SCREENSHOT);
    console.log(`    screenshot: ${shot}`);
  });
});
