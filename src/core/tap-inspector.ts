// A tap's passive source wired to its session: the records of a stream a program receives
// itself (a debuggee's fetch, a client behind the proxy), shown like a connection's. There
// is no reconnect policy of ours: the session's policy reads 'none', and its reconnection
// log is what the program did.
import { randomUUID } from 'node:crypto';
import { systemClock, type Clock } from './base/clock';
import { DEFAULT_HEARTBEAT_EVENTS, DEFAULT_IDLE_TIMEOUT_MS } from './base/defaults';
import type { Disposable } from './base/emitter';
import type { RequestSummary } from './base/records';
import { applySessionLimits, type HeartbeatSettings, type InspectedStream, type SessionLimits } from './inspector';
import { PassiveSource } from './passive/passive-source';
import { Session } from './session';
import { feedSession } from './stream/record-source';

export interface TapInspectorOptions extends SessionLimits {
  id?: string;
  /** Panel title, tree label: e.g. "GET /events · localhost:8787". */
  label: string;
  /** The program's first request, redacted: shown until its response arrives. */
  request?: RequestSummary;
  heartbeat?: HeartbeatSettings;
  clock?: Clock;
  /** The parser's limit on one line or one event, in characters. */
  maxBufferSize?: number;
  /** Event data longer than this is cut in the record (the size stays exact). */
  maxStoredDataChars?: number;
}

export class TapInspector implements InspectedStream {
  readonly source: PassiveSource;
  readonly session: Session;
  private readonly subscription: Disposable;

  constructor(options: TapInspectorOptions) {
    const clock = options.clock ?? systemClock;
    const heartbeatEvents = options.heartbeat?.eventNames ?? DEFAULT_HEARTBEAT_EVENTS;
    // The program's own idle handling is what is observed; the monitor still says when the
    // stream has gone quiet for this long.
    const idleTimeoutMs = options.heartbeat?.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
    const sourceOptions: ConstructorParameters<typeof PassiveSource>[0] = { clock, heartbeatEvents };
    if (options.maxBufferSize !== undefined) sourceOptions.maxBufferSize = options.maxBufferSize;
    if (options.maxStoredDataChars !== undefined) sourceOptions.maxStoredDataChars = options.maxStoredDataChars;
    this.source = new PassiveSource(sourceOptions);
    const heartbeat: ConstructorParameters<typeof Session>[0]['heartbeat'] = { heartbeatEvents, idleTimeoutMs };
    if (options.heartbeat?.expectedIntervalMs) heartbeat.expectedIntervalMs = options.heartbeat.expectedIntervalMs;
    const sessionOptions: ConstructorParameters<typeof Session>[0] = { id: options.id ?? randomUUID(), label: options.label, policy: 'none', heartbeat, clock };
    if (options.request) sessionOptions.request = options.request;
    applySessionLimits(sessionOptions, options);
    this.session = new Session(sessionOptions);
    this.subscription = feedSession(this.source, this.session);
  }

  start(): void {}

  async stop(): Promise<void> {
    this.source.stop();
  }

  async dispose(): Promise<void> {
    this.source.dispose();
    this.subscription.dispose();
    this.session.dispose();
  }
}
