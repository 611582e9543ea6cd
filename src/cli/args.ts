// Command-line arguments of `sse-inspect`, parsed by hand-rolled rules kept close to
// curl's (-X, -H, -d) so a request can be pasted from a curl command with few edits.
import type { AuthConfig } from '../core/auth';
import type { PolicyName } from '../core/records';

export interface CliArgs {
  url: string;
  method: string;
  headers: Array<[string, string]>;
  body?: string;
  auth: AuthConfig;
  policy: PolicyName;
  maxAttempts?: number;
  maxEvents?: number;
  timeoutS?: number;
  idleTimeoutS?: number;
  heartbeatEvents?: string[];
  jsonl: boolean;
  insecure: boolean;
}

export const USAGE = `Usage: sse-inspect <url> [options]

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
Behaviour:
      --reconnect POLICY     none (default) | fixed | linear | exponential
      --max-retries N        give up after N reconnects in a row
      --idle-timeout S       declare the stream dead after S s of silence (default 60, 0 = off)
      --heartbeat-events A,B event names that count as heartbeats (default heartbeat,ping,keepalive,keep-alive)
      --max-events N         stop after N events
      --timeout S            stop after S seconds
Output:
      --jsonl                one JSON record per line (machine-readable)
  -h, --help                 this help

Exit status: 0 when the stream ended or a limit was reached, 1 when the server refused
the connection or the connection failed, 2 on a usage error.`;

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
  if (out.maxEvents !== undefined) args.maxEvents = out.maxEvents;
  if (out.timeoutS !== undefined) args.timeoutS = out.timeoutS;
  if (out.idleTimeoutS !== undefined) args.idleTimeoutS = out.idleTimeoutS;
  if (out.heartbeatEvents !== undefined) args.heartbeatEvents = out.heartbeatEvents;
  return args;
}
