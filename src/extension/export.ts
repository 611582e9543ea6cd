// The panel's Export button: the held records as JSONL (one record per line, the same
// shape the CLI prints), to a file the user picks. Records are already redacted; the
// connection's secrets are scrubbed once more in case a server echoed one in a body.
import * as vscode from 'vscode';
import { scrubSecrets } from '../core/redact';
import type { LiveConnection } from './connections';

export async function exportRecords(connection: LiveConnection): Promise<vscode.Uri | undefined> {
  const safeName = connection.label.replace(/[^\w.-]+/g, '_');
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const target = await vscode.window.showSaveDialog({
    title: `Export the records of ${connection.label}`,
    filters: { 'JSON Lines': ['jsonl'] },
    ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, `${safeName}.jsonl`) } : {}),
  });
  if (!target) return undefined;
  const secrets = [...connection.secrets];
  const records = connection.inspector.session.snapshot().records;
  const text = records.map((r) => scrubSecrets(JSON.stringify(r), secrets)).join('\n') + (records.length ? '\n' : '');
  try {
    await vscode.workspace.fs.writeFile(target, Buffer.from(text, 'utf8'));
  } catch (err) {
    void vscode.window.showErrorMessage(`SSE Inspector: could not write ${target.fsPath}: ${err instanceof Error ? err.message : String(err)}`);
    return undefined;
  }
  void vscode.window.showInformationMessage(`SSE Inspector: exported ${records.length} records to ${vscode.workspace.asRelativePath(target)}`);
  return target;
}
