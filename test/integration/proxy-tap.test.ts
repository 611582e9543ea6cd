// The proxy tap in the real host: Start Tap (with arguments, no prompt) in front of the
// demo server, its URL for launch configurations, a real client's stream appearing as a
// tapped stream with origin proxy and a fault menu in its panel, faults applied from the
// command and from the panel's message, Stop Tap closing the client's connection.
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { DemoServer } from '../../demo/server';
import type { SseInspectorApi } from '../../src/extension/api';
import { closeAllConnections, inspectorApi, run, startDemo, waitFor } from './helpers';

interface StreamClient {
  text(): string;
  ended: Promise<'end' | 'error'>;
  close(): void;
}

/** A client of the tap: node:http, keeping what it receives. */
function openStream(url: string): StreamClient {
  let text = '';
  let req: http.ClientRequest;
  const ended = new Promise<'end' | 'error'>((resolve) => {
    req = http.get(url, { headers: { accept: 'text/event-stream', 'user-agent': 'proxy-tap-test' } }, (res) => {
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve('end'));
      res.on('error', () => resolve('error'));
      res.on('close', () => resolve(res.complete ? 'end' : 'error'));
    });
    req.on('error', () => resolve('error'));
  });
  return { text: () => text, ended, close: () => req.destroy() };
}

describe('proxy tap', function () {
  this.timeout(30_000);
  let demo: DemoServer;
  let api: SseInspectorApi;

  before(async () => {
    demo = await startDemo();
    api = await inspectorApi();
  });
  afterEach(async () => {
    await run('sseInspector.stopTap', { all: true });
    await closeAllConnections(api);
  });
  after(async () => demo.close());

  it('starts a tap, gives its URL, shows a client\'s stream with origin proxy and applies faults from the command and the panel', async () => {
    const started = await run<{ ok: boolean; url: string; name: string }>('sseInspector.startTap', { upstream: demo.url, quiet: true });
    assert.ok(started.ok, JSON.stringify(started));
    assert.match(started.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(await run<string>('sseInspector.tapUrl'), started.url);
    const port = new URL(started.url).port;
    assert.equal(started.name, `Tap 127.0.0.1:${port} → 127.0.0.1:${demo.port}`);

    const client = openStream(`${started.url}/events?heartbeatMs=100`);
    try {
      const tapped = await waitFor(() => api.connections().find((c) => c.origin.kind === 'tap'), 'a tapped stream', 10_000);
      assert.deepEqual(tapped.origin, { kind: 'tap', via: 'proxy', name: started.name });
      await waitFor(() => tapped.session.totals.events >= 2, 'events on the tapped stream');
      await waitFor(() => api.connection(tapped.id)?.panel?.context?.faults === true, 'the panel told it can apply faults');
      // And that the stream is the program's: its toolbar offers no Reconnect of ours, and a
      // window reload would not bring it back as a connection of ours to the program's URL.
      assert.equal(api.connection(tapped.id)?.panel?.context?.tapped, true);
      const own = await run<{ ok: boolean; id: string }>('sseInspector.connectUrl', { url: `${demo.url}/events?heartbeatMs=100` });
      assert.ok(own.ok);
      assert.deepEqual(api.restorablePanels(), [`GET /events · ${api.connection(own.id)!.label}`], 'only our own connection comes back');
      await run('sseInspector.disconnect', { id: own.id });

      const applied = await run<{ ok: boolean; label?: string }>('sseInspector.applyFault', { id: tapped.id, fault: { kind: 'inject', event: { type: 'from-command', data: 'hello', id: 'c1' } } });
      assert.deepEqual(applied, { ok: true, label: 'Fault: inject event "from-command" id c1' });
      await waitFor(() => client.text().includes('event: from-command\nid: c1\ndata: hello\n\n'), 'the client to get the injected event', 5000, () => client.text().slice(-300));
      const records = () => api.connection(tapped.id)!.session.snapshot().records;
      assert.ok(records().some((r) => r.kind === 'marker' && r.marker === 'fault' && r.label === applied.label));

      // The panel's fault menu posts a message: the host applies it the same way.
      assert.equal(api.postFromWebview(tapped.id, { type: 'fault', fault: { kind: 'end', reset: true } }), true);
      assert.equal(await client.ended, 'error');
      await waitFor(() => records().some((r) => r.kind === 'close' && r.reason === 'network-error'), 'the reset on the timeline');
      assert.ok(records().some((r) => r.kind === 'marker' && r.label === 'Fault: connection reset (TCP RST)'));
    } finally {
      client.close();
    }
  });

  it('Stop Tap closes every proxied socket; the panel stops offering faults', async () => {
    const started = await run<{ ok: boolean; url: string }>('sseInspector.startTap', { upstream: demo.url, quiet: true });
    const client = openStream(`${started.url}/events?heartbeatMs=100`);
    const tapped = await waitFor(() => api.connections().find((c) => c.origin.kind === 'tap' && c.session.totals.events >= 1), 'a tapped stream with an event', 10_000);
    assert.equal(await run<boolean>('sseInspector.stopTap'), true);
    assert.equal(await client.ended, 'error');
    await waitFor(() => api.connection(tapped.id)?.panel?.context?.faults !== true, 'the fault menu hidden');
    const refused = await run<{ ok: boolean; error?: string }>('sseInspector.applyFault', { id: tapped.id, fault: { kind: 'end' } });
    assert.equal(refused.ok, false);
  });

  it('refuses a bad fault with a clear message instead of applying it', async () => {
    const started = await run<{ ok: boolean; url: string }>('sseInspector.startTap', { upstream: demo.url, quiet: true });
    const client = openStream(`${started.url}/events?heartbeatMs=100`);
    try {
      const tapped = await waitFor(() => api.connections().find((c) => c.origin.kind === 'tap'), 'a tapped stream', 10_000);
      const outcome = await run<{ ok: boolean; error?: string }>('sseInspector.applyFault', { id: tapped.id, fault: { kind: 'refuse', status: 418, count: 1 } });
      assert.equal(outcome.ok, false);
      assert.match(outcome.error ?? '', /"refuse" needs "status": one of 500, 502, 503, 401, 204/);
    } finally {
      client.close();
    }
  });
});
