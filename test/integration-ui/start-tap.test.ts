// Start Tap… asked by hand in the real workbench, as a user would: F1 → "SSE Inspector:
// Start Tap…", "Enter a URL…", the demo server's URL, an empty port (a free one), the
// client's reconnect policy; the notification gives the tap's address. A client of this
// test's own reads a stream through it: its panel opens with "Stop observing" and the Faults
// menu, a fault ends the client's response and is marked on the timeline, and Stop Tap ends
// the tap. Screenshot: test-results/vscode-start-tap.png.
import assert from 'node:assert/strict';
import * as http from 'node:http';
import { join } from 'node:path';
import { startDemoServer, type DemoServer } from '../../demo/server';
import { activityBarItem, answer, ROOT, runCommand, startWorkbench, type Workbench } from './workbench';

/** A client of the tap: reads one response and says how it ended. */
function readThrough(url: string): { ended: Promise<string>; request: http.ClientRequest } {
  let request!: http.ClientRequest;
  const ended = new Promise<string>((resolve) => {
    request = http.get(url, { agent: false, headers: { accept: 'text/event-stream' } }, (res) => {
      res.resume();
      res.on('end', () => resolve('end'));
      res.on('error', () => resolve('error'));
    });
    request.on('error', (err) => resolve(`request error: ${err.message}`));
  });
  return { ended, request };
}

describe('UI: Start Tap from the command palette', function () {
  this.timeout(180_000);
  let demo: DemoServer;
  let wb: Workbench;
  let client: ReturnType<typeof readThrough> | undefined;

  before(async () => {
    demo = await startDemoServer({ port: 0, heartbeatMs: 500 });
    wb = await startWorkbench(join(ROOT, 'test/fixtures/workspace'));
  });

  after(async () => {
    client?.request.destroy();
    await wb?.close();
    await demo?.close();
  });

  it('starts a tap through the prompts; a stream through it gets a panel whose Faults menu breaks it; Stop Tap ends it', async () => {
    const { page } = wb;
    await activityBarItem(wb).waitFor({ timeout: 30_000 });
    await runCommand(wb, 'SSE Inspector: Start Tap');
    // The fixture's profiles are offered as upstreams; a URL is typed instead.
    await answer(wb, "The upstream: where the program's requests go", 'Enter a URL');
    const promptFor = async (prompt: string, text: string): Promise<void> => {
      const widget = page.locator('.quick-input-widget', { has: page.locator('.quick-input-message', { hasText: prompt }) });
      await widget.waitFor({ state: 'visible', timeout: 15_000 });
      await widget.locator('input').fill(text);
      await page.keyboard.press('Enter');
    };
    await promptFor('Upstream URL', demo.url);
    await promptFor('Local port on 127.0.0.1', '');
    await answer(wb, 'How should the program’s client reconnect? Each reconnect is judged against it.', 'Linear backoff');

    // The address, from the notification (a headless window keeps it in the notification list).
    await page.waitForTimeout(500);
    await page.locator('.statusbar-item', { has: page.locator('.codicon-bell, .codicon-bell-dot') }).first().click();
    const note = page.locator('.notifications-center .notification-list-item', { hasText: 'tap running at' }).first();
    await note.waitFor({ timeout: 15_000 });
    const tapUrl = /tap running at (http:\/\/127\.0\.0\.1:\d+)/.exec(await note.innerText())?.[1];
    assert.ok(tapUrl, `the notification gives the tap's address: ${await note.innerText()}`);
    assert.match(await note.innerText(), new RegExp(`→ ${demo.url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    await page.keyboard.press('Escape');

    client = readThrough(`${tapUrl}/events?heartbeatMs=500`);
    const frame = wb.webviewFrame();
    await frame.locator('.row.beat').nth(1).waitFor({ timeout: 30_000 });
    // A tapped stream: no Reconnect of ours; Disconnect reads "Stop observing"; faults offered.
    // (By their names: at this width the toolbar shows icons only.)
    assert.equal(await frame.getByRole('button', { name: /^Stop observing/ }).filter({ visible: true }).count(), 1);
    assert.equal(await frame.getByRole('button', { name: /^(Reconnect|Disconnect)\b/ }).filter({ visible: true }).count(), 0);
    const faults = frame.getByRole('button', { name: 'Break the stream on purpose (proxy tap faults)' });
    await faults.click();
    await frame.getByRole('menuitem', { name: 'End the response now' }).click();
    assert.equal(await client.ended, 'end', "the fault ended the client's response");
    const marker = frame.locator('.row.kind-marker.marker-fault').first();
    await marker.waitFor({ timeout: 10_000 });
    assert.match(await marker.innerText(), /response ended by the tap/);
    await page.waitForTimeout(300);
    await wb.screenshot(join(ROOT, 'test-results/vscode-start-tap.png'));

    // Stop Tap (one tap running: no question); the address no longer answers.
    await runCommand(wb, 'SSE Inspector: Stop Tap');
    const refused = await new Promise<boolean>((resolve) => {
      const check = (): void => {
        http.get(`${tapUrl}/events`, { agent: false }, (res) => {
          res.destroy();
          setTimeout(check, 200);
        }).on('error', () => resolve(true));
      };
      check();
      setTimeout(() => resolve(false), 10_000);
    });
    assert.ok(refused, 'the tap stopped listening');
  });
});
