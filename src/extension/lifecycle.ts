// The log line for a connection's lifecycle records (open, error, reconnect, close, retry,
// markers); events and comments are the panel's business, not the log's. Built only from
// records, whose request summaries are already redacted. PURE: no vscode.
import type { SseRecord } from '../core/base/records';

export interface LifecycleLine {
  level: 'info' | 'warn' | 'error';
  text: string;
}

export function describeLifecycle(r: SseRecord): LifecycleLine | undefined {
  const attempt = r.attempt > 1 ? ` (attempt ${r.attempt})` : '';
  switch (r.kind) {
    case 'open': {
      const resumed = r.lastEventIdSent ? `, Last-Event-ID ${r.lastEventIdSent}` : '';
      return { level: 'info', text: `open${attempt}: HTTP ${r.status} ${r.contentType} for ${r.request.method} ${r.request.url} in ${r.latencyMs} ms${resumed}` };
    }
    case 'error': {
      const status = r.status !== undefined ? ` HTTP ${r.status}` : '';
      return { level: r.fatal ? 'error' : 'warn', text: `error${attempt} [${r.code}${status}]: ${r.message}${r.fatal ? ' (gave up)' : ''}` };
    }
    case 'reconnect':
      return {
        level: 'info',
        // A tapped stream's reconnect is the program's: no policy of ours chose its delay.
        text: `reconnect #${r.retryNumber} in ${r.delayMs} ms (${r.reason}; ${r.source === 'program' ? "the program's own delay" : `delay from ${r.source}, policy ${r.policy}`})${r.detail ? `: ${r.detail}` : ''}`,
      };
    case 'close':
      return { level: 'info', text: `closed${attempt} (${r.reason}): ${r.message}${r.willReconnect ? '; will reconnect' : ''}` };
    case 'retry':
      return { level: 'info', text: `server set retry: ${r.ms} ms${r.previousMs !== undefined ? ` (was ${r.previousMs} ms)` : ''}` };
    case 'marker':
      return { level: 'info', text: `marker ${r.marker}: ${r.label}` };
    case 'verdict':
      return { level: r.level === 'fail' ? 'warn' : 'info', text: `${r.scope === 'summary' ? 'verdicts' : 'verdict'}: ${r.text}` };
    case 'event':
    case 'comment':
      return undefined;
  }
}
