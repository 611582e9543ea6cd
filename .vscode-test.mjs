// @vscode/test-cli configuration (`npx vscode-test`): the integration suites in a real VS Code.
//
// Offline / CI: code-server installed by scripts/setup-vscode-host.sh into
// .vscode-test/code-server (or SSE_VSCODE_HOST=code-server) -> test-electron launches
// scripts/code-shim.sh instead of a VS Code binary, and the shim runs the tests through
// scripts/vscode-host.mjs (code-server + chromium). With internet and no code-server, the
// same config downloads desktop VS Code (SSE_VSCODE_HOST=desktop forces that).
//
// Build first: node esbuild.config.mjs --only=test-integration
// `npm test` itself calls scripts/vscode-host.mjs directly (same host, fewer layers).
import { defineConfig } from '@vscode/test-cli';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));
const codeServerInstalled = existsSync(join(root, '.vscode-test/code-server/node_modules/code-server/out/node/entry.js'));
const host = process.env.SSE_VSCODE_HOST || (codeServerInstalled ? 'code-server' : 'desktop');
const fixtures = join(root, 'test/fixtures/workspace');
const workspaceFolder = process.env.SSE_TEST_WORKSPACE || (existsSync(fixtures) ? fixtures : root);

export default defineConfig({
  label: 'integration',
  files: 'out/test/integration/**/*.test.js',
  extensionDevelopmentPath: root,
  workspaceFolder,
  mocha: { ui: 'bdd', timeout: 30000, color: false },
  // For the harness test (scripts/vscode-host.mjs sets the same two itself).
  env: { SSE_VSCODE_HOST: host, SSE_TEST_WORKSPACE: workspaceFolder },
  ...(host === 'code-server'
    ? { useInstallation: { fromPath: join(root, 'scripts/code-shim.sh') } }
    : { version: 'stable' }),
});
