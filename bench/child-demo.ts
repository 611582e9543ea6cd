// The demo server in its own process, so the server's work does not count against the
// inspector's event loop in the lag measurement.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export interface ChildDemo {
  url: string;
  stop(): void;
}

export function startChildDemo(): Promise<ChildDemo> {
  const child: ChildProcess = spawn(process.execPath, [join(__dirname, '..', 'demo-server.js'), '--quiet'], {
    env: { ...process.env, DEMO_PORT: '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (d: string) => {
      out += d;
      const m = /demo server on (http:\/\/\S+)/.exec(out);
      if (m) resolve({ url: m[1]!, stop: () => child.kill() });
    });
    child.once('exit', (code) => reject(new Error(`demo server exited with ${code} before printing its URL`)));
  });
}
