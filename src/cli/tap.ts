// `sse-inspect tap <upstream>`: the proxy tap on a terminal. Prints the address first, then
// every record of every tapped stream as `sse-inspect <url>` prints its own (or JSONL with
// a "stream" field), until Ctrl-C or --timeout.
import { readFileSync } from 'node:fs';
import type { SseRecord } from '../core/base/records';
import { PassiveSource } from '../core/passive/passive-source';
import { TapRouter, type StreamKey } from '../core/passive/tap-router';
import { TapProxy } from '../core/tap/tap-proxy';
import { UsageError } from './args';
import { formatRecord } from './format';
import { onStopRequest } from './stop-signals';
import { parseTapArgs, TAP_USAGE, type TapCliArgs } from './tap-args';

/** One tapped stream, as the output names it. */
export interface TapCliStream {
  /** 1, 2, ... in the order they appeared. */
  n: number;
  key: StreamKey;
  /** e.g. "#1 GET /events". */
  name: string;
  source: PassiveSource;
}

/**
 * Watches the tapped streams besides printing them: the verdicts of `--expect-policy` hook
 * in here. Built from the options tap-args does not know itself (`rest`).
 */
export interface TapWatcher {
  /** Each record of each stream, after it is printed; lines returned are printed after it. */
  record(stream: TapCliStream, record: SseRecord): string[] | undefined;
  /** At the end (Ctrl-C, --timeout): lines to print, and the exit code asked for (0: all well). */
  finish(): { lines: string[]; exitCode: number };
}

/** Builds the watchers from the leftover options; throws UsageError for an option nobody knows. */
export type TapWatcherFactory = (rest: string[], args: TapCliArgs) => TapWatcher[];

export const NO_WATCHERS: TapWatcherFactory = (rest) => {
  if (rest.length > 0) throw new UsageError(`Unknown option ${rest[0]}`);
  return [];
};

export async function runTap(argv: string[], out: (line: string) => void, err: (line: string) => void, watchersFrom: TapWatcherFactory = NO_WATCHERS, stop?: Promise<void>): Promise<number> {
  let args: TapCliArgs | 'help';
  let watchers: TapWatcher[];
  try {
    args = parseTapArgs(argv, (p) => readFileSync(p, 'utf8'));
    watchers = args === 'help' ? [] : watchersFrom(args.rest, args);
  } catch (e) {
    if (e instanceof UsageError) {
      err(`sse-inspect tap: ${e.message}\n\n${TAP_USAGE}`);
      return 2;
    }
    throw e;
  }
  if (args === 'help') {
    out(TAP_USAGE);
    return 0;
  }
  const a = args;
  const streams: TapCliStream[] = [];
  const print = (stream: TapCliStream, r: SseRecord): void => {
    out(a.jsonl ? JSON.stringify({ stream: stream.name, ...r }) : `${stream.name}  ${formatRecord(r)}`);
    for (const w of watchers) for (const line of w.record(stream, r) ?? []) out(line);
  };
  /** Set once the run ends: no stream begins while the tap closes. */
  let ending = false;
  const router = new TapRouter((key) => {
    if (ending) return undefined;
    const source = new PassiveSource();
    const n = streams.length + 1;
    const stream: TapCliStream = { n, key, name: `#${n} ${key.method} ${pathOf(key.endpoint)}`, source };
    streams.push(stream);
    source.onRecord((r) => print(stream, r));
    return source;
  });
  let proxy: TapProxy;
  try {
    proxy = await TapProxy.start({ upstream: a.upstream, port: a.port, router, ...(a.insecure ? { insecureTls: true } : {}), ...(a.faultPlan ? { faultPlan: a.faultPlan } : {}) });
  } catch (e) {
    err(`sse-inspect tap: cannot start: ${(e as Error).message}`);
    return 1;
  }
  const plan = a.faultPlan ? `, fault plan ${a.faultPlanFile} (${a.faultPlan.length} step${a.faultPlan.length === 1 ? '' : 's'})` : '';
  if (a.jsonl) out(JSON.stringify({ tap: proxy.url, upstream: proxy.upstream.href, ...(a.faultPlanFile ? { faultPlan: a.faultPlanFile } : {}) }));
  else out(`Tap listening on ${proxy.url} → ${proxy.upstream.href}${plan}. Point your program there; Ctrl-C stops.`);

  /** What ended the run when it was not the user ("--timeout 5 s elapsed"): the streams' last close records say it. */
  let stopWhy: string | undefined;
  await new Promise<void>((resolve) => {
    onStopRequest(a.timeoutS, (why) => {
      stopWhy ??= why;
      resolve();
    });
    void stop?.then(resolve);
  });
  // Stopped before the proxy closes their sockets, so that a response still open ends with
  // why the run ended rather than with the sockets closing; their close records print before the end.
  ending = true;
  for (const s of streams) s.source.stop(stopWhy);
  // A pending promise alone does not keep Node alive; the listening server does, until stopped.
  await proxy.stop();
  let code = 0;
  for (const w of watchers) {
    const f = w.finish();
    for (const line of f.lines) out(line);
    if (f.exitCode !== 0 && code === 0) code = f.exitCode;
  }
  return code;
}

function pathOf(endpoint: string): string {
  try {
    return new URL(endpoint).pathname;
  } catch {
    return endpoint;
  }
}
