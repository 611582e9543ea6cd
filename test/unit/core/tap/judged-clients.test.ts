// Real clients behind the proxy tap, their streams broken on purpose with the proxy's faults,
// and the verdicts checked against what each client is known to do (from its code):
//  - the seed's fetch client with linear backoff (test/fixtures/clients/seed-linear-client.mjs):
//    700 ms × n, n reset on every OK response; no Last-Event-ID; ignores Retry-After; a 204
//    has no body, so its reader throws and it asks again; a 401 is retried with the same
//    token; no heartbeat watchdog unless given one (the seed's Q3);
//  - the seed's SSEClient with exponential backoff (seed-exponential-client.mjs): 1 s × 2^n
//    from n = 1; refreshes its token after a 401 and connects again at once; a clean end of
//    the stream is not an error, so it does not reconnect;
//  - the eventsource npm package 2.0.2 (eventsource-client.cjs): 1 s by default, honours
//    retry:, sends Last-Event-ID, retries 5xx after its interval (no Retry-After), stops on 204.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import type { VerdictRecord } from '../../../../src/core/base/records';
import { logged, runClient, startJudgedTap, startTickServer, type JudgedTap, type RunningClient, type TickServer } from '../../../support/judged-tap';

const CLIENTS = path.resolve(__dirname, '../../../../../test/fixtures/clients');
// The reconnects are timed at the tap on a machine shared with other suites: a little more
// lateness allowed than the default, still far less than the steps between the delays judged.
const TOLERANCE_MS = 500;

function check(v: VerdictRecord, aspect: string): { level: string; text: string } {
  const c = v.checks.find((x) => x.aspect === aspect);
  assert.ok(c, `verdict has a ${aspect} check: ${v.text}`);
  return c;
}

