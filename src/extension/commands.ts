// The palette commands. Each takes optional arguments so that menus (tree items), the
// panel's buttons, automation and the integration tests can run it without prompts;
// without arguments it asks interactively. Each returns an outcome instead of throwing.
import * as vscode from 'vscode';
import type { ConnectionRegistry } from './connection-registry';
import type { ConnectOutcome, ConnectionStarter } from './connection-starter';
import { curlCommands } from './curl';
import { adHocProfileFromCurl, curlImportCommands } from './curl-import';
import { looksLikeCurl } from '../core/import/curl-command';
import { exportCommands } from './export';
import { COMMANDS } from '../ids';
import { fail, type Failure, errorText } from './outcome';
import { labelFor, parseHeaderLine, PROFILE_METHODS, profileToSave, urlProblem, type Profile, type ProfileAuth, type ProfileMethod } from './profile';
import { askConnectUrl, askSecretValue, pickProfile, pickSecretKey } from './prompts';
import type { SecretVault } from './secrets';
import { findProfile, readProfiles, writeProfile } from './settings';
import type { SessionTargets } from './targets';

/** `sseInspector.connectUrl` arguments: the request, without prompts. */
export interface ConnectUrlArgs {
  url: string;
  method?: string;
  /** An object, or the prompt's "Name: value; Name2: value2" form. */
  headers?: Record<string, string> | string;
  body?: string;
  /** Credentials; `secret` is kept in memory only (SecretStorage once saved as a profile). */
  auth?: ProfileAuth & { secret?: string };
}

/** A connection by id (tree items and panel buttons pass `{ id }`). */
export type ConnectionArg = string | { id: string } | undefined;

export interface CommandDeps {
  connections: ConnectionRegistry;
  starter: ConnectionStarter;
  vault: SecretVault;
  targets: SessionTargets;
  /** package.json's version, for the HAR's creator. */
  extensionVersion: string;
}

/** A command's handler: any arguments (menus, buttons, automation), an outcome or a promise of one. */
export type CommandHandler = (...args: never[]) => unknown;

/** The commands the feature folders (debug/, recording/, tap/, debug-tap/) add: src/extension.ts wires them in, so this file never imports them. */
export type FeatureCommands = Record<'addEventBreakpoint' | 'resumeCapture' | 'saveRecording' | 'openRecording' | 'replayRecording' | 'startTap' | 'stopTap' | 'tapUrl' | 'applyFault' | 'debugTapReloadPage', CommandHandler>;

