// Command-line arguments of `sse-inspect`, parsed by hand-rolled rules kept close to
// curl's (-X, -H, -d) so a request can be pasted from a curl command with few edits.
import { DEFAULT_HEADERS_TIMEOUT_MS, DEFAULT_HEARTBEAT_EVENTS, DEFAULT_IDLE_TIMEOUT_MS, DEFAULT_MIN_DELAY_MS } from '../core/base/defaults';
import type { AuthConfig } from '../core/base/auth';
import type { PolicyName } from '../core/base/records';

export interface CliArgs {
  url: string;
  method: string;
  headers: Array<[string, string]>;
  body?: string;
  auth: AuthConfig;
  policy: PolicyName;
  maxAttempts?: number;
  jitter?: number;
  minDelayMs?: number;
  connectTimeoutS?: number;
  lastEventId?: string;
  maxEvents?: number;
  timeoutS?: number;
  idleTimeoutS?: number;
  heartbeatEvents?: string[];
  jsonl: boolean;
  insecure: boolean;
}

export const USAGE = `Usage: sse-inspect <url> [options]
       sse-inspect tap <upstream> [options]   (a proxy tap: see sse-inspect tap --help)

Opens a Server-Sent Events stream and prints every record (events, comments, retry
changes, errors, reconnects) as it happens.

Request:
  -X, --method METHOD        HTTP method (default GET; POST/PUT send --data)
  -H, --header 'K: V'        add a request header (repeatable)
  -d, --data BODY            request body (use @file to read a file)
      --bearer TOKEN         Authorization: Bearer TOKEN
      --basic USER:PASS      HTTP Basic auth
      --api-key 'K: V'       API key in a custom header
      --cookie NAME=VALUE    a cookie
      --query-token P=VALUE  token in the query string (less safe: lands in server logs)
  -k, --insecure             accept self-signed TLS certificates
      --last-event-id ID     the Last-Event-ID to start from (the stream's id: replaces it)
Behaviour:
      --reconnect POLICY     none (default) | fixed | linear | exponential
      --max-retries N        give up after N reconnects in a row that bring no new event
      --jitter F             scale each policy delay by a random factor in [1 - F, 1] (0..1)
      --min-delay MS         no reconnect waits less than MS ms, server retry: included (default ${DEFAULT_MIN_DELAY_MS})
      --connect-timeout S    give up an attempt with no response headers after S s (default ${DEFAULT_HEADERS_TIMEOUT_MS / 1000}, 0 = off)
      --idle-timeout S       declare the stream dead after S s of silence (default ${DEFAULT_IDLE_TIMEOUT_MS / 1000}, 0 = off)
      --heartbeat-events A,B event names that count as heartbeats (default ${DEFAULT_HEARTBEAT_EVENTS.join(",")})
      --max-events N         stop after N events
      --timeout S            stop after S seconds
Output:
      --jsonl                one JSON record per line (machine-readable)
  -h, --help                 this help

Every run ends with a CLOSE record saying why. Exit status: 0 when the server ended the
stream (or answered 204), a limit was reached or the run was interrupted; 1 when the
server refused the connection, it could not be made, or reconnecting gave up; 2 on a
usage error; 3 when this Node is too old (sse-inspect needs Node 22.19 or later).`;

export class UsageError extends Error {}

function splitOnce(value: string, sep: string, what: string): [string, string] {
  const i = value.indexOf(sep);
  if (i <= 0) throw new UsageError(`${what} must look like ${what === 'header' ? "'Name: value'" : `NAME${sep}VALUE`}, got "${value}"`);
  return [value.slice(0, i).trim(), value.slice(i + 1).trim()];
}

function positiveNumber(value: string | undefined, flag: string): number {
  const n = Number(value);
  if (value === undefined || !Number.isFinite(n) || n < 0) throw new UsageError(`${flag} needs a non-negative number`);
  return n;
}

