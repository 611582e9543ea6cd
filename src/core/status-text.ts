// Words for an HTTP response, shared by the panel's header and the stream's problems so they
// never disagree: "500 Internal Server Error", "200 OK — not an event stream (text/html)".
// Pure and small: the webview imports it too.
import type { ErrorCode } from './base/records';

/** The standard reason phrases (HTTP/2 sends none, and a server may send an empty one). */
const REASON_PHRASES: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  204: 'No Content',
  301: 'Moved Permanently',
  302: 'Found',
  303: 'See Other',
  304: 'Not Modified',
  307: 'Temporary Redirect',
  308: 'Permanent Redirect',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  408: 'Request Timeout',
  409: 'Conflict',
  410: 'Gone',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** "500 Internal Server Error": the server's own phrase when it sent one, else the standard one. */
export function statusLine(status: number, statusText = ''): string {
  const phrase = statusText.trim() || REASON_PHRASES[status] || '';
  return phrase ? `${status} ${phrase}` : String(status);
}

/** "text/html" from "text/html; charset=utf-8". */
export function mediaType(contentType: string): string {
  return contentType.split(';')[0]!.trim();
}

/** Why a response was refused, as the error record of its attempt tells it. */
export interface RefusalFacts {
  code: ErrorCode;
  status: number;
  contentType: string;
  fatal: boolean;
}

/**
 * What went wrong in words, after the status line: "not an event stream (text/html)",
 * "credentials refused"; undefined when the status line says it all (a 500 that is retried).
 */
export function refusalWords(f: RefusalFacts): string | undefined {
  if (f.code === 'content-type') return `not an event stream (${mediaType(f.contentType) || 'no Content-Type'})`;
  if (f.status === 401 || f.status === 403) return f.fatal ? 'credentials refused' : 'refreshing credentials';
  if (f.status >= 300 && f.status < 400) return 'too many redirects';
  if (f.fatal) return 'not retried';
  return undefined;
}

/** The whole status text: "401 Unauthorized — credentials refused". */
export function describeStatus(status: number, statusText: string, refusal?: Omit<RefusalFacts, 'status'>): string {
  const line = statusLine(status, statusText);
  const words = refusal ? refusalWords({ ...refusal, status }) : undefined;
  return words ? `${line} — ${words}` : line;
}
