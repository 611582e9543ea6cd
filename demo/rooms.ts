// Per-room fan-out for scenario S3: who is connected to which room, and broadcasts to them.
import type * as http from 'node:http';
import { frame, send } from './sse';

interface RoomClient {
  res: http.ServerResponse;
  userId: string;
  username: string;
  clientId: string;
}

export class RoomHub {
  private readonly rooms = new Map<string, RoomClient[]>();

  join(roomId: string, client: RoomClient): number {
    const clients = this.rooms.get(roomId) ?? [];
    clients.push(client);
    this.rooms.set(roomId, clients);
    return clients.length;
  }

  /** Removes the client; returns whether it was there. Empty rooms are forgotten. */
  leave(roomId: string, res: http.ServerResponse): boolean {
    const clients = this.rooms.get(roomId);
    if (!clients) return false;
    const index = clients.findIndex((c) => c.res === res);
    if (index < 0) return false;
    clients.splice(index, 1);
    if (clients.length === 0) this.rooms.delete(roomId);
    return true;
  }

  /** Sends one event to everyone in the room except `exceptRes`; returns how many got it. */
  broadcast(roomId: string, event: string, data: unknown, exceptRes?: http.ServerResponse): number {
    let delivered = 0;
    const text = frame({ event, data });
    for (const c of this.rooms.get(roomId) ?? []) {
      if (c.res !== exceptRes && send(c.res, text)) delivered++;
    }
    return delivered;
  }

  count(roomId: string): number {
    return this.rooms.get(roomId)?.length ?? 0;
  }

  closeAll(): void {
    for (const clients of this.rooms.values()) for (const c of clients) c.res.end();
    this.rooms.clear();
  }
}
