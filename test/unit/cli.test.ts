// `sse-inspect` as a user runs it: the built CLI in a child process against the demo server.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { startDemoServer, type DemoServer } from '../../demo/server';

const CLI = join(__dirname, '..', '..', 'cli.js');

function cli(args: string[], timeoutMs = 15000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
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
});
