// The interactive side of the commands: input boxes and quick picks. Each returns
// undefined when the user cancels (Escape), and the command then does nothing.
import { validatedBy } from './outcome';
import * as vscode from 'vscode';
import type { AuthKind } from '../core/base/records';
import { redactUrl } from '../core/base/redact';
import { parseHeaderLine, PROFILE_METHODS, urlProblem, type Profile, type ProfileAuth, type ProfileMethod } from './profile';
import type { SecretVault } from './secrets';
import { readProfiles } from './settings';
import { looksLikeCurl } from '../core/import/curl-command';
import { adHocProfileFromCurl, readCurl } from './curl-import';

/** What is wrong with a pasted curl command, or undefined when it reads. */
function curlProblem(command: string): string | undefined {
  const read = readCurl(command, 'x');
  return typeof read === 'string' ? vscode.l10n.t('curl command: {0}', read) : undefined;
}

const title = () => vscode.l10n.t('SSE Inspector: Connect to URL');

/** The URL, method, headers, body and credentials of an ad-hoc connection. */
export async function askConnectUrl(vault: SecretVault, initialUrl?: string): Promise<Profile | undefined> {
  const url = await vscode.window.showInputBox({
    title: title(),
    prompt: vscode.l10n.t('The URL of the Server-Sent Events endpoint, or a curl command (a browser\'s "Copy as cURL")'),
    placeHolder: 'http://localhost:3000/events',
    value: initialUrl ?? '',
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() === '' ? undefined : looksLikeCurl(v) ? curlProblem(v) : urlProblem(v)),
  });
  if (!url?.trim()) return undefined;
  // A pasted curl command is the whole request: method, headers, body and credential.
  if (looksLikeCurl(url)) {
    const fromCurl = adHocProfileFromCurl(url, vault);
    return typeof fromCurl === 'string' ? undefined : fromCurl;
  }
  const profile: Profile = { name: '', url: url.trim() };

  const method = await vscode.window.showQuickPick(
    PROFILE_METHODS.map((m) => ({ label: m, description: m === 'GET' ? vscode.l10n.t('as EventSource does') : vscode.l10n.t('with a request body, as fetch-based clients do') })),
    { title: title(), placeHolder: vscode.l10n.t('HTTP method'), ignoreFocusOut: true },
  );
  if (!method) return undefined;
  profile.method = method.label as ProfileMethod;

  const headerLine = await vscode.window.showInputBox({
    title: title(),
    prompt: vscode.l10n.t('Extra request headers as "Name: value; Name2: value2" (Enter for none; credentials come next)'),
    placeHolder: 'X-Client: web; Accept-Language: en',
    ignoreFocusOut: true,
    validateInput: validatedBy(parseHeaderLine),
  });
  if (headerLine === undefined) return undefined;
  const headers = parseHeaderLine(headerLine);
  if (Object.keys(headers).length > 0) profile.headers = headers;

  if (profile.method !== 'GET') {
    const body = await vscode.window.showInputBox({
      title: title(),
      prompt: vscode.l10n.t('Request body of the {0} (JSON or text; Enter for none)', profile.method),
      placeHolder: '{"message": "Hello"}',
      ignoreFocusOut: true,
    });
    if (body === undefined) return undefined;
    if (body !== '') profile.body = body;
  }

  const auth = await askAuth(vault);
  if (!auth) return undefined;
  if (auth.kind !== 'none') profile.auth = auth;
  return profile;
}

// A function, not a constant: the texts are translated when asked, in the window's language.
const authChoices = (): Array<{ authKind: AuthKind; label: string; detail: string }> => [
  { authKind: 'none', label: vscode.l10n.t('No credentials'), detail: vscode.l10n.t('Public stream, or credentials already in the headers') },
  { authKind: 'bearer', label: vscode.l10n.t('Bearer token'), detail: vscode.l10n.t('Authorization: Bearer <token>') },
  { authKind: 'query', label: vscode.l10n.t('Token in the query string'), detail: vscode.l10n.t('?token=… (works with EventSource, but leaks into server logs)') },
  { authKind: 'cookie', label: vscode.l10n.t('Cookie'), detail: vscode.l10n.t('Cookie: name=<value>') },
  { authKind: 'basic', label: vscode.l10n.t('Basic auth'), detail: vscode.l10n.t('Authorization: Basic user:password') },
  { authKind: 'header', label: vscode.l10n.t('Custom header'), detail: vscode.l10n.t('e.g. X-API-Key: <key>') },
];

