// What feeds a session: an outgoing connection (SseConnection) or a passive source that
// observes a stream someone else's client carries (PassiveSource). Both produce records
// through the same StreamReader, so a session cannot tell them apart by their records.
import type { Disposable } from '../base/emitter';
import type { ConnectionState, MarkerKind, RawChunk, SseRecord } from '../base/records';

export type { RawChunk };

export interface RecordSource {
  readonly state: ConnectionState;
  onRecord(listener: (record: SseRecord) => void): Disposable;
  onState(listener: (state: ConnectionState) => void): Disposable;
  /** The raw chunks, before decoding (throughput, and stream diagnostics: BOM, line endings, bursts). */
  onChunk(listener: (chunk: RawChunk) => void): Disposable;
  dispose(): Promise<void> | void;
}

/**
 * A record source an inspector drives and the extension shows: an outgoing connection, or a
 * tap observing a program's own stream. The commands act on this, never on the concrete kind.
 */
export interface InspectedSource extends RecordSource {
  /** Puts an outside happening (debug pause, a note, a fault applied) on the timeline. */
  mark(marker: MarkerKind, label: string): void;
  start(): void;
  /** A connection closes; a tap stops observing (the program's own stream goes on). `why`: when not the user, what stopped it. */
  stop(why?: string): Promise<void> | void;
  /**
   * Drops the current attempt and starts a new one; absent where the source does not make
   * its requests itself (a tap: the program decides when to ask again).
   */
  reconnectNow?(): void;
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
