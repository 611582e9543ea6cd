// The walkthrough's pictures follow the colour theme: in a light workbench each step's
// picture is drawn with the light theme's colours (VS Code inlines svg media with the
// theme's CSS variables), not the dark fallbacks written in the SVG files.
// Screenshot: test-results/vscode-walkthrough-light.png.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openWalkthrough, ROOT, runCommand, startWorkbench, type Workbench } from './workbench';

/** What the page functions below use of the browser's window (this suite compiles without the DOM library). */
interface PageWindow {
  getComputedStyle(el: unknown): { fill: string; color: string; getPropertyValue(name: string): string };
  document: { createElement(tag: string): { style: { color: string }; remove(): void } };
}

/** The SVG files' own fallback for the picture's background (a dark editor). */
const DARK_FALLBACK = 'rgb(30, 30, 30)';

describe('UI: the walkthrough in a light theme', function () {
  this.timeout(180_000);
  let wb: Workbench;

  before(async () => {
    wb = await startWorkbench(join(ROOT, 'test/fixtures/workspace'), { settings: { 'workbench.colorTheme': 'Default Light Modern' } });
  });

  after(async () => {
    await wb?.close();
  });

  it("draws each step's picture with the light theme's colours: test-results/vscode-walkthrough-light.png", async () => {
    // Room for the picture beside the steps (a narrow editor stacks it out of sight).
    await runCommand(wb, 'View: Close Primary Side Bar');
    await openWalkthrough(wb, 'Get Started with SSE Inspector', 'Connect to a stream');
    // The workbench's own editor background in this theme, as the picture should use it.
    const editorBackground = await wb.page.locator('.monaco-workbench').evaluate((el) => (globalThis as unknown as PageWindow).getComputedStyle(el).getPropertyValue('--vscode-editor-background').trim());
    assert.ok(editorBackground, 'the workbench defines --vscode-editor-background');
    await wb.page.locator('.getting-started-media iframe.webview.ready').waitFor({ state: 'visible', timeout: 15_000 });
    const media = wb.page.frameLocator('.getting-started-media iframe.webview.ready').frameLocator('iframe#active-frame');
    const background = media.locator('svg rect').first();
    await background.waitFor({ state: 'attached', timeout: 15_000 });
    const fill = await background.evaluate((el) => (globalThis as unknown as PageWindow).getComputedStyle(el).fill);
    // The theme's colour as the picture's page resolves it (rgb(...)), to compare like with like.
    const expected = await media.locator('body').evaluate((body: { appendChild(n: unknown): void }, color: string) => {
      const w = globalThis as unknown as PageWindow;
      const probe = w.document.createElement('div');
      probe.style.color = color;
      body.appendChild(probe);
      const rgb = w.getComputedStyle(probe).color;
      probe.remove();
      return rgb;
    }, editorBackground);
    assert.notEqual(fill, DARK_FALLBACK, "the picture's background is not the SVG's dark fallback");
    assert.equal(fill, expected, "the picture's background is the light theme's editor background");
    await wb.page.waitForTimeout(500);
    await wb.screenshot(join(ROOT, 'test-results/vscode-walkthrough-light.png'));
  });
});
