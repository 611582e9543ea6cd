// Judging a tapped program's reconnects: a real PassiveSource fed the way a tap feeds it
// (responses, bytes, ends, fault markers) on a manual clock, with a JudgedSource putting
// its verdicts into the same record stream.
import assert from 'node:assert/strict';
import { ManualClock } from '../../../../src/core/base/clock';
import type { HeaderList, RequestSummary, SseRecord, VerdictRecord } from '../../../../src/core/base/records';
import { PassiveSource, type ObservedResponse } from '../../../../src/core/passive/passive-source';
import { faultLabel } from '../../../../src/core/tap/faults';
import { JudgedSource } from '../../../../src/core/tap/judge-source';
import { readExpectations, type ClientExpectations } from '../../../../src/core/tap/verdicts';

const TOKEN_A = 'Bearer eyJhbGciOiJIUzI1NiJ9.first-token';
const TOKEN_B = 'Bearer eyJhbGciOiJIUzI1NiJ9.refreshed-token';

function request(headers: HeaderList = [['Accept', 'text/event-stream']]): RequestSummary {
  return { method: 'GET', url: 'http://127.0.0.1:9/events', headers, bodyBytes: 0, authKind: 'none' };
}

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function harness(expectations: ClientExpectations) {
  const clock = new ManualClock();
  const source = new PassiveSource({ clock });
  const records: SseRecord[] = [];
  source.onRecord((r) => records.push(r));
  const judged = new JudgedSource(source, expectations, clock);
  const verdicts = (): VerdictRecord[] => records.filter((r): r is VerdictRecord => r.kind === 'verdict');
  const judgedOnes = (): VerdictRecord[] => verdicts().filter((v) => v.scope !== 'summary');
  /** The program's request after `waitMs`, answered with a stream that delivers `body`. */
  const stream = (waitMs: number, body: string, extra: Partial<ObservedResponse> = {}): void => {
    clock.advance(waitMs);
    source.beginResponse({ request: request(extra.request?.headers), status: 200, statusText: 'OK', headers: [['content-type', 'text/event-stream']], ...extra });
    if (body) source.chunk(Buffer.from(body));
  };
  /** The program's request after `waitMs`, refused with `status`. */
  const refused = (waitMs: number, status: number, headers: HeaderList = [], extra: Partial<ObservedResponse> = {}): void => {
    clock.advance(waitMs);
    source.beginResponse({ request: request(extra.request?.headers), status, headers: [['content-type', 'application/json'], ...headers], ...extra });
    source.endResponse('server-closed');
  };
  return { clock, source, records, judged, verdicts, judgedOnes, stream, refused };
}

