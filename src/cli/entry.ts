// The `sse-inspect` bin. It loads nothing but Node's own modules, so that on a Node too old
// for undici (which dies with a TypeError while loading) it can still say so in one line.
// In a checkout it re-runs itself with the project's pinned Node (the `node` devDependency)
// instead; the CLI proper is out/cli-main.js.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { constants } from 'node:os';
import { join } from 'node:path';

/** undici's `engines.node`: older Nodes lack what it uses at load time. */
const MIN_NODE: readonly [number, number] = [22, 19];
/** Documented in the CLI's --help. */
const EXIT_NODE_TOO_OLD = 3;
/** Set in the re-run child, so that a pinned Node that is somehow too old cannot loop. */
const REEXEC_ENV = 'SSE_INSPECT_REEXEC';

function isTooOld(version: string): boolean {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  return major < MIN_NODE[0] || (major === MIN_NODE[0] && minor < MIN_NODE[1]);
}

function pinnedNode(): string | undefined {
  const bin = join(__dirname, '..', 'node_modules', 'node', 'bin', process.platform === 'win32' ? 'node.exe' : 'node');
  return existsSync(bin) ? bin : undefined;
}

function rerun(node: string): void {
  const child = spawn(node, [join(__dirname, 'cli.js'), ...process.argv.slice(2)], { stdio: 'inherit', env: { ...process.env, [REEXEC_ENV]: '1' } });
  // Ctrl-C reaches both processes; the child decides how the run ends, this one waits for it.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => child.kill(signal));
  child.on('error', (err) => {
    process.stderr.write(`sse-inspect: could not start the project's Node (${node}): ${err.message}\n`);
    process.exitCode = EXIT_NODE_TOO_OLD;
  });
  child.on('exit', (code, signal) => {
    process.exitCode = code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0);
  });
}

const version = process.versions.node;
if (!isTooOld(version)) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  (require('./cli-main.js') as { main(): void }).main();
} else {
  const node = process.env[REEXEC_ENV] ? undefined : pinnedNode();
  if (node) rerun(node);
  else {
    process.stderr.write(`sse-inspect: needs Node ${MIN_NODE.join('.')} or later, and this is Node ${version}: install a current Node (https://nodejs.org, or \`nvm install 22\`) and run it again.\n`);
    process.exitCode = EXIT_NODE_TOO_OLD;
  }
}
