// What ends a terminal run besides the stream itself: Ctrl-C or SIGTERM (the user), or
// --timeout (said, so the run's last close record can tell why it stopped).

/** Calls `stop` once the user interrupts (no reason) or `timeoutS` elapses (its reason). */
export function onStopRequest(timeoutS: number | undefined, stop: (why?: string) => void): void {
  process.once('SIGINT', () => stop());
  process.once('SIGTERM', () => stop());
  if (timeoutS !== undefined) setTimeout(() => stop(`--timeout ${timeoutS} s elapsed`), timeoutS * 1000).unref();
}
