// The proxy tap passes bytes through unchanged: what a client receives through it, with no
// fault applied, equals what it receives directly (or, for a stream whose content changes
// with time, what the upstream sent on that very connection), for every demo endpoint;
// non-SSE responses, request bodies and headers pass as an HTTP proxy must.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { startDemoServer, type DemoServer } from '../../../../demo/server';
import { httpBody, rawRequest, startRecordingRelay } from '../../../support/http-raw';
import { useRawServers, SSE_HEADERS } from '../../../support/raw-server';
import { useTap, waitFor } from './tap-support';

describe('proxy tap: bytes pass through unchanged', function () {
  this.timeout(30_000);
  let demo: DemoServer;
  const tap = useTap();
  const serve = useRawServers();
  before(async () => {
    demo = await startDemoServer({ heartbeatMs: 50 });
  });
  after(async () => {
    await demo.close();
  });

  const ENDPOINTS = [
    '/line-endings?style=crlf',
    '/line-endings?style=cr',
    '/line-endings?style=mixed',
    '/bom',
    '/split-utf8',
    '/big',
    '/multiline',
    '/empty?retry=250',
    '/retry-changes',
    '/flood?count=2000&size=200',
    '/resume?count=6&perConnection=3',
    '/wrong-content-type',
    '/status/503?retryAfter=2',
    '/no-such-endpoint',
    '/',
  ];
  for (const path of ENDPOINTS) {
    it(`GET ${path}: same status, headers and body bytes as a direct request`, async () => {
      const rig = await tap(demo.url);
      const direct = await rawRequest(demo.url + path);
      const tapped = await rawRequest(rig.proxy.url + path);
      assert.equal(tapped.status, direct.status);
      assert.equal(tapped.ended, 'end');
      assert.equal(tapped.headers['content-type'], direct.headers['content-type']);
      assert.ok(tapped.body.equals(direct.body), `body differs: ${tapped.body.length} bytes through the tap, ${direct.body.length} direct`);
    });
  }

  it('keeps the chunking: the split UTF-8 event arrives in the same two pieces, and the inspector reads it whole', async () => {
    const rig = await tap(demo.url);
    const direct = await rawRequest(demo.url + '/split-utf8');
    const tapped = await rawRequest(rig.proxy.url + '/split-utf8');
    assert.equal(direct.chunks.length, 2);
    assert.deepEqual(tapped.chunks.map((c) => c.toString('hex')), direct.chunks.map((c) => c.toString('hex')));
    const s = await rig.stream();
    const ev = await waitFor(() => s.records.find((r) => r.kind === 'event'));
    assert.equal(ev.kind === 'event' && ev.data, 'héllo 世界 🎉 done');
  });

  it('passes a gzip stream through still compressed, byte for byte as the upstream sent it, and decodes only its own copy', async () => {
    const relay = await startRecordingRelay(demo.url);
    try {
      const rig = await tap(relay.url);
      const tapped = await rawRequest(rig.proxy.url + '/gzip?heartbeatMs=20', { headers: { 'accept-encoding': 'gzip' }, forMs: 400 });
      assert.equal(tapped.headers['content-encoding'], 'gzip');
      const sent = httpBody(relay.fromServer()[0]!);
      assert.ok(tapped.body.length > 20, 'got some of the stream');
      assert.ok(sent.subarray(0, tapped.body.length).equals(tapped.body), 'the client got a prefix of exactly what the upstream sent');
      const s = await rig.stream();
      await waitFor(() => s.records.some((r) => r.kind === 'event' && r.type === 'heartbeat'));
      assert.equal(s.records.find((r) => r.kind === 'event')?.kind === 'event' && (s.records.find((r) => r.kind === 'event') as { type: string }).type, 'system');
    } finally {
      await relay.close();
    }
  });

  it('forwards a POST body and query under the upstream base path, rewrites Host, drops hop-by-hop headers both ways', async () => {
    const server = await serve(() => ({
      status: 201,
      headers: { 'content-type': 'application/json', 'keep-alive': 'timeout=9', 'x-hop': 'gone', connection: 'x-hop', 'x-kept': 'yes' },
      chunks: ['{"ok":', 'true}'],
    }));
    const rig = await tap(server.url + '/base/');
    const body = JSON.stringify({ message: 'héllo', n: [1, 2, 3] });
    const res = await rawRequest(rig.proxy.url + '/api/chat?x=1&y=%20', {
      method: 'POST',
      headers: { 'content-type': 'application/json', te: 'trailers', 'x-secret-hop': 'no', connection: 'x-secret-hop', 'proxy-authorization': 'Basic abc', 'x-end-to-end': 'kept', 'x-sse-tap-client': 'me' },
      body,
    });
    assert.equal(res.status, 201);
    assert.equal(res.body.toString(), '{"ok":true}');
    assert.equal(res.headers['x-kept'], 'yes');
    assert.equal(res.headers['x-hop'], undefined);
    assert.notEqual(res.headers['keep-alive'], 'timeout=9');
    const seen = server.requests[0]!;
    assert.equal(seen.method, 'POST');
    assert.equal(seen.url, '/base/api/chat?x=1&y=%20');
    assert.equal(seen.body, body);
    assert.equal(seen.headers.host, new URL(server.url).host);
    assert.equal(seen.headers['x-end-to-end'], 'kept');
    for (const gone of ['te', 'x-secret-hop', 'proxy-authorization', 'x-sse-tap-client']) assert.equal(seen.headers[gone], undefined, `${gone} was forwarded`);
    // Not an event stream: nothing kept.
    assert.equal(rig.streams.length, 0);
  });

  it('answers 502 with a clear body when the upstream cannot be reached, and records it on the stream that asked', async () => {
    const server = await serve(() => ({}));
    const dead = server.url;
    await server.close();
    const rig = await tap(dead);
    const res = await rawRequest(rig.proxy.url + '/events', { headers: { accept: 'text/event-stream' } });
    assert.equal(res.status, 502);
    assert.match(res.body.toString(), /could not reach the upstream http:\/\/127\.0\.0\.1:\d+: .*ECONNREFUSED/);
    const s = await rig.stream();
    await waitFor(() => s.records.some((r) => r.kind === 'error' && r.status === 502));
  });

  it('verifies an https upstream\'s certificate: a self-signed one gets the client a 502 saying why, unless insecureTls', async () => {
    const tlsDir = join(__dirname, '..', '..', '..', '..', '..', 'test', 'fixtures', 'tls');
    const server = https.createServer({ key: readFileSync(join(tlsDir, 'key.pem')), cert: readFileSync(join(tlsDir, 'cert.pem')) }, (_req, res) => {
      res.writeHead(200, SSE_HEADERS);
      res.end('data: over tls\n\n');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const upstream = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const strict = await tap(upstream);
      const refused = await rawRequest(strict.proxy.url + '/events');
      assert.equal(refused.status, 502);
      assert.match(refused.body.toString(), /could not reach the upstream https:.*(self[- ]signed|certificate)/i);
      const lenient = await tap(upstream, { insecureTls: true });
      const ok = await rawRequest(lenient.proxy.url + '/events');
      assert.equal(ok.status, 200);
      assert.equal(ok.body.toString(), 'data: over tls\n\n');
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });

  it('gives curl -N the same bytes through the tap as directly', async function () {
    const curl = (url: string) => new Promise<Buffer>((resolve, reject) => execFile('curl', ['-sS', '-N', url], { encoding: 'buffer', maxBuffer: 8 << 20 }, (err, out) => (err ? reject(err) : resolve(out))));
    const rig = await tap(demo.url);
    for (const path of ['/line-endings?style=mixed', '/bom', '/split-utf8', '/big']) {
      const [direct, tapped] = [await curl(demo.url + path), await curl(rig.proxy.url + path)];
      assert.ok(tapped.equals(direct), `${path}: curl got ${tapped.length} bytes through the tap, ${direct.length} direct`);
    }
  });

  it('makes a tapped stream of each event-stream response and none of anything else', async () => {
    const server = await serve((req) => (req.url.startsWith('/events') ? { headers: SSE_HEADERS, chunks: ['data: a\n\n'] } : { headers: { 'content-type': 'application/json' }, chunks: ['{}'] }));
    const rig = await tap(server.url);
    await rawRequest(rig.proxy.url + '/api/x');
    await rawRequest(rig.proxy.url + '/events');
    await rawRequest(rig.proxy.url + '/events?again=1');
    assert.equal(rig.streams.length, 1);
    assert.equal(rig.streams[0]!.key.endpoint, `${server.url}/events`);
    await waitFor(() => rig.streams[0]!.records.filter((r) => r.kind === 'open').length === 2);
  });
});
