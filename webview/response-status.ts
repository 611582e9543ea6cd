// The latest response of the session and its status in words, for the header: the host's
// copy when it sends one (it outlives the records), else what the held records tell.
import { describeStatus, type ResponseSummary } from '../src/protocol';
import type { SessionModel } from './session-model';

export function latestResponse(m: Pick<SessionModel, 'response' | 'lastOpen' | 'lastHttpError'>): ResponseSummary | undefined {
  if (m.response) return m.response;
  const error = m.lastHttpError;
  if (error?.status !== undefined) {
    return {
      seq: error.seq,
      attempt: error.attempt,
      status: error.status,
      statusText: error.response?.statusText ?? '',
      contentType: error.response?.contentType ?? '',
      headers: error.response?.headers ?? [],
      refused: { code: error.code, message: error.message, fatal: error.fatal },
    };
  }
  const open = m.lastOpen;
  if (!open) return undefined;
  return { seq: open.seq, attempt: open.attempt, status: open.status, statusText: open.statusText, contentType: open.contentType, headers: open.headers };
}

/** "500 Internal Server Error", "200 OK — not an event stream (text/html)", "401 Unauthorized — credentials refused". */
export function responseStatusText(r: ResponseSummary): string {
  const refused = r.refused;
  return describeStatus(r.status, r.statusText, refused && { code: refused.code, contentType: r.contentType, fatal: refused.fatal });
}

/** A stream that opened with a 2xx is good; anything refused is bad. */
export function responseIsGood(r: ResponseSummary): boolean {
  return r.refused === undefined && r.status >= 200 && r.status < 300;
}
