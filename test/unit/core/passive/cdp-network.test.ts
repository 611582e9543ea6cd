// A page's streams read from its CDP events (what js-debug's proxy hands over). The event
// sequences are the ones Chromium 156 sends (recorded from a page with an EventSource and
// fetch streams): the request, its wire headers (Last-Event-ID among them), the response,
// the body's bytes once streamed, its end. The integration test (browser-tap.test.ts) runs
// the same code against a real page under js-debug.
import assert from 'node:assert/strict';
import { ManualClock } from '../../../../src/core/base/clock';
import type { SseRecord } from '../../../../src/core/base/records';
import { CdpNetworkTap } from '../../../../src/core/passive/cdp-network';
import { TapRouter, type StreamKey } from '../../../../src/core/passive/tap-router';
import { TapInspector } from '../../../../src/core/tap-inspector';

const URL_ES = 'http://127.0.0.1:9/resume?count=6';
const SSE_RESPONSE = { status: 200, statusText: 'OK', headers: { 'content-type': 'text/event-stream; charset=utf-8' }, mimeType: 'text/event-stream' };

interface Sent {
  method: string;
  params: Record<string, unknown>;
  resolve(result: unknown): void;
  reject(error: Error): void;
}

function harness(options: { accept?: (url: string) => boolean; sendThrows?: boolean } = {}) {
  const clock = new ManualClock();
  const opened: Array<{ key: StreamKey; records: SseRecord[]; inspector: TapInspector }> = [];
  const router = new TapRouter((key, first) => {
    const inspector = new TapInspector({ label: key.endpoint, request: first.request, clock });
    const records: SseRecord[] = [];
    inspector.source.onRecord((r) => records.push(r));
    opened.push({ key, records, inspector });
    return inspector.source;
  });
  const sent: Sent[] = [];
  const logs: string[] = [];
  const tap = new CdpNetworkTap({
    client: 'page-session',
    router,
    clock,
    log: (m) => logs.push(m),
    ...(options.accept ? { accept: options.accept } : {}),
    send: (method, params) => {
      if (options.sendThrows) throw new Error('socket gone');
      return new Promise((resolve, reject) => sent.push({ method, params, resolve, reject }));
    },
  });
  const ev = (method: string, params: unknown) => tap.event(method, params);
  const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
  let ts = 1000;
  const request = (id: string, url: string, o: { type?: string; method?: string; headers?: Record<string, string>; postData?: string; wire?: Record<string, string> } = {}) => {
    ev('Network.requestWillBeSent', { requestId: id, type: o.type ?? 'EventSource', request: { url, method: o.method ?? 'GET', headers: o.headers ?? {}, ...(o.postData !== undefined ? { postData: o.postData } : {}) }, timestamp: ts });
    ev('Network.requestWillBeSentExtraInfo', { requestId: id, headers: { Host: '127.0.0.1:9', ...(o.headers ?? {}), ...(o.wire ?? {}) } });
  };
  const response = (id: string, r: Record<string, unknown> = SSE_RESPONSE, type = 'EventSource') => ev('Network.responseReceived', { requestId: id, type, timestamp: ts, response: { url: '', ...r } });
  const data = (id: string, text: string, at?: number) => ev('Network.dataReceived', { requestId: id, timestamp: (ts = at ?? ts + 0.01), dataLength: text.length, encodedDataLength: text.length, data: b64(text) });
  const finished = (id: string) => ev('Network.loadingFinished', { requestId: id, timestamp: ts, encodedDataLength: 1 });
  const flush = () => new Promise((r) => setImmediate(r));
  /** Answers the oldest command of `method` still waiting. */
  const answer = async (method: string, result: unknown | Error) => {
    const i = sent.findIndex((s) => s.method === method);
    assert.ok(i >= 0, `a ${method} command was sent (sent: ${sent.map((s) => s.method).join(', ')})`);
    const [s] = sent.splice(i, 1);
    if (result instanceof Error) s!.reject(result);
    else s!.resolve(result);
    await flush();
  };
  return { clock, opened, sent, logs, tap, ev, request, response, data, finished, answer, flush, b64 };
}

const events = (records: readonly SseRecord[]) => records.flatMap((r) => (r.kind === 'event' ? [[r.type, r.lastEventId, r.data]] : []));
const kinds = (records: readonly SseRecord[]) => records.map((r) => r.kind);

