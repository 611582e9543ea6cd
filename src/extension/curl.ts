// "Copy as curl" and "Copy as fetch": the request as the inspector sends it, to paste into a
// terminal or a script. Secrets are redacted unless the user picks "Copy with secrets" and
// confirms a modal warning (or a caller passes `{ reveal: true }`, which is that confirmation).
import * as vscode from 'vscode';
import { toCurl, toFetch } from '../core/export';
import type { SseRequest } from '../core/base/request';
import { CANCELLED, fail, type Failure } from './outcome';
import type { SessionTarget, SessionTargets } from './targets';

export interface CopyCurlArgs {
  id?: string;
  /** true: with the real credentials; false: redacted. Absent: ask. */
  reveal?: boolean;
}

export type CopyCurlOutcome = { ok: true; revealed: boolean } | Failure;

/** The two formats: the command's title, how it is written, what the status bar says (a function: translated when asked). */
const FORMATS = {
  curl: () => ({
    title: vscode.l10n.t('Copy as curl'),
    icon: 'terminal',
    write: toCurl,
    copied: (label: string, reveal: boolean) => (reveal ? vscode.l10n.t('Copied the curl command of {0} WITH its secrets', label) : vscode.l10n.t('Copied the curl command of {0} (secrets redacted)', label)),
  }),
  fetch: () => ({
    title: vscode.l10n.t('Copy as fetch'),
    icon: 'code',
    write: toFetch,
    copied: (label: string, reveal: boolean) => (reveal ? vscode.l10n.t('Copied the fetch snippet of {0} WITH its secrets', label) : vscode.l10n.t('Copied the fetch snippet of {0} (secrets redacted)', label)),
  }),
} as const;

export function curlCommands(targets: SessionTargets) {
  async function copyAs(format: keyof typeof FORMATS, arg?: CopyCurlArgs | string): Promise<CopyCurlOutcome> {
    const f = FORMATS[format]();
    const t = await targets.resolve(typeof arg === 'string' ? arg : arg?.id !== undefined ? { id: arg.id } : undefined, f.title);
    if ('ok' in t) return t;
    const request = requestOf(t);
    if (!request) return fail(vscode.l10n.t('SSE Inspector: {0} has no request to copy (the recording holds no open record)', t.label));
    const asked = typeof arg === 'object' ? arg.reveal : undefined;
    const reveal = asked ?? (await askReveal(t, f.title));
    if (reveal === undefined) return CANCELLED;
    if (reveal && t.kind === 'recording') return fail(vscode.l10n.t('SSE Inspector: a recording holds no secrets (they were redacted when it was recorded): copy it redacted'));
    if (reveal && t.live?.origin.kind === 'tap') return fail(vscode.l10n.t("SSE Inspector: a tapped stream holds no secrets (the program's credentials are redacted as they are observed): copy it redacted"));
    // The starting Last-Event-ID goes with the request it is sent on (a profile's, on the first attempt).
    const lastEventId = t.live?.lastEventId;
    await vscode.env.clipboard.writeText(f.write(request, { revealSecrets: reveal, ...(lastEventId ? { lastEventId } : {}) }));
    void vscode.window.setStatusBarMessage(`$(${f.icon}) ${f.copied(t.label, reveal)}`, 4000);
    return { ok: true, revealed: reveal };
  }
  return {
    copyCurl: (arg?: CopyCurlArgs | string) => copyAs('curl', arg),
    copyFetch: (arg?: CopyCurlArgs | string) => copyAs('fetch', arg),
  };
}

/** A live connection's resolved request; a recording's redacted one (from its header or first open). */
function requestOf(t: SessionTarget): SseRequest | undefined {
  if (t.live) return t.live.request;
  const summary = t.recording?.header.request ?? t.session.latestRequest;
  if (!summary) return undefined;
  const request: SseRequest = { url: summary.url, method: summary.method, headers: summary.headers };
  if (summary.bodyPreview !== undefined) request.body = summary.bodyPreview;
  return request;
}

async function askReveal(t: SessionTarget, title: string): Promise<boolean | undefined> {
  // Nothing to reveal: a recording's and a tapped stream's requests were redacted when kept.
  if (t.kind === 'recording' || t.live?.origin.kind === 'tap') return false;
  const picked = await vscode.window.showQuickPick(
    [
      { label: vscode.l10n.t('$(shield) Copy with secrets redacted'), description: vscode.l10n.t('safe to paste anywhere'), reveal: false },
      { label: vscode.l10n.t('$(warning) Copy with secrets'), description: vscode.l10n.t('the real token, password or API key'), reveal: true },
    ],
    { title: vscode.l10n.t('SSE Inspector: {0}: {1}', title, t.label), placeHolder: vscode.l10n.t('Secrets') },
  );
  if (!picked) return undefined;
  if (!picked.reveal) return false;
  const copyWithSecrets = vscode.l10n.t('Copy with Secrets');
  const confirm = await vscode.window.showWarningMessage(
    vscode.l10n.t("The copied text will contain the credentials of {0} in clear text. Anyone who sees the clipboard, a terminal's history or a pasted log can use them.", t.label),
    { modal: true },
    copyWithSecrets,
  );
  return confirm === copyWithSecrets ? true : undefined;
}
