// The idle timeout of an open stream: declares it dead after a silence. Chunks only note
// their time (the reader's lastChunkMono, read through `quietFor`); the timer, when it
// fires, waits again for what is left since the last chunk. Re-arming a timer per chunk
// cost a timer object and two list operations per chunk in a flood.
import type { Clock, TimerHandle } from '../base/clock';

export class IdleWatch {
  private timer: TimerHandle | undefined;

  /** `quietFor()`: ms since the newest chunk (or since the watch was armed). */
  constructor(
    private readonly clock: Clock,
    readonly timeoutMs: number,
    private readonly quietFor: () => number,
  ) {}

  /** Starts watching; `onIdle` runs once the stream has been quiet for the timeout. 0 = off. */
  arm(onIdle: () => void): void {
    this.clear();
    if (this.timeoutMs <= 0) return;
    const wait = (ms: number): void => {
      this.timer = this.clock.setTimeout(() => {
        const quiet = this.quietFor();
        if (quiet < this.timeoutMs) return wait(this.timeoutMs - quiet);
        this.timer = undefined;
        onIdle();
      }, ms);
    };
    wait(this.timeoutMs);
  }

  clear(): void {
    this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }
}
