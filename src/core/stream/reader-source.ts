// The part every record source built on a StreamReader shares: its records, chunks and
// state as listeners see them, and what the stream carried so far. SseConnection and
// PassiveSource differ only in who decides when a response begins and ends.
import type { Clock } from '../base/clock';
import { Emitter, type Disposable } from '../base/emitter';
import type { ConnectionState, MarkerKind, SseRecord } from '../base/records';
import type { RawChunk, RecordSource } from './record-source';
import { StreamReader, type StreamReaderOptions } from './stream-reader';

export abstract class ReaderSource implements RecordSource {
  protected readonly reader: StreamReader;
  private readonly stateEmitter = new Emitter<ConnectionState>();
  private _state: ConnectionState = 'idle';

  constructor(clock: Clock, options: Omit<StreamReaderOptions, 'clock'>) {
    this.reader = new StreamReader({ ...options, clock });
  }

  get state(): ConnectionState {
    return this._state;
  }
  /** The Last-Event-ID the stream would resume from now. */
  get lastEventId(): string {
    return this.reader.lastEventId;
  }
  get serverRetryMs(): number | undefined {
    return this.reader.serverRetryMs;
  }
  get bytesReceived(): number {
    return this.reader.bytesReceived;
  }

  onRecord(listener: (r: SseRecord) => void): Disposable {
    return this.reader.onRecord(listener);
  }
  onState(listener: (s: ConnectionState) => void): Disposable {
    return this.stateEmitter.on(listener);
  }
  /** The raw chunks themselves, before decoding (throughput, stream diagnostics: BOM, line endings, bursts). */
  onChunk(listener: (chunk: RawChunk) => void): Disposable {
    return this.reader.onChunk(listener);
  }

  /** Puts an outside happening (debug pause, a note) on the timeline. */
  mark(marker: MarkerKind, label: string): void {
    this.reader.emit({ kind: 'marker', marker, label });
  }

  abstract dispose(): Promise<void> | void;

  protected setState(state: ConnectionState): void {
    if (this._state === state) return;
    this._state = state;
    this.stateEmitter.fire(state);
  }

  /** Drops every listener (after the last record is out). */
  protected clearListeners(): void {
    this.reader.dispose();
    this.stateEmitter.clear();
  }
}
