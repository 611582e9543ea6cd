// Stream diagnostics against demo servers that send their streams in problematic ways.
import assert from 'node:assert/strict';
import { startDemoServer, type DemoServer } from '../../../demo/server';
import type { DiagnosticCode } from '../../../src/core/diagnostics';
import { StreamDiagnostics } from '../../../src/core/diagnostics';
import type { InspectorOptions } from '../../../src/core/inspector';
import { policyFrom, POLICY_PRESETS } from '../../../src/core/base/reconnect';
import { run } from '../../support/collect';

describe('stream diagnostics', () => {
  let demo: DemoServer;
  before(async () => {
    demo = await startDemoServer({ port: 0 });
  });
  after(() => demo.close());

  async function diagnose(path: string, until: (codes: DiagnosticCode[]) => boolean, extra: Partial<InspectorOptions> = {}) {
    const r = run({ request: { url: `${demo.url}${path}` }, reconnect: POLICY_PRESETS.none, ...extra });
    const codes = () => (r.inspector.session.snapshot().diagnostics ?? []).map((d) => d.code);
    try {
      await r.until(() => until(codes()) || ['closed', 'failed'].includes(r.inspector.connection.state), 8000, path);
      return r.inspector.session.snapshot().diagnostics ?? [];
    } finally {
      await r.dispose();
    }
  }

  it('a leading BOM', async () => {
    const d = await diagnose('/bom', (c) => c.includes('bom'));
    assert.deepEqual(d.map((x) => x.code), ['bom']);
  });

  it('mixed line endings (a warning), bare CR (info), and nothing for plain LF', async () => {
    assert.deepEqual((await diagnose('/line-endings?style=mixed', (c) => c.includes('line-endings-mixed'))).map((x) => [x.code, x.severity]), [['line-endings-mixed', 'warning']]);
    assert.deepEqual((await diagnose('/line-endings?style=cr', () => false)).map((x) => x.code), ['line-endings-cr']);
    assert.deepEqual(await diagnose('/line-endings?style=lf', () => false), []);
    assert.deepEqual(await diagnose('/line-endings?style=crlf', () => false), []);
  });

  it('a gzip-compressed stream', async () => {
    const d = await diagnose('/gzip?heartbeatMs=50', (c) => c.includes('gzip'));
    assert.ok(d.some((x) => x.code === 'gzip' && /flush/.test(x.message)));
  });

  it('events in bursts after silence: something buffers', async () => {
    const d = await diagnose('/buffered?events=12&everyMs=400', (c) => c.includes('bursts'), { diagnostics: { burstEvents: 10, burstQuietMs: 300 } });
    const burst = d.find((x) => x.code === 'bursts');
    assert.ok(burst, JSON.stringify(d));
    assert.match(burst.message, /10\+ events arrived in one read after \d+ ms of silence/);
  });

  it('an event sent slowly, byte by byte', async () => {
    const d = await diagnose('/drip?ms=15', (c) => c.includes('slow-event'), { diagnostics: { slowEventMs: 200 } });
    assert.ok(d.some((x) => x.code === 'slow-event'), JSON.stringify(d));
  });

  it('extreme retry: values', async () => {
    const d = await diagnose('/retry-changes?values=20,5000,7200000', () => false);
    const retry = d.find((x) => x.code === 'retry-extreme')!;
    assert.equal(retry.count, 2, 'the 20 ms and the 2 h values, not the 5 s one');
  });

  it('events that are not JSON when the profile expects JSON; [DONE] is fine', async () => {
    const d = await diagnose('/multiline', () => false, { diagnostics: { expectJson: true } });
    const notJson = d.find((x) => x.code === 'not-json')!;
    assert.equal(notJson.count, 2, 'two of the three events are plain text');
    const clean = new StreamDiagnostics({ expectJson: true });
    clean.observe({ kind: 'event', seq: 1, t: 0, mono: 0, attempt: 1, type: 'message', data: '[DONE]', lastEventId: '', size: 6, cls: 'data' });
    assert.deepEqual(clean.list(), []);
  });

  it('failures are problems: two HTTP 500s (one entry, seen twice, an error)', async () => {
    const r = run({ request: { url: `${demo.url}/flaky?failures=2&key=diag-500` }, reconnect: policyFrom('fixed', { baseMs: 5, honourServerRetry: false }) });
    try {
      // The demo's "500, 500, then recovery": the problems stay after the stream recovers.
      await r.until(() => r.ofKind('open').length >= 1, 8000, 'the recovery');
      const d = r.inspector.session.snapshot().diagnostics ?? [];
      const http = d.filter((x) => x.code === 'http-error');
      assert.deepEqual(http.map((x) => [x.severity, x.count, x.message]), [['error', 2, 'HTTP 500 Internal Server Error; the connection retries.']]);
    } finally {
      await r.dispose();
    }
  });

  it('a wrong content type is an error problem that says what came instead', async () => {
    const d = await diagnose('/wrong-content-type', () => false);
    assert.deepEqual(d.map((x) => [x.code, x.severity]), [['not-event-stream', 'error']]);
    assert.match(d[0]!.message, /^HTTP 200 OK — not an event stream \(text\/html\): .*gave up/);
  });

  it('a stream reset mid-event again and again: a network-error warning seen each time, and a reconnect storm', async () => {
    const r = run({ request: { url: `${demo.url}/reset?events=3` }, reconnect: policyFrom('fixed', { baseMs: 5, honourServerRetry: false }) });
    try {
      await r.until(() => r.ofKind('reconnect').length >= 6, 8000, 'six reconnects');
      await r.inspector.stop();
      const d = r.inspector.session.snapshot().diagnostics ?? [];
      const network = d.filter((x) => x.code === 'network-error');
      assert.equal(network.length, 1, JSON.stringify(d));
      assert.equal(network[0]!.severity, 'warning');
      assert.ok(network[0]!.count >= 6, `seen ${network[0]!.count} times`);
      const storm = d.find((x) => x.code === 'reconnect-storm');
      assert.ok(storm, JSON.stringify(d));
      assert.equal(storm.severity, 'warning');
      assert.match(storm.message, /^Reconnect storm: \d+ reconnects within 60 s/);
    } finally {
      await r.dispose();
    }
  });

  it('a policy that runs out of attempts: the give-up is an error problem', () => {
    const d = new StreamDiagnostics();
    d.observe({ kind: 'close', seq: 9, t: 5, mono: 5, attempt: 4, reason: 'max-attempts', willReconnect: false, message: 'Gave up after 3 reconnect attempts (policy linear, max 3)', bytes: 0 });
    assert.deepEqual(d.list().map((x) => [x.code, x.severity, x.message]), [['gave-up', 'error', 'Gave up after 3 reconnect attempts (policy linear, max 3): the connection stopped trying.']]);
    // A manual reconnect now and then is not a storm.
    for (let i = 0; i < 10; i++) d.observe({ kind: 'reconnect', seq: 10 + i, t: i, mono: i, attempt: 4 + i, retryNumber: 0, delayMs: 0, reason: 'manual', source: 'immediate', policy: 'linear' });
    assert.equal(d.list().some((x) => x.code === 'reconnect-storm'), false);
  });

  it('an API error event mid-answer (Anthropic overloaded_error) is an error problem; other events named error without an API error are not', () => {
    const d = new StreamDiagnostics();
    const event = (seq: number, type: string, data: string) => d.observe({ kind: 'event', seq, t: 0, mono: 0, attempt: 1, type, data, lastEventId: '', size: data.length, cls: 'data' });
    event(1, 'content_block_delta', '{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi"}}');
    event(2, 'error', 'connection lost, retrying');
    event(3, 'error', '{"retry":true}');
    assert.deepEqual(d.list(), [], 'plain text, or JSON without an error type or message');
    event(4, 'error', '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"},"request_id":null}');
    const [problem, ...more] = d.list();
    assert.equal(more.length, 0);
    assert.deepEqual([problem!.code, problem!.severity, problem!.firstSeq], ['api-error', 'error', 4]);
    assert.match(problem!.message, /overloaded_error: Overloaded/);
    // OpenAI's Responses stream puts code and message at the top level.
    event(5, 'error', '{"type":"error","code":"server_error","message":"The server had an error","param":null}');
    assert.equal(d.list()[0]!.count, 2);
    assert.equal(d.list()[0]!.lastSeq, 5);
  });

  it('a CRLF split across two chunks is one CRLF, not a CR and an LF', () => {
    const d = new StreamDiagnostics();
    const enc = (s: string) => new TextEncoder().encode(s);
    d.observeChunk(enc('data: a\r'), true, 0, 0);
    d.observeChunk(enc('\n\r\n'), false, 1, 1);
    assert.deepEqual(d.list(), []);
  });
});
