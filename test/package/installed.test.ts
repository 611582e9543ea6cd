// The package people install, tested as they get it: the .vsix that `npm run package`
// built is installed into code-server with `--install-extension` (a temp extensions
// folder), and the workbench runs that copy only (the development path is an empty
// placeholder extension, not the repository). A file left out by .vscodeignore, a missing
// codicon font or a path into the development checkout fails here.
//
// Runs in plain Node mocha (`node scripts/test.mjs` runs it after packaging):
//   SSE_VSIX=path.vsix npx mocha --no-config --timeout 240000 out/test/package/*.test.js
// SSE_README_SCREENSHOTS=1 also writes the README's screenshots to media/screenshots/.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startDemoServer, type DemoServer } from '../../demo/server';
import { activityBarItem, answer, runCommand, type Workbench } from '../integration-ui/workbench';

// out/test/package/*.js -> the repository root.
const ROOT = resolve(__dirname, '../../..');
const EXTENSION_ID = 'sse-inspector.sse-inspector';

interface HostModule {
  startWorkbench(o: { extensionDevelopmentPath: string; folder: string; extensionsDir: string; locale?: string }): Promise<Workbench>;
  installExtension(vsix: string, extensionsDir: string): Promise<string>;
}
interface PackageModule {
  readZip(file: string): { entries: Array<{ name: string; size: number }>; size: number };
}
/** ESM scripts outside the bundle: computed URLs keep esbuild from inlining them. */
const importScript = <T>(name: string) => import(pathToFileURL(join(ROOT, 'scripts', name)).href) as Promise<T>;

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => statSync(join(dir, f)).isFile())
    .map((f) => f.split('\\').join('/'))
    .sort();
}

