// `sse-inspect tap` as a user runs it: the built CLI in a child process. The first line it
// prints is the tap's address; `done` has the whole output and the exit status.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** out/cli.js of this checkout, found from wherever the test that imports this was bundled to. */
function builtCli(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return join(dir, 'out', 'cli.js');
}
const CLI = builtCli();

export interface RunningTapCli {
  /** Resolves with the first line (the address). */
  firstLine: Promise<string>;
  done: Promise<{ code: number | null; stdout: string; stderr: string }>;
  /** Ctrl-C. */
  stop(): void;
}

/** Runs `sse-inspect tap …args`; killed after `killAfterMs` if it has not ended by then. */
export function tapCli(args: string[], killAfterMs = 20_000): RunningTapCli {
  const child = spawn(process.execPath, [CLI, 'tap', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let gotLine: (l: string) => void = () => undefined;
  const firstLine = new Promise<string>((resolve) => (gotLine = resolve));
  child.stdout.on('data', (d) => {
    stdout += d;
    if (stdout.includes('\n')) gotLine(stdout.slice(0, stdout.indexOf('\n')));
  });
  child.stderr.on('data', (d) => (stderr += d));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  const timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
  void done.then(() => clearTimeout(timer));
  return { firstLine, done, stop: () => child.kill('SIGINT') };
}
