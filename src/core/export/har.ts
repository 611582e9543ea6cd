// HAR 1.2 export: one entry per fetch attempt, with the stream's text as the response
// content and the events themselves in `_sseEvents` (HAR has no standard field for SSE).
import type { HeaderList, SseRecord } from '../base/records';
import { splitAttempts, toWire } from './attempts';
import { headerValue } from '../base/headers';

interface HarHeader {
  name: string;
  value: string;
}

const harHeaders = (h: HeaderList): HarHeader[] => h.map(([name, value]) => ({ name, value }));

export function toHar(records: readonly SseRecord[], creatorVersion: string): unknown {
  const entries = splitAttempts(records)
    .filter((a) => a.open || a.error?.status !== undefined)
    .map((a) => {
      const open = a.open;
      const request = open?.request ?? findRequest(records);
      const started = open ? open.t - open.latencyMs : a.firstT;
      const text = a.stream.map(toWire).join('');
      const url = request?.url ?? '';
      return {
        startedDateTime: new Date(started).toISOString(),
        time: Math.max(0, a.lastT - started),
        request: {
          method: request?.method ?? 'GET',
          url,
          httpVersion: 'HTTP/1.1',
          headers: harHeaders(request?.headers ?? []),
          queryString: queryOf(url),
          cookies: [],
          headersSize: -1,
          bodySize: request?.bodyBytes ?? 0,
          ...(request?.bodyPreview !== undefined ? { postData: { mimeType: headerValue(request.headers, 'content-type') ?? 'text/plain', text: request.bodyPreview } } : {}),
        },
        response: {
          status: open?.status ?? a.error?.status ?? 0,
          statusText: open?.statusText ?? '',
          httpVersion: 'HTTP/1.1',
          headers: harHeaders(open?.headers ?? []),
          cookies: [],
          content: open
            ? { size: a.close?.bytes ?? text.length, mimeType: open.contentType || 'text/event-stream', text }
            : { size: a.error?.body?.length ?? 0, mimeType: 'text/plain', text: a.error?.body ?? '' },
          redirectURL: '',
          headersSize: -1,
          bodySize: a.close?.bytes ?? -1,
        },
        cache: {},
        timings: { send: 0, wait: open?.latencyMs ?? 0, receive: open ? Math.max(0, a.lastT - open.t) : 0 },
        _attempt: a.attempt,
        _sseEvents: a.stream.filter((r) => r.kind === 'event').map((e) => ({ type: e.type, data: e.data, id: e.id, time: e.t })),
        ...(a.close ? { _close: { reason: a.close.reason, message: a.close.message } } : {}),
        ...(a.error ? { _error: { code: a.error.code, message: a.error.message } } : {}),
      };
    });
  return { log: { version: '1.2', creator: { name: 'SSE Inspector', version: creatorVersion }, entries } };
}

function findRequest(records: readonly SseRecord[]) {
  for (const r of records) if (r.kind === 'open') return r.request;
  return undefined;
}


function queryOf(url: string): HarHeader[] {
  try {
    return [...new URL(url).searchParams].map(([name, value]) => ({ name, value }));
  } catch {
    return [];
  }
}
