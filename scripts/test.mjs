#!/usr/bin/env node
// The one test command (`npm test`): builds, type-checks, then runs every suite —
// core + demo server + CLI on plain Node, the webview in headless Chromium, and the
// extension inside a real VS Code host — and ends with one "N passed, N failed" line.
// Each suite runs even if an earlier one failed, so one run shows everything broken.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'node_modules', '.bin');
const env = { ...process.env, PATH: `${bin}:${process.env.PATH}`, FORCE_COLOR: '0' };
const mochaFlags = ['--forbid-only', '--forbid-pending'];

/** Runs a command, echoing its output, and returns exit code + output. */
function sh(cmd, args, extraEnv = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, env: { ...env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const echo = (stream) => (d) => {
      out += d;
      stream.write(d);
    };
    child.stdout.on('data', echo(process.stdout));
    child.stderr.on('data', echo(process.stderr));
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), out }));
  });
}

const results = [];
async function step(name, fn) {
  const t0 = Date.now();
  console.log(`\n=== ${name}`);
  const r = await fn();
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  const passed = Number(/(\d+) passing/.exec(r.out)?.[1] ?? 0);
  let failed = Number(/(\d+) failing/.exec(r.out)?.[1] ?? 0);
  const pending = Number(/(\d+) pending/.exec(r.out)?.[1] ?? 0);
  // A suite that crashed before reporting counts as one failure, not as zero tests.
  if (r.code !== 0 && failed === 0) failed = 1;
  results.push({ name, code: r.code, passed, failed, pending, secs });
  console.log(`=== ${name}: ${r.code === 0 ? 'ok' : `FAILED (exit ${r.code})`} in ${secs}s`);
  return r.code === 0;
}

const built = await step('build', () => sh('node', ['esbuild.config.mjs']));
await step('typecheck', () => sh('npm', ['run', '--silent', 'typecheck']));
if (built) {
  // Installs Debian chromium (browser tests), curl (put behind the proxy tap, in the unit
  // suite too) and code-server (real VS Code host) when missing.
  const ready = await step('setup: chromium, curl and a real VS Code host (code-server)', () => sh('bash', ['scripts/setup-vscode-host.sh']));
  await step('unit: core, demo server, CLI (mocha on Node)', () => sh('mocha', ['--config', '.mocharc.json', ...mochaFlags]));
  if (ready) {
    await step('webview: panel in headless Chromium', () => sh('mocha', ['--no-config', ...mochaFlags, '--timeout', '60000', 'out/test/webview/**/*.test.js']));
    // Node 20 and 22 from the npm registry: the debug tap's tests run programs on them too.
    await step('setup: Node 20 and 22 for the debug tap tests', () => sh('node', ['scripts/setup-test-nodes.mjs']));
    await step('integration: extension in a real VS Code host', () => sh('node', ['scripts/vscode-host.mjs', 'tests', '.', 'out/test/integration/index.js', 'test/fixtures/workspace']));
    if (existsSync(join(root, 'out/test/integration-ui'))) {
      await step('ui: command palette and panel in the real workbench', () => sh('mocha', ['--no-config', ...mochaFlags, '--timeout', '240000', 'out/test/integration-ui/**/*.test.js']));
    }
    // The .vsix people install: `npm run package` (fails on a vsce warning; prints the size
    // and every file), then that package installed into code-server and smoke-tested there.
    const vsix = join(root, 'out', 'test', 'sse-inspector.vsix');
    if (await step('package: build the .vsix (vsce, offline)', () => sh('node', ['scripts/package.mjs', '--out', vsix]))) {
      await step('package: the installed .vsix in a real VS Code host', () => sh('mocha', ['--no-config', ...mochaFlags, '--timeout', '240000', 'out/test/package/**/*.test.js'], { SSE_VSIX: vsix }));
    }
  }
}

const total = results.reduce((a, r) => ({ passed: a.passed + r.passed, failed: a.failed + r.failed, pending: a.pending + r.pending }), { passed: 0, failed: 0, pending: 0 });
console.log('\nSummary:');
for (const r of results) console.log(`  ${r.code === 0 ? 'ok  ' : 'FAIL'} ${r.name} (${r.passed} passed, ${r.failed} failed, ${r.secs}s)`);
console.log(`\nTests: ${total.passed} passed, ${total.failed} failed${total.pending ? `, ${total.pending} skipped` : ''}`);
process.exit(results.every((r) => r.code === 0) ? 0 : 1);