describe('judged real clients behind the proxy tap', function () {
  this.timeout(60_000);
  let upstream: TickServer | undefined;
  let tap: JudgedTap | undefined;
  let client: RunningClient | undefined;
  afterEach(async () => {
    await client?.stop();
    await tap?.stop();
    await upstream?.close();
    client = tap = upstream = undefined;
  });

  it("the seed's linear fetch client: right delays, no Last-Event-ID, ignores Retry-After, keeps asking after 204, loops on 401, never notices a stall", async () => {
    upstream = await startTickServer({ everyMs: 100 });
    tap = await startJudgedTap(upstream.url, { policy: 'linear', heartbeatTimeoutMs: 1000, toleranceMs: TOLERANCE_MS });
    client = runClient(process.execPath, [path.join(CLIENTS, 'seed-linear-client.mjs'), `${tap.proxy.url}/events`]);
    const s = await tap.stream();
    const faults = tap.proxy.faults;

    // A reset, and the two reconnects after it answered 503 with Retry-After: 3.
    await tap.waitForRecords('event', 3);
    faults.apply(s.source, { kind: 'refuse', status: 503, count: 2, retryAfterSec: 3 });
    faults.apply(s.source, { kind: 'end', reset: true });
    let v = await tap.waitForVerdicts(3);
    assert.equal(check(v[0]!, 'delay').level, 'pass', v[0]!.text);
    assert.match(check(v[0]!, 'delay').text, /as the linear policy \(reconnect #1 in a row\) asks \(700 ms\)/);
    assert.equal(check(v[0]!, 'resume').level, 'fail');
    assert.match(check(v[0]!, 'resume').text, /^sent none: no Last-Event-ID though it had been given id "\d+"/);
    for (const later of [v[1]!, v[2]!]) {
      assert.equal(later.level, 'fail');
      assert.match(check(later, 'delay').text, /expected 3 s by Retry-After: 3: it followed its policy and ignored Retry-After/);
    }
    assert.deepEqual(logged(client, 'reconnect-scheduled').map((l) => l.delay), [700, 1400, 2100], 'what the client logged it waited');

    // A 204 on the next reconnect: the seed's client reads a null body and asks again.
    const before = tap.verdicts().length;
    await tap.waitForRecords('open', 2);
    faults.apply(s.source, { kind: 'refuse', status: 204, count: 1 });
    faults.apply(s.source, { kind: 'end', reset: true });
    v = await tap.waitForVerdicts(before + 2);
    assert.match(v[before + 1]!.text, /kept asking after HTTP 204/);
    assert.equal(v[before + 1]!.level, 'fail');

    // A 401: it asks again with the same token.
    const before401 = tap.verdicts().length;
    await tap.waitForRecords('open', 3);
    faults.apply(s.source, { kind: 'refuse', status: 401, count: 1 });
    faults.apply(s.source, { kind: 'end', reset: true });
    v = await tap.waitForVerdicts(before401 + 2);
    assert.equal(check(v[before401 + 1]!, 'auth').level, 'fail');
    assert.match(v[before401 + 1]!.text, /looped: sent the same Authorization again after the 401/);

    // A stall: no watchdog, so it waits on its reader for ever.
    const beforeStall = tap.verdicts().length;
    await tap.waitForRecords('open', 4);
    await tap.waitForRecords('event', (s.records.filter((r) => r.kind === 'event').length) + 2);
    faults.apply(s.source, { kind: 'stall', seconds: 30 });
    v = await tap.waitForVerdicts(beforeStall + 1);
    const stall = v[beforeStall]!;
    assert.equal(stall.scope, 'stall');
    assert.equal(stall.level, 'fail', stall.text);
    assert.match(stall.text, /did not notice the stall: still waiting after [\d.]+ s without an event \(heartbeat timeout 1 s\)/);
    // The record stream never carries the token, only its fingerprint.
    assert.ok(!JSON.stringify(s.records).includes('YOUR_TOKEN'));
  });

  it("the seed's linear client with the seed's heartbeat watchdog notices a stall in time", async () => {
    upstream = await startTickServer({ everyMs: 100 });
    tap = await startJudgedTap(upstream.url, { policy: 'linear', heartbeatTimeoutMs: 1000, toleranceMs: TOLERANCE_MS });
    client = runClient(process.execPath, [path.join(CLIENTS, 'seed-linear-client.mjs'), `${tap.proxy.url}/events`, '--heartbeat-timeout', '1000']);
    const s = await tap.stream();
    await tap.waitForRecords('event', 3);
    tap.proxy.faults.apply(s.source, { kind: 'stall', seconds: 30 });
    const [v] = await tap.waitForVerdicts(1);
    assert.equal(v!.scope, 'reconnect');
    assert.equal(check(v!, 'stall').level, 'pass', v!.text);
    assert.match(check(v!, 'stall').text, /^noticed the stall after [\d.]+ s without an event \(heartbeat timeout 1 s\)/);
    assert.equal(check(v!, 'delay').level, 'pass', v!.text);
    assert.equal(logged(client, 'heartbeat-timeout').length, 1);
  });

  it("the seed's exponential SSEClient: 2 s then 4 s, refreshes its token after a 401, keeps asking after 204, does not reconnect after a clean end", async () => {
    upstream = await startTickServer({ everyMs: 100 });
    tap = await startJudgedTap(upstream.url, { policy: 'exponential', toleranceMs: TOLERANCE_MS });
    client = runClient(process.execPath, [path.join(CLIENTS, 'seed-exponential-client.mjs'), `${tap.proxy.url}/events`]);
    const s = await tap.stream();
    const faults = tap.proxy.faults;

    // A reset whose first reconnect gets a 500: 2 s, then 4 s.
    await tap.waitForRecords('event', 2);
    faults.apply(s.source, { kind: 'refuse', status: 500, count: 1 });
    faults.apply(s.source, { kind: 'end', reset: true });
    let v = await tap.waitForVerdicts(2);
    assert.match(check(v[0]!, 'delay').text, /as the exponential policy \(reconnect #1 in a row\) asks \(2 s\)/);
    assert.match(check(v[1]!, 'delay').text, /as the exponential policy \(reconnect #2 in a row\) asks \(4 s\)/);
    assert.equal(check(v[1]!, 'delay').level, 'pass');

    // A 401: it refreshes the token and connects again at once, with the new one.
    await tap.waitForRecords('open', 2);
    faults.apply(s.source, { kind: 'refuse', status: 401, count: 1 });
    faults.apply(s.source, { kind: 'end', reset: true });
    v = await tap.waitForVerdicts(4);
    assert.equal(check(v[3]!, 'auth').level, 'pass', v[3]!.text);
    assert.match(v[3]!.text, /refreshed its token: a different Authorization after the 401/);
    assert.equal(logged(client, 'token-refreshed').length, 1);

    // A 204: its reader throws on the null body, and it backs off and asks again.
    await tap.waitForRecords('open', 3);
    faults.apply(s.source, { kind: 'refuse', status: 204, count: 1 });
    faults.apply(s.source, { kind: 'end', reset: true });
    v = await tap.waitForVerdicts(6);
    assert.equal(v[5]!.level, 'fail');
    assert.match(v[5]!.text, /kept asking after HTTP 204/);

    // A clean end: its read loop ends without an error, so it never reconnects.
    await tap.waitForRecords('open', 4);
    faults.apply(s.source, { kind: 'end' });
    v = await tap.waitForVerdicts(7);
    assert.equal(v[6]!.scope, 'stop');
    assert.equal(v[6]!.level, 'fail');
    assert.match(v[6]!.text, /did not reconnect after the response ended: no further request within 5 s/);
  });

  it('the eventsource package: honours retry:, resumes from the last id, ignores Retry-After, stops after 204', async () => {
    upstream = await startTickServer({ everyMs: 100, retryMs: 1500 });
    tap = await startJudgedTap(upstream.url, { policy: { fixedMs: 1000 }, toleranceMs: TOLERANCE_MS });
    client = runClient(process.execPath, [path.join(CLIENTS, 'eventsource-client.cjs'), `${tap.proxy.url}/events`]);
    const s = await tap.stream();
    const faults = tap.proxy.faults;

    // A clean end: back after the server's retry: 1.5 s, from the last id it got.
    await tap.waitForRecords('event', 3);
    faults.apply(s.source, { kind: 'end' });
    let v = await tap.waitForVerdicts(1);
    assert.equal(v[0]!.level, 'pass', v[0]!.text);
    assert.match(v[0]!.text, /waited [\d.]+ s as the server's retry: 1\.5 s asks \(1\.5 s\)/);
    assert.match(check(v[0]!, 'resume').text, /^resumed exactly: sent Last-Event-ID "\d+", the last id it was given/);

    // A 503 with Retry-After: 3 on the reconnect: it comes back after its retry: anyway.
    await tap.waitForRecords('open', 2);
    faults.apply(s.source, { kind: 'refuse', status: 503, count: 1, retryAfterSec: 3 });
    faults.apply(s.source, { kind: 'end', reset: true });
    v = await tap.waitForVerdicts(3);
    assert.equal(check(v[2]!, 'delay').level, 'fail');
    assert.match(check(v[2]!, 'delay').text, /expected 3 s by Retry-After: 3: it used the server's retry: and ignored Retry-After/);
    assert.equal(check(v[2]!, 'resume').level, 'pass');

    // A 204: it closes for good.
    await tap.waitForRecords('open', 3);
    faults.apply(s.source, { kind: 'refuse', status: 204, count: 1 });
    faults.apply(s.source, { kind: 'end' });
    v = await tap.waitForVerdicts(5);
    assert.equal(v[4]!.scope, 'stop');
    assert.equal(v[4]!.level, 'pass');
    assert.match(v[4]!.text, /stopped after HTTP 204: no further request within 5 s/);
  });
});