describe('CDP network tap (a page under js-debug)', () => {
  it("reads an EventSource's raw bytes from its first byte, and makes its reconnects one stream with the Last-Event-ID it sent", async () => {
    const h = harness();
    h.request('1.1', URL_ES, { headers: { Accept: 'text/event-stream' } });
    // Asked to stream at once, before the response: no byte goes unseen.
    assert.deepEqual(h.sent.map((s) => [s.method, s.params]), [['Network.streamResourceContent', { requestId: '1.1' }]]);
    await h.answer('Network.streamResourceContent', { bufferedData: '' });
    h.response('1.1');
    h.data('1.1', 'event: resume\nretry: 200\ndata: first\n\n: a comment\nevent: tick\nid: 1\ndata: {"n":1}\n\n');
    h.data('1.1', 'event: tick\nid: 2\ndata: {"n":2}\n\n');
    h.finished('1.1');
    h.clock.advance(200);
    h.request('1.2', URL_ES, { headers: { Accept: 'text/event-stream' }, wire: { 'Last-Event-ID': '2' } });
    await h.answer('Network.streamResourceContent', { bufferedData: '' });
    h.response('1.2');
    h.data('1.2', 'event: tick\nid: 3\ndata: {"n":3}\n\n');
    h.finished('1.2');

    assert.equal(h.opened.length, 1, 'one stream');
    const records = h.opened[0]!.records;
    assert.deepEqual(kinds(records), ['open', 'retry', 'event', 'comment', 'event', 'event', 'close', 'reconnect', 'open', 'event', 'close']);
    assert.deepEqual(events(records), [
      ['resume', '', 'first'],
      ['tick', '1', '{"n":1}'],
      ['tick', '2', '{"n":2}'],
      ['tick', '3', '{"n":3}'],
    ]);
    const reconnect = records.find((r) => r.kind === 'reconnect');
    assert.ok(reconnect?.kind === 'reconnect');
    assert.equal(reconnect.lastEventId, '2');
    assert.equal(reconnect.delayMs, 200);
    assert.equal(reconnect.source, 'program');
    const opens = records.filter((r) => r.kind === 'open');
    assert.equal(opens[1]?.kind === 'open' && opens[1].lastEventIdSent, '2');
    assert.deepEqual(h.logs, []);
  });

  it('streams a fetch that did not ask for an event stream once its response says it is one: what came before the answer first, then the rest, in order', async () => {
    const h = harness();
    h.request('2.1', 'http://127.0.0.1:9/api/chat/stream', { type: 'Fetch', method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: 'Bearer sk-secret-123' }, postData: '{"message":"hi"}' });
    assert.equal(h.sent.length, 0, 'an ordinary fetch is not streamed');
    h.response('2.1', SSE_RESPONSE, 'Fetch');
    assert.deepEqual(h.sent.map((s) => s.method), ['Network.streamResourceContent']);
    // Bytes Chrome had already: reported without data, and in the answer.
    h.ev('Network.dataReceived', { requestId: '2.1', timestamp: 1, dataLength: 10, encodedDataLength: 10 });
    // Bytes after the answer was sent, but before it arrived here: they wait for it.
    h.data('2.1', 'data: two\n\n');
    h.finished('2.1');
    assert.deepEqual(events(h.opened[0]!.records), []);
    await h.answer('Network.streamResourceContent', { bufferedData: h.b64('data: one\n\n') });
    const records = h.opened[0]!.records;
    assert.deepEqual(events(records), [
      ['message', '', 'one'],
      ['message', '', 'two'],
    ]);
    assert.equal(records.at(-1)?.kind, 'close');
    const open = records[0];
    assert.ok(open?.kind === 'open');
    assert.equal(open.request.method, 'POST');
    assert.equal(open.request.authKind, 'bearer');
    assert.equal(open.request.bodyPreview, '{"message":"hi"}');
    assert.ok(!JSON.stringify(records).includes('sk-secret-123'), 'the token is redacted');
  });

  it('reads the whole body at the end when the response finished before it could be streamed', async () => {
    const h = harness();
    h.request('3.1', 'http://127.0.0.1:9/multiline', { type: 'Fetch' });
    h.response('3.1', SSE_RESPONSE, 'Fetch');
    h.ev('Network.dataReceived', { requestId: '3.1', timestamp: 1, dataLength: 20, encodedDataLength: 20 });
    h.finished('3.1');
    await h.answer('Network.streamResourceContent', new Error('Request with the provided ID has already finished loading'));
    assert.deepEqual(h.sent.map((s) => [s.method, s.params]), [['Network.getResponseBody', { requestId: '3.1' }]]);
    await h.answer('Network.getResponseBody', { body: 'data: a\n\nid: 42\n\n: note\ndata: b\n\n', base64Encoded: false });
    assert.deepEqual(events(h.opened[0]!.records), [
      ['message', '', 'a'],
      ['message', '42', 'b'],
    ]);
    assert.deepEqual(kinds(h.opened[0]!.records).slice(-2), ['event', 'close']);
  });

  it('keeps the order CDP sent: a reconnect that begins while the last response\'s body is still being read joins the same stream after it', async () => {
    const h = harness();
    h.request('8.1', URL_ES);
    // Chrome could not stream this one: its body is read when it ends.
    await h.answer('Network.streamResourceContent', new Error('Request with the provided ID does not exists'));
    h.response('8.1');
    h.finished('8.1');
    // The EventSource's next request and its response come before that body does.
    h.request('8.2', URL_ES, { wire: { 'Last-Event-ID': '1' } });
    h.response('8.2');
    h.data('8.2', 'id: 2\ndata: second\n\n');
    await h.answer('Network.getResponseBody', { body: h.b64('id: 1\ndata: first\n\n'), base64Encoded: true });
    await h.answer('Network.streamResourceContent', { bufferedData: '' });
    assert.equal(h.opened.length, 1, 'one stream');
    assert.deepEqual(kinds(h.opened[0]!.records), ['open', 'event', 'close', 'reconnect', 'open', 'event']);
    assert.deepEqual(events(h.opened[0]!.records), [
      ['message', '1', 'first'],
      ['message', '2', 'second'],
    ]);
    assert.equal(h.logs.length, 1, 'the refusal to stream is logged');
  });

  it('keeps nothing of a response that is not part of an event stream, and takes no URL the settings leave out', async () => {
    const h = harness({ accept: (url) => !url.includes('/private/') });
    h.request('4.1', 'http://127.0.0.1:9/api/user', { type: 'Fetch' });
    h.response('4.1', { status: 200, statusText: 'OK', headers: { 'content-type': 'application/json' }, mimeType: 'application/json' }, 'Fetch');
    h.data('4.1', '{"name":"x"}');
    h.finished('4.1');
    h.request('4.2', 'http://127.0.0.1:9/private/events', { headers: { Accept: 'text/event-stream' } });
    h.response('4.2');
    h.data('4.2', 'data: secret\n\n');
    assert.equal(h.opened.length, 0);
    assert.equal(h.sent.length, 0, 'a left-out EventSource is not even streamed');
  });

  it('marks the chunks Chrome delivers in the burst after a resume as held for the length of the pause, and no others', async () => {
    const h = harness();
    h.request('5.1', URL_ES);
    await h.answer('Network.streamResourceContent', { bufferedData: '' });
    h.response('5.1');
    h.data('5.1', 'data: before\n\n', 100.0);
    h.ev('Debugger.paused', { reason: 'other', callFrames: [] });
    h.clock.advance(4200);
    h.ev('Debugger.resumed', {});
    h.clock.advance(3);
    // The backlog, read by the renderer the moment it runs again.
    h.data('5.1', 'data: held 1\n\n', 104.203);
    h.data('5.1', 'data: held 2\n\n', 104.204);
    // Later data, in its own time.
    h.data('5.1', 'data: after\n\n', 104.9);
    // js-debug's own short stop (source maps) is no breakpoint.
    h.ev('Debugger.paused', { reason: 'instrumentation', callFrames: [] });
    h.clock.advance(40);
    h.ev('Debugger.resumed', {});
    h.data('5.1', 'data: after instrumentation\n\n', 105.0);
    // A pause after which nothing came at once: the next chunk, seconds later, was not held.
    h.ev('Debugger.paused', { reason: 'other', callFrames: [] });
    h.clock.advance(1000);
    h.ev('Debugger.resumed', {});
    h.clock.advance(2000);
    h.data('5.1', 'data: much later\n\n', 108.0);
    const held = h.opened[0]!.records.flatMap((r) => (r.kind === 'event' ? [[r.data, r.heldMs]] : []));
    assert.deepEqual(held, [
      ['before', undefined],
      ['held 1', 4200],
      ['held 2', 4200],
      ['after', undefined],
      ['after instrumentation', undefined],
      ['much later', undefined],
    ]);
    // The mark survives the way to a panel: the session's snapshot, and the backfill pages of older records.
    const session = h.opened[0]!.inspector.session;
    const fromSnapshot = session.snapshot().records.flatMap((r) => (r.kind === 'event' ? [[r.data, r.heldMs]] : []));
    assert.deepEqual(fromSnapshot, held);
    const fromBackfill = session.recordsBefore(Number.MAX_SAFE_INTEGER, 100).records.flatMap((r) => (r.kind === 'event' ? [[r.data, r.heldMs]] : []));
    assert.deepEqual(fromBackfill, held);
  });

  it('does not call a held burst a buffering proxy: those events waited for the program, not for the server', async () => {
    const burst = Array.from({ length: 12 }, (_, i) => `id: ${i}\ndata: ${i}\n\n`).join('');
    const problemsAfter = async (paused: boolean) => {
      const h = harness();
      h.request('9.1', URL_ES);
      await h.answer('Network.streamResourceContent', { bufferedData: '' });
      h.response('9.1');
      h.data('9.1', 'data: first\n\n', 10);
      if (paused) h.ev('Debugger.paused', { reason: 'other', callFrames: [] });
      h.clock.advance(3000);
      if (paused) h.ev('Debugger.resumed', {});
      h.data('9.1', burst, 13);
      return h.opened[0]!.inspector.session.snapshot().diagnostics?.map((d) => d.code) ?? [];
    };
    assert.ok((await problemsAfter(false)).includes('bursts'), 'the same burst from the server is a problem');
    assert.ok(!(await problemsAfter(true)).includes('bursts'), 'held by the pause, it is not');
  });

  it('ends a response as the page saw it end: dropped by the page, broken, or cut off by the end of the debug session', async () => {
    const h = harness();
    for (const id of ['6.1', '6.2', '6.3']) {
      h.request(id, `http://127.0.0.1:9/s${id}`);
      await h.answer('Network.streamResourceContent', { bufferedData: '' });
      h.response(id);
      h.data(id, 'data: x\n\n');
    }
    h.ev('Network.loadingFailed', { requestId: '6.1', timestamp: 1, type: 'EventSource', errorText: 'net::ERR_ABORTED', canceled: true });
    h.ev('Network.loadingFailed', { requestId: '6.2', timestamp: 1, type: 'EventSource', errorText: 'net::ERR_CONNECTION_RESET' });
    h.tap.dispose();
    const closes = h.opened.map((o) => o.records.find((r) => r.kind === 'close'));
    assert.deepEqual(
      closes.map((c) => c?.kind === 'close' && [c.reason, c.message]),
      [
        ['aborted', 'The page dropped the request (net::ERR_ABORTED)'],
        ['network-error', 'The request failed: net::ERR_CONNECTION_RESET'],
        ['aborted', 'The debug session ended'],
      ],
    );
    // Nothing after dispose.
    h.request('6.4', 'http://127.0.0.1:9/late');
    assert.equal(h.opened.length, 3);
  });

  it('lets go of requests that never ended, but never of an open stream', async () => {
    const h = harness();
    h.request('10.1', URL_ES);
    await h.answer('Network.streamResourceContent', { bufferedData: '' });
    h.response('10.1');
    // A page that loads thousands of things whose ends never come (it went away mid-request).
    for (let i = 0; i < 2500; i++) h.ev('Network.requestWillBeSent', { requestId: `img.${i}`, type: 'Image', request: { url: `http://127.0.0.1:9/i/${i}.png`, method: 'GET', headers: {} } });
    h.data('10.1', 'data: still here\n\n');
    assert.deepEqual(events(h.opened[0]!.records), [['message', '', 'still here']]);
    // The oldest of those were let go: their response is not looked at any more (a late one opens nothing).
    h.response('img.0', SSE_RESPONSE, 'Image');
    h.finished('img.0');
    assert.equal(h.opened.length, 1);
    h.response('img.2499', SSE_RESPONSE, 'Image');
    h.finished('img.2499');
    assert.equal(h.opened.length, 2, 'a recent one is still followed');
  });

  it('never throws for what CDP sends or fails to do: bad events are skipped, a failed command is logged', async () => {
    const h = harness({ sendThrows: true });
    for (const [method, params] of [
      ['Network.requestWillBeSent', null],
      ['Network.requestWillBeSent', { requestId: 7 }],
      ['Network.responseReceived', { requestId: 'nope' }],
      ['Network.dataReceived', { requestId: 'nope', data: '!!!' }],
      ['Network.requestWillBeSent', { requestId: '7.1', request: { url: 'data:text/plain,hi' } }],
      ['Debugger.resumed', 'x'],
    ] as const) {
      assert.doesNotThrow(() => h.ev(method, params));
    }
    // The command cannot be sent: the stream is still seen, its body read at the end (which fails too, and is said).
    assert.doesNotThrow(() => h.request('7.2', URL_ES));
    await h.flush();
    h.response('7.2');
    h.finished('7.2');
    await h.flush();
    const records = h.opened[0]!.records;
    assert.deepEqual(kinds(records), ['open', 'close']);
    assert.match(records[1]?.kind === 'close' ? records[1].message : '', /its body could not be read: socket gone/);
  });
});
