// Misbehaving and edge-case endpoints: the streams a real server sends on a bad day.
// Each one exists so the inspector (and its tests, demo and benchmark) can be pointed at it.
import * as zlib from 'node:zlib';
import { bump, type Handler } from './context';
import { every, frame, intParam, json, openStream, send, sleep, SSE_RESPONSE_HEADERS } from './sse';

/**
 * GET /resume?count=N&perConnection=K&retryMs=R&mode=M — ids for resume. Each connection
 * first says which Last-Event-ID it got (`event: resume`), then sends the next K ticks,
 * then ends; once all N are sent it answers 204 (stop). `mode` makes a bad server:
 * `restart` ignores Last-Event-ID (numbering starts over), `skip` loses two ids across
 * each reconnect, `replay` sends the last two ids again.
 */
export const resume: Handler = (req, res, url) => {
  const q = url.searchParams;
  const count = intParam(q, 'count', 10, 100_000);
  const perConnection = Math.max(1, intParam(q, 'perConnection', 3, 100_000));
  const mode = q.get('mode') ?? 'continue';
  const header = req.headers['last-event-id'];
  const lastEventId = typeof header === 'string' ? header : null;
  const resumedFrom = lastEventId !== null && /^\d+$/.test(lastEventId) ? Number(lastEventId) : 0;
  if (resumedFrom >= count) {
    res.writeHead(204);
    res.end();
    return;
  }
  const from = resumedFrom === 0 ? 0 : mode === 'restart' ? 0 : mode === 'skip' ? resumedFrom + 2 : mode === 'replay' ? Math.max(0, resumedFrom - 2) : resumedFrom;
  openStream(res);
  const retryMs = q.get('retryMs');
  let text = frame({ event: 'resume', data: { lastEventId }, ...(retryMs !== null ? { retry: intParam(q, 'retryMs', 1000) } : {}) });
  for (let id = from + 1; id <= Math.min(count, from + perConnection); id++) text += frame({ event: 'tick', id: String(id), data: { n: id } });
  res.end(text);
};

/** GET /buffered?events=N&everyMs=M — what a buffering proxy does: N events at once, every M ms. */
export const buffered: Handler = (_req, res, url) => {
  const q = url.searchParams;
  const events = Math.max(1, intParam(q, 'events', 20, 10_000));
  let n = 0;
  openStream(res);
  every(res, Math.max(10, intParam(q, 'everyMs', 1500)), () => {
    let text = '';
    for (let i = 0; i < events; i++) text += frame({ event: 'update', id: String(++n), data: { n } });
    send(res, text);
  });
};

/** GET /wrong-content-type — 200 with an HTML page: not an event stream. */
export const wrongContentType: Handler = (_req, res) => {
  res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
  res.end('<!doctype html><title>Login</title><p>Please log in.</p>');
};

/** GET /status/:code?retryAfter=S — a bare status with a JSON body (204 without one). */
export function status(res: Parameters<Handler>[1], code: number, url: URL): void {
  if (code === 204) {
    res.writeHead(204);
    res.end();
    return;
  }
  const retryAfter = url.searchParams.get('retryAfter');
  json(res, code, { error: `Demo status ${code}` }, retryAfter !== null ? { 'Retry-After': retryAfter } : {});
}

/** GET /flaky?failures=N&status=500&key=K — the first N requests (per key) fail, then it streams. */
export const flaky: Handler = (_req, res, url, ctx) => {
  const q = url.searchParams;
  const n = bump(ctx, `flaky:${q.get('key') ?? ''}`);
  if (n <= intParam(q, 'failures', 2, 1000)) {
    const code = intParam(q, 'status', 500, 599);
    return json(res, code, { error: `Failure ${n} of ${q.get('failures') ?? 2} (status ${code})` });
  }
  openStream(res);
  send(res, frame({ event: 'system', data: { message: `Recovered after ${n - 1} failures` } }));
  every(res, intParam(q, 'heartbeatMs', 1000), () => send(res, frame({ event: 'heartbeat', data: { timestamp: Date.now() } })));
};

