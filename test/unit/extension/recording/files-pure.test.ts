// Recording files as the extension writes and opens them: the file name, the header, the
// scrubbing of every line, and the closed session a recording opens into.
import assert from 'node:assert/strict';
import { readRecording, RECORDING_FORMAT, writeRecording } from '../../../../src/core/export';
import type { SseRecord } from '../../../../src/core/base/records';
import { scrubSecrets } from '../../../../src/core/base/redact';
import { Session } from '../../../../src/core/session';
import { safeFileLabel } from '../../../../src/extension/file-names';
import { freeFileName, recordingFileName, recordingOf, sessionFromRecording } from '../../../../src/extension/recording/files-pure';

const T0 = 1_700_000_000_000;
const request = { method: 'GET', url: 'http://127.0.0.1:8787/resume?count=4', headers: [['Accept', 'text/event-stream']] as Array<[string, string]>, bodyBytes: 0, authKind: 'none' as const };

function records(): SseRecord[] {
  return [
    { kind: 'open', seq: 1, t: T0, mono: 0, attempt: 1, status: 200, statusText: 'OK', headers: [['content-type', 'text/event-stream']], contentType: 'text/event-stream', request, latencyMs: 3 },
    { kind: 'event', seq: 2, t: T0 + 10, mono: 10, attempt: 1, type: 'tick', data: '{"n":1,"token":"s3cr3t-value"}', id: '1', lastEventId: '1', size: 30, cls: 'data' },
    { kind: 'event', seq: 3, t: T0 + 20, mono: 20, attempt: 1, type: 'heartbeat', data: '{}', lastEventId: '1', size: 2, cls: 'heartbeat' },
    { kind: 'marker', seq: 4, t: T0 + 25, mono: 25, attempt: 1, marker: 'debug-pause', label: 'Paused: breakpoint (thread 1)' },
    { kind: 'close', seq: 5, t: T0 + 30, mono: 30, attempt: 1, reason: 'server-closed', willReconnect: true, message: 'ended', bytes: 120 },
    { kind: 'reconnect', seq: 6, t: T0 + 31, mono: 31, attempt: 1, retryNumber: 1, delayMs: 50, reason: 'closed', source: 'retry-field', policy: 'exponential' },
  ];
}

describe('recording files', () => {
  it('names a recording <label>-<yyyymmdd-hhmmss>.sse.jsonl in local time, safe for any file system', () => {
    assert.equal(recordingFileName('Demo: heartbeat', new Date(2025, 0, 2, 3, 4, 5)), 'Demo_heartbeat-20250102-030405.sse.jsonl');
    assert.equal(recordingFileName('127.0.0.1:8787', new Date(2024, 11, 31, 23, 59, 59)), '127.0.0.1_8787-20241231-235959.sse.jsonl');
    assert.equal(safeFileLabel('../../etc/passwd'), 'etc_passwd');
    assert.equal(safeFileLabel('???'), 'recording');
    assert.equal(safeFileLabel('x'.repeat(100)).length, 60);
  });

  it('adds -2, -3 before the extension when the name is taken', () => {
    const taken = new Set(['a-1.sse.jsonl', 'a-1-2.sse.jsonl']);
    assert.equal(freeFileName('b.sse.jsonl', (n) => taken.has(n)), 'b.sse.jsonl');
    assert.equal(freeFileName('a-1.sse.jsonl', (n) => taken.has(n)), 'a-1-3.sse.jsonl');
  });

  it('writes the header (format, version, label, createdAt, request, evicted) and scrubs every line', () => {
    const session = new Session({ id: 's', label: 'Resume demo', policy: 'exponential', heartbeat: { heartbeatEvents: ['heartbeat'], idleTimeoutMs: 0 }, maxRecords: 100 });
    for (const r of records()) session.add(r);
    const rec = recordingOf(session, new Date(T0));
    assert.deepEqual(rec.header, { format: RECORDING_FORMAT, version: 1, label: 'Resume demo', createdAt: new Date(T0).toISOString(), evicted: 0, request });
    const text = writeRecording(rec, (line) => scrubSecrets(line, ['s3cr3t-value']));
    assert.ok(!text.includes('s3cr3t-value'));
    const back = readRecording(text);
    assert.equal(back.records.length, 6);
    assert.equal(back.header.label, 'Resume demo');
  });

  it('opens into a closed session with the same records, as of the recording\'s end', () => {
    const rec = { header: { format: RECORDING_FORMAT, version: 1, label: 'Resume demo', createdAt: new Date(T0 + 60_000).toISOString(), evicted: 0, request }, records: records() } as const;
    const session = sessionFromRecording({ header: { ...rec.header }, records: [...rec.records] }, 'rec-1');
    const snap = session.snapshot();
    assert.equal(snap.state, 'closed');
    assert.equal(snap.id, 'rec-1');
    assert.equal(snap.label, 'Resume demo');
    assert.deepEqual(snap.records, records(), 'the same records, seq for seq');
    assert.equal(snap.policy, 'exponential', 'from its reconnect records');
    assert.equal(snap.stats.events, 2);
    assert.equal(snap.stats.bytes, 120, 'bytes from the close records');
    assert.equal(snap.at, T0 + 31, 'the clock stands at the last record');
    assert.equal(snap.heartbeat.beats, 1);
    assert.deepEqual(snap.request, request);
  });
});
