// Throughput of the inspector's core pipeline (fetch over 127.0.0.1 + decode + parse +
// records + session) against: a bare client of the same socket (fetch + decode + parse,
// nothing kept), bare eventsource-parser on the same bytes in memory, reading the same
// bytes over loopback with no parsing at all, and the pipeline fed from memory.
import { createParser } from 'eventsource-parser';
import { Agent, fetch } from 'undici';
import { POLICY_PRESETS } from '../src/core/base/reconnect';
import { startByteServer } from './byte-server';
import { interleavedSeconds, median, throughput, type Throughput } from './measure';
import { runToEnd } from './run-to-end';
import { inMemoryFetch } from '../test/support/in-memory-fetch';
import type { StreamMix } from './streams';

export interface PipelineResult {
  mix: string;
  chunkSize: number;
  bytes: number;
  events: number;
  bare: Throughput;
  raw: Throughput;
  /** The simplest client of the same socket: fetch + decode + eventsource-parser, nothing kept. */
  bareClient: Throughput;
  pipeline: Throughput;
  /** The pipeline fed the same chunks from memory (no socket). */
  inMemory: Throughput;
  /** pipeline / bare parser events per second. */
  vsBare: number;
  /** pipeline / raw loopback bytes per second. */
  vsRaw: number;
  /** pipeline / bare client on the same socket. */
  vsBareClient: number;
  /** in-memory pipeline / bare parser. */
  inMemoryVsBare: number;
}

/** Bare eventsource-parser: UTF-8 decode and parse, chunk by chunk, in memory. */
function bareParse(bytes: Buffer, chunkSize: number): number {
  let events = 0;
  const parser = createParser({ onEvent: () => events++ });
  const decoder = new TextDecoder();
  for (let i = 0; i < bytes.length; i += chunkSize) parser.feed(decoder.decode(bytes.subarray(i, i + chunkSize), { stream: true }));
  return events;
}

/**
 * Reads the whole response over loopback, each chunk handed to `onChunk` (or thrown away).
 * Returns the seconds from the response headers to the end of the body: the stream's
 * throughput, without the connection setup (the server's time to first byte varied by tens
 * of ms from request to request and would have drowned the difference being measured).
 */
async function rawRead(url: string, onChunk?: (chunk: Uint8Array) => void): Promise<number> {
  const agent = new Agent({ bodyTimeout: 0 });
  try {
    const res = await fetch(url, { dispatcher: agent });
    const t0 = performance.now();
    // Read as the connection reads (reader.read(), not for await), so the two differ only
    // in what they do with each chunk.
    const reader = res.body!.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      onChunk?.(value);
    }
    return (performance.now() - t0) / 1000;
  } finally {
    await agent.close();
  }
}

/** The simplest SSE client: the same fetch of the same socket, decoded and parsed, events counted and dropped. */
export async function bareClient(url: string): Promise<{ events: number; seconds: number }> {
  let events = 0;
  const parser = createParser({ onEvent: () => events++ });
  const decoder = new TextDecoder();
  const seconds = await rawRead(url, (chunk) => parser.feed(decoder.decode(chunk, { stream: true })));
  return { events, seconds };
}

/** The inspector on the same socket; seconds from the response headers (state open) to the end, like rawRead. */
async function pipelineRead(url: string, expectedEvents: number): Promise<number> {
  let opened = 0;
  let seconds = 0;
  const inspector = await runToEnd({ request: { url }, reconnect: POLICY_PRESETS.none }, expectedEvents, 'pipeline', (connection) => {
    connection.onState((state) => {
      if (state === 'open') opened = performance.now();
      if (state === 'closed' || state === 'failed') seconds = (performance.now() - opened) / 1000;
    });
  });
  await inspector.dispose();
  return seconds;
}

/**
 * The same pipeline with the socket taken out: the connection's fetch boundary hands it
 * the same chunks from memory, so what is measured is decode + parse + records + session.
 */
export async function runInMemory(bytes: Buffer, chunkSize: number, expectedEvents: number): Promise<void> {
  let offset = 0;
  const fetch = inMemoryFetch(() => {
    if (offset >= bytes.length) return undefined;
    offset += chunkSize;
    return bytes.subarray(offset - chunkSize, offset);
  });
  const inspector = await runToEnd({ request: { url: 'http://in-memory.invalid/' }, reconnect: POLICY_PRESETS.none, fetch }, expectedEvents, 'in-memory pipeline');
  await inspector.dispose();
}

export async function measurePipeline(mix: StreamMix, chunkSize: number, runs: number): Promise<PipelineResult> {
  const server = await startByteServer(mix.bytes, chunkSize);
  const check = (what: string, n: number): void => {
    if (n !== mix.events) throw new Error(`${what} saw ${n} events, expected ${mix.events}`);
  };
  const contenders = {
    bare: () => check('bare parser', bareParse(mix.bytes, chunkSize)),
    raw: () => rawRead(server.url),
    bareClient: async () => {
      const { events, seconds } = await bareClient(server.url);
      check('bare client', events);
      return seconds;
    },
    pipeline: () => pipelineRead(server.url, mix.events),
    inMemory: () => runInMemory(mix.bytes, chunkSize, mix.events),
  };
  try {
    // Interleaved, round by round: a slow spell of the machine hits every contender of a
    // round alike, and each ratio is the median of the rounds' ratios, not of two medians
    // taken at different moments.
    const seconds = await interleavedSeconds(contenders, runs);
    const t = (k: keyof typeof contenders): Throughput => throughput(median(seconds[k]), mix.events, mix.bytes.length);
    const ratio = (num: keyof typeof contenders, den: keyof typeof contenders): number => median(seconds[num].map((s, i) => seconds[den][i]! / s));
    return {
      mix: mix.name,
      chunkSize,
      bytes: mix.bytes.length,
      events: mix.events,
      bare: t('bare'),
      raw: t('raw'),
      bareClient: t('bareClient'),
      pipeline: t('pipeline'),
      inMemory: t('inMemory'),
      vsBare: ratio('pipeline', 'bare'),
      vsRaw: ratio('pipeline', 'raw'),
      vsBareClient: ratio('pipeline', 'bareClient'),
      inMemoryVsBare: ratio('inMemory', 'bare'),
    };
  } finally {
    await server.close();
  }
}
