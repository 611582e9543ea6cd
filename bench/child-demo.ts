// The demo server in its own process, so the server's work does not count against the
// inspector's event loop in the lag measurement.
import { join } from 'node:path';
import { startChildServer } from './child-url';

export interface ChildDemo {
  url: string;
  stop(): void;
}

export async function startChildDemo(): Promise<ChildDemo> {
  const { url, child } = await startChildServer(join(__dirname, '..', 'demo-server.js'), ['--quiet'], /demo server on (http:\/\/\S+)/, { ...process.env, DEMO_PORT: '0' });
  return { url, stop: () => child.kill() };
}
