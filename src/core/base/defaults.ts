// Every default the core applies when an option is left out, written once. The extension's
// settings (package.json `sseInspector.*` defaults) and the CLI read these too, so a
// connection made from a profile, from the CLI and from a test behave the same.
import type { PolicyName } from './records';

/** Silence after which a stream is declared dead (and reconnected): the seed client's 60 s. 0 turns it off. */
export const DEFAULT_IDLE_TIMEOUT_MS = 60_000;

/**
 * The reconnect policy when none is given: linear, as `sseInspector.defaultReconnectPolicy`
 * says (the browser's fixed 3 s stays available as the `fixed` preset).
 */
export const DEFAULT_RECONNECT_POLICY: PolicyName = 'linear';

/**
 * The floor on every reconnect delay: a server answering `retry: 0` and ending (or an empty
 * 200 after an empty 200) must not turn the inspector into a load generator.
 */
export const DEFAULT_MIN_DELAY_MS = 250;

/** How long to wait for the TCP/TLS connection and then for the response headers. 0 = no limit. */
export const DEFAULT_HEADERS_TIMEOUT_MS = 30_000;

/** The parser's limit on one line or one event, in characters. */
export const DEFAULT_MAX_BUFFER_SIZE = 16 * 1024 * 1024;

/** Event data longer than this is cut in its record (the record's size stays exact). */
export const DEFAULT_MAX_STORED_DATA_CHARS = 4 * 1024 * 1024;

/** Event names that count as heartbeats. */
export const DEFAULT_HEARTBEAT_EVENTS = ['heartbeat', 'ping', 'keepalive', 'keep-alive'];

/** Most records a session holds. */
export const DEFAULT_MAX_RECORDS = 50_000;

/** Most bytes (estimated) a session holds. */
export const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;

/** Reconnect records a session keeps apart from its ring buffer (the reconnection log). */
export const DEFAULT_MAX_RECONNECTS = 1000;
