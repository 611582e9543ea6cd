// Realistic sessions for the screenshots and the reconnection tests: the seed's S1 stream
// (system + heartbeats every 25 s), an S5-style streamed answer (content chunks + [DONE]),
// a dropped connection that reconnects with Last-Event-ID (and loses one id on the way),
// a debug session paused for a while, the stream diagnostics; and an LLM session with an
// OpenAI answer that reasons and calls a tool.
import type { AssembledMessage } from '../../../src/core/assemble';
import type { StreamDiagnostic } from '../../../src/core/diagnostics';
import type { SessionSnapshot } from '../../../src/core/snapshot';
import type { EventRecord, RequestSummary, SseRecord } from '../../../src/core/base/records';
import { heartbeatOf, RecordFactory, snapshotOf } from './records';

const REQUEST: RequestSummary = {
  method: 'GET',
  url: 'http://127.0.0.1:3000/events?token=%5Bredacted%5D&roomId=lobby&username=ada&userId=u-42&clientId=c-7',
  headers: [
    ['Accept', 'text/event-stream'],
    ['Cache-Control', 'no-cache'],
  ],
  bodyBytes: 0,
  authKind: 'query',
  secretInUrl: true,
};

const ANSWER = 'Hello! Server-Sent Events keep one HTTP response open and push text frames.';

export function mixedSession(): SessionSnapshot {
  const f = new RecordFactory(undefined, REQUEST);
  const records: SseRecord[] = [];
  let id = 0;
  const beat = (): void => {
    records.push(f.wait(25_000).event('heartbeat', JSON.stringify({ timestamp: f.t }), { id: String(++id) }));
  };
  records.push(f.open());
  records.push(f.wait(4).event('system', JSON.stringify({ message: 'SSE connected', onlineCount: 3 }), { id: String(++id) }));
  records.push(f.wait(2).retry(3000));
  beat();
  beat();
  records.push(f.wait(3_100).event('user-joined', JSON.stringify({ username: 'grace', roomId: 'lobby' }), { id: String(++id) }));
  [...ANSWER].forEach((ch, index) => {
    records.push(f.wait(50).event('content', JSON.stringify({ type: 'content', text: ch, messageId: 'm-1', index }), { id: String(++id) }));
  });
  records.push(f.wait(50).event('message', '[DONE]'));
  beat();
  records.push(f.wait(20_000).comment('keep-alive'));
  records.push(f.wait(9_000).error('network', 'read ECONNRESET'));
  records.push(f.close('network-error', 'The connection was reset', { willReconnect: true, bytes: 9_876 }));
  records.push(f.reconnect({ retryNumber: 1, delayMs: 700, reason: 'error', source: 'policy', policy: 'linear', detail: 'read ECONNRESET' }));
  records.push(f.wait(700).error('http-status', 'Service Unavailable', { status: 503, body: '{"error":"upstream restarting"}' }));
  records.push(f.reconnect({ retryNumber: 2, delayMs: 3000, reason: 'http-5xx', source: 'retry-field', policy: 'linear', detail: '503 Service Unavailable' }));
  const sent = String(id);
  records.push(f.wait(3000).open({ lastEventIdSent: sent }));
  // The restarted server lost one event: the first id after the resume skips one.
  id++;
  const resumed = f.wait(3).event('system', JSON.stringify({ message: 'SSE connected', onlineCount: 4 }), { id: String(++id) });
  records.push(resumed);
  beat();
  // The user's program (the SSE client being debugged) stops at a breakpoint for a while.
  records.push(f.wait(1_200).marker('Paused on breakpoint in chat-client.ts:42', 'debug-pause'));
  const whilePaused = f.wait(4_800).event('room-message', JSON.stringify({ from: 'grace', text: 'Is the stream back?', at: f.t }), { id: String(++id) });
  records.push(whilePaused);
  beat();
  records.push(f.wait(2_500).marker('Continued', 'debug-continue'));
  // The next beat keeps the 25 s cadence (the marker is not stream traffic).
  records.push(f.wait(22_500).event('heartbeat', JSON.stringify({ timestamp: f.t }), { id: String(++id) }));
  beat();
  const lastBeat = f.t;
  records.push(f.wait(6_000).event('room-message', JSON.stringify({ from: 'ada', text: 'Yes, it resumed from the last id.', at: f.t }), { id: String(++id) }));

  const snapshot = snapshotOf(records, {
    label: 'Chat room (S3 + S5 demo)',
    policy: 'linear',
    serverRetryMs: 3000,
    heartbeat: heartbeatOf({
      expectedIntervalMs: 25_000,
      expectedSource: 'configured',
      idleTimeoutMs: 60_000,
      beatSource: 'event',
      heartbeatEvents: ['heartbeat'],
      beats: 7,
      missed: 1,
      lastBeatAt: lastBeat,
      lastActivityAt: f.t,
      gaps: { count: 6, minMs: 24_990, meanMs: 29_180, p50Ms: 25_002, p95Ms: 50_010, maxMs: 50_010 },
      recentGaps: [25_001, 24_998, 25_003, 50_010, 25_000, 24_990, 25_004],
      commentsOnly: false,
    }),
    messages: [{ id: 'm-1', format: 'content', text: ANSWER, chunks: ANSWER.length, done: true, firstSeq: 7, lastSeq: 7 + ANSWER.length }],
    continuity: {
      numericIds: true,
      eventsWithIds: id - 1,
      gaps: 1,
      missingIds: 1,
      duplicates: 0,
      issues: [{ kind: 'gap', seq: resumed.seq, attempt: resumed.attempt, id: resumed.id!, expected: String(Number(sent) + 1), missing: 1, acrossReconnect: true }],
      resumes: [{ attempt: resumed.attempt, lastEventIdSent: sent, firstId: resumed.id!, outcome: 'gap', seq: resumed.seq }],
    },
    diagnostics: mixedDiagnostics(records),
    at: f.t + 2_000,
  });
  // Rates as the session reports them for a quiet stream (one message, a beat every 25 s).
  snapshot.stats.eventsPerSec = 0.2;
  snapshot.stats.bytesPerSec = 14;
  return snapshot;
}

