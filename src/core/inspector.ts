// A connection wired to its session: what the extension, the CLI and the tests use. A tap's
// passive source wired to its session is the TapInspector (tap-inspector.ts); the extension
// holds either as an InspectedStream.
import { randomUUID } from 'node:crypto';
import { systemClock } from './base/clock';
import { SseConnection, type ConnectionOptions } from './connection/sse-connection';
import { DEFAULT_HEARTBEAT_EVENTS, DEFAULT_IDLE_TIMEOUT_MS, DEFAULT_RECONNECT_POLICY } from './base/defaults';
import type { DiagnosticsOptions } from './diagnostics';
import type { Disposable } from './base/emitter';
import type { RequestSummary } from './base/records';
import { buildRequest } from './base/request';
import { Session } from './session';
import { feedSession, type InspectedSource } from './stream/record-source';

/**
 * A stream's heartbeat as a profile writes it (`sseInspector.profiles[].heartbeat`): the
 * Inspector takes it whole, under the same names, and hands the connection and the
 * session what each needs.
 */
export interface HeartbeatSettings {
  /** The cadence the user expects; inferred from the beats when absent or 0. */
  expectedIntervalMs?: number;
  /** Silence after which the stream is declared dead and reconnected; 0 turns it off. Wins over the connection's flat `idleTimeoutMs`. */
  idleTimeoutMs?: number;
  /** Event names that count as beats. Wins over the connection's flat `heartbeatEvents`. */
  eventNames?: string[];
}

export interface InspectorOptions extends ConnectionOptions {
  id?: string;
  label?: string;
  heartbeat?: HeartbeatSettings;
  maxRecords?: number;
  maxBytes?: number;
  /** JSON path to the text of each fragment, for streamed answers in a format not recognised on its own. */
  mergeJsonPath?: string;
  /** Stream diagnostics settings (expectJson: flag events whose data is not JSON). */
  diagnostics?: DiagnosticsOptions;
}

/** A source wired to its session: what the extension shows in a panel, whatever feeds it. */
export interface InspectedStream {
  readonly source: InspectedSource;
  readonly session: Session;
  start(): void;
  stop(): Promise<void>;
  dispose(): Promise<void>;
}

/** What both kinds of inspector give their session: the record cap, answer assembly, diagnostics. */
export type SessionLimits = Pick<InspectorOptions, 'maxRecords' | 'maxBytes' | 'mergeJsonPath' | 'diagnostics'>;

/** Copies the options a session takes from an inspector's options. */
export function applySessionLimits(target: ConstructorParameters<typeof Session>[0], options: SessionLimits): void {
  if (options.maxRecords !== undefined) target.maxRecords = options.maxRecords;
  if (options.maxBytes !== undefined) target.maxBytes = options.maxBytes;
  if (options.mergeJsonPath) target.assembler = { jsonPath: options.mergeJsonPath };
  if (options.diagnostics) target.diagnostics = options.diagnostics;
}

/** The redacted summary of the request, or undefined when it cannot be built (the attempt reports why). */
function requestSummary(request: InspectorOptions['request']): RequestSummary | undefined {
  try {
    return buildRequest(request).summary;
  } catch {
    return undefined;
  }
}

export class Inspector implements InspectedStream {
  readonly connection: SseConnection;
  readonly session: Session;
  private readonly subscriptions: Disposable[] = [];

  constructor(options: InspectorOptions) {
    const idleTimeoutMs = options.heartbeat?.idleTimeoutMs ?? options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
    const heartbeatEvents = options.heartbeat?.eventNames ?? options.heartbeatEvents ?? DEFAULT_HEARTBEAT_EVENTS;
    this.connection = new SseConnection({ ...options, idleTimeoutMs, heartbeatEvents });
    const heartbeat: ConstructorParameters<typeof Session>[0]['heartbeat'] = { heartbeatEvents, idleTimeoutMs };
    if (options.heartbeat?.expectedIntervalMs) heartbeat.expectedIntervalMs = options.heartbeat.expectedIntervalMs;
    const sessionOptions: ConstructorParameters<typeof Session>[0] = {
      id: options.id ?? randomUUID(),
      label: options.label ?? options.request.url,
      policy: options.reconnect?.kind ?? DEFAULT_RECONNECT_POLICY,
      heartbeat,
      clock: options.clock ?? systemClock,
    };
    // Shown until a response tells the request of an attempt (a connection may never get one).
    const request = requestSummary(options.request);
    if (request) sessionOptions.request = request;
    applySessionLimits(sessionOptions, options);
    this.session = new Session(sessionOptions);
    this.subscriptions.push(feedSession(this.connection, this.session));
  }

  /** The connection, as every inspected stream names its source. */
  get source(): SseConnection {
    return this.connection;
  }

  start(): void {
    this.connection.start();
  }

  /** `why`: what stopped it when it was not the user (see SseConnection.stop). */
  stop(why?: string): Promise<void> {
    return this.connection.stop(why);
  }

  async dispose(): Promise<void> {
    await this.connection.dispose();
    for (const s of this.subscriptions) s.dispose();
    this.session.dispose();
  }
}