export function registerCommands(deps: CommandDeps, features: FeatureCommands): vscode.Disposable[] {
  const { connections, starter, vault } = deps;

  /** The connection a command is about: the one named, the active one, or the user's pick. */
  const target = (arg: ConnectionArg, action: string) => deps.targets.resolveLive(arg, action);

  async function connectUrl(args?: ConnectUrlArgs): Promise<ConnectOutcome> {
    let profile: Profile | undefined;
    if (args?.url !== undefined && looksLikeCurl(args.url)) {
      // A curl command where the URL goes: its whole request, as pasted into the prompt.
      const built = adHocProfileFromCurl(args.url, vault);
      if (typeof built === 'string') return fail(vscode.l10n.t('SSE Inspector: cannot read the curl command: {0}', built));
      profile = built;
    } else if (args?.url !== undefined) {
      const built = profileFromArgs(args, vault);
      if (typeof built === 'string') return fail(vscode.l10n.t('SSE Inspector: {0}', built));
      profile = built;
    } else {
      profile = await askConnectUrl(vault);
    }
    if (!profile) return { ok: false, error: 'cancelled' };
    return starter.connect({ profile, fromProfile: false });
  }

  async function connectProfile(arg?: string | { name: string }): Promise<ConnectOutcome> {
    let name = typeof arg === 'string' ? arg : arg?.name;
    if (name === undefined) {
      const picked = await pickProfile();
      if (!picked) return { ok: false, error: 'cancelled' };
      if (picked === 'url') return connectUrl();
      name = picked.name;
    }
    const profile = findProfile(name);
    if (!profile) {
      const problem = readProfiles().problems.find((p) => p.includes(`"${name}"`));
      return fail(problem ? vscode.l10n.t('SSE Inspector: no usable profile "{0}" in sseInspector.profiles ({1})', name, problem) : vscode.l10n.t('SSE Inspector: no usable profile "{0}" in sseInspector.profiles', name));
    }
    // A profile has one panel: connecting again shows it (and starts it again if it stopped)
    // instead of piling up "S1 (2)", "S1 (3)"….
    const running = connections.all().find((c) => c.fromProfile && c.spec.name === profile.name);
    if (running) {
      if (running.inspector.source.state === 'closed') running.inspector.source.reconnectNow?.();
      connections.viewOf(running.id)?.reveal();
      return { ok: true, id: running.id };
    }
    return starter.connect({ profile, fromProfile: true });
  }

  /** Closes every connection that has stopped (their panels too): one action instead of one per panel. */
  async function removeClosed(): Promise<number> {
    const closed = connections.all().filter((c) => c.inspector.source.state === 'closed');
    await Promise.all(closed.map((c) => connections.close(c.id)));
    return closed.length;
  }

  /** `{ name, url }`, or prompts: adds a profile to the settings and opens them at it. */
  async function addProfile(arg?: { name?: string; url?: string; method?: ProfileMethod }): Promise<{ ok: true; name: string } | Failure> {
    const url =
      arg?.url ??
      (await vscode.window.showInputBox({
        title: vscode.l10n.t('SSE Inspector: Add Profile (1/2)'),
        prompt: vscode.l10n.t('The stream\'s URL (headers, auth and the rest can be edited in settings.json next)'),
        placeHolder: 'https://api.example.com/events',
        validateInput: (v) => urlProblem(v.trim()),
      }));
    if (!url?.trim()) return { ok: false, error: 'cancelled' };
    const problem = urlProblem(url.trim());
    if (problem) return fail(vscode.l10n.t('SSE Inspector: {0}', problem));
    const taken = new Set(readProfiles().profiles.map((p) => p.name));
    const name =
      arg?.name ??
      (await vscode.window.showInputBox({
        title: vscode.l10n.t('SSE Inspector: Add Profile (2/2)'),
        prompt: vscode.l10n.t('Profile name'),
        value: labelFor({ name: '', url: url.trim() }),
        validateInput: (v) => (v.trim() === '' ? vscode.l10n.t('Required') : taken.has(v.trim()) ? vscode.l10n.t('There is a profile "{0}" already', v.trim()) : undefined),
      }));
    if (!name?.trim()) return { ok: false, error: 'cancelled' };
    if (taken.has(name.trim())) return fail(vscode.l10n.t('SSE Inspector: there is a profile "{0}" already', name.trim()));
    const profile: Profile = { name: name.trim(), url: url.trim(), ...(arg?.method ? { method: arg.method } : {}) };
    try {
      const where = await writeProfile(profile);
      await revealProfileSetting(where, profile.name);
      return { ok: true, name: profile.name };
    } catch (err) {
      return fail(vscode.l10n.t('SSE Inspector: could not add the profile: {0}', errorText(err)));
    }
  }

  async function disconnect(arg?: ConnectionArg): Promise<boolean> {
    const c = await target(arg, vscode.l10n.t('Disconnect'));
    if ('ok' in c) return false;
    await c.inspector.stop();
    return true;
  }

  async function reconnect(arg?: ConnectionArg): Promise<boolean> {
    const c = await target(arg, vscode.l10n.t('Reconnect Now'));
    if ('ok' in c) return false;
    if (!c.inspector.source.reconnectNow) {
      void vscode.window.showInformationMessage(vscode.l10n.t('SSE Inspector: "{0}" is a tapped stream: it reconnects when the program does.', c.label));
      return false;
    }
    c.inspector.source.reconnectNow();
    return true;
  }

  async function clear(arg?: ConnectionArg): Promise<boolean> {
    const c = await target(arg, vscode.l10n.t('Clear Events'));
    if ('ok' in c) return false;
    // The event capture held at is forgotten too: holding at nothing would show nothing.
    c.capture.resume();
    c.inspector.session.clear();
    connections.viewOf(c.id)?.resync();
    return true;
  }

  async function openPanel(arg?: ConnectionArg): Promise<boolean> {
    const recording = deps.targets.recordings.get(typeof arg === 'string' ? arg : (arg?.id ?? ''));
    if (recording) {
      recording.view?.reveal();
      return true;
    }
    if (arg === undefined && connections.size === 0) {
      // Nothing to show yet: the most likely wish is to connect.
      const outcome = await connectProfile();
      return outcome.ok;
    }
    const c = await target(arg, vscode.l10n.t('Open Panel'));
    if ('ok' in c) return false;
    connections.viewOf(c.id)?.reveal();
    return true;
  }

  async function saveProfile(arg?: { id?: string; name?: string }): Promise<{ ok: true; name: string } | Failure> {
    const c = await target(arg?.id, vscode.l10n.t('Save Connection as Profile'));
    if ('ok' in c) return c;
    const taken = new Set(readProfiles().profiles.map((p) => p.name));
    const name =
      arg?.name ??
      (await vscode.window.showInputBox({
        title: vscode.l10n.t('SSE Inspector: Save Connection as Profile'),
        prompt: vscode.l10n.t('Profile name (saved in the workspace settings; secrets go to SecretStorage)'),
        value: c.spec.name || c.label,
        validateInput: (v) => (v.trim() === '' ? vscode.l10n.t('Required') : taken.has(v.trim()) && v.trim() !== c.spec.name ? vscode.l10n.t('Replaces the profile "{0}"', v.trim()) : undefined),
      }));
    if (!name?.trim()) return { ok: false, error: 'cancelled' };
    const { profile, secretsToStore } = profileToSave(c.spec, name, vault.memorySecrets);
    try {
      for (const [key, value] of secretsToStore) await vault.store(key, value);
      const where = await writeProfile(profile);
      const oldRef = c.spec.auth?.secretRef;
      if (oldRef && oldRef !== profile.auth?.secretRef) vault.forgetMemory(oldRef);
      c.spec = profile;
      c.fromProfile = true;
      connections.rename(c.id, connections.uniqueLabel(profile.name, c.id));
      const keys = [...secretsToStore.keys()].join('", "');
      const workspace = where === vscode.ConfigurationTarget.Workspace;
      const saved =
        secretsToStore.size > 0
          ? workspace
            ? vscode.l10n.t('SSE Inspector: saved profile "{0}" to the workspace settings; its secret is in SecretStorage as "{1}".', profile.name, keys)
            : vscode.l10n.t('SSE Inspector: saved profile "{0}" to the user settings; its secret is in SecretStorage as "{1}".', profile.name, keys)
          : workspace
            ? vscode.l10n.t('SSE Inspector: saved profile "{0}" to the workspace settings.', profile.name)
            : vscode.l10n.t('SSE Inspector: saved profile "{0}" to the user settings.', profile.name);
      void vscode.window.showInformationMessage(saved);
      return { ok: true, name: profile.name };
    } catch (err) {
      return fail(vscode.l10n.t('SSE Inspector: could not save the profile: {0}', errorText(err)));
    }
  }

  /** `{ ref, value }`, a key, a profile tree item (`{ name }`: its auth.secretRef), or prompts. */
  async function setSecret(arg?: string | { ref: string; value?: string } | { name: string }): Promise<boolean> {
    const given = typeof arg === 'string' ? arg : arg && 'ref' in arg ? arg.ref : arg && 'name' in arg ? findProfile(arg.name)?.auth?.secretRef : undefined;
    const ref = given ?? (await pickSecretKey());
    if (!ref) return false;
    const value = (typeof arg === 'object' && 'value' in arg ? arg.value : undefined) ?? (await askSecretValue(vscode.l10n.t('Value of the secret "{0}" (stored in SecretStorage, never in settings)', ref), vscode.l10n.t('SSE Inspector: Set Profile Secret')));
    if (!value) return false;
    await vault.store(ref, value);
    void vscode.window.showInformationMessage(vscode.l10n.t('SSE Inspector: secret "{0}" saved in SecretStorage.', ref));
    return true;
  }

  const handlers: Record<keyof typeof COMMANDS, CommandHandler> = {
    connectUrl,
    connectProfile,
    disconnect,
    reconnect,
    clear,
    saveProfile,
    setSecret,
    openPanel,
    addProfile,
    removeClosed,
    ...features,
    ...exportCommands(deps.targets, deps.extensionVersion),
    ...curlCommands(deps.targets),
    ...curlImportCommands({ vault }),
  };
  return Object.entries(handlers).map(([key, handler]) =>
    vscode.commands.registerCommand(COMMANDS[key as keyof typeof COMMANDS], async (...args: unknown[]) => {
      try {
        return await (handler as (...a: unknown[]) => unknown)(...args);
      } catch (err) {
        // A bug must reach the user as a message, not as an unexplained failed command.
        void vscode.window.showErrorMessage(vscode.l10n.t('SSE Inspector: {0}', errorText(err)));
        return { ok: false, error: String(err) };
      }
    }),
  );
}

