// Record, replay and export in the real host: a /resume session (two attempts, then 204)
// saved as a .sse.jsonl in the workspace, opened into a recording panel with the same
// records, replayed at instant speed and connected to (the same events come back), exported
// as HAR, copied as curl — and the query token never written anywhere unless asked.
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { DemoServer } from '../../demo/server';
import type { SseInspectorApi } from '../../src/extension/api';
import { RECORDING_FORMAT, writeRecording } from '../../src/core/export';
import type { SseRecord } from '../../src/core/base/records';
import { closeAllConnections, inspectorApi, readLogFiles, run, startDemo, waitFor, workspaceFolder, type Outcome } from './helpers';

const SECRET = 'itest-query-secret-6f1d';

describe('record, replay, export', function () {
  this.timeout(30_000);
  let demo: DemoServer;
  let api: SseInspectorApi;
  let tmp: string;
  const recordingsDir = () => join(workspaceFolder().fsPath, '.sse-recordings');

  before(async () => {
    demo = await startDemo();
    api = await inspectorApi();
    tmp = mkdtempSync(join(tmpdir(), 'sse-itest-rec-'));
  });
  afterEach(async () => closeAllConnections(api));
  after(async () => {
    await demo.close();
    rmSync(tmp, { recursive: true, force: true });
    rmSync(recordingsDir(), { recursive: true, force: true });
  });

  /** Records as they read back from JSON (no undefined fields). */
  const plain = (records: readonly SseRecord[]) => JSON.parse(JSON.stringify(records)) as SseRecord[];
  const events = (records: readonly SseRecord[]) => records.flatMap((r) => (r.kind === 'event' ? [[r.type, r.data, r.id]] : []));
  const state = (id: string) => api.connection(id)?.state;

  /** A finished /resume session: two attempts of 3 ticks each (server retry 50 ms), then 204. */
  async function resumeSession(): Promise<string> {
    const outcome = await run<Outcome>('sseInspector.connectUrl', { url: `${demo.url}/resume?count=6&perConnection=3&retryMs=50`, auth: { kind: 'query', param: 'token', secret: SECRET } });
    assert.ok(outcome.ok, JSON.stringify(outcome));
    await waitFor(() => state(outcome.id) === 'closed', 'the stream to end with 204', 15_000, () => JSON.stringify(api.connection(outcome.id)?.session.snapshot().records.slice(-3)));
    return outcome.id;
  }

  it('saves a recording in the workspace, opens it in recording mode, replays it: the same events come back', async () => {
    const id = await resumeSession();
    const original = api.connection(id)!.session.snapshot().records;
    assert.equal(original.filter((r) => r.kind === 'open').length, 2);

    const saved = await run<{ ok: boolean; uri: vscode.Uri; records: number }>('sseInspector.saveRecording', { id });
    assert.ok(saved.ok, JSON.stringify(saved));
    assert.equal(saved.records, original.length);
    assert.equal(saved.uri.fsPath.startsWith(recordingsDir()), true, saved.uri.fsPath);
    assert.match(saved.uri.fsPath, new RegExp(`127\\.0\\.0\\.1_${demo.port}-\\d{8}-\\d{6}\\.sse\\.jsonl$`));
    const text = readFileSync(saved.uri.fsPath, 'utf8');
    assert.ok(!text.includes(SECRET), 'the token is not in the recording');
    const header = JSON.parse(text.split('\n')[0]!);
    assert.equal(header.format, 'sse-inspector-recording');
    assert.equal(header.label, `127.0.0.1:${demo.port}`);
    assert.equal(header.evicted, 0);
    assert.match(header.request.url, /token=(%3Credacted%3E|<redacted>)/);

    // Open it (a Uri, as the explorer's context menu passes): a panel in recording mode with the same records.
    const opened = await run<Outcome>('sseInspector.openRecording', saved.uri);
    assert.ok(opened.ok, JSON.stringify(opened));
    const recording = api.recordings().find((r) => r.id === opened.id)!;
    assert.equal(recording.source, saved.uri.fsPath);
    assert.deepEqual(recording.session.snapshot().records, plain(original));
    assert.equal(recording.session.snapshot().state, 'closed');
    await waitFor(() => recording.panel && recording.panel.snapshots >= 1 && recording.panel.records === original.length, 'the recording panel to get its snapshot', 10_000, () => JSON.stringify(recording.panel));
    assert.deepEqual(recording.panel!.context, { mode: 'recording', source: vscode.workspace.asRelativePath(saved.uri), breakpoints: [] });

    // Replay it as fast as possible, and connect to the replay.
    const replay = await run<{ ok: boolean; url: string; id: string }>('sseInspector.replayRecording', { id: opened.id, speed: 0 });
    assert.ok(replay.ok, JSON.stringify(replay));
    assert.match(replay.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    assert.deepEqual(api.replays().map((r) => [r.panelId, r.url, r.speed]), [[opened.id, replay.url, 0]]);
    await waitFor(() => recording.panel?.context?.replayUrl === replay.url, 'the panel to be told the replay URL');
    const again = await run<Outcome>('sseInspector.connectUrl', { url: replay.url });
    assert.ok(again.ok);
    await waitFor(() => state(again.id) === 'closed', 'the replayed stream to end with 204', 15_000, () => JSON.stringify(api.connection(again.id)?.session.snapshot().records.slice(-3)));
    const replayed = api.connection(again.id)!.session.snapshot().records;
    assert.deepEqual(events(replayed), events(original), 'the same events, ids and data');
    assert.equal(replayed.filter((r) => r.kind === 'open').length, 2, 'attempt by attempt');
    assert.equal(api.replays()[0]!.served, 3, 'two attempts, then the 204');

    // Closing the recording panel stops its replay server.
    await run('sseInspector.openPanel', { id: opened.id });
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await waitFor(() => api.replays().length === 0 && api.recordings().length === 0, 'the replay to stop with its panel');
    await assert.rejects(fetch(replay.url), 'nothing listens at the replay URL any more');
    const logs = await waitFor(async () => {
      const files = await readLogFiles(api.logUri);
      return files.some((f) => f.text.includes(`replay stopped at ${replay.url}`)) ? files : undefined;
    }, 'the replay lines in the log');
    const log = logs.map((f) => f.text).join('\n');
    assert.match(log, /recording saved: \.sse-recordings\/.*\.sse\.jsonl \(\d+ records\)/);
    assert.ok(log.includes(`replay started at ${replay.url} (instant)`));
    assert.ok(!log.includes(SECRET));
  });

  it('exports HAR (one entry per attempt, no token) and JSONL, and copies curl redacted unless asked', async () => {
    const id = await resumeSession();
    const harPath = join(tmp, 'resume.har');
    const har = await run<{ ok: boolean; records: number }>('sseInspector.exportHar', { id, uri: vscode.Uri.file(harPath) });
    assert.ok(har.ok, JSON.stringify(har));
    const harText = readFileSync(harPath, 'utf8');
    assert.ok(!harText.includes(SECRET), 'no token in the HAR');
    const log = JSON.parse(harText).log;
    assert.equal(log.version, '1.2');
    assert.equal(log.creator.name, 'SSE Inspector');
    assert.equal(log.entries.length, 2, 'one entry per attempt that got an answer');
    for (const entry of log.entries) {
      assert.equal(entry.response.status, 200);
      assert.equal(entry._sseEvents.length, 4, 'the resume event and three ticks');
    }
    assert.deepEqual(log.entries[1]._sseEvents.map((e: { id?: string }) => e.id).filter(Boolean), ['4', '5', '6']);

    const jsonlPath = join(tmp, 'resume.jsonl');
    assert.ok((await run<{ ok: boolean }>('sseInspector.exportJsonl', { id, uri: jsonlPath })).ok);
    const lines = readFileSync(jsonlPath, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(lines, plain(api.connection(id)!.session.snapshot().records));

    // Copy as curl, the quick pick answered with its default item (Enter): redacted.
    await vscode.env.clipboard.writeText('');
    const asked = run<{ ok: boolean; revealed?: boolean }>('sseInspector.copyCurl', { id });
    let settled = false;
    void asked.finally(() => (settled = true));
    await waitFor(async () => {
      if (!settled) await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      return settled;
    }, 'the quick pick to be answered with its default');
    assert.deepEqual(await asked, { ok: true, revealed: false });
    const redacted = await vscode.env.clipboard.readText();
    assert.match(redacted, /^curl -N 'http:\/\/127\.0\.0\.1:\d+\/resume\?count=6&perConnection=3&retryMs=50&token=(%3Credacted%3E|<redacted>)' -H 'Accept: text\/event-stream'/);
    assert.ok(!redacted.includes(SECRET));
    // Its first request sent no Last-Event-ID (the ids it got since are no starting id), so the command sends none.
    assert.ok(!/Last-Event-ID/i.test(redacted), redacted);

    assert.deepEqual(await run('sseInspector.copyCurl', { id, reveal: true }), { ok: true, revealed: true });
    const revealed = await vscode.env.clipboard.readText();
    assert.ok(revealed.includes(`token=${SECRET}`), revealed);
  });

  it('opens a long recording with its newest records first, the older ones following in pages', async () => {
    const count = 12_000;
    const records: SseRecord[] = Array.from({ length: count }, (_, i) => {
      const data = `{"n":${i + 1}}`;
      return { kind: 'event', seq: i + 1, t: 1_700_000_000_000 + i, mono: i, attempt: 1, type: 'message', data, id: String(i + 1), lastEventId: String(i + 1), size: data.length, cls: 'data' };
    });
    const file = join(tmp, 'long.sse.jsonl');
    writeFileSync(file, writeRecording({ header: { format: RECORDING_FORMAT, version: 1, label: 'long', createdAt: new Date().toISOString(), evicted: 0 }, records }));
    const opened = await run<Outcome>('sseInspector.openRecording', { uri: file });
    assert.ok(opened.ok, JSON.stringify(opened));
    const recording = api.recordings().find((r) => r.id === opened.id)!;
    const trace = await waitFor(() => (recording.panel && recording.panel.records >= count ? recording.panel : undefined), 'every record in the panel', 15_000, () => JSON.stringify(recording.panel));
    assert.equal(trace.records, count, 'each record once');
    assert.equal(trace.snapshots, 1);
    assert.equal(trace.backfills, 2, 'the 10 000 records older than the snapshot’s 2000, in pages of 5000');
    assert.equal(trace.lastSeq, count, 'the snapshot brought the newest');
    assert.deepEqual(
      trace.firstTypes.filter((t) => t === 'snapshot' || t === 'backfill'),
      ['snapshot', 'backfill', 'backfill'],
    );
  });

  it('refuses a malformed recording, naming the line', async () => {
    const bad = join(tmp, 'broken.sse.jsonl');
    writeFileSync(bad, '{"format":"sse-inspector-recording","version":1,"label":"x","createdAt":"","evicted":0}\n{"kind":"event","seq":1,"t":1,"type":"message","data":"ok"}\n{not json\n');
    const outcome = await run<Outcome>('sseInspector.openRecording', { uri: bad });
    assert.equal(outcome.ok, false);
    assert.match(!outcome.ok ? outcome.error : '', /cannot open the recording .*broken\.sse\.jsonl: Line 3 is not JSON/);
    assert.deepEqual(api.recordings(), []);
    assert.ok(existsSync(bad));
  });
});
