// SSE Inspector in a Chinese VS Code (code-server --locale zh-cn, with a test language pack
// so the display language resolves to zh-cn; the workbench's own words stay English, ours
// are what is checked): the palette lists our commands by their Chinese titles, their
// prompts, the panel, the status bar and a notification speak Chinese, and the walkthrough
// opens in Chinese. Screenshots: test-results/vscode-zh-cn-*.png.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startDemoServer, type DemoServer } from '../../demo/server';
import { activityBarItem, answer, openWalkthrough, ROOT, runCommand, startWorkbench, type Workbench } from './workbench';

describe('UI: the extension in a Chinese (zh-cn) workbench', function () {
  this.timeout(180_000);
  let demo: DemoServer;
  let wb: Workbench;

  before(async () => {
    demo = await startDemoServer({ port: 0, heartbeatMs: 500 });
    wb = await startWorkbench(join(ROOT, 'test/fixtures/workspace'), { locale: 'zh-cn' });
  });

  after(async () => {
    await wb?.close();
    await demo?.close();
  });

  it('connects through the Chinese command title and prompts; the panel, its tabs and the status bar are in Chinese: test-results/vscode-zh-cn-panel.png', async () => {
    const { page } = wb;
    await activityBarItem(wb).waitFor({ timeout: 30_000 });
    await runCommand(wb, 'SSE Inspector: 连接到 URL');
    await answer(wb, 'http://localhost:3000/events', `${demo.url}/events?heartbeatMs=500`);
    await answer(wb, 'HTTP 方法');
    await answer(wb, 'X-Client: web; Accept-Language: en', '');
    await answer(wb, '凭据');

    const frame = wb.webviewFrame();
    await frame.locator('.state-badge.state-open').waitFor({ timeout: 30_000 });
    await frame.locator('.row.beat').nth(2).waitFor({ timeout: 15_000 });
    assert.equal(await frame.locator('html').getAttribute('lang'), 'zh-cn');
    assert.equal(await frame.locator('.state-badge .state-text').innerText(), '已打开');
    const tabs = await frame.getByRole('tab').allInnerTexts();
    assert.deepEqual(tabs.map((t) => t.replace(/\s*\d+$/, '').trim()), ['时间线', '问题', '心跳', '重连记录', '消息']);
    assert.equal(await frame.locator('.toolbar .btn-text', { hasText: '断开连接' }).count(), 1);
    assert.equal(await frame.locator('input.filter-text').getAttribute('placeholder'), '筛选类型、ID、数据  ( / )');

    // The status bar item counts events in Chinese (vscode.l10n.t in the host).
    await page.locator('.statusbar-item', { hasText: '个事件' }).first().waitFor({ timeout: 10_000 });
    // The Streams view: its name and group labels.
    await activityBarItem(wb).click();
    // The container's only view: its header is hidden, but it carries the view's name.
    await page.locator('.pane-header[aria-label^="流"]').first().waitFor({ state: 'attached', timeout: 10_000 });
    const groups = page.locator('.sidebar .monaco-list-row');
    await groups.filter({ hasText: /^配置/ }).first().waitFor({ timeout: 10_000 });
    await groups.filter({ hasText: /^连接/ }).first().waitFor({ timeout: 10_000 });
    await page.waitForTimeout(500);
    await wb.screenshot(join(ROOT, 'test-results/vscode-zh-cn-panel.png'));
  });

  it('a notification and its button are in Chinese: a profile whose secret is not set: test-results/vscode-zh-cn-notification.png', async () => {
    await runCommand(wb, 'SSE Inspector: 连接到配置');
    await wb.page.locator('.quick-input-widget input[placeholder="配置"]').waitFor({ timeout: 15_000 });
    // The second profile, "Demo: secure (Bearer)": its secret demo.token is not set here.
    await wb.page.keyboard.press('ArrowDown');
    await wb.page.keyboard.press('Enter');
    // A headless window has no focus, so the workbench keeps notifications in its list instead
    // of showing toasts: the list is opened from the status bar's bell.
    await wb.page.waitForTimeout(1000);
    await wb.page.locator('.statusbar-item', { has: wb.page.locator('.codicon-bell, .codicon-bell-dot') }).first().click();
    const item = wb.page.locator('.notifications-center .notification-list-item', { hasText: 'demo.token' }).first();
    await item.waitFor({ timeout: 15_000 });
    // Our sentence around the profile's own (English) reason, and our button.
    assert.match(await item.innerText(), /SSE Inspector：The secret "demo\.token" for profile "Demo: secure \(Bearer\)" is not set。/);
    assert.equal(await item.getByRole('button', { name: '设置密钥…' }).count(), 1);
    await wb.screenshot(join(ROOT, 'test-results/vscode-zh-cn-notification.png'));
    await wb.page.keyboard.press('Escape');
  });

  it('the walkthrough opens with its Chinese title and steps: test-results/vscode-zh-cn-walkthrough.png', async () => {
    const page = await openWalkthrough(wb, '开始使用 SSE Inspector', '连接到一个流');
    for (const step of ['保存为配置', '设置它的密钥', '在调试中使用']) {
      assert.equal(await page.locator('.getting-started-step', { hasText: step }).count(), 1, step);
    }
    await wb.page.waitForTimeout(500);
    await wb.screenshot(join(ROOT, 'test-results/vscode-zh-cn-walkthrough.png'));
  });
});
