// Turns what the user configured into the exact HTTP request the app would make,
// plus a redacted summary of it for every view.
import { secretsOf, type AuthConfig } from './auth';
import type { HeaderList, RequestSummary } from './records';
import { isSensitiveHeader, redactHeaders, redactUrl, scrubSecrets, urlCarriesSecret } from './redact';
import { hasHeader } from './headers';

export interface SseRequest {
  url: string;
  /** GET unless told otherwise; POST/PUT carry `body`. */
  method?: string;
  headers?: Record<string, string> | HeaderList;
  body?: string;
  auth?: AuthConfig;
  /** Accept self-signed certificates for this endpoint (off by default). */
  insecureTls?: boolean;
}

export interface BuiltRequest {
  url: string;
  method: string;
  headers: HeaderList;
  body?: string;
  summary: RequestSummary;
  secrets: string[];
}

const BODY_PREVIEW_CHARS = 4096;

function headerList(h: SseRequest['headers']): HeaderList {
  if (!h) return [];
  return Array.isArray(h) ? h.map(([n, v]) => [n, v]) : Object.entries(h);
}


/** Builds the request for one attempt; `lastEventId` is sent as the spec's Last-Event-ID header. */
export function buildRequest(req: SseRequest, lastEventId?: string): BuiltRequest {
  const method = (req.method ?? 'GET').toUpperCase();
  const headers = headerList(req.headers);
  let url = req.url;
  const auth = req.auth ?? { kind: 'none' };
  const extraSensitiveHeaders: string[] = [];
  const extraSensitiveParams: string[] = [];

  switch (auth.kind) {
    case 'none':
      break;
    case 'bearer':
      headers.push(['Authorization', `Bearer ${auth.token}`]);
      break;
    case 'basic':
      headers.push(['Authorization', `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`]);
      break;
    case 'header':
      headers.push([auth.header, auth.value]);
      extraSensitiveHeaders.push(auth.header);
      break;
    case 'cookie': {
      const cookie = `${auth.name}=${auth.value}`;
      const existing = headers.findIndex(([n]) => n.toLowerCase() === 'cookie');
      if (existing >= 0) headers[existing] = ['Cookie', `${headers[existing]![1]}; ${cookie}`];
      else headers.push(['Cookie', cookie]);
      break;
    }
    case 'query': {
      const u = new URL(url);
      u.searchParams.set(auth.param, auth.value);
      url = u.toString();
      extraSensitiveParams.push(auth.param);
      break;
    }
  }

  if (!hasHeader(headers, 'accept')) headers.push(['Accept', 'text/event-stream']);
  // Browsers' EventSource sends this; some proxies cache without it.
  if (!hasHeader(headers, 'cache-control')) headers.push(['Cache-Control', 'no-cache']);
  // The wire carries the id's UTF-8 bytes, as browsers send it; fetch takes header values
  // as byte strings (one char per byte), so the bytes go in as Latin-1 characters.
  const idHeader: [string, string] | undefined = lastEventId !== undefined && lastEventId !== '' ? ['Last-Event-ID', utf8ByteString(lastEventId)] : undefined;
  if (idHeader) {
    // The stream's id replaces a starting id the user set as a header; two would be joined ("start-7, 8").
    for (let i = headers.length - 1; i >= 0; i--) if (headers[i]![0].toLowerCase() === 'last-event-id') headers.splice(i, 1);
    headers.push(idHeader);
  }
  const body = method === 'GET' || method === 'HEAD' ? undefined : req.body;
  if (body !== undefined && !hasHeader(headers, 'content-type') && looksLikeJson(body)) {
    headers.push(['Content-Type', 'application/json']);
  }

  const secrets = secretsOf(auth);
  const summary: RequestSummary = {
    method,
    url: redactUrl(url, extraSensitiveParams),
    // Views show the id as text, not as its bytes.
    headers: redactHeaders(idHeader ? headers.map((h) => (h === idHeader ? ['Last-Event-ID', lastEventId!] : h)) : headers, extraSensitiveHeaders),
    bodyBytes: body === undefined ? 0 : Buffer.byteLength(body),
    authKind: auth.kind,
  };
  if (body !== undefined) summary.bodyPreview = scrubSecrets(body.slice(0, BODY_PREVIEW_CHARS), secrets);
  // A token written into the URL by hand (`?token=${env:…}`) leaks into logs as much as `auth: query`.
  if (auth.kind === 'query' || urlCarriesSecret(url, extraSensitiveParams)) summary.secretInUrl = true;
  const built: BuiltRequest = { url, method, headers, summary, secrets };
  if (body !== undefined) built.body = body;
  return built;
}

