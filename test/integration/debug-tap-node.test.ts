// The debug tap on Node programs, under the real js-debug: small programs
// (test/fixtures/node-tap/) read event streams from the demo server with global fetch,
// node:http and the `eventsource` package, on Node 24 (the project's) and Node 20 and 22
// (scripts/setup-test-nodes.mjs), and log every event and every request they make. The
// tapped stream's records must equal that log: type, id, data and order of every event, and
// the program's own reconnects with the Last-Event-ID each sent. A `debugger;` pause marks
// the burst after Continue; a program without event streams, the setting turned off and
// other debug types are left alone.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { DemoServer } from '../../demo/server';
import type { ConnectionInfo, SseInspectorApi } from '../../src/extension/api';
import type { EventRecord, OpenRecord, ReconnectRecord } from '../../src/core/base/records';
import { EXTENSION_ID, closeAllConnections, inspectorApi, readLogFiles, settingsPath, startDemo, waitFor } from './helpers';

type Entry =
  | { kind: 'request'; lastEventId: string | null }
  | { kind: 'event'; type: string; id?: string; data: string; lastEventId: string }
  | { kind: 'token'; token: string }
  | { kind: 'pause' | 'continued' | 'done' }
  | { kind: 'fetch' | 'http'; [key: string]: unknown };

const extensionPath = () => vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath;
const fixture = (name: string) => join(extensionPath(), 'test', 'fixtures', 'node-tap', name);

/** The Node binary of a major version: 24 is the project's own, 20 and 22 come from setup-test-nodes. */
function nodeBinary(major: 20 | 22 | 24): string {
  const bin = major === 24 ? join(extensionPath(), 'node_modules', 'node', 'bin', 'node') : join(extensionPath(), '.cache', 'test-nodes', (JSON.parse(readFileSync(fixture('node-versions.json'), 'utf8')) as Record<string, string>)[String(major)]!, 'node_modules', 'node', 'bin', 'node');
  if (!existsSync(bin)) throw new Error(`Node ${major} is not installed at ${bin}: run node scripts/setup-test-nodes.mjs (npm test does)`);
  return bin;
}

