// Serves the real built panel to headless Chromium: the page comes from panelHtml() (the
// same function the extension host uses, so the test runs under the exact CSP the
// extension ships), the script and styles from out/webview, codicons from node_modules.
// Only a fixed list of files is served; nothing else on disk is reachable.
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { makeNonce, panelHtml } from '../../../src/panel/html';

/** The repository root: the nearest folder up from here with the project's package.json. */
export function repoRoot(): string {
  let dir = __dirname;
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'sse-inspector') return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('webview tests: cannot find the repository root');
    dir = parent;
  }
}

/** The VS Code themes the panel can be served in: Dark Modern, Light Modern, Dark High Contrast. */
export type PanelTheme = 'dark' | 'light' | 'hc';
export const THEMES: readonly PanelTheme[] = ['dark', 'light', 'hc'];

export interface PanelServer {
  origin: string;
  /** How many times the page was served (each with a fresh nonce). */
  nonces: string[];
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.ttf': 'font/ttf',
};

export async function startPanelServer(): Promise<PanelServer> {
  const root = repoRoot();
  const files: Record<string, string> = {
    '/webview/main.js': join(root, 'out/webview/main.js'),
    '/webview/style.css': join(root, 'out/webview/style.css'),
    '/codicons/codicon.css': join(root, 'node_modules/@vscode/codicons/dist/codicon.css'),
    '/codicons/codicon.ttf': join(root, 'node_modules/@vscode/codicons/dist/codicon.ttf'),
    // Test-only: VS Code's Dark Modern colours, as the workbench would define them.
    '/theme/dark.css': join(root, 'test/webview/support/theme-dark.css'),
    // Light Modern and Dark High Contrast, for the screenshots and the contrast test (`/?theme=light`).
    '/theme/light.css': join(root, 'test/webview/support/theme-light.css'),
    '/theme/hc.css': join(root, 'test/webview/support/theme-hc.css'),
  };
  for (const [url, file] of Object.entries(files)) {
    if (!existsSync(file)) throw new Error(`webview tests: ${file} (for ${url}) is missing; run \`node esbuild.config.mjs --only=webview,test-webview\` first`);
  }
  const nonces: string[] = [];
  let origin = '';
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const path = url.pathname;
    if (path === '/') {
      const theme = THEMES.includes(url.searchParams.get('theme') as PanelTheme) ? (url.searchParams.get('theme') as PanelTheme) : 'dark';
      // `?lang=zh-cn`: the page as the host builds it in that display language, with the
      // committed translations (what vscode.l10n.bundle holds there); English by default.
      const lang = url.searchParams.get('lang') ?? 'en';
      if (!/^[a-z]{2}(-[a-z]{2})?$/.test(lang)) {
        res.writeHead(400).end();
        return;
      }
      const bundle = join(root, 'l10n', `bundle.l10n.${lang}.json`);
      const strings = lang !== 'en' && existsSync(bundle) ? (JSON.parse(readFileSync(bundle, 'utf8')) as Record<string, string>) : {};
      const nonce = makeNonce();
      nonces.push(nonce);
      const html = panelHtml({
        cspSource: origin,
        nonce,
        scriptUri: `${origin}/webview/main.js`,
        styleUri: `${origin}/webview/style.css`,
        codiconUri: `${origin}/codicons/codicon.css`,
        title: 'SSE Inspector: test session',
        extraStyleUris: [`${origin}/theme/${theme}.css`],
        lang,
        strings,
      });
      // No CSP header: the page's own <meta> policy is the only (and so the effective) one.
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(html);
      return;
    }
    if (path === '/favicon.ico') {
      // Chromium asks for one; answering keeps the console free of 404s the tests check for.
      res.writeHead(204).end();
      return;
    }
    const file = files[path];
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    const ext = file.slice(file.lastIndexOf('.'));
    res.writeHead(200, { 'content-type': TYPES[ext] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    res.end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    nonces,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
