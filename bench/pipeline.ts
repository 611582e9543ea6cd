// Throughput of the inspector's core pipeline (fetch over 127.0.0.1 + decode + parse +
// records + session) against bare eventsource-parser on the same bytes in memory, and
// against reading the same bytes over loopback with no parsing at all.
import { createParser } from 'eventsource-parser';
import { Agent, fetch, Response } from 'undici';
import { POLICY_PRESETS } from '../src/core/reconnect';
import { startByteServer } from './byte-server';
import { medianSeconds, throughput, type Throughput } from './measure';
import { runToEnd } from './run-to-end';
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

/** Reads the whole response over loopback, each chunk handed to `onChunk` (or thrown away). */
async function rawRead(url: string, onChunk?: (chunk: Uint8Array) => void): Promise<number> {
  const agent = new Agent({ bodyTimeout: 0 });
  try {
    const res = await fetch(url, { dispatcher: agent });
    let total = 0;
    for await (const chunk of res.body!) {
      total += (chunk as Uint8Array).byteLength;
      onChunk?.(chunk as Uint8Array);
    }
    return total;
  } finally {
    await agent.close();
  }
}

/** The simplest SSE client: the same fetch of the same socket, decoded and parsed, events counted and dropped. */
async function bareClient(url: string): Promise<number> {
  let events = 0;
  const parser = createParser({ onEvent: () => events++ });
  const decoder = new TextDecoder();
  await rawRead(url, (chunk) => parser.feed(decoder.decode(chunk, { stream: true })));
  return events;
}

/**
 * The same pipeline with the socket taken out: the connection's fetch boundary hands it
 * the same chunks from memory, so what is measured is decode + parse + records + session.
 */
export async function runInMemory(bytes: Buffer, chunkSize: number, expectedEvents: number): Promise<void> {
  const inMemoryFetch = (async () => {
    let offset = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (offset >= bytes.length) return controller.close();
        controller.enqueue(bytes.subarray(offset, offset + chunkSize));
        offset += chunkSize;
      },
    });
    return new Response(body as unknown as ConstructorParameters<typeof Response>[0], { status: 200, headers: { 'content-type': 'text/event-stream' } });
  }) as unknown as typeof fetch;
  const inspector = await runToEnd({ request: { url: 'http://in-memory.invalid/' }, reconnect: POLICY_PRESETS.none, fetch: inMemoryFetch }, expectedEvents, 'in-memory pipeline');
  await inspector.dispose();
}

export async function measurePipeline(mix: StreamMix, chunkSize: number, runs: number): Promise<PipelineResult> {
  const server = await startByteServer(mix.bytes, chunkSize);
  try {
    const bareS = await medianSeconds(runs, () => {
      const n = bareParse(mix.bytes, chunkSize);
      if (n !== mix.events) throw new Error(`bare parser saw ${n} events, expected ${mix.events}`);
    });
    const rawS = await medianSeconds(runs, async () => {
      await rawRead(server.url);
    });
    const bareClientS = await medianSeconds(runs, async () => {
      const n = await bareClient(server.url);
      if (n !== mix.events) throw new Error(`bare client saw ${n} events, expected ${mix.events}`);
    });
    const pipeS = await medianSeconds(runs, async () => {
      const inspector = await runToEnd({ request: { url: server.url }, reconnect: POLICY_PRESETS.none }, mix.events, 'pipeline');
      await inspector.dispose();
    });
    const memS = await medianSeconds(runs, () => runInMemory(mix.bytes, chunkSize, mix.events));
    const inMemory = throughput(memS, mix.events, mix.bytes.length);
    const bare = throughput(bareS, mix.events, mix.bytes.length);
    const raw = throughput(rawS, mix.events, mix.bytes.length);
    const pipeline = throughput(pipeS, mix.events, mix.bytes.length);
    const bareClientThroughput = throughput(bareClientS, mix.events, mix.bytes.length);
    return {
      mix: mix.name,
      chunkSize,
      bytes: mix.bytes.length,
      events: mix.events,
      bare,
      raw,
      bareClient: bareClientThroughput,
      pipeline,
      vsBare: pipeline.eventsPerSec / bare.eventsPerSec,
      vsRaw: pipeline.mbPerSec / raw.mbPerSec,
      vsBareClient: pipeline.eventsPerSec / bareClientThroughput.eventsPerSec,
      inMemory,
      inMemoryVsBare: inMemory.eventsPerSec / bare.eventsPerSec,
    };
  } finally {
    await server.close();
  }
}
