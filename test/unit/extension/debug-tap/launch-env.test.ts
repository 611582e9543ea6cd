// The launch configuration the debug tap hands js-debug: the preload is appended to
// NODE_OPTIONS (never replacing what the user or the environment had), its path quoted as
// Node reads NODE_OPTIONS; attach requests, other debuggers and js-debug's own child
// sessions are returned untouched.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseTapEnv, TAP_ENV } from '../../../../src/core/passive/tap-wire';
import { quoteNodeOption, tapTokenOf, withNodeTap, type NodeTapLaunch } from '../../../../src/extension/debug-tap/launch-env';

const TAP: NodeTapLaunch = { preloadPath: '/ext/out/tap-preload.js', address: '/tmp/sse.sock', token: 'tok-1', urlPatterns: ['/chat'] };
const launch = (extra: Record<string, unknown> = {}) => ({ type: 'pwa-node', request: 'launch', name: 'App', program: '/app/main.js', ...extra });
const envOf = (config: Record<string, unknown> | undefined) => (config?.['env'] ?? {}) as Record<string, unknown>;

describe('debug tap: launch configuration', () => {
  it('adds the preload and the socket to a Node launch', () => {
    for (const type of ['node', 'pwa-node', 'node-terminal']) {
      const out = withNodeTap(launch({ type }), TAP);
      assert.ok(out, type);
      assert.equal(envOf(out)['NODE_OPTIONS'], '--require "/ext/out/tap-preload.js"');
      assert.deepEqual(parseTapEnv(envOf(out)[TAP_ENV] as string), { v: 1, address: '/tmp/sse.sock', token: 'tok-1', urls: ['/chat'] });
      assert.equal(tapTokenOf(out), 'tok-1');
      assert.equal(out['program'], '/app/main.js', 'the rest of the configuration is kept');
    }
  });

  it("appends to the configuration's NODE_OPTIONS instead of replacing it, and keeps its other variables", () => {
    const input = launch({ env: { NODE_OPTIONS: '--max-old-space-size=4096 --enable-source-maps', FOO: 'bar' } });
    const out = withNodeTap(input, TAP);
    assert.equal(envOf(out)['NODE_OPTIONS'], '--max-old-space-size=4096 --enable-source-maps --require "/ext/out/tap-preload.js"');
    assert.equal(envOf(out)['FOO'], 'bar');
    assert.equal(envOf(input)['NODE_OPTIONS'], '--max-old-space-size=4096 --enable-source-maps', 'the input is not changed');
  });

  it("with no NODE_OPTIONS configured (or unset: null) the launch's is the preload alone: js-debug appends the inherited NODE_OPTIONS itself", () => {
    const saved = process.env['NODE_OPTIONS'];
    process.env['NODE_OPTIONS'] = '--inspect-publish-uid=http';
    try {
      assert.equal(envOf(withNodeTap(launch(), TAP))['NODE_OPTIONS'], '--require "/ext/out/tap-preload.js"', 'not the inherited value: js-debug would add it a second time');
      assert.equal(envOf(withNodeTap(launch({ env: { NODE_OPTIONS: null } }), TAP))['NODE_OPTIONS'], '--require "/ext/out/tap-preload.js"');
    } finally {
      if (saved === undefined) delete process.env['NODE_OPTIONS'];
      else process.env['NODE_OPTIONS'] = saved;
    }
  });

  it('quotes the path so that spaces, quotes and backslashes survive, as Node itself parses NODE_OPTIONS', () => {
    assert.equal(quoteNodeOption('C:\\Users\\Ada Lovelace\\ext\\tap.js'), '"C:\\\\Users\\\\Ada Lovelace\\\\ext\\\\tap.js"');
    // Node reads it back: a preload in a folder with a space and a quote in its name runs.
    const dir = mkdtempSync(join(tmpdir(), 'sse tap "q" '));
    try {
      const preload = join(dir, 'pre load.js');
      writeFileSync(preload, 'globalThis.__loaded = 1;');
      const out = withNodeTap(launch({ env: { NODE_OPTIONS: '--no-warnings' } }), { ...TAP, preloadPath: preload });
      const text = execFileSync(process.execPath, ['-e', 'process.stdout.write(String(globalThis.__loaded))'], { env: { ...process.env, NODE_OPTIONS: envOf(out)['NODE_OPTIONS'] as string }, encoding: 'utf8' });
      assert.equal(text, '1');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('leaves attach requests, other debuggers and already tapped or child configurations alone', () => {
    assert.equal(withNodeTap(launch({ request: 'attach' }), TAP), undefined);
    for (const type of ['python', 'debugpy', 'go', 'cppdbg', 'pwa-chrome', 'chrome', 'pwa-extensionHost', undefined]) assert.equal(withNodeTap(launch({ type }), TAP), undefined, String(type));
    const tapped = withNodeTap(launch(), TAP)!;
    assert.equal(withNodeTap(tapped, { ...TAP, token: 'tok-2' }), undefined, 'tapped once');
    assert.equal(withNodeTap(launch({ __pendingTargetId: 'abc' }), TAP), undefined, "js-debug's child session");
  });
});

// js-debug applies the configuration's `envFile` under its `env`: the env NODE_OPTIONS the tap
// sets must carry what the envFile set, or the user's options are lost. Real files in a
// temporary folder; the resulting NODE_OPTIONS is run by a real Node.
describe('debug tap: NODE_OPTIONS from the launch envFile', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sse tap env '));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Writes an envFile and returns its path. */
  const envFile = (text: string, name = '.env') => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it("appends to the envFile's NODE_OPTIONS (dotenv syntax: export, quotes, comments), and both preloads run", () => {
    const userPreload = join(dir, 'user "pre".js');
    writeFileSync(userPreload, 'globalThis.__user = 1;');
    const tapPreload = join(dir, 'tap.js');
    writeFileSync(tapPreload, 'globalThis.__tap = 1;');
    const path = envFile(['# the app', 'PORT=3000', `export NODE_OPTIONS='--require ${quoteNodeOption(userPreload)} --no-warnings' # ours`, 'OTHER="x"', ''].join('\n'));
    const out = withNodeTap(launch({ envFile: path }), { ...TAP, preloadPath: tapPreload });
    const nodeOptions = envOf(out)['NODE_OPTIONS'] as string;
    assert.equal(nodeOptions, `--require ${quoteNodeOption(userPreload)} --no-warnings --require ${quoteNodeOption(tapPreload)}`);
    assert.equal(envOf(out)['PORT'], undefined, 'only NODE_OPTIONS is carried: js-debug applies the rest itself');
    assert.equal(out!['envFile'], path, 'the envFile stays in the configuration');
    const text = execFileSync(process.execPath, ['-e', 'process.stdout.write(`${globalThis.__user}${globalThis.__tap}`)'], { env: { ...process.env, NODE_OPTIONS: nodeOptions }, encoding: 'utf8' });
    assert.equal(text, '11', "the user's preload and the tap's both ran");
  });

  it('reads double quotes and a byte order mark as js-debug does; an empty value is the preload alone', () => {
    assert.equal(envOf(withNodeTap(launch({ envFile: envFile('\uFEFFNODE_OPTIONS="--max-old-space-size=512"\n') }), TAP))['NODE_OPTIONS'], '--max-old-space-size=512 --require "/ext/out/tap-preload.js"');
    assert.equal(envOf(withNodeTap(launch({ envFile: envFile('NODE_OPTIONS=\n', 'empty.env') }), TAP))['NODE_OPTIONS'], '--require "/ext/out/tap-preload.js"');
  });

  it("the configuration's env overrides the envFile, as in js-debug (null too)", () => {
    const path = envFile('NODE_OPTIONS=--from-file\n');
    assert.equal(envOf(withNodeTap(launch({ envFile: path, env: { NODE_OPTIONS: '--from-env' } }), TAP))['NODE_OPTIONS'], '--from-env --require "/ext/out/tap-preload.js"');
    assert.equal(envOf(withNodeTap(launch({ envFile: path, env: { NODE_OPTIONS: null } }), TAP))['NODE_OPTIONS'], '--require "/ext/out/tap-preload.js"');
    assert.equal(envOf(withNodeTap(launch({ envFile: path, env: { FOO: 'bar' } }), TAP))['NODE_OPTIONS'], '--from-file --require "/ext/out/tap-preload.js"');
  });

  it('an envFile that is missing, unreadable or without NODE_OPTIONS gives the preload alone', () => {
    const inherited = '--require "/ext/out/tap-preload.js"';
    assert.equal(envOf(withNodeTap(launch({ envFile: join(dir, 'missing.env') }), TAP))['NODE_OPTIONS'], inherited);
    assert.equal(envOf(withNodeTap(launch({ envFile: dir }), TAP))['NODE_OPTIONS'], inherited, 'a folder, not a file');
    assert.equal(envOf(withNodeTap(launch({ envFile: envFile('PORT=3000\n') }), TAP))['NODE_OPTIONS'], inherited);
  });
});
