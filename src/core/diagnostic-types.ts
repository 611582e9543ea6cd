// What a stream diagnostic is, apart from the code that finds them (diagnostics.ts, which
// runs on Node): the webview shows diagnostics and type-checks against these alone.

export type DiagnosticCode =
  | 'bom' // a UTF-8 byte order mark at the start
  | 'line-endings-mixed' // LF, CRLF and CR in one stream
  | 'line-endings-cr' // bare CR only: hand-written parsers that split on \n see one endless line
  | 'gzip' // Content-Encoding: gzip on a stream
  | 'bursts' // many events in one read after a silence: something buffers
  | 'slow-event' // an event took long from its first byte to its end
  | 'retry-extreme' // retry: very small or very large
  | 'not-json' // the profile expects JSON data and an event is not JSON
  // How the connection fared (from its error, reconnect and close records):
  | 'http-error' // a 4xx/5xx (or too many redirects): one entry per status
  | 'not-event-stream' // 200 with a content type that is not text/event-stream
  | 'network-error' // reset, refused, DNS, TLS: one entry per message
  | 'no-response' // no response headers in time
  | 'idle-timeout' // the stream went silent longer than the idle timeout
  | 'too-large' // a line or event over the parser's limit
  | 'auth-refresh' // the credentials could not be refreshed after a 401
  | 'invalid-field' // an unknown field or an invalid retry value, ignored
  | 'invalid-utf8' // bytes that are not UTF-8, replaced
  | 'reconnect-storm' // many reconnects in a short time
  | 'gave-up' // the reconnect policy ran out of attempts
  | 'api-error'; // an `event: error` with an API error (Anthropic overloaded_error, ...): the answer is cut off

export type DiagnosticSeverity = 'error' | 'warning' | 'info';

export interface StreamDiagnostic {
  code: DiagnosticCode;
  severity: DiagnosticSeverity;
  message: string;
  /** How many times it was seen. */
  count: number;
  firstSeq?: number;
  lastSeq?: number;
  /** ms since epoch of the first and last sighting. */
  firstAt: number;
  lastAt: number;
}
