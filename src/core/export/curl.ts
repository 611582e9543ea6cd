// "Copy as curl": the exact request the inspector sends, as a command to paste into a
// terminal. Secrets are redacted unless the caller explicitly asks to reveal them.
import { buildRequest, type SseRequest } from '../base/request';
import { REDACTED, scrubSecrets } from '../base/redact';

export interface CurlOptions {
  /** Put the real token, password or API key in the command. Off by default. */
  revealSecrets?: boolean;
  lastEventId?: string;
}

/** POSIX shell single quotes: everything literal, a ' becomes '\''. */
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

export function toCurl(req: SseRequest, options: CurlOptions = {}): string {
  const built = buildRequest(req, options.lastEventId);
  const reveal = options.revealSecrets === true;
  const url = reveal ? built.url : built.summary.url;
  // The built Last-Event-ID is the id's UTF-8 bytes as one char each (what fetch takes); the
  // shell passes the command's text as UTF-8, so the command carries the id as text (as the
  // summary does) and curl sends the same bytes the connection does.
  const headers = reveal ? built.headers.map(([name, value]): [string, string] => (name === 'Last-Event-ID' && options.lastEventId ? [name, options.lastEventId] : [name, value])) : built.summary.headers;
  // -N: no output buffering, so events print as they arrive.
  const parts = ['curl', '-N'];
  if (built.method !== 'GET') parts.push('-X', built.method);
  parts.push(shellQuote(url));
  for (const [name, value] of headers) parts.push('-H', shellQuote(`${name}: ${value}`));
  if (built.body !== undefined) parts.push('--data-raw', shellQuote(reveal ? built.body : scrubSecrets(built.body, built.secrets)));
  if (req.insecureTls) parts.push('-k');
  const command = parts.join(' ');
  return reveal || !command.includes(REDACTED) ? command : `${command}  # secrets redacted`;
}
