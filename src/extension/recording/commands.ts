// "Save Recording", "Open Recording…" and "Replay Recording…". With arguments they run
// without prompts: `{ id, uri }`, a Uri (the explorer's context menu), `{ id, speed: 0 }`.
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { readRecording, RecordingError, writeRecording } from '../../core/export';
import { scrubSecrets } from '../../core/base/redact';
import { InspectorPanel } from '../../panel/panel';
import { asUri, targetOf } from '../export';
import { COMMANDS } from '../../ids';
import type { LifecycleLog } from '../lifecycle-log';
import { CANCELLED, errorText, fail, type Failure } from '../outcome';
import { editBreakpoint, runPanelCommand } from '../panel-commands';
import type { SessionTargets } from '../targets';
import { freeFileName, recordingFileName, recordingOf, RECORDINGS_FOLDER, sessionFromRecording } from './files-pure';
import type { ReplayServers } from '../replay-servers';

export interface RecordingCommandDeps {
  extensionUri: vscode.Uri;
  targets: SessionTargets;
  replays: ReplayServers;
  log: LifecycleLog;
}

export type UriArg = vscode.Uri | string | { uri?: vscode.Uri | string } | undefined;
export type ReplayArgs = { id?: string; uri?: vscode.Uri | string; speed?: number } | vscode.Uri | undefined;

/** The replay speeds offered: 1 = original timing, 0 = as fast as possible. */
export const REPLAY_SPEEDS = [
  { speed: 1, label: 'Original timing' },
  { speed: 2, label: '2× faster' },
  { speed: 10, label: '10× faster' },
  { speed: 0, label: 'Instant', description: 'no pauses at all' },
] as const;

