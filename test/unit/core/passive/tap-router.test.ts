// The tap router: which responses a tap sees become which streams. A program's successive
// requests to one endpoint are one stream (its reconnects), two at once are two, two
// clients never mix, and a response that is not part of an event stream leaves no trace.
import assert from 'node:assert/strict';
import { ManualClock } from '../../../../src/core/base/clock';
import type { HeaderList, SseRecord } from '../../../../src/core/base/records';
import type { ObservedResponse } from '../../../../src/core/passive/passive-source';
import { isEventStreamExchange, TapRouter, type StreamKey } from '../../../../src/core/passive/tap-router';
import { TapInspector } from '../../../../src/core/tap-inspector';

const SSE: HeaderList = [['Content-Type', 'text/event-stream; charset=utf-8']];

function observed(url: string, extra: Partial<ObservedResponse> & { requestHeaders?: HeaderList; method?: string } = {}): ObservedResponse {
  const { requestHeaders, method, ...rest } = extra;
  return { request: { method: method ?? 'GET', url, headers: requestHeaders ?? [], bodyBytes: 0, authKind: 'none' }, status: 200, statusText: 'OK', headers: SSE, ...rest };
}

function harness() {
  const clock = new ManualClock();
  const opened: Array<{ key: StreamKey; inspector: TapInspector; records: SseRecord[] }> = [];
  const router = new TapRouter((key, first) => {
    const inspector = new TapInspector({ label: `${key.method} ${key.endpoint}`, request: first.request, clock });
    const records: SseRecord[] = [];
    inspector.source.onRecord((r) => records.push(r));
    opened.push({ key, inspector, records });
    return inspector.source;
  });
  return { clock, router, opened };
}

