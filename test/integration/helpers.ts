// Shared by the integration suites (which run inside the real extension host): the
// extension's test API, polling waits, the demo server, and settings that are written
// through VS Code's configuration API and put back afterwards.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { startDemoServer, type DemoServer } from '../../demo/server';
import type { SseInspectorApi } from '../../src/extension/api';
import type { Profile } from '../../src/extension/profile';

export const EXTENSION_ID = 'sse-inspector.sse-inspector';

/** Activates the extension (if need be) and returns its API. */
export async function inspectorApi(): Promise<SseInspectorApi> {
  const ext = vscode.extensions.getExtension<SseInspectorApi>(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not loaded`);
  return ext.isActive ? ext.exports : ext.activate();
}

/** Polls `check` until it returns a truthy value; fails with `what` and the last `describe()`. */
export async function waitFor<T>(check: () => T | undefined | false | Promise<T | undefined | false>, what: string, timeoutMs = 10_000, describe?: () => string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${describe ? `\n${describe()}` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The demo server on a free port, with fast heartbeats so tests see several quickly. */
export function startDemo(): Promise<DemoServer> {
  return startDemoServer({ port: 0, heartbeatMs: 150 });
}

export function workspaceFolder(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the tests need the fixture workspace folder open');
  return folder.uri;
}

export function settingsPath(): string {
  return join(workspaceFolder().fsPath, '.vscode', 'settings.json');
}

/**
 * Writes `sseInspector.profiles` to the workspace settings (as a user would, through VS
 * Code) and returns a function that puts the settings file back byte for byte.
 */
export async function useProfiles(profiles: Profile[]): Promise<() => Promise<void>> {
  const path = settingsPath();
  const before = existsSync(path) ? readFileSync(path) : undefined;
  await vscode.workspace.getConfiguration('sseInspector').update('profiles', profiles, vscode.ConfigurationTarget.Workspace);
  return async () => {
    if (before) writeFileSync(path, before);
    else rmSync(path, { force: true });
    // Wait until VS Code has re-read the file, so the next suite sees the original settings.
    const original = before ? JSON.stringify(parseJsonc(before.toString('utf8'))['sseInspector.profiles'] ?? []) : '[]';
    await waitFor(() => JSON.stringify(vscode.workspace.getConfiguration('sseInspector').inspect('profiles')?.workspaceValue ?? []) === original, 'the settings file to be re-read');
  };
}

/** settings.json allows comments and trailing commas. */
function parseJsonc(text: string): Record<string, unknown> {
  const stripped = text.replace(/("(?:\\.|[^"\\])*")|\/\/[^\n]*|\/\*[\s\S]*?\*\//g, (_m, str: string | undefined) => str ?? '').replace(/,(\s*[}\]])/g, '$1');
  return JSON.parse(stripped || '{}') as Record<string, unknown>;
}

/** Runs a contributed command and returns what it returned. */
export function run<T = unknown>(command: string, ...args: unknown[]): Promise<T> {
  return Promise.resolve(vscode.commands.executeCommand<T>(command, ...args));
}

export type Outcome = { ok: true; id: string } | { ok: false; error: string };

/** Every file under `dir` (the extension's log folder), recursively, with its text. */
export async function readLogFiles(dir: vscode.Uri): Promise<Array<{ uri: vscode.Uri; text: string }>> {
  const out: Array<{ uri: vscode.Uri; text: string }> = [];
  let entries: Array<[string, vscode.FileType]> = [];
  try {
    entries = await vscode.workspace.fs.readDirectory(dir);
  } catch {
    return out;
  }
  for (const [name, type] of entries) {
    const uri = vscode.Uri.joinPath(dir, name);
    if (type === vscode.FileType.Directory) out.push(...(await readLogFiles(uri)));
    else out.push({ uri, text: Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8') });
  }
  return out;
}

/** Closes every panel of the extension: closing a panel closes its connection. */
export async function closeAllConnections(api: SseInspectorApi): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  await waitFor(() => api.connections().length === 0, 'every connection to close with its panel', 5000, () => JSON.stringify(api.connections().map((c) => c.label)));
}
