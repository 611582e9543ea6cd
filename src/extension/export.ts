// Exports of a panel's session (live or recording): JSON Lines (one record per line, the
// shape the CLI prints) and HAR 1.2 (one entry per attempt), to a file the user picks.
// Records are already redacted; the connection's secrets are scrubbed once more in case
// a server echoed one in a body.
import * as vscode from 'vscode';
import { toHar } from '../core/export';
import { scrubSecrets } from '../core/base/redact';
import { errorText, fail, type Failure } from './outcome';
import { safeFileLabel } from './file-names';
import type { SessionTarget, SessionTargets, TargetArg } from './targets';

/** `{ id, uri }`: which panel, and where to write without the save dialog. */
export type ExportArgs = { id?: string; uri?: vscode.Uri | string } | string | undefined;
export type ExportOutcome = { ok: true; uri: vscode.Uri; records: number } | Failure;

export function exportCommands(targets: SessionTargets, extensionVersion: string) {
  async function exportJsonl(arg?: ExportArgs): Promise<ExportOutcome> {
    return exportAs(arg, vscode.l10n.t('Export as JSON Lines'), { 'JSON Lines': ['jsonl'] }, '.jsonl', (t) => {
      const records = t.session.heldRecords();
      return { text: records.map((r) => JSON.stringify(r)).join('\n') + (records.length ? '\n' : ''), records: records.length };
    });
  }

  async function exportHar(arg?: ExportArgs): Promise<ExportOutcome> {
    return exportAs(arg, vscode.l10n.t('Export as HAR'), { HAR: ['har'] }, '.har', (t) => {
      const records = t.session.heldRecords();
      return { text: JSON.stringify(toHar(records, extensionVersion), null, 2) + '\n', records: records.length };
    });
  }

  async function exportAs(
    arg: ExportArgs,
    action: string,
    filters: Record<string, string[]>,
    extension: string,
    render: (t: SessionTarget) => { text: string; records: number },
  ): Promise<ExportOutcome> {
    const t = await targets.resolve(targetOf(arg), action);
    if ('ok' in t) return t;
    const given = typeof arg === 'object' ? arg.uri : undefined;
    const target = given !== undefined ? asUri(given) : await askTarget(t, action, filters, extension);
    if (!target) return { ok: false, error: 'cancelled' };
    const { text, records } = render(t);
    try {
      await vscode.workspace.fs.writeFile(target, Buffer.from(scrubSecrets(text, t.secrets), 'utf8'));
    } catch (err) {
      return fail(vscode.l10n.t('SSE Inspector: could not write {0}: {1}', target.fsPath, errorText(err)));
    }
    void vscode.window.showInformationMessage(vscode.l10n.t('SSE Inspector: exported {0} records of {1} to {2}', records, t.label, vscode.workspace.asRelativePath(target)));
    return { ok: true, uri: target, records };
  }

  return { exportJsonl, exportHar };
}

export function targetOf(arg: ExportArgs | { id?: string }): TargetArg {
  return typeof arg === 'string' ? arg : arg?.id !== undefined ? { id: arg.id } : undefined;
}

export function asUri(value: vscode.Uri | string): vscode.Uri {
  return typeof value === 'string' ? (/^[a-z][\w+.-]+:\/\//i.test(value) ? vscode.Uri.parse(value) : vscode.Uri.file(value)) : value;
}

function askTarget(t: SessionTarget, action: string, filters: Record<string, string[]>, extension: string): Thenable<vscode.Uri | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  return vscode.window.showSaveDialog({
    title: vscode.l10n.t('SSE Inspector: {0} ({1})', action, t.label),
    filters,
    ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, `${safeFileLabel(t.label)}${extension}`) } : {}),
  });
}