describe('package: the .vsix installed into code-server', function () {
  this.timeout(180_000);
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string; main: string; icon: string };
  const vsix = resolve(process.env.SSE_VSIX ?? join(ROOT, `${pkg.name}-${pkg.version}.vsix`));
  let tmp: string;
  let extensionsDir: string;
  let installed: string;
  let demo: DemoServer;
  let wb: Workbench | undefined;

  before(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'sse-package-'));
    extensionsDir = join(tmp, 'extensions');
    mkdirSync(extensionsDir);
    const host = await importScript<HostModule>('vscode-host.mjs');
    await host.installExtension(vsix, extensionsDir);
    installed = join(extensionsDir, `${EXTENSION_ID}-${pkg.version}`);
    demo = await startDemoServer({ port: 0, heartbeatMs: 400 });
  });

  after(async () => {
    await wb?.close();
    await demo?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('installs exactly the packaged files: the bundles, the webview, the codicon font, the icons, no tests, sources or maps', async () => {
    const { readZip } = await importScript<PackageModule>('package.mjs');
    const packaged = readZip(vsix)
      .entries.map((e) => e.name)
      .filter((n) => n.startsWith('extension/'))
      .map((n) => n.slice('extension/'.length))
      .sort();
    const onDisk = filesUnder(installed).filter((f) => f !== '.vsixmanifest'); // code-server writes the manifest beside them
    assert.deepEqual(onDisk, packaged);
    const walkthroughMedia = ['connect', 'saveProfile', 'setSecret', 'debug'].map((step) => `media/walkthrough/${step}.svg`);
    const translations = ['package.nls.json', 'package.nls.zh-cn.json', 'l10n/bundle.l10n.json', 'l10n/bundle.l10n.zh-cn.json'];
    for (const needed of [pkg.main.replace(/^\.\//, ''), 'out/tap-preload.js', 'out/webview/main.js', 'out/webview/style.css', 'out/webview/codicons/codicon.css', 'out/webview/codicons/codicon.ttf', pkg.icon, 'media/sse.svg', ...translations, ...walkthroughMedia]) {
      assert.ok(onDisk.includes(needed), `${needed} is installed`);
    }
    const unwanted = onDisk.filter((f) => /\.map$|\.ts$|^(src|test|bench|demo|scripts|node_modules|docs)\//.test(f));
    assert.deepEqual(unwanted, [], 'development files in the package');
    // The Marketplace and Open VSX pages: a 128 px PNG icon, the licence and the changelog.
    const icon = readFileSync(join(installed, pkg.icon));
    assert.equal(icon.toString('latin1', 1, 4), 'PNG');
    assert.deepEqual([icon.readUInt32BE(16), icon.readUInt32BE(20)], [128, 128]);
    assert.ok(onDisk.some((f) => /^LICENSE/i.test(f)) && onDisk.some((f) => /^changelog\.md$/i.test(f)), onDisk.join(', '));
  });

  it('activates from the palette, connects to the demo server and renders the panel with its script, styles and codicons from the installed copy', async () => {
    // The development path is a placeholder extension: the only SSE Inspector is the installed one.
    const placeholder = join(tmp, 'placeholder');
    mkdirSync(placeholder);
    writeFileSync(join(placeholder, 'package.json'), JSON.stringify({ name: 'placeholder', publisher: 'test', version: '0.0.0', engines: { vscode: '*' } }));
    const host = await importScript<HostModule>('vscode-host.mjs');
    wb = await host.startWorkbench({ extensionDevelopmentPath: placeholder, folder: join(ROOT, 'test/fixtures/workspace'), extensionsDir });
    await activityBarItem(wb).waitFor({ timeout: 30_000 });

    await runCommand(wb, 'SSE Inspector: Connect to URL');
    await answer(wb, 'http://localhost:3000/events', `${demo.url}/events?heartbeatMs=400`);
    await answer(wb, 'HTTP method');
    await answer(wb, 'X-Client: web; Accept-Language: en', '');
    await answer(wb, 'Credentials');

    const frame = wb.webviewFrame();
    await frame.locator('.state-badge.state-open').waitFor({ timeout: 30_000 });
    await frame.locator('.row.beat').nth(1).waitFor({ timeout: 15_000 });

    // Every file the page loads comes from the installed folder, none from the checkout.
    const urls = [
      ...(await frame.locator('script[src]').evaluateAll((els) => els.map((e) => (e as { src: string }).src))),
      ...(await frame.locator('link[rel="stylesheet"]').evaluateAll((els) => els.map((e) => (e as { href: string }).href))),
    ].map((u) => decodeURIComponent(u));
    assert.equal(urls.length, 3, urls.join('\n'));
    for (const u of urls) {
      assert.ok(u.includes(installed), `${u} is under the installed extension ${installed}`);
      assert.ok(!u.includes(join(ROOT, 'out')), `${u} is not the development checkout`);
    }
    assert.deepEqual(urls.map((u) => relative(installed, u.slice(u.indexOf(installed)).replace(/[?#].*$/, ''))).sort(), [
      'out/webview/codicons/codicon.css',
      'out/webview/main.js',
      'out/webview/style.css',
    ]);

    // The stylesheet applies, and the codicon font loaded (a glyph in the state badge uses it).
    const look = await frame.locator('body').evaluate(async (body) => {
      const doc = (body as { ownerDocument: any }).ownerDocument;
      await doc.fonts.ready;
      const view = doc.defaultView;
      const app = doc.querySelector('.app');
      const badge = doc.querySelector('.state-badge');
      const icon = doc.querySelector('.state-badge .codicon');
      return {
        appDisplay: view.getComputedStyle(app).display as string,
        badgeRadius: view.getComputedStyle(badge).borderRadius as string,
        iconFont: icon ? (view.getComputedStyle(icon, '::before').fontFamily as string) : '',
        codiconFaces: [...doc.fonts].filter((f: { family: string }) => f.family.replace(/["']/g, '') === 'codicon').map((f: { status: string }) => f.status) as string[],
      };
    });
    assert.equal(look.appDisplay, 'flex', 'style.css applies');
    assert.equal(look.badgeRadius, '10px', 'style.css applies');
    assert.match(look.iconFont, /codicon/, 'codicon.css applies');
    assert.ok(look.codiconFaces.includes('loaded'), `the codicon font loaded: ${JSON.stringify(look.codiconFaces)}`);

    if (process.env.SSE_README_SCREENSHOTS) await readmeScreenshots(wb, frame);
  });

  it('speaks Chinese in a zh-cn workbench: the installed copy\'s command titles, prompts and panel come from its own translations: test-results/package-zh-cn.png', async () => {
    await wb?.close();
    wb = undefined;
    // The same empty development extension as above (made here too when this test runs alone).
    const placeholder = join(tmp, 'placeholder');
    if (!existsSync(placeholder)) {
      mkdirSync(placeholder);
      writeFileSync(join(placeholder, 'package.json'), JSON.stringify({ name: 'placeholder', publisher: 'test', version: '0.0.0', engines: { vscode: '*' } }));
    }
    const host = await importScript<HostModule>('vscode-host.mjs');
    wb = await host.startWorkbench({ extensionDevelopmentPath: placeholder, folder: join(ROOT, 'test/fixtures/workspace'), extensionsDir, locale: 'zh-cn' });
    await activityBarItem(wb).waitFor({ timeout: 30_000 });
    // package.nls.zh-cn.json: the palette title; l10n/bundle.l10n.zh-cn.json: the prompts (host) and the panel (webview).
    await runCommand(wb, 'SSE Inspector: 连接到 URL');
    await answer(wb, 'http://localhost:3000/events', `${demo.url}/events?heartbeatMs=400`);
    await answer(wb, 'HTTP 方法');
    await answer(wb, 'X-Client: web; Accept-Language: en', '');
    await answer(wb, '凭据');
    const frame = wb.webviewFrame();
    await frame.locator('.state-badge.state-open').waitFor({ timeout: 30_000 });
    assert.equal(await frame.locator('.state-badge .state-text').innerText(), '已打开');
    assert.equal(await frame.getByRole('tab', { name: /时间线/ }).count(), 1);
    await frame.locator('.row.beat').nth(1).waitFor({ timeout: 15_000 });
    await wb.screenshot(join(ROOT, 'test-results/package-zh-cn.png'));
  });
});

/** The README's pictures of the panel, from the installed extension in the real workbench. */
async function readmeScreenshots(wb: Workbench, frame: ReturnType<Workbench['webviewFrame']>): Promise<void> {
  const dir = join(ROOT, 'media', 'screenshots');
  mkdirSync(dir, { recursive: true });
  await frame.locator('.row.beat').nth(4).waitFor({ timeout: 15_000 });
  const system = frame.locator('.row.kind-event', { has: frame.locator('.type-name', { hasText: /^system$/ }) }).first();
  const filter = frame.locator('input[placeholder^="Filter"]');
  await filter.fill('system');
  await system.click();
  await filter.fill('');
  await wb.page.waitForTimeout(500);
  await wb.screenshot(join(dir, 'timeline.png'));
  await frame.getByRole('tab', { name: /Heartbeat/ }).click();
  await wb.page.waitForTimeout(500);
  await wb.screenshot(join(dir, 'heartbeat.png'));
  await frame.getByRole('tab', { name: /Timeline/ }).click();
  console.log(`    README screenshots in ${dir}`);
}
