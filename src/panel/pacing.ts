// What the host's paced senders to a webview share (the delta batcher, the backfill pages):
// injectable timers, and posting one message with a callback once the webview has taken it.
// PURE: no `vscode` import.

export interface BatchTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/**
 * Node's timers, except that a delay of 0 is setImmediate: Node's setTimeout waits at least
 * 1 ms, and the pages of a backlog sent one per turn of the event loop would each wait that.
 */
export const nodeTimers: BatchTimers = {
  setTimeout: (fn, ms): NodeTimer => (ms <= 0 ? { immediate: setImmediate(fn) } : { timeout: setTimeout(fn, ms) }),
  clearTimeout: (h) => {
    const timer = h as NodeTimer | undefined;
    if (timer?.immediate) clearImmediate(timer.immediate);
    if (timer?.timeout) clearTimeout(timer.timeout);
  },
};

type NodeTimer = { immediate?: NodeJS.Immediate; timeout?: NodeJS.Timeout };

/**
 * Posts `message` and returns a function that runs `settled` once the post has settled
 * (webview.postMessage returns a Thenable) or at once when it returned none. A post that
 * throws counts as settled: the webview was disposed under us, and the owner's dispose
 * stops the sender. Split in two so a caller can post something else in between and keep
 * postMessage's order.
 */
export function postPaced<M>(post: (message: M) => unknown, message: M): (settled: () => void) => void {
  let result: unknown;
  try {
    result = post(message);
  } catch {
    result = undefined;
  }
  return (settled) => {
    if (isThenable(result)) result.then(settled, settled);
    else settled();
  };
}

function isThenable(v: unknown): v is PromiseLike<unknown> {
  return typeof v === 'object' && v !== null && typeof (v as { then?: unknown }).then === 'function';
}
