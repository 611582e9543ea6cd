// The debug tap for web pages, with the real parts: VS Code's built-in JavaScript debugger
// (js-debug) launches a page in Debian's Chromium (headless), the page opens an EventSource
// that the demo server ends after every two events (so the browser reconnects with
// Last-Event-ID until the server answers 204) and reads a POST chat stream with fetch() and
// getReader(). The page posts what it received to the test's server; the tapped streams'
// records must say the same, and the reconnects must carry the Last-Event-ID the browser sent.
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createParser } from 'eventsource-parser';
import * as vscode from 'vscode';
import type { DemoServer } from '../../demo/server';
import type { EventRecord, ReconnectRecord, SseRecord } from '../../src/core/base/records';
import type { ConnectionInfo, SseInspectorApi } from '../../src/extension/api';
import { startPageServer } from '../support/page-server';
import { inspectorApi, readLogFiles, settingsPath, startDemo, waitFor } from './helpers';

const CHROMIUM = '/usr/bin/chromium';
const RUNTIME_ARGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

interface PageLog {
  es: Array<{ type: string; id: string; data: string }>;
  esOpens: number;
  fetchText: string;
  fetchStatus: number;
}

// The tap attaches when js-debug starts the page's debug session, a moment after the page
// began to run: a page opens its streams when the test says the tap is there.
const START = `async function start() { for (;;) { const r = await fetch('/go'); if ((await r.text()) === 'go') return; await new Promise((ok) => setTimeout(ok, 50)); } }`;

/** The page: an EventSource with reconnects and a fetch() chat stream, then it reports. */
function pageHtml(token: string): string {
  return `<!doctype html><meta charset="utf-8"><title>SSE page</title><script>
${START}
const log = { es: [], esOpens: 0, fetchText: '', fetchStatus: 0 };
const done = { es: false, fetch: false };
function report() { if (done.es && done.fetch) fetch('/log', { method: 'POST', body: JSON.stringify(log) }); }
start().then(() => {
const es = new EventSource('/demo/resume?count=6&perConnection=2&retryMs=300');
es.onopen = () => { log.esOpens++; };
for (const type of ['resume', 'tick']) es.addEventListener(type, (e) => log.es.push({ type: e.type, id: e.lastEventId, data: e.data }));
es.onerror = () => { if (es.readyState === EventSource.CLOSED) { done.es = true; report(); } };
(async () => {
  const r = await fetch('/demo/api/chat/stream?delayMs=3', { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ${token}' }, body: JSON.stringify({ message: 'hello', conversationId: 'conv-page' }) });
  log.fetchStatus = r.status;
  const reader = r.body.getReader();
  const decoder = new TextDecoder();
  for (;;) { const { done: end, value } = await reader.read(); if (end) break; log.fetchText += decoder.decode(value, { stream: true }); }
  done.fetch = true; report();
})();
});
</script>`;
}

/** Events while the page is stopped at a `debugger;` statement, handed to it after Continue. */
interface PausePageLog {
  events: Array<{ id: string; data: string; at: number }>;
}

const HELD_BEFORE = 3;
const PAUSE_PAGE_EVENTS = 16;

function pausePageHtml(): string {
  return `<!doctype html><meta charset="utf-8"><title>SSE pause page</title><script>
${START}
const log = { events: [] };
start().then(() => {
  const es = new EventSource('/demo/buffered?events=1&everyMs=150');
  es.addEventListener('update', (e) => {
    log.events.push({ id: e.lastEventId, data: e.data, at: performance.now() });
    if (log.events.length === ${HELD_BEFORE}) {
      debugger; // the test continues after a while; the events meanwhile wait in the browser
    }
    if (log.events.length === ${PAUSE_PAGE_EVENTS}) {
      es.close();
      fetch('/log', { method: 'POST', body: JSON.stringify(log) });
    }
  });
});
</script>`;
}

/** Events of a stream the page opens at load: the first three after a reload, handed to the test. */
interface EarlyPageLog {
  events: Array<{ id: string; data: string }>;
}

/** A stream that stays open for the whole test (no reconnect), one event every 200 ms, ids from 1. */
const EARLY_STREAM = '/demo/buffered?events=1&everyMs=200';

