#!/usr/bin/env node
// `npm run demo`: the product on its built-in demo. Starts the demo SSE server on
// 127.0.0.1:8787, then a real VS Code (code-server, installed into .vscode-test/ by
// scripts/setup-vscode-host.sh on first use) with this extension loaded and a workspace
// of profiles for every scenario, and prints the address to open in a browser.
//
//   npm run demo                  server + editor
//   npm run demo -- --server-only the demo server alone (e.g. for the CLI or F5 in VS Code)
//
// Environment: DEMO_PORT (8787; the demo workspace's profiles use it), DEMO_EDITOR_PORT (8790).
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const serverOnly = process.argv.includes('--server-only');
const demoPort = process.env.DEMO_PORT ?? '8787';
const children = [];
let editor;

async function main() {
  const demo = spawn(process.execPath, [join(ROOT, 'out/demo-server.js')], { env: { ...process.env, DEMO_PORT: demoPort }, stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(demo);
  demo.once('exit', (code) => {
    if (!stopping) {
      console.error(`demo: the demo server exited (${code}); is port ${demoPort} in use? Set DEMO_PORT, or stop the other process.`);
      void stop(1);
    }
  });
  const banner = await new Promise((resolve) => {
    let out = '';
    demo.stdout.setEncoding('utf8');
    demo.stdout.on('data', (d) => {
      process.stdout.write(d);
      out += d;
      if (/Try:/.test(out)) resolve(out);
    });
  });
  if (serverOnly) return;

  const token = /valid 24 h[^\n]*\n\s+(\S+)/.exec(banner)?.[1] ?? '';
  console.log('\ndemo: preparing the editor (the first run installs code-server, about 3 minutes)…');
  const setup = spawnSync('bash', [join(ROOT, 'scripts/setup-vscode-host.sh')], { stdio: 'inherit', env: { ...process.env, PATH: `${join(ROOT, 'node_modules/.bin')}:${process.env.PATH}` } });
  if (setup.status !== 0) {
    console.error('demo: could not set up the editor; the demo server keeps running (Ctrl+C to stop). Use the CLI meanwhile: npm run cli -- http://127.0.0.1:' + demoPort + '/events');
    return;
  }
  const { startWorkbench } = await import('./vscode-host.mjs');
  editor = await startWorkbench({
    extensionDevelopmentPath: ROOT,
    folder: join(ROOT, 'demo/workspace'),
    browser: false,
    port: Number(process.env.DEMO_EDITOR_PORT ?? 8790),
    env: { SSE_DEMO_TOKEN: token },
    settings: { 'workbench.activityBar.location': 'default' },
  });
  console.log(`\n  SSE Inspector is running in VS Code (code-server) with the demo workspace.\n  Open this address in a browser:\n\n    ${editor.url}\n\n  Then: the SSE Inspector view in the activity bar, ▶ on a profile. Ctrl+C stops everything.\n`);
}

let stopping = false;
async function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  await editor?.close().catch(() => undefined);
  for (const c of children) c.kill();
  process.exit(code);
}
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());

main().catch((err) => {
  console.error(`demo: ${err?.message ?? err}`);
  void stop(1);
});
