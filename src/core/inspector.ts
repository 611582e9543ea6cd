// A connection wired to its session: what the extension, the CLI and the tests use.
import { randomUUID } from 'node:crypto';
import { systemClock } from './clock';
import { SseConnection, type ConnectionOptions } from './connection/sse-connection';
import { DEFAULT_HEARTBEAT_EVENTS, DEFAULT_IDLE_TIMEOUT_MS, DEFAULT_RECONNECT_POLICY } from './defaults';
import type { DiagnosticsOptions } from './diagnostics';
import type { Disposable } from './emitter';
import type { RequestSummary } from './records';
import { buildRequest } from './request';
import { Session } from './session';
import { feedSession } from './stream/record-source';

export interface InspectorOptions extends ConnectionOptions {
  id?: string;
  label?: string;
  /** Heartbeat cadence the user expects (inferred when absent). */
  expectedHeartbeatMs?: number;
  maxRecords?: number;
  maxBytes?: number;
  /** JSON path to the text of each fragment, for streamed answers in a format not recognised on its own. */
  mergeJsonPath?: string;
  /** Stream diagnostics settings (expectJson: flag events whose data is not JSON). */
  diagnostics?: DiagnosticsOptions;
}

/** The redacted summary of the request, or undefined when it cannot be built (the attempt reports why). */
function requestSummary(request: InspectorOptions['request']): RequestSummary | undefined {
  try {
    return buildRequest(request).summary;
  } catch {
    return undefined;
  }
}

export class Inspector {
  readonly connection: SseConnection;
  readonly session: Session;
  private readonly subscriptions: Disposable[] = [];

  constructor(options: InspectorOptions) {
    this.connection = new SseConnection(options);
    const heartbeat: ConstructorParameters<typeof Session>[0]['heartbeat'] = {
      heartbeatEvents: options.heartbeatEvents ?? DEFAULT_HEARTBEAT_EVENTS,
      idleTimeoutMs: options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS,
    };
    if (options.expectedHeartbeatMs !== undefined) heartbeat.expectedIntervalMs = options.expectedHeartbeatMs;
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
    if (options.maxRecords !== undefined) sessionOptions.maxRecords = options.maxRecords;
    if (options.maxBytes !== undefined) sessionOptions.maxBytes = options.maxBytes;
    if (options.mergeJsonPath) sessionOptions.assembler = { jsonPath: options.mergeJsonPath };
    if (options.diagnostics) sessionOptions.diagnostics = options.diagnostics;
    this.session = new Session(sessionOptions);
    this.subscriptions.push(feedSession(this.connection, this.session));
  }

  start(): void {
    this.connection.start();
  }

  stop(): Promise<void> {
    return this.connection.stop();
  }

  async dispose(): Promise<void> {
    await this.connection.dispose();
    for (const s of this.subscriptions) s.dispose();
    this.session.dispose();
  }
}
