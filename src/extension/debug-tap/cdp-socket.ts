// A Chrome DevTools Protocol client over a WebSocket (js-debug's CDP proxy): commands with
// ids and their answers, and every event in the order it came. Uses the WebSocket that
// Node has built in since 22 (VS Code's extension host, code-server's Node 24): no package.
// Nothing here throws into the extension host: a broken socket rejects what is waiting,
// says so once, and closes.

type EventListener = (method: string, params: unknown) => void;

interface Waiting {
  resolve(result: unknown): void;
  reject(error: Error): void;
}

/** How long a command may go unanswered before it fails (the proxy answers in ms). */
const COMMAND_TIMEOUT_MS = 15_000;

export class CdpSocket {
  private socket: WebSocket | undefined;
  private nextId = 1;
  private readonly waiting = new Map<number, Waiting>();
  private readonly eventListeners: EventListener[] = [];
  private readonly closeListeners: Array<() => void> = [];
  private closed = false;

  constructor(
    private readonly url: string,
    private readonly log: (message: string) => void,
  ) {}

  onEvent(listener: EventListener): void {
    this.eventListeners.push(listener);
  }

  /** Called once when the socket closes, unless dispose() closed it. */
  onClose(listener: () => void): void {
    this.closeListeners.push(listener);
  }

  /** Connects; rejects when it cannot. */
  open(): Promise<void> {
    const WebSocketClass = (globalThis as { WebSocket?: typeof WebSocket }).WebSocket;
    if (!WebSocketClass) return Promise.reject(new Error('this VS Code runs on a Node without a built-in WebSocket (Node 22 or later has one)'));
    return new Promise((resolve, reject) => {
      let socket: WebSocket;
      try {
        socket = new WebSocketClass(this.url);
      } catch (err) {
        reject(err instanceof Error ? err : new Error(String(err)));
        return;
      }
      this.socket = socket;
      let opened = false;
      socket.addEventListener('open', () => {
        opened = true;
        resolve();
      });
      socket.addEventListener('message', (e) => this.message(e.data));
      socket.addEventListener('error', () => {
        if (!opened) reject(new Error(`could not connect to js-debug's CDP proxy`));
      });
      socket.addEventListener('close', () => {
        if (!opened) reject(new Error(`js-debug's CDP proxy closed the connection`));
        this.closedNow();
      });
    });
  }

  /** Sends a command; resolves with its result, rejects with its error. */
  send(method: string, params: Record<string, unknown>): Promise<unknown> {
    const socket = this.socket;
    if (this.closed || !socket || socket.readyState !== 1) return Promise.reject(new Error(`${method}: the CDP connection is closed`));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        if (this.waiting.delete(id)) reject(new Error(`${method}: no answer in ${COMMAND_TIMEOUT_MS / 1000} s`));
      }, COMMAND_TIMEOUT_MS);
      this.waiting.set(id, {
        resolve: (r) => {
          clearTimeout(timer);
          resolve(r);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      try {
        socket.send(JSON.stringify({ id, method, params }));
      } catch (err) {
        this.waiting.delete(id);
        clearTimeout(timer);
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    });
  }

  dispose(): void {
    this.closeListeners.length = 0;
    this.eventListeners.length = 0;
    try {
      this.socket?.close();
    } catch {
      // already closing
    }
    this.closedNow();
  }

  private message(data: unknown): void {
    if (typeof data !== 'string') return;
    let msg: { id?: unknown; method?: unknown; params?: unknown; result?: unknown; error?: { message?: unknown } };
    try {
      msg = JSON.parse(data) as typeof msg;
    } catch {
      this.log('js-debug sent a message that is not JSON; ignored');
      return;
    }
    if (typeof msg.id === 'number' && msg.method === undefined) {
      const w = this.waiting.get(msg.id);
      if (!w) return;
      this.waiting.delete(msg.id);
      if (msg.error) w.reject(new Error(typeof msg.error.message === 'string' ? msg.error.message : 'CDP error'));
      else w.resolve(msg.result ?? {});
      return;
    }
    if (typeof msg.method !== 'string') return;
    for (const listener of this.eventListeners) {
      try {
        listener(msg.method, msg.params);
      } catch (err) {
        this.log(`${msg.method}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }

  private closedNow(): void {
    if (this.closed) return;
    this.closed = true;
    for (const w of this.waiting.values()) w.reject(new Error('the CDP connection closed'));
    this.waiting.clear();
    const listeners = this.closeListeners.splice(0);
    for (const l of listeners) l();
  }
}
