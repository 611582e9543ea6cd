// The proxy tap against a direct connection, in one run: its added latency per event (p50,
// p99 at 1k events/s: the same event written to a direct response and to one read through
// the tap, arrival times compared on one clock) and its throughput on the same bytes (a
// fixed stream read whole directly, then through the tap). The tap and the servers each run
// in their own process; the tap feeds a TapInspector's session, as in the extension.
import type { ChildProcess } from 'node:child_process';
import * as http from 'node:http';
import { join } from 'node:path';
import { startByteServer } from './byte-server';
import { startChildServer } from './child-url';
import type { StreamMix } from './streams';

export interface TapLatency {
  events: number;
  rate: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface TapThroughput {
  mix: string;
  bytes: number;
  directMBps: number;
  tapMBps: number;
  /** A bare Node pipe proxy in its own process, for reference. */
  pipeMBps: number;
  ratio: number;
  pipeRatio: number;
  /** The tap against the bare pipe proxy: what the tap itself costs beyond being a proxy. */
  tapPerPipe: number;
}

async function stopChild(child: ChildProcess): Promise<void> {
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  child.kill();
  await exited;
}

/** Reads a whole response; `onData` sees each chunk with its arrival time. */
function read(url: string, onData?: (chunk: Buffer, at: number) => void): Promise<{ bytes: number; ms: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let bytes = 0;
    http
      .get(url, { agent: false }, (res) => {
        res.on('data', (c: Buffer) => {
          bytes += c.length;
          onData?.(c, performance.now());
        });
        res.on('end', () => resolve({ bytes, ms: performance.now() - started }));
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

/** Arrival time of each event id in a stream (by the chunk that completed it). */
function arrivals(): { onData(chunk: Buffer, at: number): void; times: Map<number, number> } {
  const times = new Map<number, number>();
  let carry = '';
  return {
    times,
    onData: (chunk, at) => {
      carry += chunk.toString('latin1');
      let end: number;
      while ((end = carry.indexOf('\n\n')) >= 0) {
        const block = carry.slice(0, end);
        carry = carry.slice(end + 2);
        const m = /\nid: (\d+)\n/.exec(block);
        if (m) times.set(Number(m[1]), at);
      }
    },
  };
}

/**
 * `via: 'pipe'` measures a bare Node pipe proxy the same way: what any proxy in its own
 * process costs on this machine, printed beside the tap's figure.
 */
export async function measureTapLatency(events: number, rate: number, via: 'tap' | 'pipe' = 'tap'): Promise<TapLatency> {
  const upstream = await startChildServer(join(__dirname, 'pair-server-main.js'), [String(events), String(rate)], /pair server on (http:\/\/\S+)/);
  const tap =
    via === 'tap'
      ? await startChildServer(join(__dirname, 'tap-proxy-main.js'), [upstream.url], /tap proxy on (http:\/\/\S+)/)
      : await startChildServer(join(__dirname, 'pipe-proxy-main.js'), [upstream.url], /pipe proxy on (http:\/\/\S+)/);
  try {
    const direct = arrivals();
    const tapped = arrivals();
    await Promise.all([read(upstream.url, direct.onData), read(`${tap.url}/`, tapped.onData)]);
    const added: number[] = [];
    for (const [id, at] of tapped.times) {
      const d = direct.times.get(id);
      if (d !== undefined) added.push(at - d);
    }
    added.sort((a, b) => a - b);
    const q = (p: number): number => added[Math.min(added.length - 1, Math.floor(p * added.length))]!;
    return { events: added.length, rate, p50Ms: q(0.5), p99Ms: q(0.99), maxMs: added[added.length - 1]! };
  } finally {
    await Promise.all([stopChild(tap.child), stopChild(upstream.child)]);
  }
}

export async function measureTapThroughput(mix: StreamMix, chunkSize: number, runs: number): Promise<TapThroughput> {
  const server = await startByteServer(mix.bytes, chunkSize);
  const tap = await startChildServer(join(__dirname, 'tap-proxy-main.js'), [server.url], /tap proxy on (http:\/\/\S+)/);
  const pipe = await startChildServer(join(__dirname, 'pipe-proxy-main.js'), [server.url], /pipe proxy on (http:\/\/\S+)/);
  try {
    const direct: number[] = [];
    const tapped: number[] = [];
    const piped: number[] = [];
    const mbps = async (url: string, into: number[]): Promise<void> => {
      const r = await read(url);
      if (r.bytes !== mix.bytes.length) throw new Error(`read ${r.bytes} of ${mix.bytes.length} bytes from ${url}`);
      into.push(r.bytes / 1e6 / (r.ms / 1000));
    };
    // Interleaved, so a slow moment of the machine falls on every side alike.
    for (let i = 0; i < runs; i++) {
      await mbps(server.url, direct);
      await mbps(`${tap.url}/`, tapped);
      await mbps(`${pipe.url}/`, piped);
    }
    const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const directMBps = median(direct);
    const tapMBps = median(tapped);
    const pipeMBps = median(piped);
    return { mix: mix.name, bytes: mix.bytes.length, directMBps, tapMBps, pipeMBps, ratio: tapMBps / directMBps, pipeRatio: pipeMBps / directMBps, tapPerPipe: tapMBps / pipeMBps };
  } finally {
    await Promise.all([stopChild(tap.child), stopChild(pipe.child)]);
    await server.close();
  }
}
