// haproxy (a proxy written in C, by nobody here), when the machine has it, as a third-party
// reference for what a proxy process costs: `apt-get install haproxy` to have it measured.
// Started in HTTP mode in front of one upstream, as the tap is; nothing of it is installed
// by the project (the benchmark prints that it was skipped).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ReferenceProxy {
  url: string;
  stop(): Promise<void>;
}

export function haproxyVersion(): string | undefined {
  const r = spawnSync('haproxy', ['-v'], { encoding: 'utf8' });
  return r.status === 0 ? /version (\S+)/i.exec(r.stdout)?.[1] ?? 'unknown' : undefined;
}

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as net.AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

async function waitForListener(port: number, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`haproxy exited with ${child.exitCode}`);
    const up = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => {
        s.destroy();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });
    if (up) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('haproxy did not start listening');
}

/** haproxy in HTTP mode in front of `upstream` (http://127.0.0.1:PORT/). */
export async function startHaproxy(upstream: string): Promise<ReferenceProxy> {
  const target = new URL(upstream);
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'sse-bench-haproxy-'));
  const config = join(dir, 'haproxy.cfg');
  writeFileSync(
    config,
    [
      'global',
      '  maxconn 64',
      'defaults',
      '  mode http',
      '  timeout connect 5s',
      '  timeout client 60s',
      '  timeout server 60s',
      'frontend tap',
      `  bind 127.0.0.1:${port}`,
      '  default_backend upstream',
      'backend upstream',
      `  server upstream ${target.hostname}:${target.port}`,
      '',
    ].join('\n'),
  );
  const child = spawn('haproxy', ['-f', config], { stdio: ['ignore', 'ignore', 'inherit'] });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  try {
    await waitForListener(port, child);
  } catch (err) {
    child.kill();
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      child.kill();
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
