// The running proxy taps of the window: each a TapProxy in front of one upstream, its
// streams registered through TappedStreams with origin { kind: 'tap', via: 'proxy' }.
// Stopping a tap closes every socket it proxies; its streams stay in their panels, closed.
import * as vscode from 'vscode';
import { redactUrl } from '../../core/base/redact';
import type { PassiveSource } from '../../core/passive/passive-source';
import { TapRouter } from '../../core/passive/tap-router';
import type { FaultPlan } from '../../core/tap/fault-plan';
import { JudgedSource } from '../../core/tap/judge-source';
import { TapProxy } from '../../core/tap/tap-proxy';
import type { ClientExpectations } from '../../core/tap/verdicts';
import type { ConnectionRegistry, LiveConnection } from '../connection-registry';
import type { LifecycleLog } from '../lifecycle-log';
import type { TapOrigin, TappedStreams } from '../tapped-streams';

/** Context key: true while at least one proxy tap runs. */
export const TAP_RUNNING_CONTEXT = 'sseInspector.tapRunning';

export interface RunningTap {
  readonly proxy: TapProxy;
  readonly origin: TapOrigin;
  /** The upstream as given (origin and base path). */
  readonly upstream: string;
  /** The judges of its streams (see core/tap/judge-source.ts). */
  readonly judges: readonly JudgedSource[];
}

export interface StartTapOptions {
  upstream: string;
  port?: number;
  insecureTls?: boolean;
  faultPlan?: FaultPlan;
  /** What the program's client should do; every tapped stream's reconnects are judged against it (none: delays reported, not judged). */
  expect?: ClientExpectations;
}

export class ProxyTaps implements vscode.Disposable {
  private readonly running: RunningTap[] = [];

  constructor(
    private readonly deps: {
      tapped: TappedStreams;
      connections: ConnectionRegistry;
      log: LifecycleLog;
    },
  ) {}

  all(): readonly RunningTap[] {
    return this.running;
  }

  async start(options: StartTapOptions): Promise<RunningTap> {
    let tap: RunningTap | undefined;
    // The router opens streams only once the proxy runs (its name carries the port).
    const judges: JudgedSource[] = [];
    const router = new TapRouter((key, first) => {
      const source = tap ? this.deps.tapped.opener(tap.origin, { available: () => this.running.includes(tap!) })(key, first) : undefined;
      // Each stream gets a judge: verdict records on its reconnects, a summary when the tap stops.
      if (source) judges.push(new JudgedSource(source, options.expect ?? {}));
      return source;
    });
    const proxy = await TapProxy.start({ upstream: options.upstream, router, ...(options.port !== undefined ? { port: options.port } : {}), ...(options.insecureTls ? { insecureTls: true } : {}), ...(options.faultPlan ? { faultPlan: options.faultPlan } : {}) });
    const origin: TapOrigin = { kind: 'tap', via: 'proxy', name: `Tap 127.0.0.1:${proxy.port} → ${proxy.upstream.host}` };
    tap = { proxy, origin, upstream: options.upstream, judges };
    this.running.push(tap);
    const plan = options.faultPlan?.length ? `; fault plan of ${options.faultPlan.length} step${options.faultPlan.length === 1 ? '' : 's'}` : '';
    this.deps.log.write({ label: origin.name, secrets: new Set() }, 'info', `proxy tap started at ${proxy.url}, forwarding to ${redactUrl(proxy.upstream.href)}${options.insecureTls ? ' (certificate not verified)' : ''}${plan}`);
    this.changed();
    return tap;
  }

  async stop(tap: RunningTap): Promise<void> {
    const i = this.running.indexOf(tap);
    if (i < 0) return;
    this.running.splice(i, 1);
    await tap.proxy.stop();
    // The run is over: each stream's last verdicts and its summary.
    for (const j of tap.judges) j.finish();
    this.deps.log.write({ label: tap.origin.name, secrets: new Set() }, 'info', 'proxy tap stopped; every proxied connection closed');
    // Their panels stop offering faults.
    for (const c of this.deps.tapped.streamsOf(tap.origin)) this.deps.connections.viewOf(c.id)?.sendContext();
    this.changed();
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.running].map((t) => this.stop(t)));
  }

  /** The running tap a stream came through. */
  tapOf(live: LiveConnection): RunningTap | undefined {
    if (live.origin.kind !== 'tap' || live.origin.via !== 'proxy') return undefined;
    const source = live.inspector.source as unknown as PassiveSource;
    return this.running.find((t) => t.proxy.faults.streams().includes(source));
  }

  dispose(): void {
    void this.stopAll();
  }

  private changed(): void {
    void vscode.commands.executeCommand('setContext', TAP_RUNNING_CONTEXT, this.running.length > 0);
  }
}
