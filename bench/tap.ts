// The proxy tap against a direct connection, in one run: its added latency per event (p50,
// p99 at 1k events/s: the same event written to a direct response and to one read through
// the tap, arrival times compared on one clock) and its throughput on the same bytes (a
// fixed stream read whole directly, then through the tap). The tap and the servers each run
// in their own process; the tap feeds a TapInspector's session, as in the extension.
import type { ChildProcess } from 'node:child_process';
import * as http from 'node:http';
import { join } from 'node:path';
import { startByteServer } from './byte-server';
import { startChildServer, type ChildServer } from './child-url';
import { haproxyVersion, startHaproxy, type ReferenceProxy } from './haproxy';
import { interleavedSeconds, median } from './measure';
import { bareClient } from './pipeline';
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
  /** The target's figure: a client that reads and drops the bytes (node:http), direct and through the tap. */
  directMBps: number;
  tapMBps: number;
  /** tap / direct, each round's ratio, median over rounds. */
  ratio: number;
  /** Beside it, the same client through proxies that inspect nothing (ratios to direct, same rounds). */
  pipeRatio: number;
  relayRatio: number;
  /** haproxy's ratio; undefined when the machine has no haproxy. */
  haproxyRatio: number | undefined;
  /** The tap against the bare pipe proxy: what the tap itself costs beyond being a proxy. */
  tapPerPipe: number;
  /** An SSE client (fetch + decode + eventsource-parser, as a program reads a stream) through the tap / direct. */
  sseClientRatio: number;
  sseClientDirectMBps: number;
}

/** The proxies measured, each a script of the bench run in its own process, and the line it announces its URL with. */
const PROXIES = {
  tap: ['tap-proxy-main.js', /tap proxy on (http:\/\/\S+)/],
  pipe: ['pipe-proxy-main.js', /pipe proxy on (http:\/\/\S+)/],
  relay: ['tcp-relay-main.js', /tcp relay on (http:\/\/\S+)/],
} as const;
type ProxyKind = keyof typeof PROXIES;

function startProxy(kind: ProxyKind, upstream: string): Promise<ChildServer> {
  const [script, announce] = PROXIES[kind];
  return startChildServer(join(__dirname, script), [upstream], announce);
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
  const tap = await startProxy(via, upstream.url);
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

/**
 * Reads a whole response and drops it; seconds from the response headers to the end of the
 * body (the stream's throughput, as in the pipeline section: not the connection's setup).
 */
function drain(url: string, expectedBytes: number): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent: false }, (res) => {
        const started = performance.now();
        let bytes = 0;
        res.on('data', (c: Buffer) => (bytes += c.length));
        res.on('end', () => (bytes === expectedBytes ? resolve((performance.now() - started) / 1000) : reject(new Error(`read ${bytes} of ${expectedBytes} bytes from ${url}`))));
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

/**
 * The target's comparison (a client that drops the bytes, direct and through the tap) and,
 * beside it, the same client through proxies that inspect nothing (a Node pipe proxy over
 * node:http, a Node TCP relay, haproxy when installed), and an SSE client direct and through
 * the tap. Every contender runs once per round, interleaved, after warm-up rounds; each ratio
 * is the median of the rounds' ratios.
 */
export async function measureTapThroughput(mix: StreamMix, chunkSize: number, runs: number): Promise<TapThroughput> {
  const server = await startByteServer(mix.bytes, chunkSize);
  const children: ChildProcess[] = [];
  let haproxy: ReferenceProxy | undefined;
  try {
    const child = async (proxy: ProxyKind): Promise<string> => {
      const c = await startProxy(proxy, server.url);
      children.push(c.child);
      return `${c.url}/`;
    };
    const tapUrl = await child('tap');
    const pipeUrl = await child('pipe');
    const relayUrl = await child('relay');
    if (haproxyVersion()) haproxy = await startHaproxy(server.url);
    const sse = async (url: string): Promise<number> => {
      const { events, seconds } = await bareClient(url);
      if (events !== mix.events) throw new Error(`the SSE client saw ${events} events through ${url}, expected ${mix.events}`);
      return seconds;
    };
    const contenders: Record<string, () => Promise<number>> = {
      direct: () => drain(server.url, mix.bytes.length),
      tap: () => drain(tapUrl, mix.bytes.length),
      pipe: () => drain(pipeUrl, mix.bytes.length),
      relay: () => drain(relayUrl, mix.bytes.length),
      sseDirect: () => sse(server.url),
      sseTap: () => sse(tapUrl),
    };
    if (haproxy) {
      const url = `${haproxy.url}/`;
      contenders['haproxy'] = () => drain(url, mix.bytes.length);
    }
    const seconds = await interleavedSeconds(contenders, runs, 2);
    const ratio = (num: string, den: string): number => median(seconds[num]!.map((s, i) => seconds[den]![i]! / s));
    const mbps = (k: string): number => mix.bytes.length / 1e6 / median(seconds[k]!);
    return {
      mix: mix.name,
      bytes: mix.bytes.length,
      directMBps: mbps('direct'),
      tapMBps: mbps('tap'),
      ratio: ratio('tap', 'direct'),
      pipeRatio: ratio('pipe', 'direct'),
      relayRatio: ratio('relay', 'direct'),
      haproxyRatio: haproxy ? ratio('haproxy', 'direct') : undefined,
      tapPerPipe: ratio('tap', 'pipe'),
      sseClientRatio: ratio('sseTap', 'sseDirect'),
      sseClientDirectMBps: mbps('sseDirect'),
    };
  } finally {
    await Promise.all([...children.map(stopChild), haproxy?.stop()]);
    await server.close();
  }
}
