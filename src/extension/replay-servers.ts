// Replay servers, one per panel at most: started by "Replay Recording…", stopped when its
// panel closes, when another replay of the same panel starts, and on deactivate.
import type * as vscode from 'vscode';
import type { SseRecord } from '../core/base/records';
import { startReplayServer, type ReplayServer } from '../core/replay';

export interface RunningReplay {
  /** The panel (connection or recording id) it replays. */
  panelId: string;
  label: string;
  url: string;
  /** 1, 2, 10, or 0 for as fast as possible. */
  speed: number;
  /** Connections served so far. */
  served: number;
}

export interface ReplayEvents {
  started(replay: RunningReplay): void;
  stopped(replay: RunningReplay): void;
}

export class ReplayServers implements vscode.Disposable {
  private readonly byPanel = new Map<string, { server: ReplayServer; label: string; speed: number }>();

  constructor(private readonly events: ReplayEvents) {}

  /** Serves `records` for `panelId`, replacing that panel's previous replay. */
  async start(panelId: string, label: string, records: readonly SseRecord[], speed: number): Promise<RunningReplay> {
    await this.stop(panelId);
    const server = await startReplayServer(records, { speed });
    this.byPanel.set(panelId, { server, label, speed });
    const running = this.describe(panelId)!;
    this.events.started(running);
    return running;
  }

  urlOf(panelId: string): string | undefined {
    return this.byPanel.get(panelId)?.server.url;
  }

  list(): RunningReplay[] {
    return [...this.byPanel.keys()].map((id) => this.describe(id)!);
  }

  /** Stops the panel's replay; false when it had none. */
  async stop(panelId: string): Promise<boolean> {
    const entry = this.byPanel.get(panelId);
    if (!entry) return false;
    const running = this.describe(panelId)!;
    this.byPanel.delete(panelId);
    await entry.server.close();
    this.events.stopped(running);
    return true;
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.byPanel.keys()].map((id) => this.stop(id)));
  }

  dispose(): void {
    void this.stopAll();
  }

  private describe(panelId: string): RunningReplay | undefined {
    const e = this.byPanel.get(panelId);
    return e && { panelId, label: e.label, url: e.server.url, speed: e.speed, served: e.server.served };
  }
}
