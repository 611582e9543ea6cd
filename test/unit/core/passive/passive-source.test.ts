// A passive source: a stream someone else's client carries, fed from outside. The
// program's successive requests become attempts of one stream, with reconnect records
// that tell what the program did; nothing is scheduled by the source itself.
import assert from 'node:assert/strict';
import { ManualClock } from '../../../../src/core/base/clock';
import { PassiveSource, type ObservedResponse } from '../../../../src/core/passive/passive-source';
import type { RequestSummary, SseRecord } from '../../../../src/core/base/records';
import { REDACTED } from '../../../../src/core/base/redact';
import { Session } from '../../../../src/core/session';
import { feedSession } from '../../../../src/core/stream/record-source';

const request: RequestSummary = { method: 'GET', url: 'http://127.0.0.1:9/chat?room=1', headers: [['Accept', 'text/event-stream']], bodyBytes: 0, authKind: 'none' };

function response(extra: Partial<ObservedResponse> = {}): ObservedResponse {
  return { request, status: 200, statusText: 'OK', headers: [['content-type', 'text/event-stream']], ...extra };
}

function harness() {
  const clock = new ManualClock();
  const source = new PassiveSource({ clock });
  const records: SseRecord[] = [];
  source.onRecord((r) => records.push(r));
  const session = new Session({ id: 's', label: 'tap', policy: 'none', heartbeat: { heartbeatEvents: [], idleTimeoutMs: 0 }, clock });
  const feed = feedSession(source, session);
  const of = <K extends SseRecord['kind']>(kind: K) => records.filter((r): r is Extract<SseRecord, { kind: K }> => r.kind === kind);
  return { clock, source, records, session, feed, of };
}