/** The auth kind, its parameters and its secret (kept in memory only until saved as a profile). */
async function askAuth(vault: SecretVault): Promise<ProfileAuth | undefined> {
  const choice = await vscode.window.showQuickPick(authChoices().map((c) => ({ ...c, description: c.authKind })), {
    title: title(),
    placeHolder: vscode.l10n.t('Credentials'),
    ignoreFocusOut: true,
  });
  if (!choice) return undefined;
  const auth: ProfileAuth = { kind: choice.authKind };
  const ask = (prompt: string, value: string) => vscode.window.showInputBox({ title: title(), prompt, value, ignoreFocusOut: true, validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('Required')) });
  switch (auth.kind) {
    case 'none':
      return auth;
    case 'query':
      auth.param = (await ask(vscode.l10n.t('Query parameter name'), 'token'))?.trim();
      if (!auth.param) return undefined;
      break;
    case 'cookie':
      auth.name = (await ask(vscode.l10n.t('Cookie name'), 'session'))?.trim();
      if (!auth.name) return undefined;
      break;
    case 'basic':
      auth.username = (await ask(vscode.l10n.t('User name'), ''))?.trim();
      if (!auth.username) return undefined;
      break;
    case 'header':
      auth.header = (await ask(vscode.l10n.t('Header name'), 'X-API-Key'))?.trim();
      if (!auth.header) return undefined;
      break;
    case 'bearer':
      break;
  }
  const secret = await askSecretValue(auth.kind === 'basic' ? vscode.l10n.t('Password') : vscode.l10n.t('Token or key (kept in memory; saved to SecretStorage only if you save the profile)'));
  if (secret === undefined) return undefined;
  auth.secretRef = vault.keepInMemory(secret);
  return auth;
}

export function askSecretValue(prompt: string, boxTitle = title()): Thenable<string | undefined> {
  return vscode.window.showInputBox({ title: boxTitle, prompt, password: true, ignoreFocusOut: true, validateInput: (v) => (v ? undefined : vscode.l10n.t('Required')) });
}


/** A saved profile's name, or `url` for "Connect to a URL…". */
export async function pickProfile(): Promise<{ name: string } | 'url' | undefined> {
  const connectUrlItem = vscode.l10n.t('$(globe) Connect to a URL…');
  const { profiles } = readProfiles();
  const items: vscode.QuickPickItem[] = profiles.map((p) => ({
    label: p.name,
    description: `${p.method ?? 'GET'} ${redactUrl(p.url)}`,
    ...(p.auth && p.auth.kind !== 'none' ? { detail: vscode.l10n.t('$(key) {0} auth', p.auth.kind) } : {}),
  }));
  if (items.length > 0) items.push({ label: '', kind: vscode.QuickPickItemKind.Separator });
  items.push({ label: connectUrlItem, description: profiles.length === 0 ? vscode.l10n.t('no profiles in sseInspector.profiles yet') : '' });
  const picked = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('SSE Inspector: Connect to Profile'), placeHolder: vscode.l10n.t('Profile'), matchOnDescription: true });
  if (!picked) return undefined;
  return picked.label === connectUrlItem ? 'url' : { name: picked.label };
}

/** The SecretStorage key to set: one the profiles use, or another typed in. */
export async function pickSecretKey(): Promise<string | undefined> {
  const { profiles } = readProfiles();
  const keys = new Map<string, string[]>();
  for (const p of profiles) {
    const ref = p.auth?.secretRef;
    if (ref && p.auth?.kind !== 'none') keys.set(ref, [...(keys.get(ref) ?? []), p.name]);
    for (const m of (p.refresh?.body ?? '').matchAll(/\$\{secret:([^}]+)\}/g)) if (m[1]) keys.set(m[1].trim(), [...(keys.get(m[1].trim()) ?? []), vscode.l10n.t('{0} (refresh)', p.name)]);
  }
  const OTHER = vscode.l10n.t('$(edit) Another key…');
  const items: vscode.QuickPickItem[] = [...keys].map(([key, users]) => ({ label: key, description: vscode.l10n.t('used by {0}', users.join(', ')) }));
  items.push({ label: OTHER });
  const picked = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('SSE Inspector: Set Profile Secret'), placeHolder: vscode.l10n.t('The SecretStorage key (a profile\'s auth.secretRef)') });
  if (!picked) return undefined;
  if (picked.label !== OTHER) return picked.label;
  const typed = await vscode.window.showInputBox({ title: vscode.l10n.t('SSE Inspector: Set Profile Secret'), prompt: vscode.l10n.t('SecretStorage key'), validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('Required')) });
  return typed?.trim() || undefined;
}