/** A page that opens its EventSource at load, before js-debug lets the tap attach. */
function earlyPageHtml(): string {
  return `<!doctype html><meta charset="utf-8"><title>SSE early page</title><script>
const reloaded = performance.getEntriesByType('navigation')[0]?.type === 'reload';
const log = { events: [] };
const es = new EventSource('${EARLY_STREAM}');
es.addEventListener('update', (e) => {
  log.events.push({ id: e.lastEventId, data: e.data });
  if (reloaded && log.events.length === 3) fetch('/log', { method: 'POST', body: JSON.stringify(log) });
});
</script>`;
}

function eventsOf(records: readonly SseRecord[]): Array<{ type: string; id: string; data: string }> {
  return records.filter((r): r is EventRecord => r.kind === 'event').map((e) => ({ type: e.type, id: e.lastEventId, data: e.data }));
}

/** What the page's fetch received, as events (parsed the way every stream is parsed). */
function parsedEvents(text: string): Array<{ type: string; id: string; data: string }> {
  const out: Array<{ type: string; id: string; data: string }> = [];
  let lastEventId = '';
  const parser = createParser({
    onEvent: (e) => {
      if (e.id !== undefined) lastEventId = e.id;
      out.push({ type: e.event ?? 'message', id: lastEventId, data: e.data });
    },
  });
  parser.feed(text);
  return out;
}

