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
//
// A page's scripts run before js-debug announces its session, so a stream the page opened at
// load was requested before the tap listened. Once attached, the tap asks the page which
// EventSources it already has (core/passive/cdp-early-streams.ts), names them in the log and
// offers a reload, after which the page's streams are seen from their first byte.
import * as vscode from 'vscode';
import { redactUrl } from '../../core/base/redact';
import { Disposable } from '../../core/disposable';
import { openEventSources } from '../../core/passive/cdp-early-streams';
import { CDP_TAP_EVENTS, CdpNetworkTap } from '../../core/passive/cdp-network';
import { TapRouter } from '../../core/passive/tap-router';
import { urlMatchesPatterns } from '../../core/passive/url-patterns';
import { errorText, fail, type Failure } from '../outcome';
import { readDebugTapSettings } from '../settings';
import type { TappedStreams, TapOrigin } from '../tapped-streams';
import { CdpSocket } from './cdp-socket';

/** Debug types js-debug uses for pages (the `pwa-` names are what its sessions report). */
export const BROWSER_DEBUG_TYPES: ReadonlySet<string> = new Set(['chrome', 'pwa-chrome', 'msedge', 'pwa-msedge']);

/** How long js-debug may take to know a new session, and how often it is asked meanwhile. */
const PROXY_WAIT_MS = 5000;
const PROXY_RETRY_MS = 20;
/**
 * How long after the page's answer an EventSource may still send its first request and so be
 * one the tap sees after all (it connects in a task after `new EventSource`).
 */
const EARLY_SETTLE_MS = 300;
/** URLs named in the notification, at most (all are in the log). */
const EARLY_URLS_SHOWN = 3;

interface ProxyAddress {
  host: string;
  port: number;
  path: string;
}

interface TappedTarget {
  socket: CdpSocket;
  tap: CdpNetworkTap;
  /** The child session's name (the page's title, as js-debug names it). */
  label: string;
  /** A top-level page (it answered the EventSource query), which Page.reload can reload. */
  page: boolean;
  /** URLs of the EventSource requests seen since the tap attached, until the page's early streams are known. */
  requestedSince?: Set<string>;
}

/** What `sseInspector.debugTap.reloadPage` takes: the page's child debug session (default: the only tapped page). */
export interface ReloadPageArgs {
  sessionId?: string;
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
    const target: TappedTarget = { socket, tap, label: session.name, page: false, requestedSince: new Set() };
    this.targets.set(client, target);
    socket.onEvent((method, params) => {
      if (method === 'Network.requestWillBeSent') noteEventSourceRequest(target, params);
      tap.event(method, params);
    });
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
      return;
    }
    void this.reportEarlyStreams(client, target, name).catch(() => undefined);
  }

  /**
   * The page's EventSources that were open before the tap attached: a log line each and one
   * notification per page, with a reload. Silent when the target is no page (a worker) or
   * does not answer; nothing here touches the tap.
   */
  private async reportEarlyStreams(client: string, target: TappedTarget, name: string): Promise<void> {
    const found = await openEventSources((method, params) => target.socket.send(method, params));
    if (found === undefined || this.targets.get(client) !== target) {
      target.requestedSince = undefined;
      return;
    }
    target.page = true;
    // An EventSource made just before the query may not have sent its request yet: it is seen.
    await new Promise((r) => setTimeout(r, EARLY_SETTLE_MS));
    const requested = target.requestedSince ?? new Set<string>();
    target.requestedSince = undefined;
    if (this.targets.get(client) !== target) return;
    const missed = [...new Set(found.map((e) => e.url))].filter((url) => !requested.has(url) && this.settings.enabled && urlMatchesPatterns(url, this.settings.urlPatterns));
    if (missed.length === 0) return;
    const urls = missed.map((url) => redactUrl(url));
    for (const url of urls) this.channel.info(`debug tap: "${target.label}" (${name}) opened ${url} before the tap attached; it shows from its next reconnect`);
    const shown = urls.slice(0, EARLY_URLS_SHOWN).join(', ') + (urls.length > EARLY_URLS_SHOWN ? ', …' : '');
    const message =
      urls.length === 1
        ? vscode.l10n.t('SSE Inspector: this page opened an event stream before the debug tap attached ({0}); it shows from its next reconnect. Reload the page to see it from the start.', shown)
        : vscode.l10n.t('SSE Inspector: this page opened {0} event streams before the debug tap attached ({1}); they show from their next reconnect. Reload the page to see them from the start.', urls.length, shown);
    const reload = vscode.l10n.t('Reload Page');
    const choice = await vscode.window.showInformationMessage(message, reload);
    if (choice === reload) await this.reloadPage({ sessionId: client });
  }

  /**
   * `sseInspector.debugTap.reloadPage`: reloads a tapped page through its CDP connection. The
   * tap stays attached across the reload, so it sees the page's streams from their first byte.
   */
  async reloadPage(args?: ReloadPageArgs): Promise<{ ok: true } | Failure> {
    const pages = [...this.targets.entries()].filter(([, t]) => t.page);
    const sessionId = args?.sessionId ?? (pages.length === 1 ? pages[0]![0] : undefined);
    const target = sessionId !== undefined ? this.targets.get(sessionId) : undefined;
    if (!target) {
      return fail(
        args?.sessionId !== undefined
          ? vscode.l10n.t('SSE Inspector: the debug tap is not attached to that page (it was closed or its debug session ended).')
          : pages.length === 0
            ? vscode.l10n.t('SSE Inspector: the debug tap is not attached to any page.')
            : vscode.l10n.t('SSE Inspector: the debug tap is attached to {0} pages; say which one to reload.', pages.length),
      );
    }
    try {
      await target.socket.send('Page.reload', { ignoreCache: false });
      return { ok: true };
    } catch (err) {
      return fail(vscode.l10n.t('SSE Inspector: could not reload the page "{0}": {1}', target.label, errorText(err)));
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

/** Keeps the URL of an EventSource request while the page's early streams are looked for. */
function noteEventSourceRequest(target: TappedTarget, params: unknown): void {
  if (!target.requestedSince || typeof params !== 'object' || params === null) return;
  const p = params as { type?: unknown; request?: { url?: unknown } };
  if (p.type === 'EventSource' && typeof p.request?.url === 'string') target.requestedSince.add(p.request.url);
}

function rootOf(session: vscode.DebugSession): vscode.DebugSession {
  return session.parentSession ? rootOf(session.parentSession) : session;
}

function proxyUrl(a: ProxyAddress): string {
  const host = a.host.includes(':') ? `[${a.host}]` : a.host;
  return `ws://${host}:${a.port}${a.path.startsWith('/') ? a.path : `/${a.path}`}`;
}
