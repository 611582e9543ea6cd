// The debug tap for Node programs (issue #14): while a user debugs a Node program with VS
// Code's JavaScript debugger, the event streams the program itself receives become tapped
// streams. A DebugConfigurationProvider adds the preload (out/tap-preload.js) to each Node
// launch (see launch-env.ts); the preload connects back to the local socket this class
// listens on and reports the program's fetch and http(s) responses. One TapRouter per
// launch: its name is the debug session's; each debugged process (and worker thread) is
// one client, so a program's successive requests to an endpoint are one stream.
import { randomUUID } from 'node:crypto';
import { chmodSync, rmSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { Disposable } from '../../core/disposable';
import { systemClock } from '../../core/base/clock';
import type { HeaderList } from '../../core/base/records';
import { headerValue } from '../../core/base/headers';
import { observedAuthKind } from '../../core/passive/observed-request';
import type { ObservedResponse } from '../../core/passive/passive-source';
import { TapRouter, type TapExchange } from '../../core/passive/tap-router';
import { TAP_WIRE_VERSION, TapLineDecoder, type TapMessage } from '../../core/passive/tap-wire';
import { urlMatchesPatterns } from '../../core/passive/url-patterns';
import { readDebugTapSettings } from '../settings';
import type { TappedStreams } from '../tapped-streams';
import { NODE_TAP_DEBUG_TYPES, tapTokenOf, withNodeTap } from './launch-env';

interface Launch {
  name: string;
  router: TapRouter;
  /** Every client (process/thread) that connected for this launch. */
  clients: Set<string>;
  sockets: Set<net.Socket>;
}

export class NodeDebugTap extends Disposable {
  private server: net.Server | undefined;
  private listening: Promise<string> | undefined;
  private readonly launches = new Map<string, Launch>();

  constructor(
    private readonly tapped: TappedStreams,
    private readonly preloadPath: string,
  ) {
    super();
    const provider: vscode.DebugConfigurationProvider = {
      resolveDebugConfigurationWithSubstitutedVariables: (_folder, config) => this.resolve(config),
    };
    for (const type of NODE_TAP_DEBUG_TYPES) this._register(vscode.debug.registerDebugConfigurationProvider(type, provider));
    this._register(vscode.debug.onDidTerminateDebugSession((s) => this.ended(s)));
  }

  override dispose(): void {
    for (const token of [...this.launches.keys()]) this.endLaunch(token);
    this.server?.close();
    this.server = undefined;
    super.dispose();
  }

  private async resolve(config: vscode.DebugConfiguration): Promise<vscode.DebugConfiguration> {
    const settings = readDebugTapSettings();
    if (!settings.enabled) return config;
    // Only a configuration we would change needs the socket.
    const probe = withNodeTap(config, { preloadPath: this.preloadPath, address: '', token: '', urlPatterns: [] });
    if (!probe) return config;
    let address: string;
    try {
      address = await this.listen();
    } catch {
      return config; // no socket: the program runs untapped, exactly as without us
    }
    const token = randomUUID();
    const tapped = withNodeTap(config, { preloadPath: this.preloadPath, address, token, urlPatterns: settings.urlPatterns });
    if (!tapped) return config;
    const name = config.name || vscode.l10n.t('Node program');
    const opener = this.tapped.opener({ kind: 'tap', via: 'debug', name });
    this.launches.set(token, {
      name,
      // Settings may change while the program runs: a new stream is checked against them again.
      router: new TapRouter((key, first) => {
        const now = readDebugTapSettings();
        return now.enabled && urlMatchesPatterns(first.request.url, now.urlPatterns) ? opener(key, first) : undefined;
      }),
      clients: new Set(),
      sockets: new Set(),
    });
    return tapped as vscode.DebugConfiguration;
  }

  /** The top-level session of a tapped launch ended: its streams stop being observed. */
  private ended(session: vscode.DebugSession): void {
    if (session.parentSession) return;
    const token = tapTokenOf(session.configuration);
    if (token) this.endLaunch(token);
  }

  private endLaunch(token: string): void {
    const launch = this.launches.get(token);
    if (!launch) return;
    this.launches.delete(token);
    for (const socket of launch.sockets) socket.destroy();
    for (const client of launch.clients) {
      for (const source of launch.router.sourcesOf(client)) source.stop();
      launch.router.forgetClient(client);
    }
  }

  private listen(): Promise<string> {
    this.listening ??= new Promise<string>((resolve, reject) => {
      const address = process.platform === 'win32' ? `\\\\.\\pipe\\sse-inspector-tap-${randomUUID()}` : join(tmpdir(), `sse-inspector-tap-${randomUUID().slice(0, 8)}.sock`);
      const server = net.createServer((socket) => this.accept(socket));
      server.on('error', (err) => {
        this.listening = undefined;
        reject(err);
      });
      server.listen(address, () => {
        // Only this user may connect; a link also has to name a launch's token.
        if (process.platform !== 'win32') {
          try {
            chmodSync(address, 0o600);
          } catch {
            // best effort
          }
        }
        resolve(address);
      });
      server.on('close', () => {
        if (process.platform !== 'win32') rmSync(address, { force: true });
      });
      this.server = server;
    });
    return this.listening;
  }

  /** One debugged process (or worker thread): its hello names the launch, then its responses follow. */
  private accept(socket: net.Socket): void {
    socket.setEncoding('utf8');
    const decoder = new TapLineDecoder();
    const exchanges = new Map<number, TapExchange>();
    let link: { launch: Launch; client: string } | undefined;
    socket.on('data', (text: string) => {
      const messages = decoder.feed(text);
      if (!messages) return void socket.destroy();
      for (const message of messages) {
        if (!link) {
          const launch = message.t === 'hello' && message.v === TAP_WIRE_VERSION ? this.launches.get(message.token) : undefined;
          if (!launch || message.t !== 'hello') return void socket.destroy();
          const client = `${message.token}:${message.pid}:${message.thread}`;
          link = { launch, client };
          launch.clients.add(client);
          launch.sockets.add(socket);
          continue;
        }
        this.handle(link.launch, link.client, exchanges, message);
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      // The program exited (or dropped the tap) with responses still open.
      for (const exchange of exchanges.values()) exchange.end('aborted', 'The program ended');
      exchanges.clear();
      link?.launch.sockets.delete(socket);
    });
  }

  private handle(launch: Launch, client: string, exchanges: Map<number, TapExchange>, message: TapMessage): void {
    switch (message.t) {
      case 'begin': {
        const lastEventId = headerValue(message.headers, 'last-event-id');
        const meta: ObservedResponse = {
          request: { method: message.method, url: message.url, headers: message.headers, bodyBytes: contentLength(message.headers), authKind: observedAuthKind(message.headers, message.url) },
          status: message.status,
          statusText: message.statusText,
          headers: message.responseHeaders,
          requestMono: systemClock.monotonic() - message.ageMs,
          latencyMs: message.latencyMs,
        };
        if (lastEventId !== undefined) meta.lastEventIdSent = lastEventId;
        const exchange = launch.router.response(client, meta);
        if (exchange) exchanges.set(message.id, exchange);
        return;
      }
      case 'chunk':
        exchanges.get(message.id)?.chunk(Buffer.from(message.data, 'base64'), message.heldMs);
        return;
      case 'end':
        exchanges.get(message.id)?.end(message.end, message.message);
        exchanges.delete(message.id);
        return;
      case 'hello':
        return;
    }
  }
}

function contentLength(headers: HeaderList): number {
  const value = Number(headerValue(headers, 'content-length'));
  return Number.isFinite(value) && value >= 0 ? value : 0;
}