describe('debug tap: web pages in Chromium under js-debug', function () {
  this.timeout(90_000);
  let demo: DemoServer;
  let api: SseInspectorApi;
  /** One Chromium profile per launch: the previous test's browser may still be closing with its own. */
  const userDataDirs: string[] = [];

  before(async () => {
    demo = await startDemo();
    api = await inspectorApi();
  });
  after(async () => {
    await vscode.debug.stopDebugging();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await demo.close();
    for (const dir of userDataDirs) rmSync(dir, { recursive: true, force: true });
  });

  // A failure shows what the tap logged (why a stream is missing, a CDP error).
  afterEach(async function () {
    if (this.currentTest?.state !== 'failed') return;
    const lines = (await readLogFiles(api.logUri)).flatMap((f) => f.text.split('\n')).filter((l) => l.includes('debug tap'));
    console.log(`the debug tap's log lines:\n${lines.join('\n')}`);
  });

  /** Ready when the extension's log says the tap watches the page's session of launch `name`. */
  const tapReady = (name: string) => async () => (await readLogFiles(api.logUri)).some((f) => f.text.includes(`debug tap: watching the event streams of`) && f.text.includes(`(${name})`));

  /** Launches the page at `url` in Chromium under js-debug, as a user's launch configuration would. */
  async function launchPage(name: string, url: string): Promise<void> {
    const folder = vscode.workspace.workspaceFolders![0]!;
    const userDataDir = mkdtempSync(join(tmpdir(), 'sse-itest-chromium-'));
    userDataDirs.push(userDataDir);
    const ok = await vscode.debug.startDebugging(folder, {
      type: 'pwa-chrome',
      request: 'launch',
      name,
      url,
      runtimeExecutable: CHROMIUM,
      runtimeArgs: RUNTIME_ARGS,
      userDataDir,
      webRoot: userDataDir,
      // code-server is a remote window: the browser runs beside the extension host, not in the UI.
      browserLaunchLocation: 'workspace',
    });
    assert.equal(ok, true, 'the debug session started');
  }

  const tappedBy = (name: string) => api.connections().filter((c) => c.origin.kind === 'tap' && c.origin.via === 'debug' && c.origin.name === name);
  const describeTaps = (name: string) => () => JSON.stringify(tappedBy(name).map((c) => ({ url: c.url, state: c.state, records: c.session.snapshot().records.map((r) => r.kind) })));

  it("shows the page's EventSource (with its reconnects and Last-Event-ID) and its fetch stream as the page received them", async () => {
    const token = await demo.issueToken({ userId: 'u1', username: 'page' }, 600);
    const name = 'SSE page in Chromium';
    const pages = await startPageServer(demo, pageHtml(token), tapReady(name));
    const sessions: vscode.DebugSession[] = [];
    const sub = vscode.debug.onDidStartDebugSession((s) => sessions.push(s));
    try {
      await launchPage(name, `${pages.url}/page`);
      const log = (await Promise.race([pages.pageLog, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the page never reported what it received')), 45_000))])) as PageLog;
      assert.equal(log.fetchStatus, 200);
      assert.equal(log.esOpens, 3, 'the EventSource opened three times before the 204');

      // Which debug session has the page: js-debug answers the CDP proxy request only for the
      // page's child session, not for the launch session.
      const root = sessions.find((s) => s.name === name && !s.parentSession);
      const child = sessions.find((s) => s.parentSession?.id === root?.id);
      assert.ok(root && child, `a launch session and its page session: ${sessions.map((s) => `${s.name} (${s.type}${s.parentSession ? ', child' : ''})`).join('; ')}`);
      // (js-debug logs "Unknown request: requestCDPProxy" for the launch session and never answers.)
      const fromRoot = await Promise.race([Promise.resolve(vscode.commands.executeCommand('extension.js-debug.requestCDPProxy', root.id)).then((r) => r, () => undefined), new Promise((r) => setTimeout(() => r(undefined), 3000))]);
      const fromChild = await vscode.commands.executeCommand<{ port: number } | undefined>('extension.js-debug.requestCDPProxy', child.id);
      assert.equal(fromRoot, undefined, 'the launch session has no CDP proxy');
      assert.equal(typeof fromChild?.port, 'number', 'the page session has one');

      const tapped = () => tappedBy(name);
      const show = describeTaps(name);
      const streamOf = (path: string) => tapped().find((c) => new URL(c.url).pathname === path);
      const es = await waitFor(() => streamOf('/demo/resume'), 'the EventSource as a tapped stream', 15_000, show);
      const chat = await waitFor(() => streamOf('/demo/api/chat/stream'), 'the fetch stream as a tapped stream', 15_000, show);
      assert.equal(tapped().length, 2, `only the event streams are tapped: ${show()}`);
      const closes = (c: ConnectionInfo) => c.session.snapshot().records.filter((r) => r.kind === 'close').length;
      await waitFor(() => closes(es) >= 4 && closes(chat) >= 1, 'every response of both streams to end', 15_000, show);

      // The EventSource: the same events in the same order, across its reconnects.
      const esRecords = es.session.snapshot().records;
      assert.deepEqual(eventsOf(esRecords), log.es);
      // Its reconnects, each with the Last-Event-ID the browser sent (as the server saw it).
      assert.deepEqual(pages.lastEventIds, [undefined, '2', '4', '6']);
      const reconnects = esRecords.filter((r): r is ReconnectRecord => r.kind === 'reconnect');
      assert.deepEqual(reconnects.map((r) => r.lastEventId), ['2', '4', '6']);
      assert.ok(reconnects.every((r) => r.source === 'program'), 'the reconnects are the page\'s own');
      assert.deepEqual(esRecords.filter((r) => r.kind === 'retry').map((r) => r.kind === 'retry' && r.ms), [300, 300, 300], 'retry: fields are read from the raw bytes');
      const opens = esRecords.filter((r) => r.kind === 'open');
      assert.equal(opens.length, 3);
      const lastClose = esRecords.filter((r) => r.kind === 'close').at(-1);
      assert.equal(lastClose?.kind === 'close' && lastClose.reason, 'no-content', 'the 204 that stopped the EventSource ends the stream');

      // The fetch stream: its request as the page sent it (the token redacted), its events as the page read them.
      const chatRecords = chat.session.snapshot().records;
      const open = chatRecords.find((r) => r.kind === 'open');
      assert.ok(open?.kind === 'open');
      assert.equal(open.request.method, 'POST');
      assert.equal(open.request.authKind, 'bearer');
      assert.ok(!JSON.stringify(chatRecords).includes(token), 'the Bearer token is not kept');
      assert.match(open.request.bodyPreview ?? '', /"conversationId":"conv-page"/);
      const expected = parsedEvents(log.fetchText);
      assert.ok(expected.length > 50, `the page read the whole answer (${expected.length} events)`);
      assert.deepEqual(eventsOf(chatRecords), expected);
      // The page opened its streams after the tap attached: none is reported as opened before.
      const early = (await readLogFiles(api.logUri)).flatMap((f) => f.text.split('\n')).filter((l) => l.includes(`(${name}) opened`));
      assert.deepEqual(early, [], 'no stream is said to be opened before the tap attached');
    } finally {
      sub.dispose();
      await vscode.debug.stopDebugging();
      await pages.close();
    }
  });
  it('marks the events that reached the page while it was paused at a breakpoint, held for the pause, after Continue', async () => {
    const name = 'SSE paused page in Chromium';
    const pages = await startPageServer(demo, pausePageHtml(), tapReady(name));
    try {
      const launchedAt = Date.now();
      await launchPage(name, `${pages.url}/page`);
      const stream = await waitFor(() => tappedBy(name).find((c) => new URL(c.url).pathname === '/demo/buffered'), 'the EventSource as a tapped stream', 20_000, describeTaps(name));
      const marker = (kind: string) => stream.session.snapshot().records.some((r) => r.kind === 'marker' && r.marker === kind);
      await waitFor(() => marker('debug-pause'), 'the debugger statement to pause the page', 20_000, describeTaps(name));
      await new Promise((r) => setTimeout(r, 1500));
      await vscode.commands.executeCommand('workbench.action.debug.continue');
      const log = (await Promise.race([pages.pageLog, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the page never reported what it received')), 20_000))])) as PausePageLog;
      assert.equal(log.events.length, PAUSE_PAGE_EVENTS);

      // The tap's copy comes over CDP a moment after the page got it.
      const eventRecords = () => stream.session.snapshot().records.filter((r): r is EventRecord => r.kind === 'event');
      const events = await waitFor(() => eventRecords().length >= PAUSE_PAGE_EVENTS && eventRecords(), 'the tap to see every event the page got', 10_000, describeTaps(name));
      // The tap saw what the page got, in order (the page closed the stream after the last one it counted).
      assert.deepEqual(
        events.slice(0, PAUSE_PAGE_EVENTS).map((e) => [e.lastEventId, e.data]),
        log.events.map((e) => [e.id, e.data]),
      );
      const held = events.map((e) => e.heldMs);
      const first = held.findIndex((ms) => ms !== undefined);
      const run = held.slice(first).findIndex((ms) => ms === undefined);
      const heldCount = run < 0 ? held.length - first : run;
      const shown = JSON.stringify({ held, pageTimes: log.events.map((e) => Math.round(e.at)) });
      // Up to the debugger statement the events came on time (one more may have been on its way
      // into the page already when it stopped), the ones of the pause were held.
      assert.ok(first >= HELD_BEFORE && first <= HELD_BEFORE + 1, `the events up to the pause came on time, the next ones were held: ${shown}`);
      assert.ok(heldCount >= 5, `the events of the pause (one every 150 ms) are held: ${shown}`);
      const heldFor = held.slice(first, first + heldCount);
      assert.ok(heldFor.every((ms) => ms === heldFor[0]), `all for the one pause: ${shown}`);
      assert.ok(heldFor[0]! >= 1400 && heldFor[0]! <= Date.now() - launchedAt, `held for the pause (at least the 1.5 s the test waited): ${shown}`);
      assert.ok(held.slice(first + heldCount, PAUSE_PAGE_EVENTS).every((ms) => ms === undefined), `the events after the burst came on time: ${shown}`);
      // The page got the held ones at once, after Continue.
      const times = log.events.slice(first, first + heldCount).map((e) => e.at);
      assert.ok(Math.max(...times) - Math.min(...times) < 500, `the page got the held events in a burst: ${shown}`);
    } finally {
      await vscode.debug.stopDebugging();
      await pages.close();
    }
  });
  it('names the EventSource a page opened before the tap attached, and after Reload Page shows it from its first event', async () => {
    // A launch again is named apart, so that the streams of the one before are not its.
    let name = 'SSE early page in Chromium';
    const early = () => tappedBy(name).filter((c) => new URL(c.url).pathname === '/demo/buffered');
    const eventRecords = (c: ConnectionInfo) => c.session.snapshot().records.filter((r): r is EventRecord => r.kind === 'event');
    let pages = await startPageServer(demo, earlyPageHtml(), async () => true);
    try {
      // The race this feature is for: the page's script opens its stream as it loads, and the
      // tap attaches when js-debug announces the page. Now and then the tap was first and saw
      // the stream from its request (nothing early to name): then the page is launched again.
      for (let launch = 1; ; launch++) {
        await launchPage(name, `${pages.url}/page`);
        const streamUrl = `${pages.url}${EARLY_STREAM}`;
        const logLine = async () =>
          (await readLogFiles(api.logUri))
            .flatMap((f) => f.text.split('\n'))
            .find((l) => l.includes(`(${name}) opened ${streamUrl} before the tap attached`));
        const line = await waitFor(logLine, 'the log to name the stream the page opened before the tap attached', 15_000).catch(() => undefined);
        if (line) {
          assert.match(line, /it shows from its next reconnect/);
          break;
        }
        assert.ok(early().some((c) => eventRecords(c).length > 0), `the log does not name the early stream, and the tap did not see it either: ${describeTaps(name)()}`);
        assert.ok(launch < 3, 'in 3 launches the tap attached before the page opened its stream every time');
        await vscode.debug.stopDebugging();
        await pages.close();
        pages = await startPageServer(demo, earlyPageHtml(), async () => true);
        name = `SSE early page in Chromium, launch ${launch + 1}`;
      }
      // The stream does not reconnect: until the reload, nothing of it is tapped.
      await new Promise((r) => setTimeout(r, 1000));
      assert.deepEqual(early().flatMap(eventRecords), [], `no tapped stream shows the early stream's events before the reload: ${describeTaps(name)()}`);

      const outcome = await vscode.commands.executeCommand<{ ok: boolean; error?: string }>('sseInspector.debugTap.reloadPage');
      assert.deepEqual(outcome, { ok: true });
      const log = (await Promise.race([pages.pageLog, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the reloaded page never reported what it received')), 20_000))])) as EarlyPageLog;
      assert.deepEqual(log.events.map((e) => e.id), ['1', '2', '3']);
      const stream = await waitFor(() => early().find((c) => eventRecords(c).length >= 3), 'the reloaded page\'s EventSource as a tapped stream with its first events', 15_000, describeTaps(name));
      assert.equal(early().length, 1, `one tapped stream: ${describeTaps(name)()}`);
      assert.deepEqual(
        eventRecords(stream).slice(0, 3).map((e) => ({ id: e.lastEventId, data: e.data })),
        log.events,
        'the tapped stream has the events the page received, from its first',
      );
      const unknown = await vscode.commands.executeCommand<{ ok: boolean; error?: string }>('sseInspector.debugTap.reloadPage', { sessionId: 'no-such-session' });
      assert.equal(unknown?.ok, false, 'a session the tap is not attached to is not reloaded');
      assert.match(unknown?.error ?? '', /not attached to that page/);
    } finally {
      await vscode.debug.stopDebugging();
      await pages.close();
    }
  });
  it('takes only the URLs sseInspector.debug.tapUrls names', async () => {
    const path = settingsPath();
    const before = existsSync(path) ? readFileSync(path) : undefined;
    const config = () => vscode.workspace.getConfiguration('sseInspector');
    await config().update('debug.tapUrls', ['/api/chat/stream'], vscode.ConfigurationTarget.Workspace);
    const token = await demo.issueToken({ userId: 'u2', username: 'page' }, 600);
    const name = 'SSE page, chat stream only';
    const pages = await startPageServer(demo, pageHtml(token), tapReady(name));
    try {
      await launchPage(name, `${pages.url}/page`);
      await Promise.race([pages.pageLog, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the page never reported what it received')), 45_000))]);
      const chat = await waitFor(() => tappedBy(name).find((c) => new URL(c.url).pathname === '/demo/api/chat/stream'), 'the fetch stream as a tapped stream', 15_000, describeTaps(name));
      await waitFor(() => chat.session.snapshot().records.some((r) => r.kind === 'close'), 'the chat stream to end', 15_000, describeTaps(name));
      assert.deepEqual(tappedBy(name).map((c) => new URL(c.url).pathname), ['/demo/api/chat/stream'], 'the EventSource, not named, is left alone');
      assert.equal(pages.lastEventIds.length, 4, 'the page itself went on as usual (all its EventSource requests)');
    } finally {
      await vscode.debug.stopDebugging();
      await pages.close();
      if (before) writeFileSync(path, before);
      else rmSync(path, { force: true });
      await waitFor(() => config().inspect('debug.tapUrls')?.workspaceValue === undefined, 'the settings file to be re-read');
    }
  });
});
