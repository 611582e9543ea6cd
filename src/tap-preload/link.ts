// The preload's one connection to the extension: a local socket (Unix socket or Windows
// named pipe) that only carries lines out. It never keeps the program alive (unref'd),
// never writes to stdout/stderr, and gives up for good at the first problem: the
// extension is gone, the socket broke, or the extension reads too slowly (the program's
// memory must not fill with our backlog).
import * as net from 'node:net';
import { encodeTapMessage, type TapMessage } from '../core/passive/tap-wire';

/** More unsent bytes than this and the tap stops: the program matters more than the view. */
const MAX_BACKLOG_BYTES = 16 * 1024 * 1024;

export class TapLink {
  private socket: net.Socket | undefined;
  private dead = false;
  private readonly deathListeners: Array<() => void> = [];

  constructor(address: string, hello: TapMessage) {
    try {
      const socket = net.connect(address);
      this.socket = socket;
      socket.unref();
      // Our own socket: its errors are ours to swallow, never the program's.
      socket.on('error', () => this.close());
      socket.on('close', () => this.close());
      // The extension never writes; reading lets us notice when it closes.
      socket.on('data', () => undefined);
      socket.write(encodeTapMessage(hello));
    } catch {
      this.close();
    }
  }

  get alive(): boolean {
    return !this.dead;
  }

  onDeath(listener: () => void): void {
    if (this.dead) listener();
    else this.deathListeners.push(listener);
  }

  send(message: TapMessage): void {
    const socket = this.socket;
    if (this.dead || !socket) return;
    if (socket.writableLength > MAX_BACKLOG_BYTES) return this.close();
    try {
      socket.write(encodeTapMessage(message));
    } catch {
      this.close();
    }
  }

  close(): void {
    if (this.dead) return;
    this.dead = true;
    try {
      this.socket?.destroy();
    } catch {
      // nothing left to do
    }
    for (const listener of this.deathListeners.splice(0)) {
      try {
        listener();
      } catch {
        // never into the program
      }
    }
  }
}
