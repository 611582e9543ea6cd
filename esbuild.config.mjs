// Builds every bundle the project runs: the extension host bundle, the CLI, the demo
// server, the webview (browser), the benchmark and the test suites. One script so that
// `npm test`, `npm run demo` and the packaged extension all run the same code.
import * as esbuild from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const node = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node22',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  // `vscode` is provided by the extension host at run time.
  external: ['vscode', 'playwright-core', 'mocha', 'fast-check'],
};

const builds = [
  { name: 'extension', ...node, entryPoints: { extension: 'src/extension.ts' }, outdir: 'out' },
  { name: 'cli', ...node, entryPoints: { 'cli-main': 'src/cli.ts' }, outdir: 'out' },
  // The bin: a Node version check that must run before undici (in cli-main) is loaded.
  { name: 'cli-entry', ...node, target: 'node16', entryPoints: { cli: 'src/cli/entry.ts' }, outdir: 'out', external: ['./cli-main.js'], banner: { js: '#!/usr/bin/env node' } },
  // Loaded into debugged Node programs (NODE_OPTIONS=--require): Node built-ins only, Node 20+.
  { name: 'tap-preload', ...node, target: 'node20', entryPoints: { 'tap-preload': 'src/tap-preload/main.ts' }, outdir: 'out' },
  { name: 'demo', ...node, entryPoints: { 'demo-server': 'demo/main.ts' }, outdir: 'out' },
  {
    name: 'webview',
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    sourcemap: !production,
    minify: production,
    logLevel: 'warning',
    // style.css @imports one stylesheet per component (webview/styles/); bundled into one
    // out/webview/style.css, the stylesheet the panel links.
    entryPoints: { main: 'webview/main.ts', style: 'webview/style.css' },
    outdir: 'out/webview',
  },
];

if (!production) {
  const tests = [
    ['test-unit', 'test/unit/**/*.test.ts', 'out/test/unit', 'test/unit'],
    ['test-integration', 'test/integration/**/*.ts', 'out/test/integration', 'test/integration'],
    ['test-integration-ui', 'test/integration-ui/**/*.ts', 'out/test/integration-ui', 'test/integration-ui'],
    ['test-webview', 'test/webview/**/*.ts', 'out/test/webview', 'test/webview'],
    ['test-package', 'test/package/**/*.ts', 'out/test/package', 'test/package'],
    ['bench', 'bench/**/*.ts', 'out/bench', 'bench'],
  ];
  for (const [name, glob, outdir, outbase] of tests) {
    if (existsSync(outbase) && readdirSync(outbase, { recursive: true }).some((f) => String(f).endsWith('.ts'))) {
      builds.push({ name, ...node, entryPoints: [glob], outdir, outbase });
    }
  }
}

// `--only=webview,test-webview` builds just those bundles (handy while working on one part).
const onlyArg = process.argv.find((a) => a.startsWith('--only='));
const only = onlyArg ? new Set(onlyArg.slice('--only='.length).split(',')) : undefined;

const present = builds.filter((b) => {
  if (only && !only.has(b.name)) return false;
  const eps = Array.isArray(b.entryPoints) ? b.entryPoints : Object.values(b.entryPoints);
  return eps.every((e) => e.includes('*') || existsSync(e));
});

// The codicon font beside the panel's own files: the packaged extension carries no
// node_modules (vsce --no-dependencies), so the panel loads it from out/webview/codicons.
mkdirSync('out/webview/codicons', { recursive: true });
for (const f of ['codicon.css', 'codicon.ttf']) copyFileSync(`node_modules/@vscode/codicons/dist/${f}`, `out/webview/codicons/${f}`);

if (watch) {
  for (const { name, ...b } of present) (await esbuild.context(b)).watch();
  console.log('esbuild: watching');
} else {
  await Promise.all(present.map(({ name, ...b }) => esbuild.build(b)));
}
