// `sse-inspect tap --expect-policy`: the built CLI in a child process in front of the demo
// server, a fault plan file breaking the stream, the seed's linear client behind it; the
// verdict lines say what that client is known to do, and the exit status is 4 because some
// failed. The run's output is kept in test-results/ for reading.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tapCli } from '../../support/tap-cli';
import { startDemoServer, type DemoServer } from '../../../demo/server';
import { parseExpectArgs } from '../../../src/cli/tap-verdicts';
import { UsageError } from '../../../src/cli/args';
import { logged, runClient, type RunningClient } from '../../support/judged-tap';

const ROOT = join(__dirname, '..', '..', '..', '..');


describe('sse-inspect tap --expect-policy', function () {
  this.timeout(60_000);
  let demo: DemoServer;
  let dir: string;
  let client: RunningClient | undefined;
  before(async () => {
    demo = await startDemoServer({ port: 0 });
    dir = mkdtempSync(join(tmpdir(), 'sse-tap-verdicts-'));
  });
  afterEach(async () => {
    await client?.stop();
    client = undefined;
  });
  after(async () => {
    await demo.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("judges the seed's linear client under a fault plan: a verdict line per reconnect, the summary, exit status 4", async () => {
    const plan = join(dir, 'linear-client-plan.json');
    // After 3 events: the next 2 reconnects get 503 with Retry-After: 3, and the connection is reset.
    // After 6 events: the next reconnect gets 204, and the connection is reset again.
    writeFileSync(
      plan,
      JSON.stringify(
        [
          { at: { afterEvents: 3 }, do: { kind: 'refuse', status: 503, count: 2, retryAfterSec: 3 } },
          { at: { afterEvents: 3 }, do: { kind: 'end', reset: true } },
          { at: { afterEvents: 6 }, do: { kind: 'refuse', status: 204, count: 1 } },
          { at: { afterEvents: 6 }, do: { kind: 'end', reset: true } },
        ],
        null,
        2,
      ),
    );
    const run = tapCli([demo.url, '--fault-plan', plan, '--expect-policy', 'linear', '--timeout', '11'], 40_000);
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+) → /.exec(await run.firstLine)?.[1];
    assert.ok(url);
    // The demo's /buffered sends an event with an id every 200 ms (the seed's client sends a
    // placeholder Bearer token, which the demo's /events would refuse).
    client = runClient(process.execPath, [join(ROOT, 'test', 'fixtures', 'clients', 'seed-linear-client.mjs'), `${url}/buffered?events=1&everyMs=200`]);
    const r = await run.done;
    const outDir = join(ROOT, 'test-results');
    mkdirSync(outDir, { recursive: true });
    writeFileSync(join(outDir, 'sse-inspect-tap-linear-client.txt'), `$ sse-inspect tap ${demo.url} --fault-plan linear-client-plan.json --expect-policy linear --timeout 11\n${r.stdout}${r.stderr}exit status ${r.code}\n`);

    assert.equal(r.code, 4, r.stdout + r.stderr);
    const verdicts = r.stdout.split('\n').filter((l) => /  VERDICT  /.test(l));
    assert.equal(verdicts.length, 5, r.stdout);
    assert.match(verdicts[0]!, /^#1 GET \/buffered  \S+  VERDICT    FAIL \(after the connection broke\): waited \d+ ms as the linear policy \(reconnect #1 in a row\) asks \(700 ms\); sent none: no Last-Event-ID though it had been given id "3"/);
    assert.match(verdicts[1]!, /FAIL \(after HTTP 503\): waited 1\.\d+ s, expected 3 s by Retry-After: 3: it followed its policy and ignored Retry-After/);
    assert.match(verdicts[2]!, /FAIL \(after HTTP 503\): waited 2\.\d+ s, expected 3 s by Retry-After: 3: it followed its policy and ignored Retry-After/);
    assert.match(verdicts[3]!, /FAIL \(after the connection broke\): waited \d+ ms as the linear policy \(reconnect #1 in a row\) asks \(700 ms\)/);
    assert.match(verdicts[4]!, /FAIL \(after HTTP 204\): kept asking after HTTP 204/);
    assert.match(r.stdout, /#1 GET \/buffered  \S+  SUMMARY    5 verdicts: 5 FAIL — failed: sent none: .*; waited 1\.\d+ s, expected 3 s by Retry-After: 3.*; kept asking after HTTP 204/);
    assert.match(r.stdout, /\nVerdicts: 5 failed across 1 stream \(exit status 4\)\.\n$/);
    // What the client itself logged it waited: the seed's 700 ms × n.
    assert.deepEqual(logged(client, 'reconnect-scheduled').map((l) => l.delay).slice(0, 5), [700, 1400, 2100, 700, 700]);
  });

  it('exits 0 when no verdict failed', async () => {
    const run = tapCli([demo.url, '--expect-policy', 'fixed:1000', '--timeout', '2'], 40_000);
    assert.ok(/listening on/.test(await run.firstLine));
    const r = await run.done;
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /Verdicts: no event stream came through the tap, nothing was judged\.\n$/);
  });

  it('reads --expect-policy, --heartbeat-timeout and --tolerance, and refuses what it cannot read', () => {
    assert.deepEqual(parseExpectArgs(['--expect-policy', 'fixed:3000', '--heartbeat-timeout', '60', '--tolerance', '200']), { policy: { fixedMs: 3000 }, heartbeatTimeoutMs: 60_000, toleranceMs: 200 });
    assert.throws(() => parseExpectArgs(['--expect-policy', 'sometimes']), (e: unknown) => e instanceof UsageError && /linear, exponential or fixed:MS/.test(e.message));
    assert.throws(() => parseExpectArgs(['--heartbeat-timeout']), UsageError);
    assert.throws(() => parseExpectArgs(['--frobnicate']), /Unknown option --frobnicate/);
  });
});