/** GET /reset?events=N — N events, then half an event, then the socket is destroyed mid-event. */
export const reset: Handler = async (_req, res, url) => {
  const events = intParam(url.searchParams, 'events', 3, 10_000);
  openStream(res);
  for (let i = 1; i <= events; i++) send(res, frame({ event: 'update', id: String(i), data: { n: i } }));
  send(res, 'event: update\ndata: {"n": "this event never ends');
  await sleep(20);
  res.socket?.destroy();
};

/** GET /stall?commentMs=N — only `:` comments as keep-alives, never an event. */
export const stall: Handler = (_req, res, url) => {
  openStream(res);
  send(res, ': stream opened\n\n');
  every(res, Math.max(10, intParam(url.searchParams, 'commentMs', 15_000)), () => send(res, ': keep-alive\n\n'));
};

/** GET /retry-changes?values=3000,500 — each `retry:` value with an event, then the response ends. */
export const retryChanges: Handler = (_req, res, url) => {
  const values = (url.searchParams.get('values') ?? '3000,1000,250').split(',').map(Number).filter((v) => Number.isInteger(v) && v >= 0);
  openStream(res);
  let text = '';
  for (const v of values) text += frame({ event: 'retry-set', retry: v, data: { retryMs: v } });
  res.end(text);
};

/**
 * GET /empty?retry=0 — a 200 event stream with no event (only `retry:` when given), then the
 * response ends: a client that counts an open as a success would reconnect at that pace forever.
 */
export const empty: Handler = (_req, res, url) => {
  openStream(res);
  const retry = url.searchParams.get('retry');
  res.end(retry !== null ? `retry: ${intParam(url.searchParams, 'retry', 0)}\n\n` : '');
};

/** GET /line-endings?style=crlf|cr|lf|mixed — the same three events with other line endings. */
export const lineEndings: Handler = (_req, res, url) => {
  const style = url.searchParams.get('style') ?? 'crlf';
  const eols = style === 'cr' ? ['\r'] : style === 'lf' ? ['\n'] : style === 'mixed' ? ['\r\n', '\r', '\n'] : ['\r\n'];
  openStream(res);
  let text = '';
  for (let i = 0; i < 3; i++) text += frame({ event: 'line', id: String(i + 1), data: `line ending ${style}\nsecond line` }, eols[i % eols.length]);
  res.end(text);
};

/** GET /bom — a stream that starts with a UTF-8 byte order mark (the spec strips it). */
export const bom: Handler = (_req, res) => {
  openStream(res);
  res.end('\uFEFF' + frame({ event: 'greeting', data: { text: 'after a BOM' } }));
};

/**
 * GET /split-utf8 — an event whose multi-byte characters (é, 世, 🎉) arrive cut in two: the
 * bytes are written in two writes, 20 ms apart, split inside the 4-byte emoji. A client that
 * decodes each chunk on its own shows replacement characters.
 */
export const splitUtf8: Handler = async (_req, res) => {
  openStream(res);
  const bytes = Buffer.from(frame({ event: 'split', id: '1', data: 'héllo 世界 🎉 done' }), 'utf8');
  const cut = bytes.indexOf(Buffer.from('🎉', 'utf8')) + 2;
  res.write(bytes.subarray(0, cut));
  await sleep(20);
  if (!res.destroyed) res.end(bytes.subarray(cut));
};

/** GET /multiline — data over several lines, `data:` without a space, an unnamed event, an id-only block. */
export const multiline: Handler = (_req, res) => {
  openStream(res);
  res.end(['data: first line\ndata: second line\ndata:third line, no space\n\n', 'event: named\ndata: {"ok":true}\n\n', 'id: 42\n\n', ': a comment\ndata: after the comment\n\n'].join(''));
};

/** GET /big?bytes=N — one event of N bytes of data (default 1 MiB), then the response ends. */
export const big: Handler = (_req, res, url) => {
  const bytes = intParam(url.searchParams, 'bytes', 1024 * 1024, 64 * 1024 * 1024);
  openStream(res);
  send(res, frame({ event: 'before', data: 'a small event first' }));
  send(res, `event: big\ndata: ${'x'.repeat(bytes)}\n\n`);
  res.end(frame({ event: 'after', data: 'a small event last' }));
};

