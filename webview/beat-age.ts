// How stale the stream's heartbeat is, in the host's clock (see SessionModel.hostOffset),
// and how worried the panel should be about it.
import type { ConnectionState } from '../src/core/records';
import type { HeartbeatState } from '../src/core/snapshot';

export type BeatLevel = 'ok' | 'warning' | 'error' | 'idle';

/** ms since the last beat, or undefined when none came yet. */
export function beatAge(heartbeat: HeartbeatState, hostNow: number): number | undefined {
  return heartbeat.lastBeatAt === undefined ? undefined : Math.max(0, hostNow - heartbeat.lastBeatAt);
}

/**
 * Warning once a beat is half an interval late (1.5x the expected cadence), error once the
 * silence passes the idle timeout. A connection that is not open is not expected to beat.
 */
export function beatLevel(age: number | undefined, heartbeat: HeartbeatState, state: ConnectionState): BeatLevel {
  if (state !== 'open' || age === undefined) return 'idle';
  if (heartbeat.idleTimeoutMs > 0 && age > heartbeat.idleTimeoutMs) return 'error';
  if (heartbeat.expectedIntervalMs !== undefined && age > 1.5 * heartbeat.expectedIntervalMs) return 'warning';
  return 'ok';
}
