// Human-readable lines for records, for the terminal. One record, one or more lines;
// multi-line data is indented under its event so the stream's framing stays visible.
import type { CloseRecord, DelaySource, SseRecord } from '../core/base/records';

export function clockTime(t: number): string {
  const d = new Date(t);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

function indent(text: string, prefix: string): string {
  return text.split('\n').join('\n' + prefix);
}

const GUTTER = ' '.repeat(14);

const DELAY_SOURCE_TEXT: Record<DelaySource, string> = {
  policy: 'policy POLICY',
  'retry-field': 'server retry:',
  'retry-after': 'Retry-After',
  immediate: 'immediately',
  growth: 'backoff growth, policy POLICY',
  floor: 'minimum delay',
  program: "the program's own client",
};

export function formatRecord(r: SseRecord): string {
  const time = clockTime(r.t);
  switch (r.kind) {
    case 'open': {
      const sent = r.lastEventIdSent ? `  Last-Event-ID sent: ${r.lastEventIdSent}` : '';
      const warn = r.request.secretInUrl ? `\n${GUTTER}note: the token is in the URL (query parameter auth), where server and proxy logs keep it` : '';
      return `${time}  OPEN       ${r.status} ${r.statusText}  ${r.contentType}  ${r.request.method} ${r.request.url}  (${r.latencyMs} ms)${sent}${warn}`;
    }
    case 'event': {
      const id = r.id !== undefined ? `  id=${JSON.stringify(r.id)}` : '';
      const cut = r.truncated ? `  [shown cut; ${r.size} bytes]` : '';
      const held = r.heldMs !== undefined ? `  [held ${r.heldMs} ms: the program was paused]` : '';
      return `${time}  ${r.type}${id}  (${r.size} B)${cut}${held}\n${GUTTER}${indent(r.data, GUTTER)}`;
    }
    case 'comment':
      return `${time}  :${r.text}`;
    case 'retry':
      return `${time}  RETRY      ${r.ms} ms${r.previousMs !== undefined ? ` (was ${r.previousMs} ms)` : ''}`;
    case 'error': {
      const status = r.status !== undefined ? ` ${r.status}` : '';
      const body = r.body ? `\n${GUTTER}body: ${indent(r.body, GUTTER + '      ')}` : '';
      return `${time}  ERROR${r.fatal ? '!' : ' '}     [${r.code}${status}] ${r.message}${body}`;
    }
    case 'reconnect': {
      const by = DELAY_SOURCE_TEXT[r.source].replace('POLICY', r.policy);
      const id = r.lastEventId ? `  Last-Event-ID: ${r.lastEventId}` : '';
      return `${time}  RECONNECT  #${r.retryNumber} in ${r.delayMs} ms (${by}; reason ${r.reason})${id}${r.detail ? `  — ${r.detail}` : ''}`;
    }
    case 'close':
      return `${time}  CLOSE      ${r.reason}${r.status !== undefined ? ` (HTTP ${r.status})` : ''}: ${r.message}  [${r.bytes} bytes this attempt]${reconnectWords(r)}`;
    case 'marker':
      return `${time}  MARK       ${r.marker}: ${r.label}`;
    case 'verdict':
      return `${time}  ${r.scope === 'summary' ? 'SUMMARY' : 'VERDICT'}    ${r.text}`;
  }
}

/** What follows a close: ours say whether we reconnect; a tapped stream's program decides that itself. */
function reconnectWords(r: CloseRecord): string {
  if (r.reconnectBy === 'program') return '  the program decides whether to reconnect';
  return r.willReconnect ? '' : '  no reconnect';
}
