// Opens the panel in headless Debian Chromium and plays the extension host's part.
//
// `window.acquireVsCodeApi` is a stand-in defined before the page's own script runs: it
// records what the webview posts and keeps its UI state, the way VS Code's host does.
// The real host (src/panel + VS Code) is covered by the integration suite; here the
// webview is driven by protocol messages alone and judged by its DOM.
import { chromium, type Browser, type Page } from 'playwright-core';
import type { HostToWebview, WebviewToHost } from '../../../src/protocol';
import type { PanelServer, PanelTheme } from './server';

export const CHROMIUM_PATH = '/usr/bin/chromium';

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

export interface CspViolation {
  directive: string;
  blockedURI: string;
  sample: string;
}

/** What the stand-in host leaves on `window` for the tests to read. */
export interface TestWindow {
  __posted: unknown[];
  __violations: CspViolation[];
  __state: unknown;
  __pwned?: unknown;
}

export function testWindow(): TestWindow {
  return window as unknown as TestWindow;
}

export interface OpenOptions {
  /** UI state the stand-in host hands back from getState() (as if the panel was hidden and shown). */
  state?: unknown;
  viewport?: { width: number; height: number };
  /** Installs Playwright's fake clock first: tests then move time with page.clock, without waiting. */
  fakeClock?: boolean;
  /** The VS Code theme's colours (default: Dark Modern). */
  theme?: PanelTheme;
  /** The display language the host builds the page for (default `en`), e.g. `zh-cn`. */
  lang?: string;
}

export class PanelPage {
  /** Uncaught page errors and console errors (CSP reports included). */
  readonly errors: string[] = [];

  private constructor(readonly page: Page) {
    page.on('pageerror', (e) => this.errors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') this.errors.push(`console: ${m.text()}`);
    });
  }

  static async open(browser: Browser, server: PanelServer, options: OpenOptions = {}): Promise<PanelPage> {
    const theme = options.theme ?? 'dark';
    const context = await browser.newContext({ viewport: options.viewport ?? { width: 1280, height: 800 }, locale: 'en-US', colorScheme: theme === 'light' ? 'light' : 'dark' });
    if (options.fakeClock) await context.clock.install();
    const page = await context.newPage();
    const panel = new PanelPage(page);
    await page.addInitScript((initialState: unknown) => {
      const w = window as unknown as TestWindow & { acquireVsCodeApi(): unknown };
      w.__posted = [];
      w.__violations = [];
      let saved = initialState;
      w.acquireVsCodeApi = () => ({
        postMessage: (m: unknown) => w.__posted.push(JSON.parse(JSON.stringify(m))),
        getState: () => saved,
        setState: (s: unknown) => {
          saved = s;
          w.__state = s;
        },
      });
      document.addEventListener('securitypolicyviolation', (e) =>
        w.__violations.push({ directive: e.effectiveDirective, blockedURI: e.blockedURI, sample: e.sample }),
      );
    }, options.state ?? null);
    // What VS Code puts on a webview's <body>: the theme kind (the panel's CSS reads it).
    await page.addInitScript((kind: string) => {
      document.addEventListener('DOMContentLoaded', () => {
        document.body.classList.add(kind);
        document.body.dataset['vscodeThemeKind'] = kind;
      });
    }, { dark: 'vscode-dark', light: 'vscode-light', hc: 'vscode-high-contrast' }[theme]);
    panel.origin = server.origin;
    panel.theme = theme;
    panel.lang = options.lang ?? 'en';
    await panel.load();
    return panel;
  }

  private origin = '';
  private theme: PanelTheme = 'dark';
  private lang = 'en';

  /**
   * A fresh panel in the same page: navigating again reloads the webview from scratch (the
   * stand-in host's state and the recorded messages start over). Much cheaper than a new
   * page, which costs a renderer process.
   */
  async reload(): Promise<void> {
    this.errors.length = 0;
    await this.load();
  }

  private async load(): Promise<void> {
    const query = new URLSearchParams();
    if (this.theme !== 'dark') query.set('theme', this.theme);
    if (this.lang !== 'en') query.set('lang', this.lang);
    await this.page.goto(query.size > 0 ? `${this.origin}/?${query}` : `${this.origin}/`);
    await this.page.waitForFunction(() => (window as unknown as TestWindow).__posted.length > 0);
  }

  /** Delivers a host message and resolves once the panel handled it and painted (two frames). */
  async post(message: HostToWebview): Promise<void> {
    // Sent as one JSON string: Playwright's structured argument serialiser is very slow for
    // 100 000 objects, a string crosses in milliseconds. The page posts the parsed object.
    await this.page.evaluate(
      (json) =>
        new Promise<void>((resolve) => {
          // Added after the app's listener, so it runs after the app handled the message.
          window.addEventListener('message', () => requestAnimationFrame(() => requestAnimationFrame(() => resolve())), { once: true });
          window.postMessage(JSON.parse(json), '*');
        }),
      JSON.stringify(message),
    );
  }

  /** Waits two animation frames (the timeline renders once per frame). */
  async settle(): Promise<void> {
    await this.page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));
  }

  posted(): Promise<WebviewToHost[]> {
    return this.page.evaluate(() => (window as unknown as TestWindow).__posted as WebviewToHost[]);
  }

  violations(): Promise<CspViolation[]> {
    return this.page.evaluate(() => (window as unknown as TestWindow).__violations);
  }

  savedState(): Promise<unknown> {
    return this.page.evaluate(() => (window as unknown as TestWindow).__state);
  }

  /** A column of the rows on screen (inside the list's viewport, not the overscan), top to bottom. */
  rowTexts(column: 'time' | 'type' | 'id' | 'size' | 'data'): Promise<string[]> {
    return this.page.evaluate((col) => {
      const viewport = document.querySelector('.timeline-scroll')!.getBoundingClientRect();
      const rows = [...document.querySelectorAll<HTMLElement>('.timeline-spacer .row')]
        .map((row) => ({ row, box: row.getBoundingClientRect() }))
        .filter(({ box }) => box.bottom > viewport.top + 1 && box.top < viewport.bottom - 1)
        .sort((a, b) => a.box.top - b.box.top);
      // The id cell also holds the row's flags (badges): the id itself is its .id-text.
      return rows.map(({ row }) => row.querySelector(col === 'id' ? '.cell-id .id-text' : `.cell-${col}`)?.textContent ?? '');
    }, column);
  }

  /** The "N of M" / "M records" counter of the filter bar. */
  counter(): Promise<string> {
    return this.page.locator('.filter-count').innerText();
  }

  async selectTab(name: 'Timeline' | 'Problems' | 'Heartbeat' | 'Reconnections' | 'Messages'): Promise<void> {
    await this.page.getByRole('tab', { name: new RegExp(name) }).click();
    // The tab's content is laid out on the next frame (message cards are content-visibility:
    // auto, and innerText reads '' until then): wait for it, as a person's eye would.
    await this.settle();
  }

  async close(): Promise<void> {
    await this.page.context().close();
  }
}

/** Parses "1,234 of 100,000" into numbers. */
export function parseCounter(text: string): { shown: number; total: number } {
  const m = /([\d,]+) of ([\d,]+)/.exec(text);
  if (!m) throw new Error(`counter "${text}" is not "N of M"`);
  return { shown: Number(m[1]!.replace(/,/g, '')), total: Number(m[2]!.replace(/,/g, '')) };
}
