// A Judge watching a tapped stream: it reads the stream's records as they come and puts its
// verdicts back into the same record stream (so the panel, the CLI, exports and recordings
// all carry them), and keeps a timer for the verdicts that come from time passing (the
// program stopped; it never noticed a stall).
import { systemClock, type Clock, type TimerHandle } from '../base/clock';
import type { Disposable } from '../base/emitter';
import type { SseRecord } from '../base/records';
import type { PassiveSource } from '../passive/passive-source';
import { Judge, type VerdictInit } from './judge';
import type { ClientExpectations } from './verdicts';

export class JudgedSource implements Disposable {
  readonly judge: Judge;
  private readonly subscription: Disposable;
  private queue: VerdictInit[] = [];
  private flushQueued = false;
  private timer: TimerHandle | undefined;
  /** clock.monotonic() minus a record's `mono` (records count from the source's creation). */
  private offset: number | undefined;
  private done = false;

  constructor(
    private readonly source: PassiveSource,
    expectations: ClientExpectations,
    private readonly clock: Clock = systemClock,
  ) {
    this.judge = new Judge(expectations);
    this.subscription = source.onRecord((r) => this.observe(r));
  }

  /** The run is over: pending verdicts settle (as "cannot tell" where time ran out) and the summary goes out. */
  finish(): void {
    if (this.done) return;
    this.flush();
    this.add(this.judge.finish(this.now()));
    this.flush();
    this.done = true;
    this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  dispose(): void {
    this.done = true;
    this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.subscription.dispose();
  }

  /**
   * A record of the stream that came before this judge subscribed (a watcher made on a
   * stream's first record): it is judged as if it had been heard.
   */
  observeEarlier(r: SseRecord): void {
    this.observe(r);
  }

  private observe(r: SseRecord): void {
    if (this.done || r.kind === 'verdict') return;
    const gap = this.clock.monotonic() - r.mono;
    this.offset = this.offset === undefined ? gap : Math.min(this.offset, gap);
    this.add(this.judge.observe(r));
    this.arm();
    // The tap stopped observing this stream: that is the end of the run for its judge.
    if (r.kind === 'close' && r.stoppedObserving) queueMicrotask(() => this.finish());
  }

  /** Record-time now (the judge's deadlines are in records' `mono`). */
  private now(): number {
    return this.clock.monotonic() - (this.offset ?? 0);
  }

  private add(verdicts: VerdictInit[]): void {
    if (verdicts.length === 0) return;
    this.queue.push(...verdicts);
    // Not from inside the record listener: the other listeners of that record (the session)
    // must see it before the verdict that follows it.
    if (!this.flushQueued) {
      this.flushQueued = true;
      queueMicrotask(() => this.flush());
    }
  }

  private flush(): void {
    this.flushQueued = false;
    const out = this.queue;
    this.queue = [];
    for (const v of out) this.source.addVerdict(v);
  }

  private arm(): void {
    this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    const deadline = this.judge.deadline;
    if (deadline === undefined || this.done) return;
    this.timer = this.clock.setTimeout(
      () => {
        this.timer = undefined;
        this.add(this.judge.tick(this.now()));
        this.arm();
      },
      Math.max(0, Math.ceil(deadline - this.now())),
    );
  }
}
