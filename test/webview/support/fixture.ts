// The mocha hooks every webview suite shares: one browser and one panel server per suite,
// a fresh panel page per test, and no page errors allowed.
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { launchBrowser, PanelPage, type OpenOptions } from './panel';
import { startPanelServer, type PanelServer } from './server';

export interface PanelFixture {
  readonly browser: Browser;
  readonly server: PanelServer;
  /** This test's panel (only when the suite opens one per test). */
  readonly panel: PanelPage;
}

export interface FixtureOptions {
  /** How each test's panel opens; `false` leaves opening panels to the tests themselves. */
  open?: OpenOptions | false;
  /**
   * What must be true when a test ends: no page errors (default), also no CSP violations, or
   * nothing (a suite that provokes both on purpose checks them itself).
   */
  clean?: 'errors' | 'errors-and-csp' | 'nothing';
}

/** Call inside `describe`. */
export function usePanel(options: FixtureOptions = {}): PanelFixture {
  const open = options.open ?? {};
  const clean = options.clean ?? 'errors';
  let browser: Browser | undefined;
  let server: PanelServer | undefined;
  let panel: PanelPage | undefined;
  before(async () => {
    server = await startPanelServer();
    browser = await launchBrowser();
  });
  if (open !== false) {
    // One page for the suite, navigated afresh before each test: a new page per test would
    // start a renderer process each time (most of this suite's run time).
    beforeEach(async () => {
      if (panel) await panel.reload();
      else panel = await PanelPage.open(browser!, server!, open);
    });
    afterEach(async () => {
      if (clean !== 'nothing') assert.deepEqual(panel!.errors, [], 'no page errors');
      if (clean === 'errors-and-csp') assert.deepEqual(await panel!.violations(), [], 'no CSP violations');
    });
  }
  after(async () => {
    await panel?.close();
    panel = undefined;
    await browser?.close();
    await server?.close();
  });
  const need = <T>(v: T | undefined, what: string): T => {
    if (v === undefined) throw new Error(`webview fixture: no ${what} yet (used outside a test?)`);
    return v;
  };
  return {
    get browser() {
      return need(browser, 'browser');
    },
    get server() {
      return need(server, 'server');
    },
    get panel() {
      return need(panel, 'panel');
    },
  };
}
