// `sse-inspect tap` as a user runs it: the built CLI in a child process in front of the
// demo server; a client goes through the address it prints first; a fault plan file applies.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tapCli } from '../../support/tap-cli';
import { startDemoServer, type DemoServer } from '../../../demo/server';
import { rawRequest } from '../../support/http-raw';



describe('sse-inspect tap', function () {
  this.timeout(30_000);
  let demo: DemoServer;
  let dir: string;
  before(async () => {
    demo = await startDemoServer({ port: 0, heartbeatMs: 50 });
    dir = mkdtempSync(join(tmpdir(), 'sse-tap-cli-'));
  });
  after(async () => {
    await demo.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints its address first, then the records of the stream a client gets through it; Ctrl-C stops with 0', async () => {
    const run = tapCli([demo.url]);
    const first = await run.firstLine;
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+) → /.exec(first)?.[1];
    assert.ok(url, first);
    const got = await rawRequest(`${url}/resume?count=3&perConnection=3`);
    assert.equal(got.status, 200);
    await new Promise((r) => setTimeout(r, 200));
    run.stop();
    const r = await run.done;
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /#1 GET \/resume  \S+\s+OPEN\s+200 OK\s+text\/event-stream/);
    assert.equal((r.stdout.match(/^#1 GET \/resume  \S+  \S+  id="\d+"  \(\d+ B\)$/gm) ?? []).length, 3, r.stdout);
  });

  it('applies a fault plan from a file and prints JSONL records with their stream, the fault marker among them', async () => {
    const plan = join(dir, 'plan.json');
    writeFileSync(plan, JSON.stringify([{ at: { afterEvents: 2 }, do: { kind: 'end' } }]));
    const run = tapCli([demo.url, '--fault-plan', plan, '--jsonl', '--timeout', '3']);
    const first = JSON.parse(await run.firstLine) as { tap: string; faultPlan: string };
    assert.equal(first.faultPlan, plan);
    const got = await rawRequest(`${first.tap}/resume?count=6&perConnection=6`);
    assert.equal(got.ended, 'end');
    assert.equal((got.body.toString().match(/^data:/gm) ?? []).length, 2, 'the plan ended the response after two events');
    const r = await run.done;
    assert.equal(r.code, 0, r.stderr);
    const records = r.stdout.trim().split('\n').slice(1).map((l) => JSON.parse(l) as { stream: string; kind: string; label?: string });
    assert.ok(records.every((x) => x.stream === '#1 GET /resume'));
    assert.deepEqual(records.filter((x) => x.kind === 'marker').map((x) => x.label), ['Fault: response ended by the tap (fault plan step 1)']);
  });

  it('--timeout: a stream still open ends with a close that says the timeout stopped the run', async () => {
    const run = tapCli([demo.url, '--timeout', '1.5']);
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+) → /.exec(await run.firstLine)?.[1];
    assert.ok(url);
    // The client keeps reading the stream until the tap closes it.
    const got = rawRequest(`${url}/events`, { forMs: 10_000 });
    const r = await run.done;
    assert.equal(r.code, 0, r.stderr);
    assert.equal((await got).status, 200);
    const closes = r.stdout.split('\n').filter((l) => / CLOSE /.test(l));
    assert.equal(closes.length, 1, r.stdout);
    assert.match(closes[0]!, /^#1 GET \/events  \S+  CLOSE      aborted: Stopped observing the stream: --timeout 1\.5 s elapsed  \[\d+ bytes this attempt\]  the program decides whether to reconnect$/);
  });

  it('refuses a bad fault plan with exit code 2 and says which step is wrong', async () => {
    const plan = join(dir, 'bad.json');
    writeFileSync(plan, JSON.stringify([{ at: '1s', do: { kind: 'melt' } }]));
    const r = await tapCli([demo.url, '--fault-plan', plan]).done;
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--fault-plan .*bad\.json: Fault plan: step 1: unknown fault kind "melt"/);
  });

  it('refuses an option it does not know (until something hooks it in)', async () => {
    const r = await tapCli([demo.url, '--frobnicate', 'x']).done;
    assert.equal(r.code, 2);
    assert.match(r.stderr, /Unknown option --frobnicate/);
  });
});