/** GET /huge-line?mb=N — a line that never ends, N MiB long (for the parser's max buffer). */
export const hugeLine: Handler = async (_req, res, url) => {
  const mb = intParam(url.searchParams, 'mb', 20, 100);
  openStream(res);
  send(res, frame({ event: 'before', data: 'this event arrives before the huge line' }));
  send(res, 'data: ');
  const chunk = 'y'.repeat(64 * 1024);
  for (let sent = 0; sent < mb * 1024 * 1024 && !res.destroyed; sent += chunk.length) {
    if (!res.write(chunk)) await new Promise((r) => res.once('drain', r));
  }
  // No newline, no end: the client has to give up on its own.
};

/**
 * GET /flood?count=N&size=B&type=T&rate=R — N events of about B bytes with ids, then the
 * response ends. As fast as the socket takes them (respecting backpressure), or paced at
 * R events per second in 10 ms ticks.
 */
export const flood: Handler = async (_req, res, url) => {
  const q = url.searchParams;
  const count = intParam(q, 'count', 10_000, 10_000_000);
  const size = intParam(q, 'size', 100, 1024 * 1024);
  const rate = intParam(q, 'rate', 0, 10_000_000);
  const type = q.get('type') ?? 'flood';
  const pad = 'z'.repeat(Math.max(0, size - 20));
  const perTick = rate > 0 ? Math.max(1, Math.round(rate / 100)) : Infinity;
  const started = performance.now();
  openStream(res);
  let batch = '';
  let inTick = 0;
  for (let i = 1; i <= count && !res.destroyed; i++) {
    batch += `event: ${type}\nid: ${i}\ndata: {"n":${i},"p":"${pad}"}\n\n`;
    inTick++;
    if (batch.length >= 64 * 1024 || i === count || inTick >= perTick) {
      const ok = res.write(batch);
      batch = '';
      if (!ok) await new Promise((r) => res.once('drain', r));
    }
    if (inTick >= perTick) {
      inTick = 0;
      // Pace against the start time, not tick by tick, so timer slop does not lower the rate.
      const due = started + (i / rate) * 1000;
      await sleep(Math.max(0, due - performance.now()));
    }
  }
  res.end();
};

/** GET /silent — headers, then nothing at all, forever. */
export const silent: Handler = (_req, res) => {
  openStream(res);
};

/** GET /no-answer — accepts the request and never sends headers. */
export const noAnswer: Handler = () => undefined;

/** GET /drip?ms=N — one event sent one byte at a time, N ms apart. */
export const drip: Handler = async (_req, res, url) => {
  const ms = Math.max(1, intParam(url.searchParams, 'ms', 1000));
  openStream(res);
  for (const ch of frame({ event: 'drip', data: 'slow' })) {
    await sleep(ms);
    if (!send(res, ch)) return;
  }
  res.end();
};

/** GET /redirect?to=URL&status=302 — a redirect to a path here or to another origin. */
export const redirect: Handler = (_req, res, url) => {
  const code = intParam(url.searchParams, 'status', 302, 399);
  res.writeHead(code, { Location: url.searchParams.get('to') ?? '/events' });
  res.end();
};

/** GET /gzip — the S1 stream, gzip-encoded and flushed after every event. */
export const gzip: Handler = (_req, res, url) => {
  res.writeHead(200, { ...SSE_RESPONSE_HEADERS, 'Content-Encoding': 'gzip' });
  const z = zlib.createGzip();
  z.pipe(res);
  const write = (text: string) => {
    z.write(text);
    z.flush(zlib.constants.Z_SYNC_FLUSH);
  };
  write(frame({ event: 'system', data: { message: 'SSE connected (gzip)' } }));
  every(res, Math.max(10, intParam(url.searchParams, 'heartbeatMs', 1000)), () => write(frame({ event: 'heartbeat', data: { timestamp: Date.now() } })));
  res.on('close', () => z.destroy());
};
