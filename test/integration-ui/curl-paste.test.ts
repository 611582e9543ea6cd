// Through the real workbench UI: a browser's "Copy as cURL" pasted into the Connect to URL
// box connects with the whole request (its Bearer token included) at once, without asking
// for method, headers or credentials. The box is one line: the paste loses its line breaks,
// as it does for a user.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startDemoServer, type DemoServer } from '../../demo/server';
import { answer, ROOT, runCommand, startWorkbench, type Workbench } from './workbench';

describe('UI: a curl command pasted into Connect to URL', function () {
  this.timeout(180_000);
  let demo: DemoServer;
  let wb: Workbench;

  before(async () => {
    demo = await startDemoServer({ port: 0, heartbeatMs: 300 });
    wb = await startWorkbench(join(ROOT, 'test/fixtures/workspace'));
  });

  after(async () => {
    await wb?.close();
    await demo?.close();
  });

  it('connects with the command\'s URL, headers and token, and asks nothing more', async () => {
    const token = await demo.issueToken({ userId: 'u-ui-curl', username: 'pat' });
    const command = `curl '${demo.url}/secure/events?heartbeatMs=300' \\\n  -H 'accept: text/event-stream' \\\n  -H 'authorization: Bearer ${token}' \\\n  -H 'user-agent: Mozilla/5.0 Chrome/131.0.0.0'`;
    await runCommand(wb, 'SSE Inspector: Connect to URL');
    await answer(wb, 'http://localhost:3000/events', command);

    const frame = wb.webviewFrame();
    await frame.locator('.state-badge.state-open').waitFor({ timeout: 30_000 });
    await frame.locator('.row.beat').nth(1).waitFor({ timeout: 15_000 });
    // The secure stream only opens with the token; the panel shows it redacted.
    assert.equal(await wb.page.locator('.quick-input-widget').isVisible(), false, 'no further prompt');
    const header = await frame.locator('body').innerText();
    assert.ok(!header.includes(token), 'the token is not shown');
    await wb.screenshot(join(ROOT, 'test-results/vscode-curl-paste.png'));

    // Copy as fetch sits beside Copy as curl in the panel's Export menu and asks about secrets.
    await frame.getByRole('button', { name: 'Export and share' }).click();
    const items = await frame.getByRole('menu').getByRole('menuitem').allInnerTexts();
    assert.deepEqual(items.slice(-2), ['Copy as curl', 'Copy as fetch']);
    await wb.screenshot(join(ROOT, 'test-results/vscode-export-menu.png'));
    await frame.getByRole('menuitem', { name: 'Copy as fetch' }).click();
    const pick = wb.page.locator('.quick-input-widget');
    await pick.locator('.monaco-list-row', { hasText: 'Copy with secrets redacted' }).waitFor({ timeout: 10_000 });
    assert.match(await pick.innerText(), /Copy as fetch/);
    await wb.page.keyboard.press('Escape');
  });
});
