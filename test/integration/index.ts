// Entry point VS Code calls inside the extension host (`--extensionTestsPath`): runs every
// compiled integration suite (out/test/integration/**/*.test.js, built by
// `node esbuild.config.mjs --only=test-integration`) with mocha and settles with the result.
// The same file serves scripts/vscode-host.mjs (code-server, offline) and
// @vscode/test-electron (desktop VS Code).
//
// `mocha` is external in the bundle: it resolves from the project's node_modules, walking up
// from out/test/integration/.
import Mocha from 'mocha';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

export function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'bdd',
    color: false, // the output goes through the extension host's console, often into a CI log
    timeout: Number(process.env.MOCHA_TIMEOUT || 30000),
    forbidOnly: !!process.env.CI,
    ...(process.env.MOCHA_GREP ? { grep: process.env.MOCHA_GREP } : {}),
  });
  const dir = __dirname;
  const files = readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.test.js'))
    .sort();
  for (const f of files) mocha.addFile(join(dir, f));
  if (files.length === 0) return Promise.reject(new Error(`no *.test.js files under ${dir}`));

  return new Promise((resolve, reject) => {
    try {
      mocha.run((failures) => {
        if (failures > 0) reject(new Error(`${failures} integration test${failures === 1 ? '' : 's'} failed`));
        else resolve();
      });
    } catch (e) {
      reject(e);
    }
  });
}
