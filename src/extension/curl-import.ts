// "New Profile from curl…": a curl command (a browser's "Copy as cURL", bash or cmd) becomes
// a profile in the workspace settings, its credential in SecretStorage. The command shows
// the profile it will save and what it moved or left out before it writes anything. The same
// reading serves a curl command pasted into the Connect to URL box (secret kept in memory).
import * as vscode from 'vscode';
import { CurlParseError, looksLikeCurl, parseCurlCommand } from '../core/import/curl-command';
import { errorText, fail, type Failure } from './outcome';
import { defaultProfileName, defaultSecretKey, profileFromCurl, type Profile, type ProfileFromCurl } from './profile';
import type { SecretVault } from './secrets';
import { readProfiles, writeProfile } from './settings';

const title = () => vscode.l10n.t('SSE Inspector: New Profile from curl');

export interface NewProfileFromCurlArgs {
  /** The curl command. Absent: the clipboard's, if it holds one, else asked for. */
  curl?: string;
  /** The profile's name. Absent: asked, proposing host and path. */
  name?: string;
  /** false: save without showing the profile first (automation, tests). Default: show and ask. */
  confirm?: boolean;
}

export type NewProfileOutcome = { ok: true; name: string; profile: Profile; secretKey?: string; notes: string[] } | Failure;

/** The profile a command makes, or what is wrong with the command (a sentence for the user). */
export function readCurl(command: string, name: string): ProfileFromCurl | string {
  try {
    return profileFromCurl(parseCurlCommand(command), name);
  } catch (err) {
    if (err instanceof CurlParseError) return err.message;
    throw err;
  }
}

/** For Connect to URL: the ad-hoc profile of a pasted curl command, its secret kept in memory. */
export function adHocProfileFromCurl(command: string, vault: SecretVault): Profile | string {
  const read = readCurl(command, '');
  if (typeof read === 'string') return read;
  const { profile, secret } = read;
  if (profile.auth && secret !== undefined) profile.auth.secretRef = vault.keepInMemory(secret);
  else if (profile.auth) delete profile.auth; // -u without a password: nothing to send yet
  return profile;
}

export function curlImportCommands(deps: { vault: SecretVault }) {
  async function newProfileFromCurl(arg?: NewProfileFromCurlArgs): Promise<NewProfileOutcome> {
    const command = arg?.curl ?? (await askCommand());
    if (command === undefined) return { ok: false, error: 'cancelled' };
    const first = readCurl(command, 'x');
    if (typeof first === 'string') return fail(vscode.l10n.t('SSE Inspector: cannot read the curl command: {0}', first));

    const taken = new Set(readProfiles().profiles.map((p) => p.name));
    const name =
      arg?.name ??
      (await vscode.window.showInputBox({
        title: title(),
        prompt: vscode.l10n.t('Profile name (saved in the workspace settings; the credential goes to SecretStorage)'),
        value: defaultProfileName(first.profile.url),
        ignoreFocusOut: true,
        validateInput: (v) => (v.trim() === '' ? vscode.l10n.t('Required') : taken.has(v.trim()) ? { message: vscode.l10n.t('Replaces the profile "{0}"', v.trim()), severity: vscode.InputBoxValidationSeverity.Warning } : undefined),
      }));
    if (!name?.trim()) return { ok: false, error: 'cancelled' };

    // The command was read above; only the name was missing.
    const { profile, secret, notes } = first;
    profile.name = name.trim();
    const secretKey = profile.auth ? defaultSecretKey(profile.name, profile.auth.kind) : undefined;
    if (profile.auth && secretKey) profile.auth.secretRef = secretKey;

    if (arg?.confirm !== false) {
      const question = vscode.workspace.workspaceFolders?.length
        ? vscode.l10n.t('Save the profile "{0}" to the workspace settings?', profile.name)
        : vscode.l10n.t('Save the profile "{0}" to your user settings?', profile.name);
      const secretLine = secretKey
        ? `\n\n${secret !== undefined ? vscode.l10n.t('The {0} credential goes to SecretStorage as "{1}", not to settings.', profile.auth!.kind, secretKey) : vscode.l10n.t('Set its {0} secret "{1}" afterwards with "SSE Inspector: Set Profile Secret…".', profile.auth!.kind, secretKey)}`
        : '';
      const detail = `${JSON.stringify(profile, null, 2)}${secretLine}${notes.length ? `\n\n${notes.map((n) => `• ${n}`).join('\n')}` : ''}`;
      const saveProfile = vscode.l10n.t('Save Profile');
      const answer = await vscode.window.showInformationMessage(question, { modal: true, detail }, saveProfile);
      if (answer !== saveProfile) return { ok: false, error: 'cancelled' };
    }

    try {
      if (secretKey && secret !== undefined) await deps.vault.store(secretKey, secret);
      await writeProfile(profile);
    } catch (err) {
      return fail(vscode.l10n.t('SSE Inspector: could not save the profile: {0}', errorText(err)));
    }
    void vscode.window.showInformationMessage(
      secretKey && secret !== undefined
        ? vscode.l10n.t('SSE Inspector: saved profile "{0}"; its credential is in SecretStorage as "{1}".', profile.name, secretKey)
        : vscode.l10n.t('SSE Inspector: saved profile "{0}".', profile.name),
    );
    const outcome: NewProfileOutcome = { ok: true, name: profile.name, profile, notes };
    if (secretKey) outcome.secretKey = secretKey;
    return outcome;
  }
  return { newProfileFromCurl };
}

/** The clipboard's curl command if it holds one (line breaks intact), else a paste into an input box. */
async function askCommand(): Promise<string | undefined> {
  // A browser-hosted workbench may be refused the clipboard: then the input box it is.
  const clipboard = await Promise.resolve(vscode.env.clipboard.readText()).catch(() => '');
  const initial = looksLikeCurl(clipboard) ? clipboard : '';
  if (initial && typeof readCurl(initial, 'x') !== 'string') {
    const use = await vscode.window.showQuickPick(
      [
        { label: vscode.l10n.t('$(clippy) The curl command on the clipboard'), detail: initial.replace(/\s+/g, ' ').slice(0, 200), use: true },
        { label: vscode.l10n.t('$(edit) Paste another…'), use: false },
      ],
      { title: title(), placeHolder: vscode.l10n.t('Which curl command?'), ignoreFocusOut: true },
    );
    if (!use) return undefined;
    if (use.use) return initial;
  }
  const typed = await vscode.window.showInputBox({
    title: title(),
    prompt: vscode.l10n.t('A curl command, e.g. from the browser\'s DevTools: Network → right-click the request → Copy → Copy as cURL (bash or cmd)'),
    placeHolder: "curl 'https://example.com/events' -H 'authorization: Bearer …'",
    ignoreFocusOut: true,
    validateInput: (v) => {
      if (v.trim() === '') return undefined;
      const read = readCurl(v, 'x');
      return typeof read === 'string' ? read : undefined;
    },
  });
  return typed?.trim() ? typed : undefined;
}