/** What the core's StreamDiagnostics would say about this stream: it buffers, and mixes line endings. */
function mixedDiagnostics(records: readonly SseRecord[]): StreamDiagnostic[] {
  const content = records.filter((r): r is EventRecord => r.kind === 'event' && r.type === 'content');
  const first = content[0]!;
  const last = content[content.length - 1]!;
  return [
    {
      code: 'line-endings-mixed',
      severity: 'warning',
      message: 'The stream mixes line endings (LF, CRLF). The spec allows it; hand-written parsers that split on one kind break.',
      count: 1,
      firstAt: records[0]!.t,
      lastAt: records[0]!.t,
    },
    {
      code: 'bursts',
      severity: 'warning',
      message: '10+ events arrived in one read after 3100 ms of silence: a proxy, compression or the server is buffering the stream (X-Accel-Buffering: no, flush after each event).',
      count: 3,
      firstSeq: first.seq,
      lastSeq: last.seq,
      firstAt: first.t,
      lastAt: last.t,
    },
    {
      code: 'slow-event',
      severity: 'info',
      message: 'An event took 2400 ms from its first byte to its end: it is sent in pieces, slowly.',
      count: 1,
      firstSeq: last.seq,
      lastSeq: last.seq,
      firstAt: last.t,
      lastAt: last.t,
    },
  ];
}

const REASONING =
  'The user wants the weather in Lisbon. I do not know it: call get_weather with the city, then answer in one sentence with the temperature in Celsius.';

/**
 * An OpenAI Chat Completions stream (reasoning deltas, a tool call streamed in pieces,
 * finish_reason tool_calls) followed by an Anthropic answer still streaming, as the core
 * assembles them.
 */
export function llmSession(): SessionSnapshot {
  const f = new RecordFactory(undefined, { method: 'POST', url: 'https://api.example.com/v1/chat/completions', headers: [['Accept', 'text/event-stream']], bodyBytes: 412, authKind: 'bearer' });
  const records: SseRecord[] = [f.open()];
  const chunk = (delta: object, finish: string | null = null): void => {
    records.push(f.wait(30).event('message', JSON.stringify({ id: 'chatcmpl-9x2', object: 'chat.completion.chunk', model: 'gpt-4.1-mini', choices: [{ index: 0, delta, finish_reason: finish }] })));
  };
  for (const piece of REASONING.match(/.{1,24}/g)!) chunk({ reasoning_content: piece });
  chunk({ tool_calls: [{ index: 0, id: 'call_7Qm2', type: 'function', function: { name: 'get_weather', arguments: '' } }] });
  for (const piece of ['{"city":', '"Lisbon",', '"unit":"celsius"}']) chunk({ tool_calls: [{ index: 0, function: { arguments: piece } }] });
  chunk({}, 'tool_calls');
  records.push(f.wait(10).event('message', '[DONE]'));
  const openaiLast = records[records.length - 1]!.seq;
  const claudeFirst = f.wait(800).event('content_block_delta', JSON.stringify({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'It is 21 °C and sunny in Lisbon' } }));
  records.push(claudeFirst);
  const messages: AssembledMessage[] = [
    {
      id: 'chatcmpl-9x2',
      format: 'openai-chat',
      text: '',
      reasoning: REASONING,
      toolCalls: [{ id: 'call_7Qm2', name: 'get_weather', arguments: '{"city":"Lisbon","unit":"celsius"}' }],
      model: 'gpt-4.1-mini',
      finishReason: 'tool_calls',
      chunks: records.length - 3,
      done: true,
      firstSeq: 2,
      lastSeq: openaiLast,
    },
    { id: 'msg_01Hq', format: 'anthropic', text: 'It is 21 °C and sunny in Lisbon', model: 'claude-sonnet-4', chunks: 1, done: false, firstSeq: claudeFirst.seq, lastSeq: claudeFirst.seq },
  ];
  return snapshotOf(records, { label: 'Chat completions (OpenAI, Anthropic)', messages, at: f.t + 1_000 });
}
