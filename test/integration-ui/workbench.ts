// Shared by the UI suites: the real workbench (code-server + chromium through
// scripts/vscode-host.mjs) and palette helpers that tolerate the workbench taking the
// focus back right after start-up.
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';

// out/test/integration-ui/*.js -> the repository root.
export const ROOT = resolve(__dirname, '../../..');

export interface Workbench {
  page: Page;
  runCommand(title: string, timeoutMs?: number): Promise<void>;
  webviewFrame(): ReturnType<Page['frameLocator']>;
  screenshot(path: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * scripts/vscode-host.mjs is ESM outside the bundle: a computed URL keeps esbuild from inlining it.
 * `locale`: the display language (e.g. zh-cn; default English). `settings`: user settings
 * on top of the host's quiet defaults (e.g. a colour theme).
 */
export async function startWorkbench(folder: string, options: { locale?: string; settings?: Record<string, unknown> } = {}): Promise<Workbench> {
  const url = pathToFileURL(join(ROOT, 'scripts', 'vscode-host.mjs')).href;
  const host = (await import(url)) as { startWorkbench(o: { extensionDevelopmentPath: string; folder: string; locale?: string; settings?: Record<string, unknown> }): Promise<Workbench> };
  return host.startWorkbench({ extensionDevelopmentPath: ROOT, folder, ...options });
}

/** Runs a palette command; tried again if the workbench closed the palette under it. */
export async function runCommand(wb: Workbench, title: string): Promise<void> {
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

/** Waits for the quick input step whose placeholder is `placeholder`, then types `text` (if any) and Enter. */
export async function answer(wb: Workbench, placeholder: string, text?: string): Promise<void> {
  const input = wb.page.locator(`.quick-input-widget input[placeholder="${placeholder}"]`);
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  if (text !== undefined) await input.fill(text);
  await wb.page.keyboard.press('Enter');
}

/** The activity bar entry of our view container: proof the extension's contributions are in. */
export function activityBarItem(wb: Workbench) {
  return wb.page.locator('.activitybar .action-item a[aria-label^="SSE Inspector"]').first();
}

/**
 * Opens our walkthrough from the palette by its title (in the workbench's language) and waits
 * for its first step; returns the walkthrough page.
 */
export async function openWalkthrough(wb: Workbench, title: string, firstStep: string) {
  await runCommand(wb, 'Welcome: Open Walkthrough');
  const row = wb.page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  await row.waitFor({ timeout: 15_000 });
  await row.click();
  const page = wb.page.locator('.gettingStartedContainer');
  await page.locator('.getting-started-step', { hasText: firstStep }).first().waitFor({ timeout: 15_000 });
  return page;
}
