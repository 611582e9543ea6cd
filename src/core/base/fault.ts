// A proxy tap's fault as plain data: what a marker record carries, so the records layer
// names it without depending on the tap. How each fault reads and acts: ../tap/faults.ts.

/** Statuses a refused reconnect can be answered with. */
export const REFUSAL_STATUSES = [500, 502, 503, 401, 204] as const;
export type RefusalStatus = (typeof REFUSAL_STATUSES)[number];

export interface InjectedEvent {
  /** The `event:` field; omitted for an unnamed (message) event. */
  type?: string;
  /** The data; each line becomes a `data:` line. */
  data: string;
  id?: string;
}

export type Fault =
  /** End the response now: cleanly (the last chunk) or with a TCP reset. */
  | { kind: 'end'; reset?: boolean }
  /** Hold what the server sends for `seconds`, then deliver it; `comments`: send `:` comments meanwhile (every second). */
  | { kind: 'stall'; seconds: number; comments?: boolean }
  /** Wait `ms` before each event from now on (0 turns it off). */
  | { kind: 'slow'; ms: number }
  /** Send an event the server did not send, at the next event boundary. */
  | { kind: 'inject'; event: InjectedEvent }
  /** Drop every event of this type from now on ('message' for unnamed events). */
  | { kind: 'drop'; type: string }
  /** Send `retry: ms` at the next event boundary. */
  | { kind: 'retry'; ms: number }
  /** The next event carrying a multi-byte UTF-8 character arrives in two writes, split inside that character. */
  | { kind: 'split-utf8' }
  /** Answer the client's next `count` requests to this stream with `status` instead of forwarding them. */
  | { kind: 'refuse'; status: RefusalStatus; count: number; retryAfterSec?: number }
  /** Turn off the lasting faults (slow, drop, pending refusals). */
  | { kind: 'clear' };

export type FaultKind = Fault['kind'];
