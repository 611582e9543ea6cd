// Starts a Node script of the benchmark's in a child process and waits for the URL it
// prints: the servers the benchmark measures against run apart from the client measured.
import { spawn, type ChildProcess } from 'node:child_process';

export interface ChildServer {
  url: string;
  child: ChildProcess;
}

/** Runs `node <script> ...args` and resolves with the first match of `announce` (group 1: the URL). */
export function startChildServer(script: string, args: string[], announce: RegExp, env: NodeJS.ProcessEnv = process.env): Promise<ChildServer> {
  const child = spawn(process.execPath, [script, ...args], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (d: string) => {
      out += d;
      const m = announce.exec(out);
      if (m) resolve({ url: m[1]!, child });
    });
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code} before printing its URL`)));
  });
}
