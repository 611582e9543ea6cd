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
export const REPLAY_SPEEDS = [1, 2, 10, 0] as const;

/** A speed in the quick pick (a function: translated when asked). */
function speedItem(speed: (typeof REPLAY_SPEEDS)[number]): vscode.QuickPickItem & { speed: number } {
  switch (speed) {
    case 1:
      return { speed, label: vscode.l10n.t('Original timing') };
    case 2:
      return { speed, label: vscode.l10n.t('2× faster') };
    case 10:
      return { speed, label: vscode.l10n.t('10× faster') };
    case 0:
      return { speed, label: vscode.l10n.t('Instant'), description: vscode.l10n.t('no pauses at all') };
  }
}

export function recordingCommands(deps: RecordingCommandDeps) {
  const { targets, replays, log } = deps;
  const recordings = targets.recordings;

  async function saveRecording(arg?: { id?: string; uri?: vscode.Uri | string } | string): Promise<{ ok: true; uri: vscode.Uri; records: number } | Failure> {
    const t = await targets.resolve(targetOf(arg), vscode.l10n.t('Save Recording'));
    if ('ok' in t) return t;
    const now = new Date();
    const name = recordingFileName(t.label, now);
    const given = typeof arg === 'object' ? arg.uri : undefined;
    let target: vscode.Uri | undefined;
    try {
      target = given !== undefined ? asUri(given) : await defaultTarget(name);
    } catch (err) {
      return fail(vscode.l10n.t('SSE Inspector: could not create the {0} folder: {1}', RECORDINGS_FOLDER, errorText(err)));
    }
    if (!target) return CANCELLED;
    const recording = recordingOf(t.session, now);
    const text = writeRecording(recording, (line) => scrubSecrets(line, t.secrets));
    try {
      await vscode.workspace.fs.writeFile(target, Buffer.from(text, 'utf8'));
    } catch (err) {
      return fail(vscode.l10n.t('SSE Inspector: could not write {0}: {1}', target.fsPath, errorText(err)));
    }
    const where = vscode.workspace.asRelativePath(target);
    const saved = recording.header.evicted
      ? vscode.l10n.t('recording saved: {0} ({1} records, {2} older ones were already dropped)', where, recording.records.length, recording.header.evicted)
      : vscode.l10n.t('recording saved: {0} ({1} records)', where, recording.records.length);
    log.write({ label: t.label, secrets: new Set(t.secrets) }, 'info', saved);
    const openIt = vscode.l10n.t('Open Recording');
    void vscode.window.showInformationMessage(vscode.l10n.t('SSE Inspector: saved {0} records of {1} to {2}', recording.records.length, t.label, where), openIt).then((choice) => {
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
      const why = err instanceof RecordingError ? err.message : vscode.l10n.t('it cannot be read ({0})', errorText(err));
      return fail(vscode.l10n.t('SSE Inspector: cannot open the recording {0}: {1}', name, why));
    }
    const id = randomUUID();
    const session = sessionFromRecording(recording, id);
    const label = recording.header.label;
    const panel = InspectorPanel.open({
      extensionUri: deps.extensionUri,
      id,
      title: vscode.l10n.t('{0} (recording)', label),
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
    log.write({ label, secrets: new Set() }, 'info', vscode.l10n.t('recording opened: {0} ({1} records)', name, recording.records.length));
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
    const t = await targets.resolve(id !== undefined ? { id } : undefined, vscode.l10n.t('Replay Recording'));
    if ('ok' in t) return t;
    const speed = opts.speed ?? (await askSpeed(t.label));
    if (speed === undefined) return CANCELLED;
    if (!(REPLAY_SPEEDS as readonly number[]).includes(speed)) return fail(vscode.l10n.t('SSE Inspector: replay speed must be one of {0} (0 = instant), not {1}', REPLAY_SPEEDS.join(', '), speed));
    let url: string;
    try {
      url = (await replays.start(t.id, t.label, t.session.heldRecords(), speed)).url;
    } catch (err) {
      return fail(vscode.l10n.t('SSE Inspector: cannot replay {0}: {1}', t.label, errorText(err)));
    }
    const copyUrl = vscode.l10n.t('Copy URL');
    const connectToIt = vscode.l10n.t('Connect to It');
    void vscode.window.showInformationMessage(vscode.l10n.t('SSE Inspector: replaying {0} ({1}) at {2}', t.label, speedLabel(speed), url), copyUrl, connectToIt).then((choice) => {
      if (choice === copyUrl) void vscode.env.clipboard.writeText(url);
      else if (choice === connectToIt) void vscode.commands.executeCommand(COMMANDS.connectUrl, { url });
    });
    return { ok: true, id: t.id, url };
  }

  return { saveRecording, openRecording, replayRecording };
}

export function speedLabel(speed: number): string {
  return speed === 0 ? vscode.l10n.t('instant') : speed === 1 ? vscode.l10n.t('original timing') : vscode.l10n.t('{0}× faster', speed);
}

/** <workspace>/.sse-recordings/<name>, or a save dialog when no folder is open. */
async function defaultTarget(name: string): Promise<vscode.Uri | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  if (!folder) {
    return vscode.window.showSaveDialog({ title: vscode.l10n.t('SSE Inspector: Save Recording'), filters: { [vscode.l10n.t('SSE recordings')]: ['sse.jsonl', 'jsonl'] }, defaultUri: vscode.Uri.file(name) });
  }
  const dir = vscode.Uri.joinPath(folder, RECORDINGS_FOLDER);
  await vscode.workspace.fs.createDirectory(dir);
  const taken = new Set((await vscode.workspace.fs.readDirectory(dir)).map(([n]) => n));
  return vscode.Uri.joinPath(dir, freeFileName(name, (n) => taken.has(n)));
}

async function askRecordingFile(): Promise<vscode.Uri | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const picked = await vscode.window.showOpenDialog({
    title: vscode.l10n.t('SSE Inspector: Open Recording'),
    canSelectMany: false,
    filters: { [vscode.l10n.t('SSE recordings')]: ['jsonl'] },
    ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, RECORDINGS_FOLDER) } : {}),
  });
  return picked?.[0];
}

async function askSpeed(label: string): Promise<number | undefined> {
  const picked = await vscode.window.showQuickPick(
    REPLAY_SPEEDS.map(speedItem),
    { title: vscode.l10n.t('SSE Inspector: Replay {0}', label), placeHolder: vscode.l10n.t('Speed') },
  );
  return picked?.speed;
}
