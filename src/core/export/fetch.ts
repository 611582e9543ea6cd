// "Copy as fetch": the exact request the inspector sends, as a JavaScript snippet that makes
// it with fetch() and reads the event stream (a browser console, Deno, or Node 18+ as an ES
// module). Secrets are redacted unless the caller explicitly asks to reveal them, as for curl.
import { buildRequest, type SseRequest } from '../base/request';
import { REDACTED, scrubSecrets } from '../base/redact';

export interface FetchOptions {
  /** Put the real token, password or API key in the snippet. Off by default. */
  revealSecrets?: boolean;
  lastEventId?: string;
}

/** A JavaScript string literal (JSON's quoting is valid JavaScript). */
const js = (s: string): string => JSON.stringify(s);

export function toFetch(req: SseRequest, options: FetchOptions = {}): string {
  const built = buildRequest(req, options.lastEventId);
  const reveal = options.revealSecrets === true;
  const url = reveal ? built.url : built.summary.url;
  const headers = reveal ? built.headers : built.summary.headers;
  const body = built.body === undefined ? undefined : reveal ? built.body : scrubSecrets(built.body, built.secrets);

  const init: string[] = [];
  if (built.method !== 'GET') init.push(`  method: ${js(built.method)},`);
  init.push('  headers: {');
  for (const [name, value] of headers) init.push(`    ${js(name)}: ${js(value)},`);
  init.push('  },');
  if (body !== undefined) init.push(`  body: ${js(body)},`);

  const head = [`// ${built.method} ${built.summary.url}: the request SSE Inspector makes, read as an event stream.`];
  head.push('// Runs in a browser console, Deno, or Node 18+ as an ES module (top-level await).');
  if (req.insecureTls) head.push('// The endpoint\'s certificate is not checked (insecureTls): in Node, run with NODE_TLS_REJECT_UNAUTHORIZED=0; a browser cannot skip the check.');
  const text = [...head, `const response = await fetch(${js(url)}, {`, ...init, '});', ...READER].join('\n') + '\n';
  const redacted = !reveal && (text.includes(REDACTED) || body !== built.body);
  return redacted ? `// Secrets redacted: put the real credentials where it says ${REDACTED}.\n${text}` : text;
}

/** Reads the body as text/event-stream (the WHATWG rules: fields, comments, blank-line dispatch). */
const READER = [
  'if (!response.ok || !response.body) throw new Error(`HTTP ${response.status} ${response.statusText}`);',
  '',
  '/** Called for each event: edit to taste. */',
  'function onEvent(type, data, id) {',
  '  console.log(`${type}${id ? ` #${id}` : ""}: ${data}`);',
  '}',
  '',
  'const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();',
  'let buffer = "";',
  'let type = "";',
  'let data = [];',
  'let lastEventId = "";',
  'for (;;) {',
  '  const { value, done } = await reader.read();',
  '  if (done) break;',
  '  buffer += value;',
  '  for (;;) {',
  '    const end = buffer.search(/\\r\\n|\\r|\\n/);',
  '    // A \\r at the end of what arrived may be the first half of a \\r\\n: wait for more.',
  '    if (end < 0 || (end === buffer.length - 1 && buffer[end] === "\\r")) break;',
  '    const line = buffer.slice(0, end);',
  '    buffer = buffer.slice(buffer.startsWith("\\r\\n", end) ? end + 2 : end + 1);',
  '    if (line === "") {',
  '      if (data.length > 0) onEvent(type || "message", data.join("\\n"), lastEventId);',
  '      type = "";',
  '      data = [];',
  '      continue;',
  '    }',
  '    if (line.startsWith(":")) continue; // a comment (heartbeats often are)',
  '    const colon = line.indexOf(":");',
  '    const field = colon < 0 ? line : line.slice(0, colon);',
  '    let text = colon < 0 ? "" : line.slice(colon + 1);',
  '    if (text.startsWith(" ")) text = text.slice(1);',
  '    if (field === "event") type = text;',
  '    else if (field === "data") data.push(text);',
  '    else if (field === "id" && !text.includes("\\0")) lastEventId = text;',
  '  }',
  '}',
];
