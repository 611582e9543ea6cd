#!/usr/bin/env node
// `npm run package`: builds the .vsix people install, with @vscode/vsce on the project's
// pinned Node, offline (--no-dependencies: esbuild bundled every runtime dependency into
// out/, and the codicon font is copied beside the webview). Fails on any vsce warning,
// then prints the package's size and every file in it, read back from the .vsix itself.
// vsce runs `vscode:prepublish` (the production build: minified, no source maps); the
// development build (source maps, tests) is built again afterwards so that `npm test`,
// F5 and the demo keep running what they expect.
//
//   node scripts/package.mjs [--out path.vsix]
// Prints `VSIX <absolute path>` as its last line.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateRawSync } from 'node:zlib';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The Node that runs vsce: the pinned one (vsce 4 needs Node >= 22). */
function pinnedNode() {
  const pinned = join(ROOT, 'node_modules/node/bin/node');
  return existsSync(pinned) ? pinned : process.execPath;
}

function run(cmd, args) {
  return new Promise((res) => {
    const node = pinnedNode();
    const child = spawn(cmd, args, {
      cwd: ROOT,
      // npm scripts vsce starts (vscode:prepublish) run on the pinned Node too.
      env: { ...process.env, PATH: `${dirname(node)}:${join(ROOT, 'node_modules/.bin')}:${process.env.PATH}` },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const echo = (stream) => (d) => { out += d; stream.write(d); };
    child.stdout.on('data', echo(process.stdout));
    child.stderr.on('data', echo(process.stderr));
    child.on('close', (code) => res({ code: code ?? 1, out }));
  });
}

/**
 * The entries of a zip file (a .vsix), from its central directory: name, compressed and
 * uncompressed size. `read(name)` returns an entry's bytes (stored or deflated).
 */
export function readZip(file) {
  const zip = readFileSync(file);
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
  }
  if (eocd < 0) throw new Error(`${file} is not a zip file (no end of central directory)`);
  const count = zip.readUInt16LE(eocd + 10);
  let p = zip.readUInt32LE(eocd + 16);
  const entries = [];
  for (let n = 0; n < count; n++) {
    if (zip.readUInt32LE(p) !== 0x02014b50) throw new Error(`${file}: bad central directory entry ${n}`);
    const method = zip.readUInt16LE(p + 10);
    const compressed = zip.readUInt32LE(p + 20);
    const size = zip.readUInt32LE(p + 24);
    const nameLen = zip.readUInt16LE(p + 28);
    const extraLen = zip.readUInt16LE(p + 30);
    const commentLen = zip.readUInt16LE(p + 32);
    const local = zip.readUInt32LE(p + 42);
    const name = zip.toString('utf8', p + 46, p + 46 + nameLen);
    entries.push({ name, size, compressed, method, local });
    p += 46 + nameLen + extraLen + commentLen;
  }
  const read = (name) => {
    const e = entries.find((x) => x.name === name);
    if (!e) return undefined;
    const start = e.local + 30 + zip.readUInt16LE(e.local + 26) + zip.readUInt16LE(e.local + 28);
    const data = zip.subarray(start, start + e.compressed);
    return e.method === 0 ? Buffer.from(data) : inflateRawSync(data);
  };
  return { entries, size: zip.length, read };
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

/** Prints the package's size and file list; returns the entries. */
export function describeVsix(file) {
  const { entries, size } = readZip(file);
  console.log(`\n${file}: ${kb(size)}, ${entries.length} files`);
  for (const e of entries) console.log(`  ${kb(e.size).padStart(10)}  ${e.name}`);
  return entries;
}

async function main(argv) {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const outArg = argv.indexOf('--out');
  const vsix = resolve(outArg >= 0 ? argv[outArg + 1] : join(ROOT, `${pkg.name}-${pkg.version}.vsix`));
  const vsce = join(ROOT, 'node_modules/@vscode/vsce/vsce');
  const packed = await run(pinnedNode(), [vsce, 'package', '--no-dependencies', '--no-update-package-json', '--out', vsix]);
  // Rebuild the development bundles whatever happened, so a failed package leaves no minified build behind.
  const rebuilt = await run(pinnedNode(), ['esbuild.config.mjs']);
  if (packed.code !== 0) throw new Error(`vsce package failed (exit ${packed.code})`);
  if (rebuilt.code !== 0) throw new Error('the development build after packaging failed');
  // vsce's warnings (missing repository, LICENSE, icon, relative README links, activation
  // events, ...) are printed as "WARNING" lines: the Marketplace and Open VSX want none.
  const warnings = packed.out.split('\n').filter((l) => /\bWARNING\b/i.test(l));
  if (warnings.length) throw new Error(`vsce package printed warnings:\n${warnings.join('\n')}`);
  describeVsix(vsix);
  if (statSync(vsix).size > 1024 * 1024) throw new Error(`the package is ${kb(statSync(vsix).size)}: over 1 MB, something was packaged by mistake`);
  console.log(`VSIX ${vsix}`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((e) => {
    console.error(`[package] ${e.message}`);
    process.exit(1);
  });
}
