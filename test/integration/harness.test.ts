// Proves the real-host harness itself: which VS Code runs us, which folder it opened, that
// the development extension is the one under test, that the workspace is readable through
// VS Code's file system API, and that the runner's environment reaches the extension host.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as vscode from 'vscode';

const EXTENSION_ID = 'sse-inspector.sse-inspector';
// out/test/integration/harness.test.js -> the repository root (the development extension).
const repoRoot = resolve(__dirname, '../../..');
const host = process.env.SSE_VSCODE_HOST; // 'code-server' (scripts/vscode-host.mjs) or 'desktop' (.vscode-test.mjs)

describe('real VS Code host harness', () => {
  it('runs in the expected VS Code', () => {
    if (host === 'code-server') {
      assert.match(vscode.version, /^1\.139\./);
      assert.equal(vscode.env.uiKind, vscode.UIKind.Web);
      // code-server runs extensions in its remote (Node) host; remoteName is the server's host:port.
      assert.ok(vscode.env.remoteName, `remoteName is set (${vscode.env.remoteName})`);
      assert.equal(Number(process.versions.node.split('.')[0]), 24, 'the extension host runs on the pinned Node 24');
    } else {
      const [major = 0, minor = 0] = vscode.version.split('.').map(Number);
      assert.ok(major > 1 || (major === 1 && minor >= 138), `VS Code ${vscode.version} >= engines.vscode 1.138`);
      assert.equal(vscode.env.uiKind, vscode.UIKind.Desktop);
    }
  });

  it('passes the runner environment through to the extension host', () => {
    assert.ok(host === 'code-server' || host === 'desktop', `SSE_VSCODE_HOST is "${host}"`);
    assert.ok(process.env.SSE_TEST_WORKSPACE, 'SSE_TEST_WORKSPACE set by the runner');
  });

  it('opened the workspace folder it was given', () => {
    const folders = vscode.workspace.workspaceFolders ?? [];
    assert.equal(folders.length, 1, 'one workspace folder');
    assert.equal(folders[0]!.uri.fsPath, resolve(process.env.SSE_TEST_WORKSPACE ?? ''));
  });

  it('loads this repository as the development extension', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} in vscode.extensions.all`);
    assert.ok(vscode.extensions.all.some((e) => e.id === EXTENSION_ID));
    assert.equal(ext.extensionUri.fsPath, repoRoot);
    assert.equal(ext.packageJSON.name, 'sse-inspector');
    assert.equal(ext.packageJSON.publisher, 'sse-inspector');
    assert.equal(ext.extensionKind, vscode.ExtensionKind.Workspace);
    // Through VS Code's file system: the manifest VS Code loaded is the one on disk.
    const manifest = JSON.parse(Buffer.from(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(ext.extensionUri, 'package.json'))).toString('utf8'));
    assert.deepEqual(manifest, JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')));
  });

  it('reads the workspace through vscode.workspace.fs, matching the disk', async () => {
    const folder = vscode.workspace.workspaceFolders![0]!.uri;
    const entries = await vscode.workspace.fs.readDirectory(folder);
    const onDisk = readdirSync(folder.fsPath).sort();
    assert.deepEqual(entries.map(([name]) => name).sort(), onDisk);
    const file = onDisk.find((n) => statSync(join(folder.fsPath, n)).isFile());
    assert.ok(file, `a file in ${folder.fsPath}`);
    const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, file));
    assert.deepEqual(Buffer.from(bytes), readFileSync(join(folder.fsPath, file)));
  });
});
