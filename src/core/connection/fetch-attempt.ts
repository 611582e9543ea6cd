// The fetch of one attempt: build the request, send it, follow redirects by hand (so each
// hop's Last-Event-ID and credentials are decided here, not by undici), and describe a
// refused response. No records are made here: the connection turns each outcome into them.
import type { Agent, fetch as undiciFetch } from 'undici';
import type { HeaderList, RequestSummary, ResponseMeta } from '../base/records';
import { redactHeaders } from '../base/redact';
import { buildRequest, followRedirect, headerProblem, type BuiltRequest, type SseRequest } from '../base/request';

export type FetchResponse = Awaited<ReturnType<typeof undiciFetch>>;

export interface Redirect {
  status: number;
  url: string;
  crossOrigin: boolean;
}

export interface FetchContext {
  fetch: typeof undiciFetch;
  agent: Agent;
  signal: AbortSignal;
  /** Sent as Last-Event-ID (on every hop). */
  lastEventId: string | undefined;
}

/** How sending the request ended; `built` is the request of the last hop (its secrets scrub messages). */
export type Sent =
  | { kind: 'response'; response: FetchResponse; built: BuiltRequest; redirects: Redirect[] }
  | { kind: 'unbuildable'; built: BuiltRequest; message: string } // a header fetch cannot send
  | { kind: 'refused-to-send'; built: BuiltRequest; message: string } // fetch threw a TypeError of its own
  | { kind: 'network'; built: BuiltRequest; error: unknown }
  | { kind: 'aborted'; built: BuiltRequest }
  | { kind: 'too-many-redirects'; built: BuiltRequest; status: number };

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
export const MAX_REDIRECTS = 10;

/** Sends `request`, following up to MAX_REDIRECTS redirects. */
export async function sendRequest(request: SseRequest, context: FetchContext): Promise<Sent> {
  let built = buildRequest(request, context.lastEventId);
  const redirects: Redirect[] = [];
  for (;;) {
    const problem = headerProblem(built.headers);
    if (problem) return { kind: 'unbuildable', built, message: problem };
    let response: FetchResponse;
    try {
      response = await context.fetch(built.url, {
        method: built.method,
        headers: built.headers,
        body: built.body ?? null,
        signal: context.signal,
        dispatcher: context.agent,
        redirect: 'manual',
      });
    } catch (err) {
      if (context.signal.aborted) return { kind: 'aborted', built };
      // fetch reports a failure to connect as "fetch failed" with the cause; any other
      // TypeError is a request it refused to build, which no retry can fix.
      if (err instanceof TypeError && err.message !== 'fetch failed' && (err as Error & { cause?: unknown }).cause === undefined) {
        return { kind: 'refused-to-send', built, message: err.message };
      }
      return { kind: 'network', built, error: err };
    }
    const location = response.headers.get('location');
    if (!REDIRECT_STATUSES.has(response.status) || !location) return { kind: 'response', response, built, redirects };
    if (redirects.length >= MAX_REDIRECTS) return { kind: 'too-many-redirects', built, status: response.status };
    await response.body?.cancel().catch(() => undefined);
    const step = followRedirect(request, built.url, response.status, location);
    request = step.next;
    built = buildRequest(request, context.lastEventId);
    redirects.push({ status: response.status, url: built.summary.url, crossOrigin: step.crossOrigin });
  }
}

/** `HTTP 503 Service Unavailable`. */
export function statusLine(response: FetchResponse): string {
  return `HTTP ${response.status}${response.statusText ? ' ' + response.statusText : ''}`;
}

/** The response's headers with secrets redacted. */
export function responseHeaders(response: FetchResponse): HeaderList {
  return redactHeaders([...response.headers]);
}

/** What was sent and what came back, so the panel can show both for a refused attempt too. */
export function answered(response: FetchResponse, request: RequestSummary): { request: RequestSummary; response: ResponseMeta } {
  return { request, response: { statusText: response.statusText, contentType: response.headers.get('content-type') ?? '', headers: responseHeaders(response) } };
}

/** undici wraps the useful part (ECONNREFUSED, ECONNRESET, ...) in `cause`. */
export function describeNetworkError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = (err as Error & { cause?: unknown }).cause;
  if (cause instanceof Error) {
    const code = (cause as Error & { code?: string }).code;
    return code ? `${code}: ${cause.message}` : `${err.message}: ${cause.message}`;
  }
  const code = (err as Error & { code?: string }).code;
  return code ? `${code}: ${err.message}` : err.message;
}

/** Whether a network error is a connect or headers timeout (our own limits), not a failure of the network. */
export function isTimeout(message: string): boolean {
  return /HeadersTimeout|UND_ERR_HEADERS_TIMEOUT|ConnectTimeout|UND_ERR_CONNECT_TIMEOUT/i.test(message);
}

/** Reads at most `maxBytes` of a refused response's body, then drops the rest. */
export async function readPreview(response: FetchResponse, maxBytes: number): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  // A refused response that never finishes its body must not hang the attempt.
  const timeout = new Promise<'timeout'>((resolve) => {
    const t = setTimeout(() => resolve('timeout'), 2000);
    t.unref?.();
  });
  try {
    while (total < maxBytes) {
      const next = await Promise.race([reader.read(), timeout]);
      if (next === 'timeout' || next.done) break;
      chunks.push(next.value);
      total += next.value.byteLength;
    }
  } catch {
    // The body failed midway: what arrived is still worth showing.
  } finally {
    reader.cancel().catch(() => undefined);
  }
  const text = new TextDecoder().decode(Buffer.concat(chunks).subarray(0, maxBytes));
  return total > maxBytes ? text + '…' : text;
}
