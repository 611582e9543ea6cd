// Arguments of `sse-inspect tap <upstream>`: the proxy tap on a terminal.
import type { FaultPlan } from '../core/tap/fault-plan';
import { parseFaultPlan } from '../core/tap/fault-plan';
import { UsageError } from './args';

export interface TapCliArgs {
  upstream: string;
  /** 0: a free port. */
  port: number;
  faultPlan?: FaultPlan;
  faultPlanFile?: string;
  jsonl: boolean;
  insecure: boolean;
  timeoutS?: number;
  /** Options this parser does not know, for the options added beside it (e.g. --expect-policy). */
  rest: string[];
}

/** Exit status when a verdict failed (0: none did; 1, 2, 3: see the main usage). */
export const VERDICT_FAILED_EXIT = 4;

export const EXPECT_USAGE = `Judging the program's client (a VERDICT line after each of its reconnects, a SUMMARY per stream at the end):
      --expect-policy P      the reconnect policy it should follow: linear (700 ms × n, at most 7 s),
                             exponential (1 s × 2^n, at most 10 s) or fixed:MS; without it delays are
                             reported, not judged (Last-Event-ID, 204, 401 and stalls still are)
      --heartbeat-timeout S  silence after which it should declare the stream dead and reconnect (default 60)
      --tolerance MS         how much later than expected a reconnect may come (default 300)

Exit status: 0 when no verdict failed, ${VERDICT_FAILED_EXIT} when one did (its FAIL line says why),
1 when the tap could not start, 2 on a usage error.`;

export const TAP_USAGE = `Usage: sse-inspect tap <upstream> [options]

Starts a streaming reverse proxy on 127.0.0.1 in front of <upstream> (http(s)://host[:port][/base]).
Point your program's base URL at the address printed first; every event stream it receives
through the proxy is printed as records, its bytes passed on unchanged. Ctrl-C stops.

Options:
      --port N               local port (default: a free one)
      --fault-plan FILE      JSON list of faults to apply unattended to each tapped stream:
                             [{ "at": "5s" | { "afterEvents": 3 }, "do": { "kind": "end", "reset": true } }, ...]
                             kinds: end (reset), stall (seconds, comments), slow (ms), inject (event),
                             drop (type), retry (ms), split-utf8, refuse (status, count, retryAfterSec), clear
  -k, --insecure             accept a self-signed certificate from an https upstream
      --timeout S            stop after S seconds
      --jsonl                one JSON record per line, each with its "stream"
  -h, --help                 this help

${EXPECT_USAGE}`;

export function parseTapArgs(argv: string[], readFile: (path: string) => string): TapCliArgs | 'help' {
  const positional: string[] = [];
  const out: TapCliArgs = { upstream: '', port: 0, jsonl: false, insecure: false, rest: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const next = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    switch (arg) {
      case '-h':
      case '--help':
        return 'help';
      case '--port': {
        const v = next();
        const n = Number(v);
        if (!/^\d+$/.test(v) || n > 65535) throw new UsageError(`--port needs a port number, got "${v}"`);
        out.port = n;
        break;
      }
      case '--fault-plan': {
        const file = next();
        let text: string;
        try {
          text = readFile(file);
        } catch (e) {
          throw new UsageError(`--fault-plan: cannot read ${file}: ${(e as Error).message}`);
        }
        try {
          out.faultPlan = parseFaultPlan(text);
        } catch (e) {
          throw new UsageError(`--fault-plan ${file}: ${(e as Error).message}`);
        }
        out.faultPlanFile = file;
        break;
      }
      case '-k':
      case '--insecure':
        out.insecure = true;
        break;
      case '--timeout': {
        const v = Number(next());
        if (!Number.isFinite(v) || v < 0) throw new UsageError('--timeout needs a non-negative number');
        out.timeoutS = v;
        break;
      }
      case '--jsonl':
        out.jsonl = true;
        break;
      default:
        if (arg.startsWith('-')) {
          // Left for the options parsed beside these (a value may follow).
          out.rest.push(arg);
          if (argv[i + 1] !== undefined && !argv[i + 1]!.startsWith('-')) out.rest.push(argv[++i]!);
        } else positional.push(arg);
    }
  }
  if (positional.length !== 1) throw new UsageError(positional.length === 0 ? 'Missing the upstream URL' : `Expected one upstream URL, got ${positional.length} arguments`);
  out.upstream = positional[0]!;
  try {
    const u = new URL(out.upstream);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error();
  } catch {
    throw new UsageError(`Not an http(s) URL: ${out.upstream}`);
  }
  return out;
}
