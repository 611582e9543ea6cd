// A web page's own server for the debug-tap tests: serves the page (what it runs is the
// test's), answers its /go (the test says when the page may open its streams) and takes its
// /log (what the page received), and passes /demo/* through to the demo server unbuffered,
// so the page's streams are same-origin. Records the Last-Event-ID of each /demo/resume request.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DemoServer } from '../../demo/server';

export interface PageServer {
  url: string;
  /** The Last-Event-ID header of each /demo/resume request, in order (undefined: none sent). */
  lastEventIds: Array<string | undefined>;
  /** What the page posted to /log. */
  pageLog: Promise<unknown>;
  close(): Promise<void>;
}

/** Serves the page and its log, and passes /demo/* through to the demo server unbuffered (same origin for the page). */
export async function startPageServer(demo: DemoServer, html: string, ready: () => Promise<boolean>): Promise<PageServer> {
  const lastEventIds: Array<string | undefined> = [];
  let resolveLog: (log: unknown) => void = () => undefined;
  const pageLog = new Promise<unknown>((r) => (resolveLog = r));
  const server = http.createServer((req, res) => {
    const url = req.url ?? '/';
    if (url === '/page') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(html);
    } else if (url === '/go') {
      void ready().then((go) => res.end(go ? 'go' : 'wait'));
    } else if (url === '/log' && req.method === 'POST') {
      const parts: Buffer[] = [];
      req.on('data', (c: Buffer) => parts.push(c));
      req.on('end', () => {
        res.end();
        resolveLog(JSON.parse(Buffer.concat(parts).toString('utf8')));
      });
    } else if (url.startsWith('/demo/')) {
      if (url.startsWith('/demo/resume')) lastEventIds.push(req.headers['last-event-id'] as string | undefined);
      const up = http.request(`${demo.url}${url.slice('/demo'.length)}`, { method: req.method, headers: req.headers }, (upRes) => {
        res.writeHead(upRes.statusCode ?? 502, upRes.headers);
        upRes.pipe(res);
      });
      up.on('error', () => res.destroy());
      req.pipe(up);
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    lastEventIds,
    pageLog,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}