describe('passive source', () => {
  it('groups two successive responses into one stream, with the delay the program took and the Last-Event-ID it sent', () => {
    const h = harness();
    h.source.beginResponse(response());
    assert.equal(h.source.state, 'open');
    h.source.chunk(Buffer.from('id: 1\ndata: a\n\nid: 2\nda'));
    h.source.chunk(Buffer.from('ta: b\n\n'));
    h.clock.advance(200);
    h.source.endResponse('server-closed');
    assert.equal(h.source.state, 'closed');
    // The program waits 1.5 s, then asks again with the id it last received.
    h.clock.advance(1500);
    h.source.beginResponse(response({ lastEventIdSent: '2' }));
    h.source.chunk(Buffer.from('data: c\n\nid: 3\ndata: d\n\n'));
    h.source.endResponse('network-error', 'ECONNRESET');

    assert.deepEqual(h.of('event').map((e) => [e.attempt, e.data, e.lastEventId]), [[1, 'a', '1'], [1, 'b', '2'], [2, 'c', '2'], [2, 'd', '3']]);
    assert.deepEqual(h.of('open').map((o) => [o.attempt, o.lastEventIdSent]), [[1, undefined], [2, '2']]);
    const [reconnect, ...more] = h.of('reconnect');
    assert.equal(more.length, 0);
    assert.equal(reconnect!.attempt, 1, 'the reconnect closes attempt 1, as a connection\'s does');
    assert.equal(reconnect!.delayMs, 1500);
    assert.equal(reconnect!.reason, 'closed');
    assert.equal(reconnect!.source, 'program');
    assert.equal(reconnect!.retryNumber, 1, 'after a response that delivered new events');
    assert.equal(reconnect!.lastEventId, '2');
    assert.match(reconnect!.detail!, /1500 ms later and sent Last-Event-ID "2", the last id it received/);
    assert.deepEqual(h.of('close').map((c) => [c.attempt, c.reason, c.message, c.willReconnect]), [[1, 'server-closed', 'The server ended the response', false], [2, 'network-error', 'ECONNRESET', false]]);
    // The record order is the stream's: open, events, close, reconnect, open, events, close.
    assert.deepEqual(h.records.map((r) => r.kind), ['open', 'event', 'event', 'close', 'reconnect', 'open', 'event', 'event', 'close']);
    assert.deepEqual(h.records.map((r) => r.seq), [1, 2, 3, 4, 5, 6, 7, 8, 9]);

    // A session fed by it counts as it would for a connection.
    assert.equal(h.session.totals.events, 4);
    assert.equal(h.session.totals.reconnects, 1);
    assert.equal(h.session.totals.bytes, Buffer.byteLength('id: 1\ndata: a\n\nid: 2\ndata: b\n\ndata: c\n\nid: 3\ndata: d\n\n'));
    assert.equal(h.session.connectionState, 'closed');
    assert.equal(h.clock.pendingCount, 0, 'no timer of its own');
    h.feed.dispose();
    h.source.dispose();
  });

  it('tells when the program resumes from an older id than it received, or sends none', () => {
    const h = harness();
    h.source.beginResponse(response());
    h.source.chunk(Buffer.from('id: 7\ndata: a\n\nid: 8\ndata: b\n\n'));
    h.source.endResponse('server-closed');
    h.clock.advance(40);
    h.source.beginResponse(response({ lastEventIdSent: '7' }));
    // It replays 7: its Last-Event-ID does not move, so this response brings nothing new.
    h.source.chunk(Buffer.from('id: 7\ndata: a again\n\n'));
    h.source.endResponse('server-closed');
    h.clock.advance(10);
    h.source.beginResponse(response());
    h.source.endResponse('server-closed');

    const [stale, none] = h.of('reconnect');
    assert.match(stale!.detail!, /40 ms later and sent Last-Event-ID "7" but the last id it received was "8"/);
    assert.equal(stale!.lastEventId, '7');
    // The program's buffer is what it sent, not what it had received.
    assert.deepEqual(h.of('event').map((e) => [e.attempt, e.lastEventId]), [[1, '7'], [1, '8'], [2, '7']]);
    assert.match(none!.detail!, /10 ms later and sent no Last-Event-ID though the last id it received was "7"/);
    assert.equal(none!.lastEventId, undefined);
    assert.equal(none!.retryNumber, 2, 'the second response brought no new id (7 again): the count goes on');
    h.source.dispose();
  });

  it('records a refused response as the program got it, and a new request over an open one as a dropped response', () => {
    const h = harness();
    h.source.beginResponse(response({ status: 503, statusText: 'Service Unavailable', headers: [['content-type', 'text/plain'], ['set-cookie', 'sid=secret']] }));
    h.source.chunk(Buffer.from('data: not parsed\n\n'));
    h.source.endResponse('server-closed');
    h.clock.advance(300);
    h.source.beginResponse(response({ request: { ...request, headers: [['Authorization', 'Bearer tok-123']] } }));
    h.source.chunk(Buffer.from('data: x\n\n'));
    h.clock.advance(5);
    h.source.beginResponse(response());

    const refused = h.of('error')[0]!;
    assert.deepEqual([refused.code, refused.status, refused.fatal, refused.attempt], ['http-status', 503, false, 1]);
    assert.ok(!JSON.stringify(h.records).includes('sid=secret'), 'response cookies are redacted');
    assert.ok(!JSON.stringify(h.records).includes('tok-123'), 'request credentials are redacted');
    assert.deepEqual(h.of('open')[0]!.request.headers, [['Authorization', `Bearer ${REDACTED}`]]);
    assert.deepEqual(h.of('event').map((e) => e.data), ['x']);
    assert.deepEqual(h.of('close').map((c) => [c.attempt, c.reason, c.status]), [[1, 'server-closed', 503], [2, 'aborted', undefined]]);
    assert.deepEqual(h.of('reconnect').map((r) => [r.reason, r.delayMs]), [['http-5xx', 300], ['manual', 0]]);
    h.source.dispose();
    assert.equal(h.of('close').at(-1)!.message, 'Stopped observing the stream');
  });
});
