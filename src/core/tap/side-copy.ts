// The tap's own copy of a response body, for the inspector: the client gets the bytes as
// they came (compressed or not), the PassiveSource needs plain SSE, so a compressed body
// is decoded here, on the copy only.
import * as zlib from 'node:zlib';

export interface SideCopy {
  write(chunk: Buffer): void;
  /** The body ended: `done` runs once every decoded byte has been handed on. */
  end(done: () => void): void;
  /** Dropped (the response broke): nothing more is handed on. */
  destroy(): void;
}

/** `contentEncoding`: the response's Content-Encoding; `sink` gets plain bytes. `onError`: the body could not be decoded. */
export function sideCopy(contentEncoding: string | undefined, sink: (bytes: Uint8Array) => void, onError: (message: string) => void): SideCopy {
  const decoder = decoderFor(contentEncoding);
  if (!decoder) {
    return { write: sink, end: (done) => done(), destroy: () => undefined };
  }
  let failed = false;
  let destroyed = false;
  decoder.on('data', (b: Buffer) => {
    if (!destroyed) sink(b);
  });
  decoder.on('error', (err: Error) => {
    if (failed || destroyed) return;
    failed = true;
    onError(`The tap could not decode the ${contentEncoding} body for the inspector: ${err.message} (the client still got the bytes unchanged)`);
  });
  return {
    write: (chunk) => {
      if (!failed && !destroyed) decoder.write(chunk);
    },
    end: (done) => {
      if (failed || destroyed) return done();
      decoder.once('end', done);
      decoder.once('error', () => done());
      decoder.end();
    },
    destroy: () => {
      destroyed = true;
      decoder.destroy();
    },
  };
}

function decoderFor(encoding: string | undefined): zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress | undefined {
  const e = (encoding ?? '').trim().toLowerCase();
  // Sync flush: each chunk's bytes come out as soon as they are complete, not at the end.
  const flush = { flush: zlib.constants.Z_SYNC_FLUSH, finishFlush: zlib.constants.Z_SYNC_FLUSH };
  if (e === 'gzip' || e === 'x-gzip') return zlib.createGunzip(flush);
  if (e === 'deflate') return zlib.createInflate(flush);
  if (e === 'br') return zlib.createBrotliDecompress({ flush: zlib.constants.BROTLI_OPERATION_FLUSH, finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH });
  return undefined;
}

/** Whether a body with this Content-Encoding is compressed (identity and none are not). */
export function isCompressed(encoding: string | undefined): boolean {
  const e = (encoding ?? '').trim().toLowerCase();
  return e !== '' && e !== 'identity';
}