/** `s` as a string of its UTF-8 bytes, one char (0-255) per byte: what fetch puts on the wire for a header value. */
export function utf8ByteString(s: string): string {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 0x80) return Buffer.from(s, 'utf8').toString('latin1');
  return s;
}

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * Why these headers cannot be sent, in words, or undefined when they can. A value with a
 * character above U+00FF, a line break or NUL makes fetch throw before anything is sent;
 * retrying would throw again, so this is checked before every attempt and is fatal.
 */
export function headerProblem(headers: HeaderList): string | undefined {
  for (const [name, value] of headers) {
    if (!HEADER_NAME.test(name)) return `The header name ${JSON.stringify(name)} is not a valid HTTP header name`;
    for (let i = 0; i < value.length; i++) {
      const c = value.charCodeAt(i);
      if (c > 0xff) return `The header ${name} holds ${JSON.stringify(String.fromCodePoint(value.codePointAt(i)!))} (U+${value.codePointAt(i)!.toString(16).toUpperCase().padStart(4, '0')}), which an HTTP header cannot carry: only Latin-1 characters can be sent`;
      if (c === 0 || c === 0x0a || c === 0x0d) return `The header ${name} holds a line break or NUL, which an HTTP header cannot carry`;
    }
  }
  return undefined;
}

/**
 * Takes a Last-Event-ID header (any case) out of the user's headers: it is the starting id,
 * which the stream's own `id:` replaces; sent as a plain header it would be joined with the
 * connection's ("start-7, 8").
 */
export function takeLastEventIdHeader(req: SseRequest): { request: SseRequest; lastEventId?: string } {
  const list = headerList(req.headers);
  const at = list.findIndex(([n]) => n.toLowerCase() === 'last-event-id');
  if (at < 0) return { request: req };
  const lastEventId = list[at]![1];
  return { request: { ...req, headers: list.filter(([n]) => n.toLowerCase() !== 'last-event-id') }, lastEventId };
}

function looksLikeJson(body: string): boolean {
  const t = body.trimStart();
  return t.startsWith('{') || t.startsWith('[');
}

export interface RedirectStep {
  next: SseRequest;
  /** The target is another origin: credentials were not carried over. */
  crossOrigin: boolean;
}

/**
 * The request to send after a 3xx. Followed by hand rather than by fetch because fetch
 * drops only `Authorization` across origins; a cookie, an API-key header or a query
 * token would reach the other host. Here every credential stays behind.
 */
export function followRedirect(req: SseRequest, fromUrl: string, status: number, location: string): RedirectStep {
  const target = new URL(location, fromUrl);
  const crossOrigin = target.origin !== new URL(fromUrl).origin;
  const method = (req.method ?? 'GET').toUpperCase();
  // As browsers do: 303 always becomes GET, 301/302 turn a POST into a GET.
  const toGet = status === 303 ? method !== 'HEAD' : (status === 301 || status === 302) && method === 'POST';
  const next: SseRequest = { ...req, url: target.toString() };
  if (toGet) {
    next.method = 'GET';
    delete next.body;
  }
  if (crossOrigin) {
    const authHeader = req.auth?.kind === 'header' ? [req.auth.header] : [];
    next.headers = headerList(req.headers).filter(([n]) => !isSensitiveHeader(n, authHeader));
    next.auth = { kind: 'none' };
  }
  return { next, crossOrigin };
}
