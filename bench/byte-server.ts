// A loopback HTTP server that sends a fixed stream in fixed-size writes, so the pipeline
// and the raw-bytes baseline read exactly the same bytes the same way.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ByteServer {
  url: string;
  close(): Promise<void>;
}

export async function startByteServer(bytes: Buffer, chunkSize: number): Promise<ByteServer> {
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