describe('tap router', () => {
  it('makes one stream of a client\'s successive requests to one endpoint, whatever their query, with the program\'s reconnect in its log', () => {
    const h = harness();
    const first = h.router.response('debug-1', observed('http://127.0.0.1:9/events?since=0'));
    assert.ok(first);
    first.chunk(Buffer.from('id: 7\ndata: a\n\n'));
    first.end('network-error');
    h.clock.advance(900);
    const second = h.router.response('debug-1', observed('http://127.0.0.1:9/events?since=7', { lastEventIdSent: '7' }));
    assert.ok(second);
    assert.equal(second.source, first.source);
    second.chunk(Buffer.from('id: 8\ndata: b\n\n'));
    second.end('server-closed');
    assert.equal(h.opened.length, 1);
    assert.deepEqual(h.opened[0]!.key, { client: 'debug-1', method: 'GET', endpoint: 'http://127.0.0.1:9/events' });
    const reconnects = h.opened[0]!.records.filter((r) => r.kind === 'reconnect');
    assert.equal(reconnects.length, 1);
    assert.equal(reconnects[0]!.kind === 'reconnect' && reconnects[0]!.delayMs, 900);
    assert.equal(reconnects[0]!.kind === 'reconnect' && reconnects[0]!.lastEventId, '7');
    const data = h.opened[0]!.records.flatMap((r) => (r.kind === 'event' ? [r.data] : []));
    assert.deepEqual(data, ['a', 'b']);
    // The session counts them as a connection's would.
    assert.equal(h.opened[0]!.inspector.session.totals.events, 2);
    assert.equal(h.opened[0]!.inspector.session.totals.reconnects, 1);
  });

  it('lets every response that is not part of an event stream go, and keeps a refused reconnect in its stream', () => {
    const h = harness();
    assert.equal(h.router.response('c', observed('http://127.0.0.1:9/api/user', { headers: [['Content-Type', 'application/json']] })), undefined);
    assert.equal(h.opened.length, 0, 'a JSON response opens no stream');
    const stream = h.router.response('c', observed('http://127.0.0.1:9/events'));
    stream!.end('server-closed');
    // The reconnect is refused with an HTML error page: not an event stream, but the stream's own attempt.
    const refused = h.router.response('c', observed('http://127.0.0.1:9/events', { status: 503, statusText: 'Service Unavailable', headers: [['Content-Type', 'text/html']] }));
    assert.ok(refused, 'the refused reconnect belongs to the stream');
    assert.equal(refused.source, stream!.source);
    refused.end('server-closed');
    assert.equal(h.opened.length, 1);
    const errors = h.opened[0]!.records.filter((r) => r.kind === 'error');
    assert.equal(errors.length, 1);
    assert.equal(errors[0]!.kind === 'error' && errors[0]!.status, 503);
  });

  it('takes a first response that was refused when the request asked for an event stream', () => {
    const h = harness();
    const refused = h.router.response('c', observed('http://127.0.0.1:9/events', { status: 401, statusText: 'Unauthorized', headers: [['Content-Type', 'application/json']], requestHeaders: [['Accept', 'text/event-stream']] }));
    assert.ok(refused);
    assert.equal(h.opened.length, 1);
  });

  it('makes two streams of two responses at once on one endpoint, and never mixes two clients', () => {
    const h = harness();
    const a = h.router.response('c1', observed('http://127.0.0.1:9/events'));
    const b = h.router.response('c1', observed('http://127.0.0.1:9/events'));
    const c = h.router.response('c2', observed('http://127.0.0.1:9/events'));
    assert.ok(a && b && c);
    assert.notEqual(a.source, b.source);
    assert.notEqual(a.source, c.source);
    assert.equal(h.opened.length, 3);
    assert.deepEqual(h.router.sourcesOf('c1'), [a.source, b.source]);
    // Different methods are different streams.
    const post = h.router.response('c1', observed('http://127.0.0.1:9/events', { method: 'post' }));
    assert.equal(h.opened.length, 4);
    assert.equal(h.opened[3]!.key.method, 'POST');
    assert.ok(post);
  });

  it('starts a new stream once the old one stopped observing, and after forgetClient', () => {
    const h = harness();
    const a = h.router.response('c', observed('http://127.0.0.1:9/events'));
    a!.end('server-closed');
    a!.source.stop();
    const b = h.router.response('c', observed('http://127.0.0.1:9/events'));
    assert.notEqual(b!.source, a!.source);
    b!.end('server-closed');
    h.router.forgetClient('c');
    const c = h.router.response('c', observed('http://127.0.0.1:9/events'));
    assert.notEqual(c!.source, b!.source);
    assert.equal(h.opened.length, 3);
  });

  it('ignores bytes and ends after a response ended, and a URL it cannot read', () => {
    const h = harness();
    const a = h.router.response('c', observed('http://127.0.0.1:9/events'));
    a!.end('server-closed');
    a!.chunk(Buffer.from('data: late\n\n'));
    a!.end('network-error');
    assert.equal(h.opened[0]!.records.filter((r) => r.kind === 'event').length, 0);
    assert.equal(h.opened[0]!.records.filter((r) => r.kind === 'close').length, 1);
    assert.equal(h.router.response('c', observed('not a url')), undefined);
  });

  it('marks the events of bytes the program got late (paused at a breakpoint) with how long they were held', () => {
    const h = harness();
    const a = h.router.response('c', observed('http://127.0.0.1:9/events'));
    a!.chunk(Buffer.from('data: on time\n\n'));
    a!.chunk(Buffer.from('data: held 1\n\ndata: held 2\n\n'), 4200);
    a!.chunk(Buffer.from('data: after\n\n'));
    const events = h.opened[0]!.records.flatMap((r) => (r.kind === 'event' ? [[r.data, r.heldMs]] : []));
    assert.deepEqual(events, [['on time', undefined], ['held 1', 4200], ['held 2', 4200], ['after', undefined]]);
    // The session holds them as they came (its columnar history keeps the mark).
    const held = h.opened[0]!.inspector.session.snapshot().records.flatMap((r) => (r.kind === 'event' ? [[r.data, r.heldMs]] : []));
    assert.deepEqual(held, events);
  });

  it('knows an event stream by its Content-Type or by the Accept of its request', () => {
    const req = (accept?: string) => ({ method: 'GET', url: 'http://x/', headers: accept ? ([['accept', accept]] as HeaderList) : [], bodyBytes: 0, authKind: 'none' as const });
    assert.equal(isEventStreamExchange({ headers: [['content-type', 'TEXT/EVENT-STREAM']], request: req() }), true);
    assert.equal(isEventStreamExchange({ headers: [['content-type', 'text/event-streaming']], request: req() }), false);
    assert.equal(isEventStreamExchange({ headers: [['content-type', 'text/plain']], request: req('application/json, text/event-stream') }), true);
    assert.equal(isEventStreamExchange({ headers: [], request: req('*/*') }), false);
  });
});
