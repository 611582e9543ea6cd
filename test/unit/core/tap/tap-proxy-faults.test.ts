// Faults on a live tapped stream: each one changes what the client receives the way it
// says, and each is a 'fault' marker on that stream's timeline. The upstream is a scripted
// server on 127.0.0.1 sending numbered events; the client is node:http keeping every byte.
import assert from 'node:assert/strict';
import type { SseRecord } from '../../../../src/core/base/records';
import { TapFaultError } from '../../../../src/core/tap/tap-proxy';
import { rawRequest, type RawResult } from '../../../support/http-raw';
import { sleep, SSE_HEADERS, useRawServers, type ScriptedResponse } from '../../../support/raw-server';
import { useTap, waitFor, type TappedForTest } from './tap-support';

/** n events, `gapMs` apart; types alternate tick/tock unless given. */
function eventsScript(n: number, gapMs: number, text = (i: number) => `event: ${i % 2 ? 'tock' : 'tick'}\nid: ${i}\ndata: n=${i}\n\n`): ScriptedResponse {
  return { headers: SSE_HEADERS, chunks: Array.from({ length: n }, (_, i) => text(i + 1)), gapMs };
}

/** The events in bytes a client got, as (type, data, id) lines, parsed plainly (LF only). */
function eventsIn(body: Buffer): Array<{ type: string; data: string; id?: string }> {
  const out: Array<{ type: string; data: string; id?: string }> = [];
  for (const block of body.toString('utf8').split('\n\n')) {
    let type = 'message';
    const data: string[] = [];
    let id: string | undefined;
    for (const line of block.split('\n')) {
      if (line.startsWith('event: ')) type = line.slice(7);
      else if (line.startsWith('data: ')) data.push(line.slice(6));
      else if (line.startsWith('id: ')) id = line.slice(4);
    }
    if (data.length > 0) out.push(id === undefined ? { type, data: data.join('\n') } : { type, data: data.join('\n'), id });
  }
  return out;
}

function markers(s: TappedForTest): string[] {
  return s.records.filter((r): r is Extract<SseRecord, { kind: 'marker' }> => r.kind === 'marker' && r.marker === 'fault').map((r) => r.label);
}

