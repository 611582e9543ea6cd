// The debug tie-in with a real debugger: VS Code's built-in JavaScript debugger (js-debug)
// runs a tiny Node program from a launch configuration a profile names. The profile
// connects when the session starts; a `debugger;` statement and Continue put pause and
// continue markers on every live connection's timeline; an event breakpoint that asks for
// it pauses the program; ending the session marks it and disconnects what it connected.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { DemoServer } from '../../demo/server';
import type { ConnectionInfo, SseInspectorApi } from '../../src/extension/api';
import type { MarkerRecord } from '../../src/core/base/records';
import { closeAllConnections, inspectorApi, readLogFiles, run, startDemo, useProfiles, waitFor, type Outcome } from './helpers';

const LAUNCH = 'SSE test app';

describe('debug sessions', function () {
  this.timeout(60_000);
  let demo: DemoServer;
  let api: SseInspectorApi;
  let dir: string;

  before(async () => {
    demo = await startDemo();
    api = await inspectorApi();
    // Outside the fixture workspace, so the workspace stays as it is.
    dir = mkdtempSync(join(tmpdir(), 'sse-itest-debug-'));
    // Stops once at the debugger statement, then spends most of its time in its own code
    // (15 ms of work every 20 ms) until the debug session is stopped: a pause request lands
    // in user code at once, instead of in Node's timers, which js-debug steps out of slowly.
    writeFileSync(join(dir, 'app.js'), 'setTimeout(() => {\n  debugger;\n}, 800);\nsetInterval(() => {\n  const end = Date.now() + 15;\n  while (Date.now() < end);\n}, 20);\n');
  });
  after(async () => {
    await vscode.debug.stopDebugging();
    await closeAllConnections(api);
    await demo.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const info = (id: string): ConnectionInfo => {
    const c = api.connection(id);
    if (!c) throw new Error(`connection ${id} is gone`);
    return c;
  };
  const markers = (id: string) => info(id).session.snapshot().records.filter((r): r is MarkerRecord => r.kind === 'marker');
  const kinds = (id: string) => markers(id).map((m) => m.marker);
  const show = (id: string) => () => JSON.stringify({ state: api.connection(id)?.state, markers: api.connection(id) && markers(id) });

  it('connects the profile of the launch configuration, marks pauses and continues, and disconnects when the session ends', async () => {
    // The real debugger ships with VS Code (and code-server); without it this test cannot run at all.
    assert.ok(vscode.extensions.getExtension('ms-vscode.js-debug'), 'the built-in JavaScript debugger ms-vscode.js-debug is present');
    const restore = await useProfiles([{ name: 'Debug itest', url: `${demo.url}/events?heartbeatMs=100`, launchConfigurations: [LAUNCH] }]);
    try {
      // A connection the debug session did not start: it gets the markers, and keeps running.
      const bystander = await run<Outcome>('sseInspector.connectUrl', { url: `${demo.url}/events?heartbeatMs=100` });
      assert.ok(bystander.ok);
      await waitFor(() => info(bystander.id).state === 'open', 'the bystander to open');

      const started = new Promise<vscode.DebugSession>((resolve) => {
        const sub = vscode.debug.onDidStartDebugSession((s) => {
          if (!s.parentSession && s.name === LAUNCH) {
            sub.dispose();
            resolve(s);
          }
        });
      });
      const folder = vscode.workspace.workspaceFolders![0]!;
      const ok = await vscode.debug.startDebugging(folder, { type: 'node', request: 'launch', name: LAUNCH, program: join(dir, 'app.js'), cwd: dir, console: 'internalConsole', sourceMaps: false, smartStep: false });
      assert.equal(ok, true, 'the debug session started');
      const session = await started;

      const id = await waitFor(() => api.connections().find((c) => c.profile === 'Debug itest')?.id, 'the profile to connect', 15_000);
      assert.equal(info(id).debugSession, LAUNCH);
      await waitFor(() => info(id).state === 'open', 'the profile connection to open', 10_000, show(id));
      assert.equal(kinds(id)[0], 'debug-start', 'its timeline starts with the reason it connected');
      assert.equal(markers(id)[0]!.label, `Debug session "${LAUNCH}" started`);
      assert.ok(kinds(bystander.id).includes('debug-start'));

      // The debugger statement: a pause marker; heartbeats keep arriving while the program is stopped.
      const pause = await waitFor(() => markers(id).find((m) => m.marker === 'debug-pause'), 'the debugger statement to pause the program', 20_000, show(id));
      assert.match(pause.label, /^Paused: .+ \(thread \d+\)$/);
      const beatsAtPause = info(id).session.totals.byType['heartbeat']?.count ?? 0;
      await waitFor(() => (info(id).session.totals.byType['heartbeat']?.count ?? 0) >= beatsAtPause + 3, 'events while the program is paused');
      await vscode.commands.executeCommand('workbench.action.debug.continue');
      const resumed = await waitFor(() => markers(id).find((m) => m.marker === 'debug-continue'), 'a continue marker', 10_000, show(id));
      assert.match(resumed.label, /^Continued/);
      assert.deepEqual(kinds(bystander.id).slice(0, 3), ['debug-start', 'debug-pause', 'debug-continue'], 'every live connection is marked');

      // An event breakpoint that pauses the debug session too.
      const added = await run<{ ok: boolean }>('sseInspector.addEventBreakpoint', { id, breakpoint: { eventType: 'heartbeat', pauseDebugSession: true } });
      assert.ok(added.ok);
      const held = await waitFor(() => info(id).paused, 'the breakpoint to hit', 10_000, show(id));
      assert.equal(held.debuggerPaused, true, 'the debug session was asked to pause');
      await waitFor(() => markers(id).filter((m) => m.marker === 'debug-pause').length >= 2, 'the program to pause for the event breakpoint', 10_000, show(id));
      // The debugger shows app.js over the panel at each stop (a hidden webview is gone, and
      // learns it is paused when shown again). The editor may come up after the stop
      // marker, over a panel just revealed: reveal until the panel has loaded and been told.
      const told = () => info(id).panel?.pauses.some((p) => p.type === 'paused' && p.debuggerPaused);
      await waitFor(async () => {
        if (!told()) await run('sseInspector.openPanel', { id });
        for (let i = 0; i < 30 && !told(); i++) await new Promise((r) => setTimeout(r, 100));
        return told();
      }, 'the panel to be told the debugger paused too', 20_000, () => JSON.stringify({ ...info(id).panel, eventTypes: undefined }));
      assert.equal(info(id).panel!.lastSeq, held.seq, 'its timeline stops at the event that hit');

      // The session ends: a stop marker everywhere; the connection it started disconnects, the other runs on.
      await vscode.debug.stopDebugging(session);
      await waitFor(() => info(id).state === 'closed', 'the profile connection to disconnect', 15_000, show(id));
      const records = info(id).session.snapshot().records;
      const stop = records.findIndex((r) => r.kind === 'marker' && r.marker === 'debug-stop');
      assert.ok(stop >= 0, 'a debug-stop marker');
      assert.equal((records[stop] as MarkerRecord).label, `Debug session "${LAUNCH}" ended`);
      const close = records.findIndex((r, i) => i > stop && r.kind === 'close');
      assert.ok(close > stop && records[close]!.kind === 'close' && records[close]!.reason === 'aborted', 'the disconnect comes after the marker');
      assert.equal(info(id).debugSession, undefined);
      assert.ok(kinds(bystander.id).includes('debug-stop'));
      assert.equal(info(bystander.id).state, 'open', 'a connection the session did not start keeps running');

      const logs = await waitFor(async () => {
        const files = await readLogFiles(api.logUri);
        return files.some((f) => f.text.includes(`disconnected: debug session "${LAUNCH}" ended`)) ? files : undefined;
      }, 'the debug lines in the log');
      const log = logs.map((f) => f.text).join('\n');
      assert.ok(log.includes(`[Debug itest] connected by debug session "${LAUNCH}"`));
      assert.match(log, /\[Debug itest\] marker debug-pause: Paused: /);
    } finally {
      await closeAllConnections(api);
      await restore();
    }
  });
});
