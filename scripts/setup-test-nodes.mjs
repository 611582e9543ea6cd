#!/usr/bin/env node
// Installs the Node versions the debug tap's integration tests launch programs with
// (test/fixtures/node-tap/node-versions.json: Node 20 and 22, exact versions) from the npm
// registry, package `node` as for the project's own Node 24, into the gitignored
// .cache/test-nodes/<version>/. Not devDependencies: every `node` package declares the bin
// `node`, and npm links node_modules/.bin/node to whichever it installs first, so an
// alias like "node20": "npm:node@20" can take `node` away from the pinned Node 24 that
// the build and code-server run on.
// Idempotent: a version whose binary runs is left alone. Prints one line per version.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const versions = JSON.parse(readFileSync(join(root, 'test/fixtures/node-tap/node-versions.json'), 'utf8'));

function testNodeBinary(version) {
  return join(root, '.cache', 'test-nodes', version, 'node_modules', 'node', 'bin', process.platform === 'win32' ? 'node.exe' : 'node');
}

function runs(bin, version) {
  try {
    return existsSync(bin) && execFileSync(bin, ['--version'], { encoding: 'utf8' }).trim() === `v${version}`;
  } catch {
    return false;
  }
}

let failed = false;
for (const [major, version] of Object.entries(versions)) {
  if (!/^\d+$/.test(major)) continue;
  const bin = testNodeBinary(version);
  if (runs(bin, version)) {
    console.log(`setup-test-nodes: node ${version} present`);
    continue;
  }
  const dir = join(root, '.cache', 'test-nodes', version);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), '{ "private": true }\n');
  try {
    execFileSync('npm', ['install', '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--loglevel=error', `node@${version}`], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
  } catch {
    // reported below
  }
  if (runs(bin, version)) console.log(`setup-test-nodes: node ${version} installed`);
  else {
    console.error(`setup-test-nodes: FAILED: node ${version} did not install into ${dir}`);
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