export function parseArgs(argv: string[], readFile: (path: string) => string): CliArgs | 'help' {
  const out: Partial<CliArgs> & { headers: Array<[string, string]> } = { headers: [], jsonl: false, insecure: false, policy: 'none', auth: { kind: 'none' } };
  const positional: string[] = [];
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
      case '-X':
      case '--method':
        out.method = next().toUpperCase();
        break;
      case '-H':
      case '--header':
        out.headers.push(splitOnce(next(), ':', 'header'));
        break;
      case '-d':
      case '--data': {
        const v = next();
        out.body = v.startsWith('@') ? readFile(v.slice(1)) : v;
        break;
      }
      case '--bearer':
        out.auth = { kind: 'bearer', token: next() };
        break;
      case '--basic': {
        const [username, password] = splitOnce(next(), ':', 'basic');
        out.auth = { kind: 'basic', username, password };
        break;
      }
      case '--api-key': {
        const [header, value] = splitOnce(next(), ':', 'header');
        out.auth = { kind: 'header', header, value };
        break;
      }
      case '--cookie': {
        const [name, value] = splitOnce(next(), '=', 'cookie');
        out.auth = { kind: 'cookie', name, value };
        break;
      }
      case '--query-token': {
        const [param, value] = splitOnce(next(), '=', 'query-token');
        out.auth = { kind: 'query', param, value };
        break;
      }
      case '-k':
      case '--insecure':
        out.insecure = true;
        break;
      case '--reconnect': {
        const p = next();
        if (!['none', 'fixed', 'linear', 'exponential'].includes(p)) throw new UsageError(`--reconnect must be none, fixed, linear or exponential, got "${p}"`);
        out.policy = p as PolicyName;
        break;
      }
      case '--max-retries':
        out.maxAttempts = positiveNumber(next(), arg);
        break;
      case '--jitter': {
        const j = positiveNumber(next(), arg);
        if (j > 1) throw new UsageError('--jitter must be between 0 and 1');
        out.jitter = j;
        break;
      }
      case '--min-delay':
        out.minDelayMs = positiveNumber(next(), arg);
        break;
      case '--connect-timeout':
        out.connectTimeoutS = positiveNumber(next(), arg);
        break;
      case '--last-event-id': {
        const id = next();
        if (/[\r\n\0]/.test(id)) throw new UsageError('--last-event-id cannot hold a line break or NUL');
        out.lastEventId = id;
        break;
      }
      case '--idle-timeout':
        out.idleTimeoutS = positiveNumber(next(), arg);
        break;
      case '--heartbeat-events':
        out.heartbeatEvents = next().split(',').map((s) => s.trim()).filter(Boolean);
        break;
      case '--max-events':
        out.maxEvents = positiveNumber(next(), arg);
        break;
      case '--timeout':
        out.timeoutS = positiveNumber(next(), arg);
        break;
      case '--jsonl':
        out.jsonl = true;
        break;
      default:
        if (arg.startsWith('-') && arg !== '-') throw new UsageError(`Unknown option ${arg}`);
        positional.push(arg);
    }
  }
  if (positional.length !== 1) throw new UsageError(positional.length === 0 ? 'Missing the URL' : `Expected one URL, got ${positional.length} arguments`);
  const url = positional[0]!;
  try {
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error();
  } catch {
    throw new UsageError(`Not an http(s) URL: ${url}`);
  }
  const args: CliArgs = {
    url,
    method: out.method ?? (out.body !== undefined ? 'POST' : 'GET'),
    headers: out.headers,
    auth: out.auth!,
    policy: out.policy!,
    jsonl: out.jsonl!,
    insecure: out.insecure!,
  };
  if (out.body !== undefined) args.body = out.body;
  if (out.maxAttempts !== undefined) args.maxAttempts = out.maxAttempts;
  if (out.jitter !== undefined) args.jitter = out.jitter;
  if (out.minDelayMs !== undefined) args.minDelayMs = out.minDelayMs;
  if (out.connectTimeoutS !== undefined) args.connectTimeoutS = out.connectTimeoutS;
  if (out.lastEventId !== undefined) args.lastEventId = out.lastEventId;
  if (out.maxEvents !== undefined) args.maxEvents = out.maxEvents;
  if (out.timeoutS !== undefined) args.timeoutS = out.timeoutS;
  if (out.idleTimeoutS !== undefined) args.idleTimeoutS = out.idleTimeoutS;
  if (out.heartbeatEvents !== undefined) args.heartbeatEvents = out.heartbeatEvents;
  return args;
}
