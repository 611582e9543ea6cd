#!/usr/bin/env node
// A real VS Code host for the extension's integration and UI tests, offline:
// code-server (VS Code 1.139.1 from the npm registry, installed by
// scripts/setup-vscode-host.sh into .vscode-test/code-server) shown in Debian's
// chromium, driven by playwright-core.
//
// Library:
//   import { startWorkbench } from './scripts/vscode-host.mjs';
//   const wb = await startWorkbench({ extensionDevelopmentPath: '.', folder: 'test/fixtures/workspace' });
//   await wb.runCommand('SSE Inspector: Open');
//   await wb.webviewFrame().locator('h1').waitFor();
//   await wb.close();
//
// CLI:
//   node scripts/vscode-host.mjs tests <extDevPath> <testsIndex.js> [folder]
//       runs a mocha suite inside the real extension host; exits 0 pass, 1 fail, 124 timeout
//       (E2E_TIMEOUT_MS, default 240000). Extra env vars reach the extension host.
//   node scripts/vscode-host.mjs ui [extDevPath] [folder]
//       smoke test of the workbench UI: palette command, terminal, screenshot in
//       test-results/vscode-ui.png.
//
// Environment: CODE_SERVER_BIN, CHROMIUM_PATH (default /usr/bin/chromium), SSE_VSCODE_LOCALE
// (the display language, e.g. zh-cn: code-server's --locale; default English), KEEP_TMP=1
// (keep the temp dir with code-server.log), VSCODE_HOST_VERBOSE=1 (echo code-server's
// own output and all extension host console lines), HEADED=1 (show the browser).
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format } from 'node:util';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CODE_SERVER_ENTRY = join(ROOT, '.vscode-test/code-server/node_modules/code-server/out/node/entry.js');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const VERBOSE = !!process.env.VSCODE_HOST_VERBOSE;

/** Quiet, deterministic user settings for a test workbench. */
export const QUIET_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.enableExperiments': false,
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'chat.disableAIFeatures': true,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
  'npm.autoDetect': 'off',
  'typescript.tsserver.experimental.enableProjectDiagnostics': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'terminal.integrated.gpuAcceleration': 'off', // DOM renderer: terminal text is in the DOM
  'terminal.integrated.suggest.enabled': false,
  'files.watcherExclude': { '**/node_modules/**': true, '**/.vscode-test/**': true },
};

const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
];

