// The debug tap for web pages: while VS Code's JavaScript debugger (js-debug) debugs a page
// in Chrome or Edge, every event stream the page receives becomes a tapped stream. It goes
// in through js-debug's CDP proxy (`extension.js-debug.requestCDPProxy`), a WebSocket that
// shares js-debug's own DevTools connection to the page: so it only listens (JsDebug.subscribe
// to the events it needs, Network.enable, a request's body streamed to it) and never turns
// anything off (`Network.disable` would turn it off for js-debug too).
//
// js-debug runs each page (and each iframe or worker target) in a child debug session of
// the launch session; only those child sessions have a CDP target and answer the proxy
// request. Streams are grouped per child session, shown under the launch session's name.
import * as vscode from 'vscode';
import { Disposable } from '../../core/disposable';
import { CDP_TAP_EVENTS, CdpNetworkTap } from '../../core/passive/cdp-network';
import { TapRouter } from '../../core/passive/tap-router';
import { urlMatchesPatterns } from '../../core/passive/url-patterns';
import { readDebugTapSettings } from '../settings';
import type { TappedStreams, TapOrigin } from '../tapped-streams';
import { CdpSocket } from './cdp-socket';

/** Debug types js-debug uses for pages (the `pwa-` names are what its sessions report). */
export const BROWSER_DEBUG_TYPES: ReadonlySet<string> = new Set(['chrome', 'pwa-chrome', 'msedge', 'pwa-msedge']);

/** How long js-debug may take to know a new session, and how often it is asked meanwhile. */
const PROXY_WAIT_MS = 5000;
const PROXY_RETRY_MS = 20;

interface ProxyAddress {
  host: string;
  port: number;
  path: string;
}

interface TappedTarget {
  socket: CdpSocket;
  tap: CdpNetworkTap;
}

export class BrowserDebugTap extends Disposable {
  private readonly router: TapRouter;
  /** The origin (launch session name) of each tapped child session, by session id. */
  private readonly origins = new Map<string, TapOrigin>();
  private readonly targets = new Map<string, TappedTarget>();
  /** Debug sessions that have started and not ended. */
  private readonly live = new Set<string>();
  private settings = readDebugTapSettings();

  constructor(
    private readonly tapped: Pick<TappedStreams, 'opener'>,
    private readonly channel: Pick<vscode.LogOutputChannel, 'info' | 'warn'>,
  ) {
    super();
    this.router = new TapRouter((key, first) => {
      const origin = this.origins.get(key.client);
      return origin ? this.tapped.opener(origin)(key, first) : undefined;
    });
    this._register(
      vscode.debug.onDidStartDebugSession((s) => {
        this.live.add(s.id);
        void this.started(s);
      }),
    );
    this._register(
      vscode.debug.onDidTerminateDebugSession((s) => {
        this.live.delete(s.id);
        this.ended(s.id);
      }),
    );
    this._register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('sseInspector.debug')) this.settings = readDebugTapSettings();
      }),
    );
    // A page that was already being debugged when the extension activated.
    const active = vscode.debug.activeDebugSession;
    if (active) {
      this.live.add(active.id);
      void this.started(active);
    }
  }

  private async started(session: vscode.DebugSession): Promise<void> {
    // The launch session has no page of its own: its children do.
    if (!session.parentSession || !BROWSER_DEBUG_TYPES.has(session.type) || this.targets.has(session.id) || this.isDisposed) return;
    if (!this.settings.enabled) return;
    const name = rootOf(session).name;
    let address: ProxyAddress | undefined;
    try {
      address = await this.requestProxy(session);
    } catch (err) {
      this.channel.warn(`debug tap: js-debug gave no CDP connection for "${session.name}" (${name}): ${errorText(err)}`);
      return;
    }
    if (!address) {
      this.channel.warn(`debug tap: js-debug gave no CDP connection for "${session.name}" (${name})`);
      return;
    }
    if (this.isDisposed || this.targets.has(session.id) || !this.live.has(session.id)) return;
    const client = session.id;
    const socket = new CdpSocket(proxyUrl(address), (message) => this.channel.warn(`debug tap (${name}): ${message}`));
    const tap = new CdpNetworkTap({
      client,
      router: this.router,
      send: (method, params) => socket.send(method, params),
      accept: (url) => this.settings.enabled && urlMatchesPatterns(url, this.settings.urlPatterns),
      log: (message) => this.channel.warn(`debug tap (${name}): ${message}`),
    });
    this.origins.set(client, { kind: 'tap', via: 'debug', name });
    this.targets.set(client, { socket, tap });
    socket.onEvent((method, params) => tap.event(method, params));
    socket.onClose(() => this.ended(client));
    try {
      await socket.open();
      // Events flow only after the subscription; the proxy handles messages in order, so
      // Network.enable sent right behind it loses none (and saves a round trip: the page is
      // already running).
      await Promise.all([socket.send('JsDebug.subscribe', { events: CDP_TAP_EVENTS }), socket.send('Network.enable', {})]);
      this.channel.info(`debug tap: watching the event streams of "${session.name}" (${name})`);
    } catch (err) {
      this.channel.warn(`debug tap: could not watch "${session.name}" (${name}): ${errorText(err)}`);
      this.ended(client);
    }
  }

  /**
   * js-debug's proxy for the session. js-debug learns of a new session from the same event
   * as this tap, and answers undefined for a session it does not know yet: asked again
   * shortly, as long as the session runs.
   */
  private async requestProxy(session: vscode.DebugSession): Promise<ProxyAddress | undefined> {
    const deadline = Date.now() + PROXY_WAIT_MS;
    for (;;) {
      const address = await vscode.commands.executeCommand<ProxyAddress | undefined>('extension.js-debug.requestCDPProxy', session.id);
      if (address && typeof address.port === 'number') return address;
      if (Date.now() > deadline || this.isDisposed || !this.live.has(session.id)) return undefined;
      await new Promise((r) => setTimeout(r, PROXY_RETRY_MS));
    }
  }

  private ended(sessionId: string): void {
    const target = this.targets.get(sessionId);
    if (!target) return;
    this.targets.delete(sessionId);
    target.tap.dispose();
    target.socket.dispose();
    this.router.forgetClient(sessionId);
    this.origins.delete(sessionId);
  }

  override dispose(): void {
    for (const id of [...this.targets.keys()]) this.ended(id);
    super.dispose();
  }
}

function rootOf(session: vscode.DebugSession): vscode.DebugSession {
  return session.parentSession ? rootOf(session.parentSession) : session;
}

function proxyUrl(a: ProxyAddress): string {
  const host = a.host.includes(':') ? `[${a.host}]` : a.host;
  return `ws://${host}:${a.port}${a.path.startsWith('/') ? a.path : `/${a.path}`}`;
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