/** Opens the settings file the profile went to, at its entry, so headers and auth can be added next. */
async function revealProfileSetting(where: vscode.ConfigurationTarget, name: string): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (where !== vscode.ConfigurationTarget.Workspace || !folder) {
    await vscode.commands.executeCommand('workbench.action.openSettingsJson');
    return;
  }
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, '.vscode', 'settings.json'));
  const at = doc.getText().indexOf(`"name": ${JSON.stringify(name)}`);
  const editor = await vscode.window.showTextDocument(doc, { preview: false });
  if (at >= 0) {
    const pos = doc.positionAt(at);
    editor.selection = new vscode.Selection(pos, pos);
    editor.revealRange(new vscode.Range(pos, pos), vscode.TextEditorRevealType.InCenter);
  }
}

/** The ad-hoc profile for `connectUrl` arguments, or what is wrong with them. */
function profileFromArgs(args: ConnectUrlArgs, vault: SecretVault): Profile | string {
  const url = String(args.url).trim();
  const problem = urlProblem(url);
  if (problem) return problem;
  const profile: Profile = { name: '', url };
  if (args.method !== undefined) {
    const method = args.method.toUpperCase();
    if (!(PROFILE_METHODS as readonly string[]).includes(method)) return `method must be one of ${PROFILE_METHODS.join(', ')}`;
    profile.method = method as ProfileMethod;
  }
  if (args.headers !== undefined) {
    try {
      profile.headers = typeof args.headers === 'string' ? parseHeaderLine(args.headers) : { ...args.headers };
    } catch (err) {
      return errorText(err);
    }
  }
  if (args.body !== undefined) profile.body = args.body;
  if (args.auth && args.auth.kind !== 'none') {
    const { secret, ...auth } = args.auth;
    if (secret !== undefined) auth.secretRef = vault.keepInMemory(secret);
    profile.auth = auth;
  }
  return profile;
}
