// A loopback HTTP server that sends a fixed stream in fixed-size writes, so the pipeline
// and the baselines read exactly the same bytes the same way. It runs in its own process
// (byte-server-main.ts), as a real server would: in-process, its writes shared the event
// loop with the client being measured and coupled the figures (a reader that parsed got
// bigger reads than one that did not, and came out faster than raw loopback).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startChildServer } from './child-url';

export interface ByteServer {
  url: string;
  close(): Promise<void>;
}

/** Serves `bytes` in `chunkSize` writes, backpressure respected, to every request. In this process. */
export async function serveBytes(bytes: Buffer, chunkSize: number): Promise<ByteServer> {
  const server = http.createServer(async (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    for (let i = 0; i < bytes.length; i += chunkSize) {
      if (!res.write(bytes.subarray(i, i + chunkSize))) await new Promise((r) => res.once('drain', r));
    }
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => {
      server.closeAllConnections();
      return new Promise((r) => server.close(() => r()));
    },
  };
}

/** The same server in a child process; the bytes go to it through a temporary file. */
export async function startByteServer(bytes: Buffer, chunkSize: number): Promise<ByteServer> {
  const dir = mkdtempSync(join(tmpdir(), 'sse-bench-'));
  const file = join(dir, 'stream.bin');
  writeFileSync(file, bytes);
  const cleanup = (): void => rmSync(dir, { recursive: true, force: true });
  try {
    const { url, child } = await startChildServer(join(__dirname, 'byte-server-main.js'), [file, String(chunkSize)], /byte server on (http:\/\/\S+)/);
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    return {
      url,
      close: async () => {
        child.kill();
        await exited;
        cleanup();
      },
    };
  } catch (err) {
    cleanup();
    throw err;
  }
}
