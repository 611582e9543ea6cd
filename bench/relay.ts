// The host side of the panel, minus VS Code: the real DeltaBatcher fed by a session, with
// each message serialised as webview.postMessage would (JSON) and then dropped.
import type { Inspector } from '../src/core/inspector';
import { DeltaBatcher } from '../src/panel/batcher';

export interface RelayStats {
  messages: number;
  records: number;
  serialisedBytes: number;
}

export function startRelay(inspector: Inspector): { stop(): RelayStats } {
  let serialisedBytes = 0;
  const batcher = new DeltaBatcher({
    source: inspector.session,
    post: (message) => {
      serialisedBytes += JSON.stringify(message).length;
    },
  });
  batcher.start(inspector.session.lastSeq);
  const sub = inspector.connection.onRecord(() => batcher.notify());
  return {
    stop: () => {
      sub.dispose();
      batcher.dispose();
      return { ...batcher.stats, serialisedBytes };
    },
  };
}
