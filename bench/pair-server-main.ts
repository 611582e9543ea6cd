// A server for the tap's latency figure: `node pair-server-main.js <events> <rate>` waits for
// two requests, then writes each event to both responses in the same tick, `rate` events a
// second, and ends both. One client reads one response directly and the other through the
// tap: the difference of the arrival times of the same event is the tap's added latency,
// read on one clock.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

const [eventsArg, rateArg] = process.argv.slice(2);
const events = Number(eventsArg ?? 5000);
const rate = Number(rateArg ?? 1000);
let waiting: http.ServerResponse[] = [];

const server = http.createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  res.flushHeaders();
  waiting.push(res);
  if (waiting.length === 2) {
    const pair = waiting;
    waiting = [];
    void send(pair);
  }
});

async function send(pair: http.ServerResponse[]): Promise<void> {
  const started = performance.now();
  const pad = 'p'.repeat(120);
  for (let i = 1; i <= events; i++) {
    const chunk = `event: tick\nid: ${i}\ndata: {"n":${i},"pad":"${pad}"}\n\n`;
    for (const res of pair) res.write(chunk);
    // Paced against the start, so timer slop does not lower the rate.
    const due = started + (i / rate) * 1000;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
  for (const res of pair) res.end();
}

server.listen(0, '127.0.0.1', () => console.log(`pair server on http://127.0.0.1:${(server.address() as AddressInfo).port}/`));