// Extension host console lines that are the workbench talking to itself, not the tests.
const NOISE = /ENOTFOUND open-vsx\.org|^Canceled: Canceled|^(\[AgentHost|\[ChatModelSelection|\[AccountPolicyGate|\s+at |Creating a socket|Resolv|\[reconnection|Updating additional|\[Service Worker\]|%c)/;
const STACK_NOISE = /^\s+at .*(workbench\.js|<anonymous>|extensionHostProcess\.js)/;

/** A missing prerequisite (not installed, not built, wrong path): reported without a stack. */
export class HostSetupError extends Error {}

const t0 = Date.now();
const lap = (s) => console.log(`[vscode-host ${((Date.now() - t0) / 1000).toFixed(1)}s] ${s}`);

function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.on('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
}

/** The Node that runs code-server: the project's pinned Node (code-server 4.139 needs v24). */
function nodeForCodeServer() {
  const pinned = join(ROOT, 'node_modules/node/bin/node');
  return existsSync(pinned) ? pinned : process.execPath;
}

/** `vscode-remote://remote/abs/path`: code-server's remote authority is "remote". */
function remoteUri(p) {
  return 'vscode-remote://remote' + resolve(p).split('/').map(encodeURIComponent).join('/');
}

/**
 * Starts code-server + chromium with the development extension loaded in a real
 * (remote, Node) extension host, and resolves once the workbench has rendered.
 * @param {{ extensionDevelopmentPath: string, extensionTestsPath?: string, folder?: string,
 *           settings?: object, env?: Record<string,string>, viewport?: {width:number,height:number},
 *           extensionsDir?: string (installed extensions, e.g. from installExtension; default: an empty temp dir),
 *           locale?: string (the display language, e.g. 'zh-cn'; default SSE_VSCODE_LOCALE, else English),
 *           onLog?: (line: string) => void }} opts
 */
export async function startWorkbench(opts) {
  const devPath = resolve(opts.extensionDevelopmentPath);
  const testsPath = opts.extensionTestsPath ? resolve(opts.extensionTestsPath) : undefined;
  const folder = resolve(opts.folder ?? devPath);
  const codeServer = process.env.CODE_SERVER_BIN || CODE_SERVER_ENTRY;
  if (!existsSync(codeServer)) throw new HostSetupError(`code-server is not installed (${codeServer}): run bash scripts/setup-vscode-host.sh`);
  if (!existsSync(CHROMIUM)) throw new HostSetupError(`chromium not found at ${CHROMIUM}: apt-get install chromium, or set CHROMIUM_PATH`);
  for (const [what, p] of [['extensionDevelopmentPath', devPath], ['folder', folder]]) {
    if (!existsSync(p) || !statSync(p).isDirectory()) throw new HostSetupError(`${what} is not a directory: ${p}`);
  }
  if (testsPath && !existsSync(testsPath)) throw new HostSetupError(`extensionTestsPath does not exist: ${testsPath} (build it first)`);

  const tmp = mkdtempSync(join(tmpdir(), 'sse-vscode-host-'));
  const home = join(tmp, 'home');
  const userData = join(tmp, 'user-data');
  mkdirSync(join(userData, 'User'), { recursive: true });
  mkdirSync(home, { recursive: true });
  writeFileSync(join(userData, 'User/settings.json'), JSON.stringify({ ...QUIET_SETTINGS, ...opts.settings }, null, 1));

  // The extension host is a child of code-server and inherits its environment (code-server
  // adds only VSCODE_* internals and its remote-cli dir on PATH). Variables that tie a process
  // to a VS Code we may be running in (its terminal, a test-electron parent) would confuse
  // the host; the rest (VSCODE_TEST_OPTIONS from @vscode/test-cli, SSE_*, ...) goes through.
  const PARENT_VSCODE = /^(ELECTRON_RUN_AS_NODE|VSCODE_(IPC_HOOK.*|PID|CWD|NLS_CONFIG|HANDLES_.*|ESM_ENTRYPOINT|AMD_ENTRYPOINT|CODE_CACHE_PATH|CRASH_REPORTER.*|L10N_.*|EXTHOST_.*|WILL_SEND_.*|INJECTION|GIT_.*|SHELL_.*|PROXY_URI|RECONNECTION_GRACE_TIME|DEV|CLI))$/;
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !PARENT_VSCODE.test(k)));
  const node = nodeForCodeServer();
  const env = {
    ...inherited,
    ...opts.env,
    PATH: `${dirname(node)}:${opts.env?.PATH ?? process.env.PATH}`,
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_DATA_HOME: join(home, '.local/share'),
    XDG_CACHE_HOME: join(home, '.cache'),
    XDG_RUNTIME_DIR: join(tmp, 'run'),
    // For the harness test: which host runs it and which folder it should see.
    SSE_VSCODE_HOST: 'code-server',
    SSE_TEST_WORKSPACE: folder,
  };
  mkdirSync(env.XDG_RUNTIME_DIR, { recursive: true, mode: 0o700 });

  const extensionsDir = opts.extensionsDir ?? join(tmp, 'extensions');
  // The display language (vscode.env.language, the bundle vscode.l10n loads): English unless
  // asked. VS Code resolves a locale only when a language pack for it is installed.
  const locale = opts.locale ?? process.env.SSE_VSCODE_LOCALE;
  if (locale && locale !== 'en') await installLanguagePack(locale, extensionsDir, userData);

  const port = opts.port ?? (await freePort());
  const args = [
    '--config', join(tmp, 'config.yaml'), '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
    '--reconnection-grace-time', '5', '--user-data-dir', userData, '--extensions-dir', extensionsDir,
    // The workbench reports the test run's end through window.codeAutomationExit.
    '--vscode-option', 'enable-smoke-test-driver',
    // Do not replace our env with a login shell's (it would reset PATH, drop passed vars).
    '--vscode-option', 'force-disable-user-env',
  ];
  if (locale) args.push('--locale', locale);
  // detached: code-server gets its own process group, so close() can end it and every
  // process it started (extension host, pty host, file watcher) by that one id.
  const cs = spawn(node, [codeServer, ...args], { env, cwd: folder, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let csOut = '';
  let csExited = false;
  const csExit = new Promise((res) => cs.once('exit', (code, signal) => { csExited = true; res({ code, signal }); }));
  const onCsData = (d) => { csOut += d; if (VERBOSE) process.stdout.write(`[code-server] ${d}`); };
  cs.stdout.on('data', onCsData);
  cs.stderr.on('data', onCsData);

  // Last resort if the process exits before close() has finished (a signal, process.exit in
  // a test runner): no code-server outlives this process, no temp dir stays behind.
  const killGroup = () => { try { process.kill(-cs.pid, 'SIGKILL'); } catch {} };
  const onExit = () => {
    killGroup();
    if (!process.env.KEEP_TMP) rmSync(tmp, { recursive: true, force: true });
  };
  process.once('exit', onExit);

  let browser;
  let closed = false;
  async function close() {
    if (closed) return;
    closed = true;
    await browser?.close().catch(() => {});
    if (!csExited) {
      try { process.kill(-cs.pid, 'SIGTERM'); } catch {}
      const grace = setTimeout(() => { try { process.kill(-cs.pid, 'SIGKILL'); } catch {} }, 5000);
      await csExit;
      clearTimeout(grace);
    }
    killGroup(); // stragglers in the group (a watcher, a helper) go too
    writeFileSync(join(tmp, 'code-server.log'), csOut);
    if (process.env.KEEP_TMP) console.log(`[vscode-host] kept ${tmp} (code-server.log inside)`);
    else rmSync(tmp, { recursive: true, force: true });
    process.off('exit', onExit);
  }

  try {
    await new Promise((res, rej) => {
      const timer = setTimeout(() => rej(new Error(`code-server did not start in 30 s:\n${csOut}`)), 30000);
      const check = () => { if (/HTTP server listening/.test(csOut)) { clearTimeout(timer); res(); } };
      cs.stdout.on('data', check);
      cs.stderr.on('data', check);
      csExit.then(({ code, signal }) => { clearTimeout(timer); rej(new Error(`code-server exited (${code ?? signal}) before listening:\n${csOut}`)); });
    });
    lap(`code-server ${cs.pid} on 127.0.0.1:${port}, node ${node}`);

    const payload = [['extensionDevelopmentPath', remoteUri(devPath)], ['skipWelcome', 'true'], ['skipReleaseNotes', 'true']];
    if (testsPath) payload.push(['extensionTestsPath', remoteUri(testsPath)]);
    const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    // `npm run demo`: the person opens the URL in their own browser.
    if (opts.browser === false) return { port, url, tmp, codeServerLog: () => csOut, close };

    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: CHROMIUM, headless: !process.env.HEADED, args: CHROMIUM_ARGS,
      // Playwright's own handlers would process.exit(130) before close() stops code-server;
      // the browser still dies with this process (Playwright's 'exit' hook) and so does
      // code-server (onExit above). The CLI handles SIGINT/SIGTERM with a graceful close().
      handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false,
      env: { ...process.env, HOME: home, XDG_CONFIG_HOME: env.XDG_CONFIG_HOME, XDG_CACHE_HOME: env.XDG_CACHE_HOME },
    });
    const page = await browser.newPage({ viewport: opts.viewport ?? { width: 1280, height: 800 } });

    let resolveExit;
    const testsExit = new Promise((res) => { resolveExit = res; });
    await page.exposeFunction('codeAutomationExit', (code) => resolveExit(Number(code)));
    await page.exposeFunction('codeAutomationLog', (_type, logArgs) => {
      if (closed) return; // shutdown chatter
      const text = format(...(Array.isArray(logArgs) ? logArgs : [logArgs]));
      if (!VERBOSE && NOISE.test(text)) return;
      const lines = VERBOSE ? text : text.split('\n').filter((l) => !STACK_NOISE.test(l)).join('\n');
      (opts.onLog ?? console.log)(lines);
    });
    csExit.then(({ code, signal }) => {
      if (!closed) { console.error(`[vscode-host] code-server exited unexpectedly (${code ?? signal})\n${csOut.slice(-4000)}`); resolveExit(1); }
    });

    await page.goto(url);
    await page.waitForSelector('.monaco-workbench', { timeout: 60000 });
    lap('workbench rendered');

    return {
      page, browser, port, url, tmp,
      /** Runs a command from the palette (F1). Retries until it is registered (≤ timeoutMs). */
      runCommand: (title, timeoutMs = 60000) => runCommand(page, title, timeoutMs),
      /** The content frame of the active webview (panel). */
      webviewFrame: () => page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame'),
      /** Resolves with the suite's exit code: 0 pass, 1 fail, 124 when timeoutMs passes first. */
      waitForTestsExit: (timeoutMs = Number(process.env.E2E_TIMEOUT_MS || 240000)) => {
        let timer;
        const timeout = new Promise((res) => { timer = setTimeout(() => res(124), timeoutMs); });
        return Promise.race([testsExit, timeout]).finally(() => clearTimeout(timer));
      },
      screenshot: async (path) => {
        mkdirSync(dirname(resolve(path)), { recursive: true });
        await page.screenshot({ path });
        return resolve(path);
      },
      codeServerLog: () => csOut,
      close,
    };
  } catch (e) {
    await close();
    throw e;
  }
}

/**
 * Installs a .vsix into `extensionsDir` as a user would (`code-server --install-extension`),
 * so startWorkbench({ extensionsDir }) runs the packaged copy. Resolves with code-server's output.
 */
export async function installExtension(vsix, extensionsDir, userDataDir) {
  const codeServer = process.env.CODE_SERVER_BIN || CODE_SERVER_ENTRY;
  if (!existsSync(codeServer)) throw new HostSetupError(`code-server is not installed (${codeServer}): run bash scripts/setup-vscode-host.sh`);
  const home = mkdtempSync(join(tmpdir(), 'sse-vscode-install-'));
  try {
    const args = [codeServer, '--user-data-dir', userDataDir ?? join(home, 'user-data'), '--extensions-dir', extensionsDir, '--install-extension', resolve(vsix)];
    const child = spawn(nodeForCodeServer(), args, { env: { ...process.env, HOME: home }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    const code = await new Promise((res) => child.on('close', (c) => res(c ?? 1)));
    if (code !== 0) throw new Error(`code-server --install-extension ${vsix} failed (exit ${code}):\n${out}`);
    return out;
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

/**
 * Installs the test language pack for `locale` (test/fixtures/language-pack-<locale>: no
 * translations of its own, the workbench stays English) into `extensionsDir`, packaged with
 * vsce on the spot, so that code-server --locale resolves to that language.
 */
export async function installLanguagePack(locale, extensionsDir, userDataDir) {
  const dir = join(ROOT, 'test', 'fixtures', `language-pack-${locale}`);
  if (!existsSync(join(dir, 'package.json'))) throw new HostSetupError(`no test language pack for ${locale} (${dir})`);
  mkdirSync(extensionsDir, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), 'sse-language-pack-'));
  try {
    const vsix = join(work, `language-pack-${locale}.vsix`);
    const vsce = join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');
    const child = spawn(nodeForCodeServer(), [vsce, 'package', '--no-dependencies', '--skip-license', '--allow-missing-repository', '--out', vsix], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    const code = await new Promise((res) => child.on('close', (c) => res(c ?? 1)));
    if (code !== 0) throw new Error(`vsce package ${dir} failed (exit ${code}):\n${out}`);
    await installExtension(vsix, extensionsDir, userDataDir);
    // code-server resolves --locale from <user-data>/languagepacks.json, which only its running
    // server writes (after start-up, too late for the first window): written here as it would be.
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    const id = `${manifest.publisher}.${manifest.name}`;
    const installedAt = join(extensionsDir, `${id}-${manifest.version}`);
    const packs = {};
    for (const l of manifest.contributes.localizations) {
      packs[l.languageId] = {
        hash: createHash('md5').update(id).update(manifest.version).digest('hex'),
        extensions: [{ extensionIdentifier: { id }, version: manifest.version }],
        translations: Object.fromEntries(l.translations.map((t) => [t.id, join(installedAt, t.path)])),
        label: l.localizedLanguageName ?? l.languageName,
      };
    }
    writeFileSync(join(userDataDir, 'languagepacks.json'), JSON.stringify(packs));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** F1, type the title, wait for its row, Enter; retried: contributed commands show up only
 *  once the remote extension host has registered them. */
export async function runCommand(page, title, timeoutMs = 60000) {
  const deadline = Date.now() + timeoutMs;
  const input = page.locator('.quick-input-widget input');
  for (;;) {
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
    try {
      if (!(await input.isVisible())) await page.keyboard.press('F1');
      await input.waitFor({ state: 'visible', timeout: 10000 });
      // Right after start-up the workbench may close the palette again (focus moves to a view
      // being restored): a short fill timeout turns that into another try, not a 30 s hang.
      await input.fill('>' + title, { timeout: 3000 });
      await row.waitFor({ timeout: 3000 });
      break;
    } catch (e) {
      if (Date.now() > deadline) throw new Error(`command "${title}" not in the palette after ${timeoutMs} ms`, { cause: e });
      await page.keyboard.press('Escape');
    }
  }
  await page.keyboard.press('Enter');
}

/** Runs a mocha suite (its index.js `run()`) in the real extension host; returns the exit code. */
export async function runTests({ extensionDevelopmentPath, extensionTestsPath, folder, env, timeoutMs }) {
  const wb = await startWorkbench({ extensionDevelopmentPath, extensionTestsPath, folder, env });
  let code;
  const stop = () => { wb.close().finally(() => process.exit(130)); };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    code = await wb.waitForTestsExit(timeoutMs);
    if (code === 124) {
      console.error(`[vscode-host] TIMEOUT: the suite did not finish in ${timeoutMs ?? process.env.E2E_TIMEOUT_MS ?? 240000} ms`);
      const shot = await wb.screenshot(join(ROOT, 'test-results/vscode-host-timeout.png')).catch(() => undefined);
      if (shot) console.error(`[vscode-host] screenshot: ${shot}`);
    }
    lap(`extension tests finished, exit code ${code}`);
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    await wb.close();
  }
  return code;
}

/** UI smoke: the palette runs a built-in command in the real workbench; screenshot. */
export async function uiSmoke({ extensionDevelopmentPath = ROOT, folder, screenshot = join(ROOT, 'test-results/vscode-ui.png') } = {}) {
  const wb = await startWorkbench({ extensionDevelopmentPath, folder });
  try {
    await wb.runCommand('View: Toggle Terminal');
    // The terminal needs the remote pty host: a rendered xterm proves the server side works.
    await wb.page.locator('.terminal-wrapper .xterm').first().waitFor({ timeout: 30000 });
    await wb.page.locator('.terminal-wrapper .xterm').first().click();
    await wb.page.keyboard.type('echo "vscode-host-ui-$((6*7))"\n');
    await wb.page.locator('.xterm-rows', { hasText: 'vscode-host-ui-42' }).first().waitFor({ timeout: 15000 });
    lap('terminal: the shell ran a command');
    await wb.runCommand('Help: About');
    await wb.page.locator('.monaco-dialog-box').waitFor({ timeout: 10000 });
    const about = (await wb.page.locator('.monaco-dialog-box').innerText()).replace(/\s+/g, ' ').trim();
    lap(`About: ${about.slice(0, 160)}`);
    await wb.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    const shot = await wb.screenshot(screenshot);
    lap(`screenshot ${shot}`);
    return { about, screenshot: shot };
  } finally {
    await wb.close();
  }
}

async function main(argv) {
  const [mode, ...rest] = argv;
  if (mode === 'tests' && rest.length >= 2) {
    const [extensionDevelopmentPath, extensionTestsPath, folder] = rest;
    return runTests({ extensionDevelopmentPath, extensionTestsPath, folder });
  }
  if (mode === 'ui') {
    const [extensionDevelopmentPath = ROOT, folder] = rest;
    await uiSmoke({ extensionDevelopmentPath, folder });
    return 0;
  }
  console.error('usage: node scripts/vscode-host.mjs tests <extDevPath> <testsIndex.js> [folder]\n' +
    '       node scripts/vscode-host.mjs ui [extDevPath] [folder]');
  return 2;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => { console.error(`[vscode-host] ${e instanceof HostSetupError ? e.message : (e?.stack ?? e)}`); process.exit(1); },
  );
}
