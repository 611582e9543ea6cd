// Gives each stream a tap finds (a debuggee's own fetch, a client behind the proxy) what a
// connection has: a panel (opened without taking the focus), the log, event breakpoints, a
// place in the Streams view under the debug session or tap it came through, and the API.
// Each way in owns a TapRouter and hands it `opener(origin)`; the router decides which
// responses are one stream, this decides how a new stream appears.
import { randomUUID } from 'node:crypto';
import { redactHeaders, redactUrl } from '../core/base/redact';
import type { ObservedResponse, PassiveSource } from '../core/passive/passive-source';
import type { OpenTappedStream, StreamKey } from '../core/passive/tap-router';
import { TapInspector } from '../core/tap-inspector';
import type { ConnectionRegistry, LiveConnection, LiveFaults, StreamOrigin } from './connection-registry';
import type { ConnectionStarter } from './connection-starter';
import type { ProfileDefaults, ProfileMethod } from './profile';

export type TapOrigin = Extract<StreamOrigin, { kind: 'tap' }>;

export interface TappedStreamsDeps {
  connections: ConnectionRegistry;
  starter: Pick<ConnectionStarter, 'show' | 'captureFor'>;
  /** The history limits and idle timeout of a new tapped stream (the settings' defaults). */
  defaults: () => Pick<ProfileDefaults, 'maxRecords' | 'maxBytes' | 'idleTimeoutMs'>;
}

export class TappedStreams {
  constructor(private readonly deps: TappedStreamsDeps) {}

  /** What a TapRouter of one way in calls for each new stream. `faults`: the proxy tap's controls for it. */
  opener(origin: TapOrigin, faults?: LiveFaults): OpenTappedStream {
    return (key, first) => this.open(origin, key, first, faults).source;
  }

  /** Registers a new tapped stream and opens its panel in the background. */
  open(origin: TapOrigin, key: StreamKey, first: ObservedResponse, faults?: LiveFaults): { live: LiveConnection; source: PassiveSource } {
    const { connections } = this.deps;
    const id = randomUUID();
    // The program's own credentials are never shown, logged or copied.
    const request = { ...first.request, url: redactUrl(first.request.url), headers: redactHeaders(first.request.headers) };
    const label = connections.uniqueLabel(hostOf(request.url));
    const { maxRecords, maxBytes, idleTimeoutMs } = this.deps.defaults();
    const inspector = new TapInspector({ id, label, request, maxRecords, maxBytes, heartbeat: { idleTimeoutMs } });
    // Copy as curl gives the program's request with <redacted> in place of each secret.
    const live: LiveConnection = {
      id,
      label,
      inspector,
      origin,
      spec: { name: '', url: request.url, method: key.method as ProfileMethod },
      fromProfile: false,
      secrets: new Set(),
      request: { url: request.url, method: request.method, headers: request.headers },
      capture: this.deps.starter.captureFor(() => live, []),
    };
    if (faults) live.faults = faults;
    this.deps.starter.show(live, { preserveFocus: true });
    return { live, source: inspector.source };
  }

  /** The live tapped streams that came in through `origin`. */
  streamsOf(origin: TapOrigin): LiveConnection[] {
    return this.deps.connections.all().filter((c) => cameThrough(c, origin));
  }
}

/** Whether `c` is a stream tapped through `tap` (a debug session or a proxy tap, by name). */
export function cameThrough(c: LiveConnection, tap: Pick<TapOrigin, 'via' | 'name'>): boolean {
  return c.origin.kind === 'tap' && c.origin.via === tap.via && c.origin.name === tap.name;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