describe('proxy tap: faults on a live stream', function () {
  this.timeout(30_000);
  const tap = useTap();
  const serve = useRawServers();

  /** Starts a client on the stream, waits for `afterEvents` events, applies the fault, and returns what the client got. */
  async function withFault(script: ScriptedResponse, fault: Parameters<import('../../../../src/core/tap/tap-proxy').TapFaults['apply']>[1], afterEvents = 2, read: { forMs?: number } = {}) {
    const server = await serve(() => script);
    const rig = await tap(server.url);
    const pending = rawRequest(rig.proxy.url + '/events', read);
    const s = await rig.stream();
    await waitFor(() => s.records.filter((r) => r.kind === 'event').length >= afterEvents);
    const label = rig.proxy.faults.apply(s.source, fault);
    const got = await pending;
    return { got, s, label, rig };
  }

  it('ends the response cleanly: the client sees a complete response with the events so far; the stream has the marker, then a server close', async () => {
    const { got, s, label } = await withFault(eventsScript(50, 20), { kind: 'end' });
    assert.equal(got.ended, 'end');
    const n = eventsIn(got.body).length;
    assert.ok(n >= 2 && n < 50, `${n} events`);
    assert.equal(label, 'Fault: response ended by the tap');
    const close = await waitFor(() => s.records.find((r) => r.kind === 'close'));
    assert.ok(close.kind === 'close' && close.reason === 'server-closed');
    const mk = s.records.findIndex((r) => r.kind === 'marker');
    assert.ok(mk >= 0 && mk < s.records.indexOf(close), 'the marker comes before the close');
  });

  it('resets the connection: the client gets a connection error, the stream a network-error close', async () => {
    const { got, s } = await withFault(eventsScript(50, 20), { kind: 'end', reset: true });
    assert.equal(got.ended, 'error');
    assert.deepEqual(markers(s), ['Fault: connection reset (TCP RST)']);
    const close = await waitFor(() => s.records.find((r) => r.kind === 'close'));
    assert.ok(close.kind === 'close' && close.reason === 'network-error');
  });

  it('stalls in silence: nothing reaches the client for the stall, then every event arrives, none lost', async () => {
    const script = eventsScript(10, 30);
    const server = await serve(() => script);
    const rig = await tap(server.url);
    const arrivals: number[] = [];
    const pending = rawRequest(rig.proxy.url + '/events');
    const s = await rig.stream();
    await waitFor(() => s.records.filter((r) => r.kind === 'event').length >= 2);
    rig.proxy.faults.apply(s.source, { kind: 'stall', seconds: 0.6 });
    const stalledAt = Date.now();
    const countAt = s.records.filter((r) => r.kind === 'event').length;
    await waitFor(() => s.records.filter((r) => r.kind === 'event').length > countAt, 5000);
    arrivals.push(Date.now() - stalledAt);
    const got = await pending;
    assert.ok(arrivals[0]! >= 500, `the next event came ${arrivals[0]} ms after a 600 ms stall`);
    assert.deepEqual(eventsIn(got.body).map((e) => e.id), ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    assert.deepEqual(markers(s), ['Fault: stall 0.6 s (silence)']);
  });

  it('stalls with comments only: the client gets comments at a boundary, then the events', async () => {
    const { got, s } = await withFault(eventsScript(6, 30), { kind: 'stall', seconds: 1.2, comments: true });
    const text = got.body.toString();
    assert.match(text, /\n\n: sse-inspector tap: stalled\n\n/);
    assert.equal(eventsIn(got.body).length, 6);
    await waitFor(() => s.records.some((r) => r.kind === 'comment'));
  });

  it('slows every event: the rest of the stream takes at least N ms per event', async () => {
    const started = Date.now();
    const { got } = await withFault(eventsScript(8, 5), { kind: 'slow', ms: 120 }, 1);
    assert.equal(eventsIn(got.body).length, 8);
    assert.ok(Date.now() - started >= 6 * 120, `took ${Date.now() - started} ms`);
  });

  it('injects an event at the next boundary; the client and the timeline both have it', async () => {
    const { got, s } = await withFault(eventsScript(6, 30), { kind: 'inject', event: { type: 'injected', data: 'line 1\nline 2', id: 'x-1' } });
    const events = eventsIn(got.body);
    assert.equal(events.length, 7);
    const injected = events.find((e) => e.type === 'injected');
    assert.deepEqual(injected, { type: 'injected', data: 'line 1\nline 2', id: 'x-1' });
    await waitFor(() => s.records.some((r) => r.kind === 'event' && r.type === 'injected' && r.id === 'x-1'));
    assert.deepEqual(markers(s), ['Fault: inject event "injected" id x-1']);
  });

  it('drops the events of a type from then on; the others pass', async () => {
    const { got, s } = await withFault(eventsScript(10, 20), { kind: 'drop', type: 'tock' });
    const events = eventsIn(got.body);
    const firstDropped = events.findIndex((e, i) => i > 0 && e.type === 'tick' && events[i - 1]!.type === 'tick');
    assert.ok(firstDropped > 0, 'two ticks in a row once tocks are dropped');
    assert.ok(events.slice(firstDropped).every((e) => e.type === 'tick'));
    assert.equal(events.filter((e) => e.type === 'tick').length, 5, 'every tick arrived');
    assert.deepEqual(markers(s), ['Fault: drop "tock" events']);
  });

  it('sends a retry: value the client and the timeline see', async () => {
    const { got, s } = await withFault(eventsScript(5, 30), { kind: 'retry', ms: 4321 });
    assert.match(got.body.toString(), /\n\nretry: 4321\n\n/);
    await waitFor(() => s.records.some((r) => r.kind === 'retry' && r.ms === 4321));
  });

  it('splits the next event inside a multi-byte UTF-8 character: two writes, the client reads one whole event', async () => {
    const script = eventsScript(6, 40, (i) => `id: ${i}\ndata: ünïcödé ${i} 🎉\n\n`);
    const { got, s } = await withFault(script, { kind: 'split-utf8' });
    const cutInside = got.chunks.some((c) => {
      const last = c[c.length - 1]!;
      return last >= 0x80 && !c.toString('utf8').endsWith(Buffer.from([last]).toString('latin1')) && c.toString('utf8').endsWith('\uFFFD');
    });
    assert.ok(cutInside, 'a chunk ends inside a character');
    assert.equal(got.body.toString('utf8').includes('\uFFFD'), false, 'the bytes as a whole are intact');
    assert.equal(eventsIn(got.body).length, 6);
    await waitFor(() => s.records.filter((r) => r.kind === 'event').length === 6);
    assert.ok(s.records.every((r) => r.kind !== 'event' || !r.data.includes('\uFFFD')));
  });

  for (const [status, retryAfter] of [[503, 3], [500, undefined], [502, undefined], [401, undefined], [204, undefined]] as const) {
    it(`answers the next 2 reconnects with ${status} instead of forwarding them, then forwards again`, async () => {
      const server = await serve(() => eventsScript(2, 5));
      const rig = await tap(server.url);
      await rawRequest(rig.proxy.url + '/events');
      const s = await rig.stream();
      const fault = retryAfter ? { kind: 'refuse' as const, status, count: 2, retryAfterSec: retryAfter } : { kind: 'refuse' as const, status, count: 2 };
      rig.proxy.faults.apply(s.source, fault);
      const answers: RawResult[] = [];
      for (let i = 0; i < 3; i++) answers.push(await rawRequest(rig.proxy.url + '/events'));
      assert.deepEqual(answers.map((a) => a.status), [status, status, 200]);
      assert.equal(server.requests.length, 2, 'the refused requests never reached the upstream');
      if (status === 503) assert.equal(answers[0]!.headers['retry-after'], '3');
      if (status === 401) assert.equal(answers[0]!.headers['www-authenticate'], 'Bearer');
      if (status === 204) assert.equal(answers[0]!.body.length, 0);
      assert.equal(markers(s).length, 1);
      await waitFor(() => s.records.filter((r) => r.kind === 'open').length === 2);
      if (status !== 204) assert.equal(s.records.filter((r) => r.kind === 'error' && r.status === status).length, 2);
      else assert.equal(s.records.filter((r) => r.kind === 'close' && r.reason === 'no-content').length, 2);
    });
  }

  it('refuses an event-level fault on a compressed response, saying why, and marks nothing', async () => {
    const zlib = await import('node:zlib');
    const gz = zlib.createGzip();
    const chunks: Buffer[] = [];
    gz.on('data', (b: Buffer) => chunks.push(b));
    gz.write('data: a\n\n');
    gz.flush();
    await sleep(20);
    const server = await serve(() => ({ headers: { ...SSE_HEADERS, 'content-encoding': 'gzip' }, chunks: [Buffer.concat(chunks)], keepOpen: true }));
    const rig = await tap(server.url);
    const pending = rawRequest(rig.proxy.url + '/events', { forMs: 600 });
    const s = await rig.stream();
    await waitFor(() => s.records.some((r) => r.kind === 'event'));
    assert.throws(() => rig.proxy.faults.apply(s.source, { kind: 'inject', event: { data: 'x' } }), (err: Error) => err instanceof TapFaultError && /uncompressed/.test(err.message));
    assert.deepEqual(markers(s), []);
    // A clean end still applies.
    rig.proxy.faults.apply(s.source, { kind: 'end' });
    assert.equal((await pending).ended, 'end');
  });

  it('says a live fault needs an open response when the stream has none', async () => {
    const server = await serve(() => eventsScript(1, 1));
    const rig = await tap(server.url);
    await rawRequest(rig.proxy.url + '/events');
    const s = await rig.stream();
    await waitFor(() => s.records.some((r) => r.kind === 'close'));
    assert.throws(() => rig.proxy.faults.apply(s.source, { kind: 'end' }), /No response of this stream is open/);
  });

  it('stop() closes every proxied socket: the client sees its stream break', async () => {
    const server = await serve(() => ({ headers: SSE_HEADERS, chunks: ['data: a\n\n'], keepOpen: true }));
    const rig = await tap(server.url);
    const pending = rawRequest(rig.proxy.url + '/events');
    await waitFor(() => rig.streams[0]?.records.some((r) => r.kind === 'event'));
    await rig.proxy.stop();
    assert.equal((await pending).ended, 'error');
    await waitFor(() => server.openSockets() === 0);
  });
});
