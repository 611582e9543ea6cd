// Reads and writes the `sseInspector.*` settings. Profiles are written to the workspace
// settings (the folder's .vscode/settings.json) when a folder is open, else to the user's.
// Secrets never pass through here: a profile only names its SecretStorage keys.
import * as vscode from 'vscode';
import type { PolicyName } from '../core/base/records';
import { BUILTIN_DEFAULTS, parseProfiles, POLICY_NAMES, upsertProfile, type ParsedProfiles, type Profile, type ProfileDefaults } from './profile';
import { CONFIG_SECTION } from '../ids';

function config(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration(CONFIG_SECTION);
}

export function readProfiles(): ParsedProfiles {
  return parseProfiles(config().get<unknown>('profiles'));
}

export function findProfile(name: string): Profile | undefined {
  return readProfiles().profiles.find((p) => p.name === name);
}

/** The scalar settings, each checked (a hand-edited settings.json may hold anything). */
export function readDefaults(): ProfileDefaults {
  const c = config();
  const positive = (v: unknown, fallback: number) => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : fallback);
  const policy = c.get<string>('defaultReconnectPolicy');
  const idleSeconds = c.get<unknown>('idleTimeoutSeconds');
  return {
    reconnectPolicy: POLICY_NAMES.includes(policy as PolicyName) ? (policy as PolicyName) : BUILTIN_DEFAULTS.reconnectPolicy,
    idleTimeoutMs: typeof idleSeconds === 'number' && idleSeconds >= 0 ? idleSeconds * 1000 : BUILTIN_DEFAULTS.idleTimeoutMs,
    maxRecords: Math.floor(positive(c.get('maxRecords'), BUILTIN_DEFAULTS.maxRecords)),
    maxBytes: positive(c.get('maxBytesMB'), BUILTIN_DEFAULTS.maxBytes / 1024 / 1024) * 1024 * 1024,
  };
}

/** `sseInspector.debug.*`: whether the debug tap runs, and which URLs it takes (empty: all). */
export function readDebugTapSettings(): { enabled: boolean; urlPatterns: string[] } {
  const c = config();
  const patterns = c.get<unknown>('debug.tapUrls');
  return {
    enabled: c.get<unknown>('debug.tap') !== false,
    urlPatterns: Array.isArray(patterns) ? patterns.filter((p): p is string => typeof p === 'string' && p.trim() !== '') : [],
  };
}

/** Adds or replaces (by name) a profile; returns where it was written. */
export async function writeProfile(profile: Profile): Promise<vscode.ConfigurationTarget> {
  const target = vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  const inspected = config().inspect<unknown>('profiles');
  const current = target === vscode.ConfigurationTarget.Workspace ? inspected?.workspaceValue : inspected?.globalValue;
  const list = Array.isArray(current) ? current : [];
  await config().update('profiles', upsertProfile(list, profile), target);
  return target;
}

export function onProfilesChanged(listener: () => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration(CONFIG_SECTION)) listener();
  });
}
