// Turns what the user configured into the exact HTTP request the app would make,
// plus a redacted summary of it for every view.
import { secretsOf, type AuthConfig } from './auth';
import type { HeaderList, RequestSummary } from './records';
import { isSensitiveHeader, redactHeaders, redactUrl, scrubSecrets, urlCarriesSecret } from './redact';

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

function hasHeader(headers: HeaderList, name: string): boolean {
  const lower = name.toLowerCase();
  return headers.some(([n]) => n.toLowerCase() === lower);
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
  if (lastEventId !== undefined && lastEventId !== '') headers.push(['Last-Event-ID', lastEventId]);
  const body = method === 'GET' || method === 'HEAD' ? undefined : req.body;
  if (body !== undefined && !hasHeader(headers, 'content-type') && looksLikeJson(body)) {
    headers.push(['Content-Type', 'application/json']);
  }

  const secrets = secretsOf(auth);
  const summary: RequestSummary = {
    method,
    url: redactUrl(url, extraSensitiveParams),
    headers: redactHeaders(headers, extraSensitiveHeaders),
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
