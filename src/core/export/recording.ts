// `.sse.jsonl` recordings: a header line, then one record per line (the CLI's --jsonl
// shape). Saved from a session, opened back into a panel, replayed from a local server.
import type { RequestSummary, SseRecord } from '../base/records';

export const RECORDING_FORMAT = 'sse-inspector-recording';
export const RECORDING_VERSION = 1;

export interface RecordingHeader {
  format: typeof RECORDING_FORMAT;
  version: number;
  label: string;
  createdAt: string;
  request?: RequestSummary;
  /** Records dropped by the ring buffer before the recording was made. */
  evicted: number;
}

export interface Recording {
  header: RecordingHeader;
  records: SseRecord[];
}

const KINDS = new Set(['open', 'event', 'comment', 'retry', 'error', 'reconnect', 'close', 'marker', 'verdict']);

/** Serialises a recording; `scrub` runs over every line (secrets a server may have echoed). */
export function writeRecording(rec: Recording, scrub: (line: string) => string = (l) => l): string {
  const lines = [JSON.stringify(rec.header), ...rec.records.map((r) => JSON.stringify(r))];
  return lines.map(scrub).join('\n') + '\n';
}

export class RecordingError extends Error {}

/** Parses a recording; a bad line is an error that names the line, never a partial load. */
export function readRecording(text: string): Recording {
  const lines = text.split(/\r?\n/);
  let header: RecordingHeader | undefined;
  const records: SseRecord[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new RecordingError(`Line ${i + 1} is not JSON`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new RecordingError(`Line ${i + 1} is not a JSON object`);
    const v = value as Record<string, unknown>;
    if (!header) {
      if (v['format'] === RECORDING_FORMAT) {
        if (typeof v['version'] !== 'number' || v['version'] > RECORDING_VERSION) throw new RecordingError(`Recording version ${String(v['version'])} is newer than this SSE Inspector understands (${RECORDING_VERSION})`);
        header = { format: RECORDING_FORMAT, version: v['version'], label: typeof v['label'] === 'string' ? v['label'] : 'recording', createdAt: typeof v['createdAt'] === 'string' ? v['createdAt'] : '', evicted: typeof v['evicted'] === 'number' ? v['evicted'] : 0, ...(isObject(v['request']) ? { request: v['request'] as unknown as RequestSummary } : {}) };
        continue;
      }
      // A plain JSONL export (the CLI's --jsonl) has no header: it opens too.
      header = { format: RECORDING_FORMAT, version: RECORDING_VERSION, label: 'recording', createdAt: '', evicted: 0 };
    }
    if (!KINDS.has(String(v['kind'])) || typeof v['seq'] !== 'number' || typeof v['t'] !== 'number') {
      throw new RecordingError(`Line ${i + 1} is not a record (needs kind, seq and t)`);
    }
    if (v['kind'] === 'event' && (typeof v['data'] !== 'string' || typeof v['type'] !== 'string')) throw new RecordingError(`Line ${i + 1}: an event needs type and data strings`);
    records.push(normalise(v as unknown as SseRecord));
  }
  if (!header) throw new RecordingError('The file is empty');
  return { header, records };
}

/** Fills what older or hand-written lines may lack, so every view can trust the shape. */
function normalise(r: SseRecord): SseRecord {
  const base = { ...r, mono: typeof r.mono === 'number' ? r.mono : 0, attempt: typeof r.attempt === 'number' ? r.attempt : 1 };
  if (base.kind === 'event') return { ...base, lastEventId: typeof base.lastEventId === 'string' ? base.lastEventId : '', size: typeof base.size === 'number' ? base.size : base.data.length, cls: base.cls === 'heartbeat' ? 'heartbeat' : 'data' };
  return base;
}

function isObject(v: unknown): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
