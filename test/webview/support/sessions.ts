// Realistic sessions for the screenshots and the reconnection tests: the seed's S1 stream
// (system + heartbeats every 25 s), an S5-style streamed answer (content chunks + [DONE]),
// and a dropped connection that reconnects with Last-Event-ID.
import type { SessionSnapshot } from '../../../src/core/snapshot';
import type { RequestSummary, SseRecord } from '../../../src/core/records';
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
  records.push(f.wait(3000).open({ lastEventIdSent: String(id) }));
  records.push(f.wait(3).event('system', JSON.stringify({ message: 'SSE connected', onlineCount: 4 }), { id: String(++id) }));
  beat();
  records.push(f.wait(6_000).event('room-message', JSON.stringify({ from: 'grace', text: 'Is the stream back?', at: f.t }), { id: String(++id) }));
  beat();
  beat();
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
    at: f.t + 2_000,
  });
  // Rates as the session reports them for a quiet stream (one message, a beat every 25 s).
  snapshot.stats.eventsPerSec = 0.2;
  snapshot.stats.bytesPerSec = 14;
  return snapshot;
}