describe('judge: the program\'s reconnects against what its client should do', () => {
  it('passes the seed\'s linear client: 700 ms after a broken stream, then 1.4 s after a refused reconnect, resuming from the last id', async () => {
    const h = harness({ policy: 'linear' });
    h.stream(0, 'id: 1\ndata: a\n\nid: 2\ndata: b\n\n');
    h.clock.advance(100);
    h.source.endResponse('network-error');
    h.refused(705, 502, [], { lastEventIdSent: '2' });
    h.stream(1410, 'id: 3\ndata: c\n\n', { lastEventIdSent: '2' });
    await settle();
    const v = h.judgedOnes();
    assert.equal(v.length, 2);
    assert.deepEqual(v.map((x) => x.level), ['pass', 'pass']);
    assert.match(v[0]!.text, /waited 705 ms as the linear policy \(reconnect #1 in a row\) asks \(700 ms\)/);
    assert.match(v[0]!.text, /resumed exactly: sent Last-Event-ID "2"/);
    assert.match(v[1]!.text, /waited 1\.41 s as the linear policy \(reconnect #2 in a row\) asks \(1\.4 s\)/);
    // Each verdict names the reconnect record it judges, and comes after it.
    const reconnects = h.records.filter((r) => r.kind === 'reconnect');
    assert.deepEqual(v.map((x) => x.reconnectSeq), reconnects.map((r) => r.seq));
    for (const x of v) assert.ok(x.seq > x.reconnectSeq!);
  });

  it('fails a client that ignores Retry-After on a 503, and says it followed its policy instead', async () => {
    const h = harness({ policy: 'linear' });
    h.stream(0, 'id: 7\ndata: a\n\n');
    h.source.endResponse('network-error');
    h.refused(700, 503, [['Retry-After', '3']], { lastEventIdSent: '7' });
    h.stream(1400, '', { lastEventIdSent: '7' });
    await settle();
    const v = h.judgedOnes();
    assert.equal(v[1]!.level, 'fail');
    assert.match(v[1]!.text, /waited 1\.4 s, expected 3 s by Retry-After: 3: it followed its policy and ignored Retry-After/);
    // The same wait after a 503 that asked for 1.4 s passes.
    const ok = harness({ policy: 'linear' });
    ok.stream(0, '');
    ok.source.endResponse('network-error');
    ok.refused(700, 503, [['Retry-After', '3']]);
    ok.stream(3100, '');
    await settle();
    assert.equal(ok.judgedOnes()[1]!.checks.find((c) => c.aspect === 'delay')!.level, 'pass');
  });

  it('judges the exponential policy as the seed counts it: 2 s, then 4 s', async () => {
    const h = harness({ policy: 'exponential' });
    h.stream(0, '');
    h.source.endResponse('network-error');
    h.refused(2000, 500);
    h.refused(4000, 500);
    h.stream(1000, '');
    await settle();
    const delay = h.judgedOnes().map((v) => v.checks.find((c) => c.aspect === 'delay')!);
    assert.deepEqual(delay.map((c) => c.level), ['pass', 'pass', 'fail']);
    assert.match(delay[2]!.text, /waited 1 s, expected 8 s by the exponential policy \(reconnect #3 in a row\): too soon/);
  });

  it('expects the server\'s retry: when the client should honour it, and a fixed delay otherwise', async () => {
    const h = harness({ policy: { fixedMs: 3000 } });
    h.stream(0, 'retry: 1500\nid: 1\ndata: a\n\n');
    h.source.endResponse('server-closed');
    h.stream(1500, '', { lastEventIdSent: '1' });
    h.source.endResponse('server-closed');
    h.stream(3000, '', { lastEventIdSent: '1' });
    await settle();
    const delay = h.judgedOnes().map((v) => v.checks.find((c) => c.aspect === 'delay')!);
    assert.equal(delay[0]!.level, 'pass');
    assert.match(delay[0]!.text, /as the server's retry: 1\.5 s asks/);
    assert.equal(delay[1]!.level, 'fail');
    assert.match(delay[1]!.text, /it followed its policy and ignored the server's retry:/);
    const ignoring = harness({ policy: { fixedMs: 3000 }, honourRetryField: false });
    ignoring.stream(0, 'retry: 1500\ndata: a\n\n');
    ignoring.source.endResponse('server-closed');
    ignoring.stream(3000, '');
    await settle();
    assert.equal(ignoring.judgedOnes()[0]!.checks.find((c) => c.aspect === 'delay')!.level, 'pass');
  });

  it('says how the Last-Event-ID it sent compares with the last id it was given', async () => {
    const cases: Array<[sent: string | undefined, level: string, words: RegExp]> = [
      ['3', 'pass', /resumed exactly/],
      [undefined, 'fail', /sent none: no Last-Event-ID though it had been given id "3"/],
      ['2', 'fail', /would replay events: sent Last-Event-ID "2" but it had been given up to "3"/],
      ['9', 'fail', /would miss events: sent Last-Event-ID "9", past the last id it was given \("3"\)/],
      ['abc', 'unknown', /cannot tell: sent Last-Event-ID "abc", an id it was not given here/],
    ];
    for (const [sent, level, words] of cases) {
      const h = harness({ policy: { fixedMs: 1000 } });
      h.stream(0, 'id: 1\ndata: a\n\nid: 2\ndata: b\n\nid: 3\ndata: c\n\n');
      h.source.endResponse('server-closed');
      h.stream(1000, '', sent !== undefined ? { lastEventIdSent: sent } : {});
      await settle();
      const resume = h.judgedOnes()[0]!.checks.find((c) => c.aspect === 'resume')!;
      assert.equal(resume.level, level, String(sent));
      assert.match(resume.text, words);
    }
    // Nothing to resume from: no id was ever given. Not a failure, not a pass either.
    const none = harness({ policy: { fixedMs: 1000 } });
    none.stream(0, 'data: a\n\n');
    none.source.endResponse('server-closed');
    none.stream(1000, '');
    await settle();
    assert.equal(none.judgedOnes()[0]!.checks.find((c) => c.aspect === 'resume')!.level, 'info');
  });

  it('after a 204: passes a client that stops, fails one that keeps asking', async () => {
    const stops = harness({ policy: 'linear' });
    stops.stream(0, 'data: a\n\n');
    stops.source.endResponse('network-error');
    stops.refused(700, 204);
    await settle();
    assert.equal(stops.judgedOnes().length, 1, 'the reconnect that got the 204 is judged as it came');
    stops.clock.advance(4000);
    await settle();
    assert.equal(stops.judgedOnes().length, 1, 'no stop verdict before the grace period is over');
    stops.clock.advance(2000);
    await settle();
    const stop = stops.judgedOnes()[1]!;
    assert.equal(stop.scope, 'stop');
    assert.equal(stop.level, 'pass');
    assert.match(stop.text, /stopped after HTTP 204: no further request within 5 s/);

    const keeps = harness({ policy: 'linear' });
    keeps.stream(0, 'data: a\n\n');
    keeps.source.endResponse('network-error');
    keeps.refused(700, 204);
    keeps.refused(1400, 204);
    await settle();
    const after204 = keeps.judgedOnes()[1]!;
    assert.equal(after204.level, 'fail');
    assert.match(after204.text, /kept asking after HTTP 204/);
  });

  it('after a 401: passes a refreshed token, fails the same one sent again, and never records the token', async () => {
    const run = async (second: string) => {
      const h = harness({ policy: 'exponential' });
      const auth = (v: string): Partial<ObservedResponse> => ({ request: request([['Accept', 'text/event-stream'], ['Authorization', v]]) });
      h.stream(0, 'data: a\n\n', auth(TOKEN_A));
      h.source.endResponse('network-error');
      h.refused(2000, 401, [], auth(TOKEN_A));
      h.stream(50, '', auth(second));
      await settle();
      return h;
    };
    const refreshed = await run(TOKEN_B);
    const good = refreshed.judgedOnes()[1]!;
    assert.equal(good.checks.find((c) => c.aspect === 'auth')!.level, 'pass');
    assert.match(good.text, /refreshed its token: a different Authorization after the 401/);
    const looped = await run(TOKEN_A);
    const bad = looped.judgedOnes()[1]!;
    assert.equal(bad.level, 'fail');
    assert.match(bad.text, /looped: sent the same Authorization again after the 401/);
    const all = JSON.stringify(looped.records) + JSON.stringify(refreshed.records);
    assert.ok(!all.includes('first-token') && !all.includes('refreshed-token'), 'no token in any record');
    const fps = looped.records.flatMap((r) => (r.kind === 'open' ? [r.request.authFingerprint] : r.kind === 'error' && r.request ? [r.request.authFingerprint] : []));
    assert.equal(fps.length, 3);
    assert.ok(fps.every((f) => typeof f === 'string' && f.length === 8));
  });

  it('after a stall: passes a client that notices within the heartbeat timeout, fails one that never does', async () => {
    const notices = harness({ policy: 'linear', heartbeatTimeoutMs: 2000 });
    notices.stream(0, 'id: 1\ndata: a\n\n');
    notices.clock.advance(100);
    notices.source.markFault({ kind: 'stall', seconds: 30 }, faultLabel({ kind: 'stall', seconds: 30 }));
    notices.clock.advance(2100);
    notices.source.endResponse('aborted');
    notices.stream(700, '', { lastEventIdSent: '1' });
    await settle();
    const v = notices.judgedOnes()[0]!;
    assert.equal(v.level, 'pass');
    assert.match(v.text, /noticed the stall after 2\.2 s without an event \(heartbeat timeout 2 s\)/);

    const deaf = harness({ policy: 'linear', heartbeatTimeoutMs: 2000 });
    deaf.stream(0, 'id: 1\ndata: a\n\n');
    deaf.source.markFault({ kind: 'stall', seconds: 30 }, faultLabel({ kind: 'stall', seconds: 30 }));
    deaf.clock.advance(3200);
    await settle();
    assert.equal(deaf.judgedOnes().length, 0);
    deaf.clock.advance(200);
    await settle();
    const stall = deaf.judgedOnes()[0]!;
    assert.equal(stall.scope, 'stall');
    assert.equal(stall.level, 'fail');
    assert.match(stall.text, /did not notice the stall: still waiting after 3\.3 s without an event \(heartbeat timeout 2 s\)/);

    // A stall shorter than the timeout, ridden out: right.
    const calm = harness({ policy: 'linear', heartbeatTimeoutMs: 2000 });
    calm.stream(0, 'data: a\n\n');
    calm.source.markFault({ kind: 'stall', seconds: 1 }, faultLabel({ kind: 'stall', seconds: 1 }));
    calm.clock.advance(1000);
    calm.source.chunk(Buffer.from('data: b\n\n'));
    await settle();
    assert.equal(calm.judgedOnes()[0]!.level, 'pass');
    assert.match(calm.judgedOnes()[0]!.text, /rode out a 1 s stall/);
  });

  it('judges a stall from the fault the marker carries, whatever its label says (another wording, another language)', async () => {
    const stall = { kind: 'stall', seconds: 30 } as const;
    const h = harness({ policy: 'linear', heartbeatTimeoutMs: 2000 });
    h.stream(0, 'id: 1\ndata: a\n\n');
    h.source.markFault(stall, '故障：停顿 30 秒（静默）');
    h.clock.advance(3400);
    await settle();
    const v = h.judgedOnes()[0];
    assert.equal(v?.scope, 'stall');
    assert.equal(v.level, 'fail');
    assert.match(v.text, /did not notice the stall: still waiting after 3\.3 s without an event \(heartbeat timeout 2 s\)/);
    // The label alone, without the fault, is a note for people: no stall is judged from it.
    const wordsOnly = harness({ policy: 'linear', heartbeatTimeoutMs: 2000 });
    wordsOnly.stream(0, 'id: 1\ndata: a\n\n');
    wordsOnly.source.mark('fault', faultLabel(stall));
    wordsOnly.clock.advance(3400);
    await settle();
    assert.deepEqual(wordsOnly.judgedOnes(), []);
  });

  it('events the tap holds during a stall were not given to the client: its silence and its resume point are from before the stall', async () => {
    const h = harness({ policy: 'linear', heartbeatTimeoutMs: 2000 });
    h.stream(0, 'id: 1\ndata: a\n\n');
    h.source.markFault({ kind: 'stall', seconds: 30 }, faultLabel({ kind: 'stall', seconds: 30 }));
    // The upstream goes on sending while the tap holds its bytes back from the client.
    for (let i = 2; i <= 4; i++) {
      h.clock.advance(500);
      h.source.chunk(Buffer.from(`id: ${i}\ndata: x\n\n`));
    }
    h.clock.advance(600);
    h.source.endResponse('aborted');
    h.stream(700, '', { lastEventIdSent: '1' });
    await settle();
    const v = h.judgedOnes()[0]!;
    assert.equal(v.level, 'pass', v.text);
    assert.match(v.text, /noticed the stall after 2\.1 s without an event/);
    assert.match(v.text, /resumed exactly: sent Last-Event-ID "1"/);
  });

  it('the tap stopping (whatever its close message says, e.g. why it stopped) ends the run: the summary comes, no stop verdict', async () => {
    const h = harness({ policy: 'linear' });
    h.stream(0, 'id: 1\ndata: a\n\n');
    h.clock.advance(500);
    h.source.stop('--timeout 2 s elapsed');
    await settle();
    const close = h.records.filter((r) => r.kind === 'close').at(-1);
    assert.equal(close?.kind === 'close' && close.message, 'Stopped observing the stream: --timeout 2 s elapsed');
    assert.deepEqual(h.verdicts().map((v) => v.scope), ['summary']);
    h.clock.advance(60_000);
    await settle();
    assert.deepEqual(h.verdicts().map((v) => v.scope), ['summary'], 'no "did not reconnect" after the tap itself stopped');
  });

  it('a client that does not reconnect (curl): fails against a declared policy, cannot tell when the run ends first', async () => {
    const h = harness({ policy: 'linear' });
    h.stream(0, 'data: a\n\n');
    h.source.endResponse('server-closed');
    h.clock.advance(5000);
    await settle();
    const v = h.judgedOnes()[0]!;
    assert.equal(v.level, 'fail');
    assert.match(v.text, /did not reconnect after the response ended: no further request within 5 s/);

    const early = harness({ policy: 'linear' });
    early.stream(0, 'data: a\n\n');
    early.source.endResponse('server-closed');
    early.clock.advance(1000);
    early.judged.finish();
    const [stop, summary] = early.verdicts();
    assert.equal(stop!.level, 'unknown');
    assert.match(stop!.text, /^cannot tell: cannot tell whether it would ask again: the run ended 1 s after the response ended/);
    assert.equal(summary!.scope, 'summary');
    assert.equal(summary!.level, 'unknown');
  });

  it('sums up: counts by level and the failures, failing when any verdict failed', async () => {
    const h = harness({ policy: 'linear' });
    h.stream(0, 'id: 1\ndata: a\n\n');
    h.source.endResponse('network-error');
    h.stream(700, '', { lastEventIdSent: '1' });
    h.source.endResponse('network-error');
    h.stream(3000, '');
    await settle();
    h.judged.finish();
    const summary = h.verdicts().at(-1)!;
    assert.equal(summary.scope, 'summary');
    assert.equal(summary.level, 'fail');
    assert.deepEqual(summary.counts, { pass: 1, fail: 1, info: 0, unknown: 0 });
    assert.match(summary.text, /^2 verdicts: 1 FAIL, 1 pass — failed: waited 3 s, expected 700 ms by the linear policy \(reconnect #1 in a row\): too late; sent none/);
    // Nothing judged: never a pass.
    const empty = harness({ policy: 'linear' });
    empty.judged.finish();
    assert.equal(empty.verdicts()[0]!.level, 'unknown');
  });

  it("the reconnect record's detail keeps the last id the program received across a refused attempt", async () => {
    const h = harness({ policy: 'linear' });
    h.stream(0, 'id: 3\ndata: a\n\n');
    h.source.endResponse('network-error');
    h.refused(700, 503);
    h.stream(1400, '');
    const details = h.records.flatMap((r) => (r.kind === 'reconnect' ? [r.detail ?? ''] : []));
    assert.match(details[1]!, /sent no Last-Event-ID though the last id it received was "3"/);
  });

  it('without a declared policy, reports the delay without judging it', async () => {
    const h = harness({});
    h.stream(0, '');
    h.source.endResponse('server-closed');
    h.stream(1234, '');
    await settle();
    const delay = h.judgedOnes()[0]!.checks.find((c) => c.aspect === 'delay')!;
    assert.equal(delay.level, 'info');
    assert.match(delay.text, /waited 1\.23 s \(no policy declared to judge it by\)/);
  });
});

describe('judge: expectations from a profile or a command', () => {
  it('reads policy, heartbeat timeout and tolerance, and names the field that is wrong', () => {
    assert.deepEqual(readExpectations({ policy: 'fixed:3000', heartbeatTimeoutMs: 60000, toleranceMs: 200 }), { policy: { fixedMs: 3000 }, heartbeatTimeoutMs: 60000, toleranceMs: 200 });
    assert.deepEqual(readExpectations({ policy: 'linear' }), { policy: 'linear' });
    assert.match(String(readExpectations({ policy: 'quadratic' })), /"policy" must be "linear", "exponential" or "fixed:MS"/);
    assert.match(String(readExpectations({ heartbeatTimeoutMs: -1 })), /"heartbeatTimeoutMs" must be a number/);
    assert.match(String(readExpectations({ polcy: 'linear' })), /unknown field "polcy"/);
    assert.match(String(readExpectations('linear')), /must be an object/);
  });
});
