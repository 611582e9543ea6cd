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
