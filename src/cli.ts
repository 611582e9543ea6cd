// `sse-inspect`: the inspector's core on a terminal. Prints records as they happen,
// human-readable or JSONL, and exits non-zero when the server refuses the stream.
// Started by src/cli/entry.ts, which first checks that this Node can load undici.
import { readFileSync } from 'node:fs';
import { parseArgs, USAGE, UsageError, type CliArgs } from './cli/args';
import { formatRecord } from './cli/format';
import { onStopRequest } from './cli/stop-signals';
import { DEFAULT_IDLE_TIMEOUT_MS } from './core/base/defaults';
import { Inspector } from './core/inspector';
import { policyFrom } from './core/base/reconnect';
import type { SseRecord } from './core/base/records';
import { runTap } from './cli/tap';
import { verdictWatchers } from './cli/tap-verdicts';

export async function runCli(argv: string[], out: (line: string) => void, err: (line: string) => void): Promise<number> {
  // `sse-inspect tap <upstream>`: the proxy tap. Watchers for --expect-policy go in runTap's fourth argument.
  if (argv[0] === 'tap') return runTap(argv.slice(1), out, err, verdictWatchers);
  let args: CliArgs | 'help';
  try {
    args = parseArgs(argv, (p) => readFileSync(p, 'utf8'));
  } catch (e) {
    if (e instanceof UsageError) {
      err(`sse-inspect: ${e.message}\n\n${USAGE}`);
      return 2;
    }
    throw e;
  }
  if (args === 'help') {
    out(USAGE);
    return 0;
  }

  const overrides: Parameters<typeof policyFrom>[1] = {};
  if (args.maxAttempts !== undefined) overrides.maxAttempts = args.maxAttempts;
  if (args.jitter !== undefined) overrides.jitter = args.jitter;
  if (args.minDelayMs !== undefined) overrides.minDelayMs = args.minDelayMs;
  const policy = policyFrom(args.policy, overrides);
  const options: ConstructorParameters<typeof Inspector>[0] = {
    request: { url: args.url, method: args.method, headers: args.headers, auth: args.auth, insecureTls: args.insecure, ...(args.body !== undefined ? { body: args.body } : {}) },
    reconnect: policy,
    idleTimeoutMs: args.idleTimeoutS !== undefined ? args.idleTimeoutS * 1000 : DEFAULT_IDLE_TIMEOUT_MS,
    // The CLI streams records out as they come; it has no use for a long history.
    maxRecords: 1000,
  };
  if (args.heartbeatEvents) options.heartbeatEvents = args.heartbeatEvents;
  if (args.lastEventId !== undefined) options.lastEventId = args.lastEventId;
  if (args.connectTimeoutS !== undefined) options.headersTimeoutMs = args.connectTimeoutS * 1000;
  const inspector = new Inspector(options);

  let events = 0;
  let failed = false;
  /** What ended the run when it was not the user or the stream ("--timeout 5 s elapsed"): the last close record says it. */
  let stopWhy: string | undefined;
  const finished = new Promise<void>((resolve) => {
    inspector.connection.onRecord((r: SseRecord) => {
      out(args.jsonl ? JSON.stringify(r) : formatRecord(r));
      if (r.kind === 'error' && r.fatal) {
        failed = true;
        // The record is on stdout with the body; stderr gets the one line a script's log needs.
        err(`sse-inspect: ${r.message}`);
      }
      if (r.kind === 'event' && args.maxEvents !== undefined && ++events >= args.maxEvents) {
        stopWhy ??= `--max-events ${args.maxEvents} reached`;
        resolve();
      }
    });
    inspector.connection.onState((s) => {
      if (s === 'closed' || s === 'failed') {
        if (s === 'failed') failed = true;
        resolve();
      }
    });
    onStopRequest(args.timeoutS, (why) => {
      stopWhy ??= why;
      resolve();
    });
  });
  // A pending promise alone does not keep Node alive; this does, until the stream ends.
  const keepAlive = setInterval(() => undefined, 1 << 30);
  inspector.start();
  await finished;
  clearInterval(keepAlive);
  await inspector.stop(stopWhy);
  await inspector.dispose();
  return failed ? 1 : 0;
}

export function main(): void {
  runCli(process.argv.slice(2), (l) => process.stdout.write(l + '\n'), (l) => process.stderr.write(l + '\n')).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`sse-inspect: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 1;
    },
  );
}

if (require.main === module) main();
