// How stale the stream's heartbeat is, in the host's clock (see SessionModel.hostOffset),
// and how worried the panel should be about it.
import type { ConnectionState, HeartbeatState } from '../src/protocol';

export type BeatLevel = 'ok' | 'warning' | 'error' | 'idle' | 'closed';

/**
 * A stream that may still beat: open, or on its way back (connecting, waiting to reconnect).
 * Closed, failed or never started, it will not: the panel stops ageing its last beat.
 */
export function isLive(state: ConnectionState): boolean {
  return state === 'open' || state === 'connecting' || state === 'waiting';
}

/** ms since the last beat, or undefined when none came yet. */
export function beatAge(heartbeat: HeartbeatState, hostNow: number): number | undefined {
  return heartbeat.lastBeatAt === undefined ? undefined : Math.max(0, hostNow - heartbeat.lastBeatAt);
}

/**
 * Warning once a beat is half an interval late (1.5x the expected cadence), error once the
 * silence passes the idle timeout. A connection that is not open is not expected to beat;
 * one that closed or failed never will again ('closed': greyed).
 */
export function beatLevel(age: number | undefined, heartbeat: HeartbeatState, state: ConnectionState): BeatLevel {
  if (state === 'closed' || state === 'failed') return 'closed';
  if (state !== 'open' || age === undefined) return 'idle';
  if (heartbeat.idleTimeoutMs > 0 && age > heartbeat.idleTimeoutMs) return 'error';
  if (heartbeat.expectedIntervalMs !== undefined && age > 1.5 * heartbeat.expectedIntervalMs) return 'warning';
  return 'ok';
}
