// `sse-inspect` as a user runs it: the built CLI in a child process against the demo server.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemoServer, type DemoServer } from '../../../demo/server';
import { startRawServer } from '../../support/raw-server';

const CLI = join(__dirname, '..', '..', '..', 'cli.js');

function cli(args: string[], timeoutMs = 15000, node = process.execPath, script = CLI): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(node, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`sse-inspect ${args.join(' ')} did not exit in ${timeoutMs} ms\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('sse-inspect CLI', () => {
  let demo: DemoServer;
  before(async () => {
    demo = await startDemoServer({ port: 0, heartbeatMs: 100, chatCharDelayMs: 1 });
  });
  after(() => demo.close());

  it('S1: prints the open line, the system event and heartbeats, and stops at --max-events', async () => {
    const r = await cli([`${demo.url}/events?heartbeatMs=50`, '--max-events', '3']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /OPEN\s+200 OK\s+text\/event-stream/);
    assert.match(r.stdout, /system\s+\(\d+ B\)\n\s+\{"message":"SSE connected"\}/);
    assert.equal((r.stdout.match(/ heartbeat /g) ?? []).length, 2);
  });

  it('--jsonl prints one parseable record per line', async () => {
    const r = await cli([`${demo.url}/events?heartbeatMs=50`, '--max-events', '2', '--jsonl']);
    assert.equal(r.code, 0, r.stderr);
    const records = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { kind: string; type?: string });
    assert.equal(records[0]!.kind, 'open');
    assert.deepEqual(records.filter((x) => x.kind === 'event').map((x) => x.type), ['system', 'heartbeat']);
  });

  it('a refusal exits 1 and shows the status and the body', async () => {
    const r = await cli([`${demo.url}/secure/events`]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /ERROR!\s+\[http-status 401\]/);
    assert.match(r.stdout, /body: \{"error":/);
  });

  it('S5: POST with -d and --bearer prints the content events and [DONE]; the token never appears', async () => {
    const token = await demo.issueToken({ userId: 'u1', username: 'alice' });
    const r = await cli([`${demo.url}/api/chat/stream?delayMs=1`, '-X', 'POST', '-H', 'X-Client-Version: 1.0.0', '-d', JSON.stringify({ message: 'hi', conversationId: 'c1' }), '--bearer', token]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /content\s+\(\d+ B\)\n\s+\{"type":"content","text":/);
    assert.match(r.stdout, /message\s+\(6 B\)\n\s+\[DONE\]/);
    assert.ok(!r.stdout.includes(token));
    assert.match(r.stdout, /Bearer <redacted>|POST/);
  });

  it('--reconnect linear shows the reconnect with its reason and Last-Event-ID', async () => {
    const r = await cli([`${demo.url}/resume?count=4&perConnection=2&key=cli-resume`, '--reconnect', 'linear', '--max-events', '6']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /RECONNECT\s+#1 in \d+ ms \((policy linear|server retry:); reason closed\)\s+Last-Event-ID: 2/);
    assert.match(r.stdout, /OPEN .*Last-Event-ID sent: 2/);
  });

  it('usage errors exit 2 with a message', async () => {
    const r = await cli(['--reconnect', 'sometimes', 'http://127.0.0.1:1/']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--reconnect must be none, fixed, linear or exponential/);
    const none = await cli([]);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /Missing the URL/);
  });

  describe('every way a run ends prints its CLOSE record and the documented exit code', () => {
    it('--reconnect none against a refused connection: CLOSE network-error, exit 1', async () => {
      const gone = await startRawServer(() => ({}));
      await gone.close();
      const r = await cli([`${gone.url}/events`, '--reconnect', 'none']);
      assert.equal(r.code, 1, r.stdout + r.stderr);
      assert.match(r.stdout, /CLOSE\s+network-error: .*ECONNREFUSED.*reconnect is off.*no reconnect/);
    });

    it('a fatal status: CLOSE fatal (HTTP 404), exit 1', async () => {
      const r = await cli([`${demo.url}/status/404`, '--reconnect', 'linear']);
      assert.equal(r.code, 1);
      assert.match(r.stdout, /CLOSE\s+fatal \(HTTP 404\)/);
    });

    it('the server ends the stream with reconnect off: CLOSE server-closed, exit 0', async () => {
      const r = await cli([`${demo.url}/retry-changes?values=500`]);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /CLOSE\s+server-closed: .*no reconnect/);
    });

    it('HTTP 204: CLOSE no-content, exit 0', async () => {
      const r = await cli([`${demo.url}/resume?count=0&key=cli-204`, '--reconnect', 'linear']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /CLOSE\s+no-content \(HTTP 204\)/);
    });

    it('--max-retries: reconnects that bring no new event give up with CLOSE max-attempts, exit 1', async () => {
      // /reset sends ids 1-2 each time and resets: after the first attempt nothing is new.
      const r = await cli([`${demo.url}/reset?events=2`, '--reconnect', 'linear', '--max-retries', '1']);
      assert.equal(r.code, 1, r.stdout + r.stderr);
      assert.equal((r.stdout.match(/RECONNECT/g) ?? []).length, 1);
      assert.match(r.stdout, /CLOSE\s+max-attempts: Gave up: 1 reconnect in a row delivered no new event/);
    });

    it('--timeout: the run is stopped, CLOSE aborted, exit 0', async () => {
      const r = await cli([`${demo.url}/events?heartbeatMs=50`, '--timeout', '0.5']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /CLOSE\s+aborted: /);
    });

    it('--timeout: the last line says the timeout stopped the run, not the user', async () => {
      const r = await cli([`${demo.url}/events?heartbeatMs=50`, '--timeout', '0.5']);
      assert.equal(r.code, 0, r.stderr);
      const last = r.stdout.trimEnd().split('\n').at(-1)!;
      assert.match(last, /CLOSE\s+aborted: Stopped: --timeout 0\.5 s elapsed  \[\d+ bytes this attempt\]  no reconnect$/);
      assert.doesNotMatch(r.stdout, /by the user/);
      // --jsonl: the same words in the last record.
      const jsonl = await cli([`${demo.url}/events?heartbeatMs=50`, '--timeout', '0.5', '--jsonl']);
      const record = JSON.parse(jsonl.stdout.trimEnd().split('\n').at(-1)!) as { kind: string; reason: string; message: string };
      assert.deepEqual([record.kind, record.reason, record.message], ['close', 'aborted', 'Stopped: --timeout 0.5 s elapsed']);
    });

    it('--timeout while waiting to reconnect: the last line says the timeout stopped the wait', async () => {
      // /reset drops the connection after one event; the fixed policy waits 3 s before reconnecting.
      const r = await cli([`${demo.url}/reset?events=1`, '--reconnect', 'fixed', '--timeout', '0.5']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /RECONNECT\s+#1 in 3000 ms/);
      assert.match(r.stdout.trimEnd().split('\n').at(-1)!, /CLOSE\s+aborted: Stopped while waiting to reconnect: --timeout 0\.5 s elapsed  /);
    });

    it('--max-events: the last line says the event count stopped the run, not the user', async () => {
      const r = await cli([`${demo.url}/events?heartbeatMs=50`, '--max-events', '2']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout.trimEnd().split('\n').at(-1)!, /CLOSE\s+aborted: Stopped: --max-events 2 reached  /);
      assert.doesNotMatch(r.stdout, /by the user/);
    });
  });

  it('--connect-timeout gives up an attempt that gets no response headers in time', async () => {
    const r = await cli([`${demo.url}/no-answer`, '--connect-timeout', '0.3']);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /ERROR\s+\[timeout\]/);
    assert.match(r.stdout, /CLOSE\s+network-error/);
  });

  it('--jitter scales the policy delay down by at most the fraction; --min-delay floors a server retry:', async () => {
    const jittered = await cli([`${demo.url}/reset?events=1`, '--reconnect', 'fixed', '--jitter', '0.5', '--timeout', '0.5', '--jsonl']);
    assert.equal(jittered.code, 0, jittered.stderr);
    const rec = jittered.stdout.trim().split('\n').map((l) => JSON.parse(l) as { kind: string; delayMs?: number; source?: string }).find((x) => x.kind === 'reconnect')!;
    assert.equal(rec.source, 'policy');
    assert.ok(rec.delayMs! >= 1500 && rec.delayMs! <= 3000, `3000 ms scaled by [0.5, 1]: ${rec.delayMs}`);

    const floored = await cli([`${demo.url}/retry-changes?values=0`, '--reconnect', 'fixed', '--min-delay', '600', '--timeout', '0.3']);
    assert.equal(floored.code, 0, floored.stderr);
    assert.match(floored.stdout, /RECONNECT\s+#1 in 600 ms \(minimum delay; reason closed\)/);
  });

  it('--last-event-id, or a Last-Event-ID header, is the id the stream starts from', async () => {
    for (const start of [['--last-event-id', '2'], ['-H', 'last-event-id: 2']]) {
      const r = await cli([`${demo.url}/resume?count=4&perConnection=2&key=cli-start-${start[0]}`, ...start, '--max-events', '2']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /OPEN .*Last-Event-ID sent: 2/);
      assert.match(r.stdout, /resume\s+\(\d+ B\)\n\s+\{"lastEventId":"2"\}/);
    }
  });

  describe('on the Node the user has', () => {
    // The machine's own node (v20 here), not the pinned Node 24 that npm scripts run.
    const systemNode = ['/usr/bin/node', '/usr/local/bin/node'].find((p) => existsSync(p));
    const version = systemNode ? execFileSync(systemNode, ['-p', 'process.versions.node'], { encoding: 'utf8' }).trim() : process.versions.node;
    const [major = 0, minor = 0] = version.split('.').map(Number);
    const tooOld = major < 22 || (major === 22 && minor < 19);

    it(`the bin runs under ${systemNode ?? 'this node'} (Node ${version}): an older Node re-runs it with the project's pinned Node`, async () => {
      const r = await cli([`${demo.url}/events?heartbeatMs=50`, '--max-events', '1'], 15000, systemNode ?? process.execPath);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /OPEN\s+200 OK/);
      assert.doesNotMatch(r.stderr, /TypeError|\n\s+at /);
    });

    it(`without the pinned Node, Node ${version} ${tooOld ? 'gets one clear line and exit 3' : 'runs it'}: never a stack trace`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'sse-inspect-'));
      try {
        for (const f of ['cli.js', 'cli-main.js']) copyFileSync(join(__dirname, '..', '..', '..', f), join(dir, f));
        const r = await cli([`${demo.url}/events?heartbeatMs=50`, '--max-events', '1'], 15000, systemNode ?? process.execPath, join(dir, 'cli.js'));
        assert.doesNotMatch(r.stderr, /TypeError|\n\s+at /);
        if (tooOld) {
          assert.equal(r.code, 3);
          assert.equal(r.stdout, '');
          assert.match(r.stderr, new RegExp(`^sse-inspect: needs Node 22\\.19 or later, and this is Node ${version.replace(/\./g, '\\.')}: install a current Node .*\\n$`));
        } else {
          assert.equal(r.code, 0, r.stderr);
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
