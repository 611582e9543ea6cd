// out/tap-preload.js in real Node processes (the Node running the tests): it reports an
// event stream the program reads (headers redacted before they leave the program), and it
// is purely observational: the program prints the same and exits the same as without it
// (its socket never keeps the program alive), reads a paused stream the same
// way, and says nothing when the extension's socket is not there. Also the stall watch
// that marks bytes held by a paused event loop.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { TAP_ENV, TapLineDecoder, type TapMessage } from '../../../src/core/passive/tap-wire';
import { StallWatch } from '../../../src/tap-preload/stall-watch';
import { SSE_HEADERS, useRawServers } from '../../support/raw-server';

const PRELOAD = resolve('out/tap-preload.js');

/** Reads an SSE stream with fetch, and one with http.get in paused mode (once('readable'), then read() on a timer). */
const PROGRAM = `
const http = require('node:http');
const url = process.argv[2];
(async () => {
  const res = await fetch(url + '/fetch', { headers: { accept: 'text/event-stream', authorization: 'Bearer s3cret' } });
  console.log('fetch', res.status, JSON.stringify(await res.text()));
  await new Promise((done) => {
    http.get(url + '/http', { headers: { accept: 'text/event-stream' } }, (r) => {
      // Paused mode: one 'readable' listener, then read() on a timer with no listener at all;
      // the tap must not start the stream flowing (readableFlowing stays null).
      let text = '';
      let ended = false;
      r.on('end', () => { ended = true; console.log('http', r.readableFlowing, JSON.stringify(text)); done(); });
      r.once('readable', () => {
        const poll = () => {
          let chunk;
          while ((chunk = r.read()) !== null) text += chunk;
          if (!ended) setTimeout(poll, 20);
        };
        poll();
      });
    });
  });
  console.error('done');
  process.exitCode = 3;
})();
`;

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runNode(script: string, args: string[], env: NodeJS.ProcessEnv): Promise<Ran> {
  const child = spawn(process.execPath, [script, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((done) => child.on('close', (code) => done({ code, stdout, stderr })));
}

describe('debug tap: the preload in a real Node program', function () {
  this.timeout(30_000);
  const serve = useRawServers();
  let dir: string;
  let script: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'sse-preload-'));
    script = join(dir, 'program.js');
    writeFileSync(script, PROGRAM);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const tapEnv = (address: string) => ({ ...process.env, NODE_OPTIONS: `--require "${PRELOAD}"`, [TAP_ENV]: JSON.stringify({ v: 1, address, token: 'tok', urls: [] }) });
  const startServer = () =>
    serve((req) => ({ headers: SSE_HEADERS, chunks: req.url === '/fetch' ? ['id: 1\ndata: a\n\n', 'data: b\n\n'] : ['data: c\n\n', 'data: d\n\n', 'data: e\n\n'], gapMs: 60 }));

  it('reports the streams it reads, redacted, and the program behaves as without it', async () => {
    const server = await startServer();
    const plain = await runNode(script, [server.url], process.env);
    assert.equal(plain.code, 3, plain.stderr);

    const address = join(dir, 'ext.sock');
    const received: TapMessage[] = [];
    const links = new Set<net.Socket>();
    const ext = net.createServer((s) => {
      links.add(s);
      const decoder = new TapLineDecoder();
      s.setEncoding('utf8');
      s.on('data', (t: string) => received.push(...decoder.feed(t)!));
    });
    await new Promise<void>((r) => ext.listen(address, r));
    try {
      // The extension keeps its end open: the program still exits on its own (else this never returns).
      const tapped = await runNode(script, [server.url], tapEnv(address));
      assert.deepEqual(tapped, plain, 'same output, same exit code');
      await new Promise((r) => setTimeout(r, 100));
      assert.equal(received[0]?.t, 'hello');
      const begins = received.filter((m): m is Extract<TapMessage, { t: 'begin' }> => m.t === 'begin');
      assert.deepEqual(begins.map((b) => b.url), [`${server.url}/fetch`, `${server.url}/http`]);
      assert.equal(begins[0]!.headers.find(([n]) => n === 'authorization')?.[1], 'Bearer <redacted>', 'redacted inside the program');
      assert.ok(!JSON.stringify(received).includes('s3cret'));
      const bodyOf = (id: number) => received.filter((m): m is Extract<TapMessage, { t: 'chunk' }> => m.t === 'chunk' && m.id === id).map((m) => Buffer.from(m.data, 'base64').toString()).join('');
      assert.equal(bodyOf(begins[0]!.id), 'id: 1\ndata: a\n\ndata: b\n\n');
      assert.equal(bodyOf(begins[1]!.id), 'data: c\n\ndata: d\n\ndata: e\n\n');
      assert.deepEqual(received.filter((m) => m.t === 'end').map((m) => m.t === 'end' && m.end), ['server-closed', 'server-closed']);
    } finally {
      for (const s of links) s.destroy();
      await new Promise((r) => ext.close(r));
    }
  });

  it('decodes a compressed stream as the program\'s fetch does, and sends what the program read', async () => {
    const body = 'id: 1\ndata: first\n\nid: 2\ndata: second\n\n';
    const gz = gzipSync(body);
    const server = await serve(() => ({ headers: { ...SSE_HEADERS, 'content-encoding': 'gzip' }, chunks: [gz.subarray(0, 7), gz.subarray(7, 20), gz.subarray(20)] }));
    const fetchOnly = join(dir, 'gzip.js');
    writeFileSync(fetchOnly, `fetch(process.argv[2] + '/g', { headers: { accept: 'text/event-stream' } }).then((r) => r.text()).then((t) => console.log(JSON.stringify(t)));`);
    const address = join(dir, 'ext-gzip.sock');
    const received: TapMessage[] = [];
    const ext = net.createServer((sock) => {
      const decoder = new TapLineDecoder();
      sock.setEncoding('utf8');
      sock.on('data', (t: string) => received.push(...decoder.feed(t)!));
    });
    await new Promise<void>((r) => ext.listen(address, r));
    try {
      const ran = await runNode(fetchOnly, [server.url], tapEnv(address));
      assert.equal(ran.stdout, JSON.stringify(body) + '\n');
      await new Promise((r) => setTimeout(r, 100));
      const text = received.filter((m): m is Extract<TapMessage, { t: 'chunk' }> => m.t === 'chunk').map((m) => Buffer.from(m.data, 'base64').toString()).join('');
      assert.equal(text, body);
      assert.equal(received.at(-1)?.t, 'end', 'the end comes after the last decoded bytes');
    } finally {
      await new Promise((r) => ext.close(r));
    }
  });

  it('taps a stream read in a worker thread, on its own link (thread id), and the program behaves as without it', async () => {
    const server = await startServer();
    const program = join(dir, 'worker.js');
    writeFileSync(
      program,
      `const { Worker } = require('node:worker_threads');
const w = new Worker("fetch(require('node:worker_threads').workerData + '/fetch', { headers: { accept: 'text/event-stream' } }).then((r) => r.text()).then((t) => console.log('worker', JSON.stringify(t)))", { eval: true, workerData: process.argv[2] });
w.on('exit', (code) => console.log('worker exited', code));`,
    );
    const plain = await runNode(program, [server.url], process.env);
    assert.equal(plain.stdout, 'worker "id: 1\\ndata: a\\n\\ndata: b\\n\\n"\nworker exited 0\n', plain.stderr);
    const address = join(dir, 'ext-worker.sock');
    const hellos: Array<Extract<TapMessage, { t: 'hello' }>> = [];
    const bodies = new Map<number, string>();
    const ext = net.createServer((sock) => {
      // One link per thread: each connection says hello with its thread id first.
      let thread = -1;
      const decoder = new TapLineDecoder();
      sock.setEncoding('utf8');
      sock.on('data', (t: string) => {
        for (const m of decoder.feed(t)!) {
          if (m.t === 'hello') {
            hellos.push(m);
            thread = m.thread;
          }
          if (m.t === 'chunk') bodies.set(thread, (bodies.get(thread) ?? '') + Buffer.from(m.data, 'base64').toString());
        }
      });
    });
    await new Promise<void>((r) => ext.listen(address, r));
    try {
      const tapped = await runNode(program, [server.url], tapEnv(address));
      assert.deepEqual(tapped, plain, 'same output, same exit code');
      await new Promise((r) => setTimeout(r, 100));
      const worker = hellos.find((h) => h.thread !== 0);
      assert.ok(worker, `a link from the worker thread: ${JSON.stringify(hellos)}`);
      assert.equal(bodies.get(worker.thread), 'id: 1\ndata: a\n\ndata: b\n\n');
    } finally {
      await new Promise((r) => ext.close(r));
    }
  });

  it('gives up silently when the extension is gone', async () => {
    const server = await startServer();
    const plain = await runNode(script, [server.url], process.env);
    const tapped = await runNode(script, [server.url], tapEnv(join(dir, 'nobody-listens.sock')));
    assert.deepEqual(tapped, plain);
  });
});

describe('debug tap: stall watch', () => {
  it('marks what is read right after the event loop stood still, and nothing else', async () => {
    // Wide margins: a busy test machine may starve this process for a moment, never for 0.4 s.
    const watch = new StallWatch(20, 400);
    assert.equal(watch.heldMs(), undefined, 'not watching');
    watch.start();
    try {
      await new Promise((r) => setTimeout(r, 60));
      assert.equal(watch.heldMs(), undefined, 'the loop runs');
      const end = Date.now() + 1000;
      while (Date.now() < end); // the loop stands still (as at a breakpoint)
      const held = watch.heldMs();
      assert.ok(held !== undefined && held >= 950, `held ${held}`);
      await new Promise((r) => setTimeout(r, 60));
      assert.equal(watch.heldMs(), undefined, 'a later loop turn is not held');
    } finally {
      watch.stop();
    }
  });
});
