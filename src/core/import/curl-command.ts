// Reads a curl command line (as the browsers' "Copy as cURL" writes it, or by hand) into
// the request it makes: URL, method, headers, body, user, cookies, TLS checking. Options
// that do not change the request (output, verbosity, timeouts) are skipped; options the
// inspector cannot honour (a body from a file, a form upload) are an error, not a silent
// change of the request.
import { redactUrl } from '../base/redact';
import { guessDialect, shellWords, ShellSyntaxError, type ShellDialect } from './shell-words';

export interface CurlRequest {
  url: string;
  method: string;
  /** In order, as given (-H, -A, -e, --json's two). */
  headers: Array<[string, string]>;
  body?: string;
  /** -u / --user, "user:password" (or only "user"). */
  user?: string;
  /** -b / --cookie: the cookie string (name=value; …). */
  cookie?: string;
  /** -k / --insecure. */
  insecure: boolean;
  /** --compressed: curl asks for and decodes compression; the inspector's client does that anyway. */
  compressed: boolean;
  /** Which shell's quoting the command used. */
  dialect: ShellDialect;
  /** What was read but does not change the request (options skipped), for the user to see. */
  notes: string[];
}

export class CurlParseError extends Error {}

/** Options that take a value and change nothing the inspector sends: skipped with their value. */
const SKIPPED_WITH_VALUE = new Set([
  '-o', '--output', '-m', '--max-time', '--connect-timeout', '-w', '--write-out', '--retry', '--retry-delay', '--retry-max-time',
  '--cacert', '--capath', '--cert', '--key', '--cert-type', '--key-type', '--limit-rate', '-r', '--range', '--resolve',
  '--connect-to', '-x', '--proxy', '-U', '--proxy-user', '--max-redirs', '-c', '--cookie-jar', '--interface', '--dns-servers',
  '-Y', '--speed-limit', '-y', '--speed-time', '--trace', '--trace-ascii', '--stderr', '-D', '--dump-header', '--expect100-timeout',
  '--keepalive-time', '--tls-max', '--ciphers', '--proto', '--proto-redir', '--unix-socket',
]);

/** Flags without a value that change nothing the inspector sends. */
const SKIPPED_FLAGS = new Set([
  '-s', '--silent', '-S', '--show-error', '-v', '--verbose', '-i', '--include', '-L', '--location', '-N', '--no-buffer',
  '-f', '--fail', '--fail-with-body', '-g', '--globoff', '--http1.1', '--http2', '--http2-prior-knowledge', '--http1.0', '-0',
  '--http3', '--tr-encoding', '--no-keepalive', '--location-trusted', '-#', '--progress-bar', '--raw', '-q', '--disable',
  '--path-as-is', '--ssl-no-revoke', '--tcp-nodelay', '--no-progress-meter', '-4', '--ipv4', '-6', '--ipv6', '-1', '--tlsv1',
  '--tlsv1.2', '--tlsv1.3', '--no-alpn', '--no-npn', '-Z', '--parallel', '--no-sessionid',
]);

/** Short options that take a value, for splitting "-XPOST", "-H'…'" and "-sSX POST". */
const SHORT_WITH_VALUE = new Set(['X', 'H', 'd', 'u', 'b', 'A', 'e', 'o', 'm', 'w', 'r', 'x', 'U', 'c', 'Y', 'y', 'D', 'F', 'T', 'K']);