describe('debug tap: Node programs', function () {
  this.timeout(60_000);
  let demo: DemoServer;
  let api: SseInspectorApi;
  let dir: string;
  let runs = 0;

  before(async () => {
    demo = await startDemo();
    api = await inspectorApi();
    dir = mkdtempSync(join(tmpdir(), 'sse-itest-nodetap-'));
  });
  after(async () => {
    await vscode.debug.stopDebugging();
    await closeAllConnections(api);
    await demo.close();
    rmSync(dir, { recursive: true, force: true });
  });

  interface Run {
    name: string;
    log: Entry[];
    /** The launch configuration as the debug session got it (after every provider). */
    configuration: vscode.DebugConfiguration;
  }

  /**
   * Debugs a fixture program to its end under js-debug (its log goes to a file in `dir`).
   * `during` runs while the session is live (to continue from a breakpoint).
   */
  async function debugProgram(program: string, options: { node?: 20 | 22 | 24; terminal?: boolean; during?: (session: vscode.DebugSession, logFile: string) => Promise<void>; config?: Record<string, unknown> } = {}): Promise<Run> {
    const name = `Tap ${++runs} ${program} on Node ${options.node ?? 24}${options.terminal ? ' in a terminal' : ''}`;
    const logFile = join(dir, `run-${runs}.jsonl`);
    writeFileSync(logFile, '');
    const started = new Promise<vscode.DebugSession>((resolve) => {
      const sub = vscode.debug.onDidStartDebugSession((s) => {
        if (!s.parentSession && s.name === name) {
          sub.dispose();
          resolve(s);
        }
      });
    });
    const ended = new Promise<void>((resolve) => {
      const sub = vscode.debug.onDidTerminateDebugSession((s) => {
        if (!s.parentSession && s.name === name) {
          sub.dispose();
          resolve();
        }
      });
    });
    const config: vscode.DebugConfiguration = options.terminal
      ? // A JavaScript Debug Terminal running one command (the program exits, the terminal stays).
        { type: 'node-terminal', request: 'launch', name, command: [nodeBinary(options.node ?? 24), fixture(program), demo.url, logFile].map((a) => JSON.stringify(a)).join(' '), cwd: dir }
      : { type: 'node', request: 'launch', name, program: fixture(program), args: [demo.url, logFile], cwd: dir, console: 'internalConsole', sourceMaps: false, smartStep: false };
    if (options.node && !options.terminal) config['runtimeExecutable'] = nodeBinary(options.node);
    Object.assign(config, options.config);
    const ok = await vscode.debug.startDebugging(vscode.workspace.workspaceFolders![0]!, config);
    assert.equal(ok, true, `the debug session "${name}" started`);
    const session = await started;
    await options.during?.(session, logFile);
    const log = () => readLog(logFile);
    await waitFor(() => log().some((e) => e.kind === 'done'), `${program} to finish`, 30_000, () => readFileSync(logFile, 'utf8'));
    // A terminal session lives on after its command: stop it as a user would.
    if (options.terminal) await vscode.debug.stopDebugging(session);
    await Promise.race([ended, new Promise((r) => setTimeout(r, 10_000))]);
    return { name, log: log(), configuration: session.configuration };
  }

  const tapsOf = (name: string): ConnectionInfo[] => api.connections().filter((c) => c.origin.kind === 'tap' && c.origin.name === name);
  /** The one tapped stream of a run, once it has closed. */
  async function theStream(run: Run): Promise<ConnectionInfo> {
    const taps = await waitFor(() => (tapsOf(run.name).length > 0 ? tapsOf(run.name) : undefined), `a tapped stream of "${run.name}"`, 10_000, () => JSON.stringify(api.connections().map((c) => [c.label, c.origin])));
    assert.equal(taps.length, 1, `one stream: ${JSON.stringify(taps.map((t) => t.url))}`);
    const tap = taps[0]!;
    assert.deepEqual(tap.origin, { kind: 'tap', via: 'debug', name: run.name });
    await waitFor(() => api.connection(tap.id)?.state === 'closed', 'the tapped stream to end with the program', 10_000, () => String(api.connection(tap.id)?.state));
    return tap;
  }
  const recordsOf = (tap: ConnectionInfo) => tap.session.snapshot().records;
  const eventsOf = (tap: ConnectionInfo) => recordsOf(tap).filter((r): r is EventRecord => r.kind === 'event');

  /** Events as the fixture logs them (type, the id field when there was one, data). */
  const loggedEvents = (run: Run) => run.log.filter((e): e is Extract<Entry, { kind: 'event' }> => e.kind === 'event').map((e) => ({ type: e.type, ...(e.id !== undefined ? { id: e.id } : {}), data: e.data }));
  const tappedEvents = (tap: ConnectionInfo) => eventsOf(tap).map((e) => ({ type: e.type, ...(e.id !== undefined ? { id: e.id } : {}), data: e.data }));
  /** The Last-Event-ID of each request after the first (null: none sent). */
  const loggedReconnects = (run: Run) => run.log.filter((e): e is Extract<Entry, { kind: 'request' }> => e.kind === 'request').slice(1).map((e) => e.lastEventId);
  const tappedReconnects = (tap: ConnectionInfo) => recordsOf(tap).filter((r): r is ReconnectRecord => r.kind === 'reconnect').map((r) => r.lastEventId ?? null);

  /** The program's own reconnects (to /resume, two events a response, 204 at the end) are the stream's. */
  async function assertResumeRun(run: Run): Promise<void> {
    const tap = await theStream(run);
    const events = loggedEvents(run);
    assert.equal(events.filter((e) => e.type === 'tick').length, 5, 'the program got all five ticks');
    assert.deepEqual(tappedEvents(tap), events, 'the tap saw every event the program got, in order');
    assert.deepEqual(loggedReconnects(run), ['2', '4', '5']);
    assert.deepEqual(tappedReconnects(tap), loggedReconnects(run), 'and each of its reconnects with the Last-Event-ID it sent');
    const reconnects = recordsOf(tap).filter((r): r is ReconnectRecord => r.kind === 'reconnect');
    assert.ok(reconnects.every((r) => r.source === 'program'));
    assert.ok(recordsOf(tap).some((r) => r.kind === 'close' && r.reason === 'no-content'), 'the 204 that ended it is on the stream');
    // Events carry no held mark: the program never stopped.
    assert.ok(eventsOf(tap).every((e) => e.heldMs === undefined));
  }

  it('Node 24, global fetch: a GET stream read with getReader(), its reconnects with Last-Event-ID', async () => {
    assert.ok(vscode.extensions.getExtension('ms-vscode.js-debug'), 'the built-in JavaScript debugger is present');
    const run = await debugProgram('fetch-get.mjs');
    assert.match(String(run.configuration['env']?.['NODE_OPTIONS']), /--require ".*tap-preload\.js"/, 'the launch got the preload');
    await assertResumeRun(run);
  });

  it("a launch whose envFile sets NODE_OPTIONS (a ${workspaceFolder} path): the user's preload and the tap's both run", async () => {
    const marker = join(dir, 'user-preload-ran.txt');
    const userPreload = join(dir, 'user-preload.cjs');
    writeFileSync(userPreload, `require('node:fs').appendFileSync(${JSON.stringify(marker)}, 'ran\\n');`);
    const envFileName = '.env.debug-tap-itest';
    const envFilePath = join(vscode.workspace.workspaceFolders![0]!.uri.fsPath, envFileName);
    writeFileSync(envFilePath, `# the user's own preload\nexport NODE_OPTIONS='--require ${userPreload.replace(/\\/g, '/')}'\n`);
    try {
      const run = await debugProgram('fetch-get.mjs', { config: { envFile: `\${workspaceFolder}/${envFileName}` } });
      const nodeOptions = String(run.configuration['env']?.['NODE_OPTIONS']);
      assert.ok(nodeOptions.startsWith(`--require ${userPreload.replace(/\\/g, '/')} --require "`), nodeOptions);
      assert.match(nodeOptions, /tap-preload\.js"$/);
      assert.ok(existsSync(marker), "the user's preload from the envFile ran");
      await assertResumeRun(run);
    } finally {
      rmSync(envFilePath, { force: true });
    }
  });

  // js-debug appends the NODE_OPTIONS of the process it runs in (this extension host) to every
  // launch's own (nodeLauncherBase.resolveEnvironment: EnvironmentVars.processEnv(), read once
  // when it is first needed, so a value set here now does not reach its launches). A launch
  // configuration that carried the inherited value as well would name it twice in the program.
  it("the launch's NODE_OPTIONS does not carry the extension host's own (js-debug adds that itself)", async () => {
    const saved = process.env['NODE_OPTIONS'];
    process.env['NODE_OPTIONS'] = '--title=sse-inspector-inherited';
    try {
      const run = await debugProgram('fetch-get.mjs');
      const nodeOptions = String(run.configuration['env']?.['NODE_OPTIONS']);
      assert.match(nodeOptions, /^--require ".*tap-preload\.js"$/, nodeOptions);
      await assertResumeRun(run);
    } finally {
      if (saved === undefined) delete process.env['NODE_OPTIONS'];
      else process.env['NODE_OPTIONS'] = saved;
    }
  });

  it('Node 24, global fetch: a POST chat stream with a JSON body and a Bearer token, the token redacted everywhere', async () => {
    const run = await debugProgram('fetch-chat.mjs');
    const tap = await theStream(run);
    const events = loggedEvents(run);
    assert.ok(events.length > 20 && events.at(-1)!.data === '[DONE]', 'the whole answer');
    assert.deepEqual(tappedEvents(tap), events);
    const open = recordsOf(tap).find((r): r is OpenRecord => r.kind === 'open')!;
    assert.equal(open.request.method, 'POST');
    assert.equal(open.request.headers.find(([n]) => n === 'authorization')?.[1], 'Bearer <redacted>');
    const token = run.log.find((e): e is Extract<Entry, { kind: 'token' }> => e.kind === 'token')!.token;
    assert.ok(token.length > 20);
    assert.ok(!JSON.stringify(recordsOf(tap)).includes(token), 'the token is in no record');
    assert.ok(!JSON.stringify(api.connection(tap.id)).includes(token), 'nor in what the API shows');
    const logs = await readLogFiles(api.logUri);
    assert.ok(logs.length > 0 && logs.every((f) => !f.text.includes(token)), 'nor in the log');
    // The login POST before it (JSON) is not an event stream: nothing of it was kept.
    assert.ok(api.connections().every((c) => !c.url.includes('/api/auth/login')));
  });

  it('Node 24, node:http: hand-written http.get with setEncoding, its reconnects with Last-Event-ID', async () => {
    await assertResumeRun(await debugProgram('http-get.cjs'));
  });

  it('Node 24, the eventsource package (v2, on node:http): its own reconnects with Last-Event-ID', async () => {
    const run = await debugProgram('eventsource.cjs');
    const tap = await theStream(run);
    // eventsource gives the program each event's lastEventId, not its id field.
    const logged = run.log.filter((e): e is Extract<Entry, { kind: 'event' }> => e.kind === 'event').map(({ type, data, lastEventId }) => ({ type, data, lastEventId }));
    assert.equal(logged.length, 8);
    assert.deepEqual(eventsOf(tap).map(({ type, data, lastEventId }) => ({ type, data, lastEventId })), logged);
    assert.deepEqual(loggedReconnects(run), ['2', '4', '5']);
    assert.deepEqual(tappedReconnects(tap), loggedReconnects(run));
  });

  it('a JavaScript Debug Terminal (node-terminal) running the program: the same stream and reconnects', async () => {
    const run = await debugProgram('http-get.cjs', { terminal: true });
    assert.match(String(run.configuration['env']?.['NODE_OPTIONS']), /tap-preload\.js/);
    await assertResumeRun(run);
  });

  for (const node of [20, 22] as const) {
    it(`Node ${node}, global fetch (undici without a body channel): the same stream and reconnects`, async () => {
      const run = await debugProgram('fetch-get.mjs', { node });
      await assertResumeRun(run);
    });
    it(`Node ${node}, node:http: the same stream and reconnects`, async () => {
      await assertResumeRun(await debugProgram('http-get.cjs', { node }));
    });
  }

  it('events that waited while the program was paused at a breakpoint are marked held', async () => {
    let pausedAt = 0;
    const run = await debugProgram('paused.mjs', {
      during: async (_session, logFile) => {
        await waitFor(() => readLog(logFile).some((e) => e.kind === 'pause'), 'the program to reach its debugger statement', 20_000);
        // The tapped stream's timeline gets the debugger's pause marker (every live stream does).
        await waitFor(() => api.connections().some((c) => c.origin.kind === 'tap' && recordsOf(c).some((r) => r.kind === 'marker' && r.marker === 'debug-pause')), 'the pause', 20_000);
        pausedAt = Date.now();
        await new Promise((r) => setTimeout(r, 1500));
        await vscode.commands.executeCommand('workbench.action.debug.continue');
      },
    });
    assert.ok(pausedAt > 0);
    const tap = await theStream(run);
    assert.deepEqual(tappedEvents(tap), loggedEvents(run), 'the same events in the same order');
    const events = eventsOf(tap);
    const pauseIndex = run.log.filter((e) => e.kind === 'event' || e.kind === 'pause').findIndex((e) => e.kind === 'pause');
    const before = events.slice(0, pauseIndex);
    assert.ok(before.length >= 3 && before.every((e) => e.heldMs === undefined), 'nothing before the pause is held');
    // The burst: what the program read first after Continue, held about as long as the pause.
    let end = pauseIndex;
    while (end < events.length && (events[end]!.heldMs ?? 0) >= 1000) end++;
    const shown = () => JSON.stringify(events.map((e) => e.heldMs ?? null));
    assert.ok(end - pauseIndex >= 5, `the heartbeats of the pause came in a burst, held: ${shown()}`);
    // After it the program reads on time again (a busy machine may stall it briefly, never as long).
    const after = events.slice(end);
    assert.ok(after.length > 0 && after.some((e) => e.heldMs === undefined) && after.every((e) => (e.heldMs ?? 0) < 1000), `events after the burst are not held: ${shown()}`);
  });

  it('a program that asks for no event stream runs as it does without the tap, and no stream appears', async () => {
    const baselineFile = join(dir, 'baseline.jsonl');
    writeFileSync(baselineFile, '');
    // Not spawnSync: the demo server runs in this process and has to answer.
    const plain = spawn(nodeBinary(24), [fixture('no-sse.mjs'), demo.url, baselineFile], { stdio: 'ignore' });
    const code = await new Promise<number | null>((resolve) => plain.on('close', resolve));
    assert.equal(code, 0, 'the program ran without the debugger');
    const before = api.connections().length;
    const run = await debugProgram('no-sse.mjs');
    assert.match(String(run.configuration['env']?.['NODE_OPTIONS']), /tap-preload\.js/, 'the tap was there');
    assert.deepEqual(run.log, readLog(baselineFile), 'the program got exactly what it gets without the tap');
    assert.equal(tapsOf(run.name).length, 0);
    assert.equal(api.connections().length, before);
  });

  it('with sseInspector.debug.tap off, the launch is not changed and nothing is tapped', async () => {
    const path = settingsPath();
    const saved = existsSync(path) ? readFileSync(path) : undefined;
    await vscode.workspace.getConfiguration('sseInspector').update('debug.tap', false, vscode.ConfigurationTarget.Workspace);
    try {
      const run = await debugProgram('fetch-get.mjs');
      const env = (run.configuration['env'] ?? {}) as Record<string, unknown>;
      assert.ok(!String(env['NODE_OPTIONS'] ?? '').includes('tap-preload'), 'no preload');
      assert.equal(env['SSE_INSPECTOR_TAP'], undefined);
      assert.equal(loggedEvents(run).length, 8, 'the program ran as usual');
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(tapsOf(run.name).length, 0);
    } finally {
      if (saved) writeFileSync(path, saved);
      else rmSync(path, { force: true });
      await waitFor(() => vscode.workspace.getConfiguration('sseInspector').inspect('debug.tap')?.workspaceValue === undefined, 'the settings to be put back');
    }
  });
});

function readLog(file: string): Entry[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Entry);
}