export function recordingCommands(deps: RecordingCommandDeps) {
  const { targets, replays, log } = deps;
  const recordings = targets.recordings;

  async function saveRecording(arg?: { id?: string; uri?: vscode.Uri | string } | string): Promise<{ ok: true; uri: vscode.Uri; records: number } | Failure> {
    const t = await targets.resolve(targetOf(arg), 'Save Recording');
    if ('ok' in t) return t;
    const now = new Date();
    const name = recordingFileName(t.label, now);
    const given = typeof arg === 'object' ? arg.uri : undefined;
    let target: vscode.Uri | undefined;
    try {
      target = given !== undefined ? asUri(given) : await defaultTarget(name);
    } catch (err) {
      return fail(`SSE Inspector: could not create the ${RECORDINGS_FOLDER} folder: ${errorText(err)}`);
    }
    if (!target) return CANCELLED;
    const recording = recordingOf(t.session, now);
    const text = writeRecording(recording, (line) => scrubSecrets(line, t.secrets));
    try {
      await vscode.workspace.fs.writeFile(target, Buffer.from(text, 'utf8'));
    } catch (err) {
      return fail(`SSE Inspector: could not write ${target.fsPath}: ${errorText(err)}`);
    }
    const where = vscode.workspace.asRelativePath(target);
    log.write({ label: t.label, secrets: new Set(t.secrets) }, 'info', `recording saved: ${where} (${recording.records.length} records${recording.header.evicted ? `, ${recording.header.evicted} older ones were already dropped` : ''})`);
    void vscode.window.showInformationMessage(`SSE Inspector: saved ${recording.records.length} records of ${t.label} to ${where}`, 'Open Recording').then((choice) => {
      if (choice) void vscode.commands.executeCommand(COMMANDS.openRecording, target);
    });
    return { ok: true, uri: target, records: recording.records.length };
  }

  async function openRecording(arg?: UriArg): Promise<{ ok: true; id: string } | Failure> {
    const given = arg instanceof vscode.Uri || typeof arg === 'string' ? arg : arg?.uri;
    const uri = given !== undefined ? asUri(given) : await askRecordingFile();
    if (!uri) return CANCELLED;
    const name = vscode.workspace.asRelativePath(uri);
    let recording;
    try {
      recording = readRecording(Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8'));
    } catch (err) {
      const why = err instanceof RecordingError ? err.message : `it cannot be read (${errorText(err)})`;
      return fail(`SSE Inspector: cannot open the recording ${name}: ${why}`);
    }
    const id = randomUUID();
    const session = sessionFromRecording(recording, id);
    const label = recording.header.label;
    const panel = InspectorPanel.open({
      extensionUri: deps.extensionUri,
      id,
      title: `${label} (recording)`,
      session,
      context: () => {
        const replayUrl = replays.urlOf(id);
        return { mode: 'recording', source: name, breakpoints: [], ...(replayUrl ? { replayUrl } : {}) };
      },
      onCommand: (command) => runPanelCommand(id, 'recording', command, recordings.get(id)?.view),
      onBreakpoint: (action, breakpoint) => editBreakpoint(undefined, action, breakpoint, recordings.get(id)?.view),
      onFocus: () => targets.focused(id),
      onClosed: () => recordings.close(id),
    });
    recordings.add({ id, label, source: uri, header: recording.header, session, view: panel });
    targets.focused(id);
    log.write({ label, secrets: new Set() }, 'info', `recording opened: ${name} (${recording.records.length} records)`);
    return { ok: true, id };
  }

  async function replayRecording(arg?: ReplayArgs): Promise<{ ok: true; id: string; url: string } | Failure> {
    const opts = arg instanceof vscode.Uri ? { uri: arg } : (arg ?? {});
    let id = opts.id;
    if (id === undefined && (opts.uri !== undefined || targets.all().length === 0)) {
      // A file: open it as a recording panel, so the replay lives (and stops) with that panel.
      const opened = await openRecording(opts.uri);
      if (!opened.ok) return opened;
      id = opened.id;
    }
    const t = await targets.resolve(id !== undefined ? { id } : undefined, 'Replay Recording');
    if ('ok' in t) return t;
    const speed = opts.speed ?? (await askSpeed(t.label));
    if (speed === undefined) return CANCELLED;
    if (!REPLAY_SPEEDS.some((s) => s.speed === speed)) return fail(`SSE Inspector: replay speed must be one of ${REPLAY_SPEEDS.map((s) => s.speed).join(', ')} (0 = instant), not ${speed}`);
    let url: string;
    try {
      url = (await replays.start(t.id, t.label, t.session.heldRecords(), speed)).url;
    } catch (err) {
      return fail(`SSE Inspector: cannot replay ${t.label}: ${errorText(err)}`);
    }
    void vscode.window.showInformationMessage(`SSE Inspector: replaying ${t.label} (${speedLabel(speed)}) at ${url}`, 'Copy URL', 'Connect to It').then((choice) => {
      if (choice === 'Copy URL') void vscode.env.clipboard.writeText(url);
      else if (choice === 'Connect to It') void vscode.commands.executeCommand(COMMANDS.connectUrl, { url });
    });
    return { ok: true, id: t.id, url };
  }

  return { saveRecording, openRecording, replayRecording };
}

export function speedLabel(speed: number): string {
  return speed === 0 ? 'instant' : speed === 1 ? 'original timing' : `${speed}× faster`;
}

/** <workspace>/.sse-recordings/<name>, or a save dialog when no folder is open. */
async function defaultTarget(name: string): Promise<vscode.Uri | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  if (!folder) {
    return vscode.window.showSaveDialog({ title: 'SSE Inspector: Save Recording', filters: { 'SSE recordings': ['sse.jsonl', 'jsonl'] }, defaultUri: vscode.Uri.file(name) });
  }
  const dir = vscode.Uri.joinPath(folder, RECORDINGS_FOLDER);
  await vscode.workspace.fs.createDirectory(dir);
  const taken = new Set((await vscode.workspace.fs.readDirectory(dir)).map(([n]) => n));
  return vscode.Uri.joinPath(dir, freeFileName(name, (n) => taken.has(n)));
}

async function askRecordingFile(): Promise<vscode.Uri | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const picked = await vscode.window.showOpenDialog({
    title: 'SSE Inspector: Open Recording',
    canSelectMany: false,
    filters: { 'SSE recordings': ['jsonl'] },
    ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, RECORDINGS_FOLDER) } : {}),
  });
  return picked?.[0];
}

async function askSpeed(label: string): Promise<number | undefined> {
  const picked = await vscode.window.showQuickPick(
    REPLAY_SPEEDS.map((s) => ({ label: s.label, description: 'description' in s ? s.description : '', speed: s.speed })),
    { title: `SSE Inspector: Replay ${label}`, placeHolder: 'Speed' },
  );
  return picked?.speed;
}