/** Parses `text`, a curl command (the leading `curl` / `curl.exe` may be left out). */
export function parseCurlCommand(text: string, dialect: ShellDialect = guessDialect(text)): CurlRequest {
  let words: string[];
  try {
    words = shellWords(text.trim(), dialect);
  } catch (err) {
    if (err instanceof ShellSyntaxError) throw new CurlParseError(`cannot read the command: ${err.message}`);
    throw err;
  }
  if (words.length > 0 && /^curl(\.exe)?$/i.test(words[0]!)) words.shift();
  if (words.length === 0) throw new CurlParseError('the command has no URL');

  const req: CurlRequest = { url: '', method: '', headers: [], insecure: false, compressed: false, dialect, notes: [] };
  const data: string[] = [];
  let explicitMethod: string | undefined;
  let globoff = false;
  let head = false;
  const urls: string[] = [];

  const args = [...words];
  for (let i = 0; i < args.length; i++) {
    // "-sSX" "POST" and "-XPOST" are "-s" "-S" "-X" "POST" and "-X" "POST". Expanded here, not
    // up front, so that a value that starts with a dash (-d '-1') is never taken apart.
    if (/^-[^-]./.test(args[i]!)) args.splice(i, 1, ...splitShortOptions(args[i]!));
    const raw = args[i]!;
    // --opt=value (curl itself does not take this form, but people write it; harmless to accept).
    const eq = raw.startsWith('--') ? raw.indexOf('=') : -1;
    const opt = eq > 0 ? raw.slice(0, eq) : raw;
    const inline = eq > 0 ? raw.slice(eq + 1) : undefined;
    const value = (): string => {
      if (inline !== undefined) return inline;
      const v = args[++i];
      if (v === undefined) throw new CurlParseError(`${opt} needs a value`);
      return v;
    };
    switch (opt) {
      case '-X':
      case '--request':
        explicitMethod = value().toUpperCase();
        break;
      case '-H':
      case '--header':
        addHeader(req, value());
        break;
      case '-A':
      case '--user-agent':
        req.headers.push(['User-Agent', value()]);
        break;
      case '-e':
      case '--referer':
        req.headers.push(['Referer', value()]);
        break;
      case '-d':
      case '--data':
      case '--data-ascii':
      case '--data-binary':
      case '--data-raw':
      case '--data-urlencode': {
        const v = value();
        if (opt !== '--data-raw' && opt !== '--data-urlencode' && v.startsWith('@')) {
          throw new CurlParseError(`${opt} ${v} reads the body from a file: paste the body itself (--data-raw '…')`);
        }
        // -d and --data-ascii drop newlines, as curl does; --data-binary and --data-raw keep them.
        data.push(opt === '-d' || opt === '--data' || opt === '--data-ascii' ? v.replace(/[\r\n]/g, '') : opt === '--data-urlencode' ? urlencodeData(v) : v);
        break;
      }
      case '--json':
        data.push(value());
        req.headers.push(['Content-Type', 'application/json'], ['Accept', 'application/json']);
        break;
      case '-u':
      case '--user':
        req.user = value();
        break;
      case '-b':
      case '--cookie': {
        const v = value();
        if (!v.includes('=')) throw new CurlParseError(`-b ${v} reads cookies from a file: paste the cookies themselves (-b 'name=value')`);
        req.cookie = req.cookie ? `${req.cookie}; ${v}` : v;
        break;
      }
      case '-k':
      case '--insecure':
        req.insecure = true;
        break;
      case '--compressed':
        req.compressed = true;
        break;
      case '--url':
        urls.push(value());
        break;
      case '-I':
      case '--head':
        head = true;
        break;
      case '-G':
      case '--get':
        explicitMethod = explicitMethod ?? 'GET';
        req.notes.push('-G (data in the query string) is not supported: the data stays the body');
        break;
      case '-F':
      case '--form':
      case '-T':
      case '--upload-file':
        throw new CurlParseError(`${opt} (a form or file upload) cannot be an SSE request: use --data-raw with the body`);
      case '-K':
      case '--config':
        throw new CurlParseError(`${opt} reads options from a file: paste the options themselves`);
      default:
        if (opt === '-g' || opt === '--globoff') globoff = true;
        if (SKIPPED_FLAGS.has(opt)) {
          req.notes.push(`${opt} ignored (it does not change the request)`);
        } else if (SKIPPED_WITH_VALUE.has(opt)) {
          value();
          req.notes.push(`${opt} ignored (it does not change the request)`);
        } else if (opt.startsWith('-') && opt.length > 1) {
          throw new CurlParseError(`the option ${opt} is not supported`);
        } else {
          urls.push(raw);
        }
    }
  }

  if (urls.length === 0) throw new CurlParseError('the command has no URL');
  if (urls.length > 1) throw new CurlParseError(`the command has ${urls.length} URLs (${urls.map((u) => redactUrl(u)).join(', ')}): one request at a time`);
  // curl's URL globbing: Chrome writes [ ] { } as \[ \] \{ \} so that curl takes them literally.
  req.url = globoff ? urls[0]! : urls[0]!.replace(/\\([[\]{}])/g, '$1');
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(req.url)) req.url = `http://${req.url}`; // curl's default scheme
  if (data.length > 0) req.body = data.join('&');
  req.method = explicitMethod ?? (head ? 'HEAD' : req.body !== undefined ? 'POST' : 'GET');
  if (req.compressed) req.notes.push('--compressed: the inspector asks for and decodes compressed responses on its own');
  return req;
}

function splitShortOptions(word: string): string[] {
  const out: string[] = [];
  for (let k = 1; k < word.length; k++) {
    const flag = word[k]!;
    out.push(`-${flag}`);
    if (SHORT_WITH_VALUE.has(flag)) {
      if (k + 1 < word.length) out.push(word.slice(k + 1));
      break;
    }
  }
  return out;
}

/** -H "Name: value"; "Name;" is an empty header; "Name:" (no value) tells curl to drop it. */
function addHeader(req: CurlRequest, line: string): void {
  if (line.startsWith('@')) throw new CurlParseError(`-H ${line} reads headers from a file: paste the headers themselves`);
  const colon = line.indexOf(':');
  if (colon < 0) {
    if (line.endsWith(';')) {
      req.headers.push([line.slice(0, -1).trim(), '']);
      return;
    }
    // Not quoted back: a malformed header may well be a credential.
    throw new CurlParseError('a -H header has no colon ("Name: value" expected)');
  }
  const name = line.slice(0, colon).trim();
  const value = line.slice(colon + 1).trim();
  if (!name) throw new CurlParseError('a -H header has no name');
  if (value === '') {
    req.notes.push(`-H "${name}:" (remove the header) ignored`);
    return;
  }
  req.headers.push([name, value]);
}

/** --data-urlencode: "content", "=content", "name=content" encode the content part. */
function urlencodeData(v: string): string {
  const eq = v.indexOf('=');
  if (eq < 0) return encodeURIComponent(v);
  if (eq === 0) return encodeURIComponent(v.slice(1));
  return `${v.slice(0, eq)}=${encodeURIComponent(v.slice(eq + 1))}`;
}

/** True when `text` is probably a curl command rather than a URL (for the Connect to URL box). */
export function looksLikeCurl(text: string): boolean {
  return /^\s*curl(\.exe)?\s/i.test(text);
}
