// The stream mixes the benchmark feeds through every pipeline: the same bytes for each
// side of a ratio, built once per run.

export interface StreamMix {
  name: string;
  /** The whole stream as UTF-8 bytes. */
  bytes: Buffer;
  events: number;
}

/** LLM token deltas: ~200-byte JSON events, as an OpenAI-style chat stream sends them. */
function tokenDelta(i: number): string {
  const delta = { id: 'chatcmpl-8x1', object: 'chat.completion.chunk', created: 1700000000, model: 'gpt-4o', choices: [{ index: 0, delta: { content: ` tok${i % 1000}` }, finish_reason: null }] };
  return `data: ${JSON.stringify(delta)}\n\n`;
}

const heartbeat = (i: number) => `event: heartbeat\ndata: ${1700000000000 + i}\n\n`; // ~30 bytes

const multiline = (i: number) => `event: log\nid: ${i}\ndata: line one of ${i}\ndata: line two\ndata: line three\ndata: {"level":"info"}\n\n`;

const big8k = (i: number) => `event: snapshot\nid: ${i}\ndata: {"n":${i},"blob":"${'b'.repeat(8 * 1024 - 40)}"}\n\n`;

function build(name: string, targetBytes: number, make: (i: number) => string): StreamMix {
  const parts: string[] = [];
  let size = 0;
  let events = 0;
  while (size < targetBytes) {
    const s = make(events);
    parts.push(s);
    size += s.length;
    events++;
  }
  return { name, bytes: Buffer.from(parts.join(''), 'utf8'), events };
}

/** The mixes of the issue, each about `targetBytes` long. */
export function streamMixes(targetBytes: number): StreamMix[] {
  return [
    build('LLM token deltas (~200 B JSON)', targetBytes, tokenDelta),
    build('heartbeats (~30 B)', targetBytes, heartbeat),
    build('multi-line data', targetBytes, multiline),
    build('8 KB events', targetBytes, big8k),
  ];
}

/** One 1 MiB event, repeated. */
export function largeEvents(count: number): StreamMix {
  const one = `event: big\ndata: ${'x'.repeat(1024 * 1024)}\n\n`;
  return { name: '1 MiB events', bytes: Buffer.from(one.repeat(count), 'utf8'), events: count };
}
