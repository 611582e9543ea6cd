// What feeds a session: an outgoing connection (SseConnection) or a passive source that
// observes a stream someone else's client carries (PassiveSource). Both produce records
// through the same StreamReader, so a session cannot tell them apart by their records.
import type { Disposable } from '../base/emitter';
import type { ConnectionState, RawChunk, SseRecord } from '../base/records';

export type { RawChunk };

export interface RecordSource {
  readonly state: ConnectionState;
  onRecord(listener: (record: SseRecord) => void): Disposable;
  onState(listener: (state: ConnectionState) => void): Disposable;
  /** The raw chunks, before decoding (throughput, and stream diagnostics: BOM, line endings, bursts). */
  onChunk(listener: (chunk: RawChunk) => void): Disposable;
  dispose(): Promise<void> | void;
}

/** What a source feeds (a Session): named here so this folder does not import the session. */
export interface RecordSink {
  add(record: SseRecord): void;
  setState(state: ConnectionState): void;
  /** Wire bytes, counted as they arrive. */
  addBytes(n: number): void;
  addChunk(chunk: RawChunk): void;
}

/** Feeds every record, state and chunk of `source` into `session`; dispose the result to stop. */
export function feedSession(source: RecordSource, session: RecordSink): Disposable {
  const subscriptions = [
    source.onRecord((r) => session.add(r)),
    source.onState((s) => session.setState(s)),
    source.onChunk((c) => {
      session.addBytes(c.bytes.byteLength);
      session.addChunk(c);
    }),
  ];
  return { dispose: () => subscriptions.forEach((s) => s.dispose()) };
}
