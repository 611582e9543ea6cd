// Recording files: where "Save Recording" puts them and what they are called, the header
// it writes, and the session a recording opens into. PURE: no vscode.
import { DEFAULT_HEARTBEAT_EVENTS, DEFAULT_RECONNECT_POLICY } from '../../core/base/defaults';
import { RECORDING_FORMAT, RECORDING_VERSION, type Recording, type RecordingHeader } from '../../core/export';
import type { Clock } from '../../core/base/clock';
import type { PolicyName } from '../../core/base/records';
import { Session } from '../../core/session';
import { safeFileLabel } from '../file-names';

/** The workspace folder recordings go to. */
export const RECORDINGS_FOLDER = '.sse-recordings';
export const RECORDING_EXTENSION = '.sse.jsonl';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `<label>-<yyyymmdd-hhmmss>.sse.jsonl` in local time; the label made safe for any file system. */
export function recordingFileName(label: string, at: Date): string {
  const stamp = `${at.getFullYear()}${pad(at.getMonth() + 1)}${pad(at.getDate())}-${pad(at.getHours())}${pad(at.getMinutes())}${pad(at.getSeconds())}`;
  return `${safeFileLabel(label)}-${stamp}${RECORDING_EXTENSION}`;
}

/** `name`, or `name` with `-2`, `-3`… before the extension when taken (two saves in one second). */
export function freeFileName(name: string, taken: (candidate: string) => boolean): string {
  if (!taken(name)) return name;
  const ext = name.endsWith(RECORDING_EXTENSION) ? RECORDING_EXTENSION : '';
  const base = name.slice(0, name.length - ext.length);
  for (let n = 2; ; n++) if (!taken(`${base}-${n}${ext}`)) return `${base}-${n}${ext}`;
}

/** The recording of a session as it is now. */
export function recordingOf(session: Session, createdAt: Date): Recording {
  const header: RecordingHeader = { format: RECORDING_FORMAT, version: RECORDING_VERSION, label: session.label, createdAt: createdAt.toISOString(), evicted: session.evicted };
  const request = session.latestRequest;
  if (request) header.request = request;
  return { header, records: session.heldRecords() };
}

/**
 * A closed session holding a recording's records, for a panel in recording mode. Its clock
 * stands at the last record, so "last beat … ago" and the rates read as at the end of the
 * recording, not as hours before now.
 */
export function sessionFromRecording(recording: Recording, id: string): Session {
  const { header, records } = recording;
  const endT = records.at(-1)?.t ?? (Date.parse(header.createdAt) || 0);
  const clock: Clock = {
    now: () => endT,
    monotonic: () => records.at(-1)?.mono ?? 0,
    setTimeout: () => ({}),
    clearTimeout: () => undefined,
  };
  const reconnect = records.find((r) => r.kind === 'reconnect');
  const policy: PolicyName = reconnect?.kind === 'reconnect' ? reconnect.policy : DEFAULT_RECONNECT_POLICY;
  const session = new Session({
    id,
    label: header.label,
    policy,
    // The heartbeat monitor only reads; no timer of a recording ever fires.
    heartbeat: { heartbeatEvents: DEFAULT_HEARTBEAT_EVENTS, idleTimeoutMs: 0 },
    clock,
    // Everything the file holds is shown: the file was bounded when it was saved.
    maxRecords: Math.max(100, records.length),
    maxBytes: Number.MAX_SAFE_INTEGER,
  });
  for (const r of records) {
    session.add(r);
    if (r.kind === 'close') session.addBytes(r.bytes);
  }
  session.setState('closed');
  return session;
}
