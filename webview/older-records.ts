// The panel's count of the history older than the records it holds. After a paged snapshot
// the host still holds older records that are on their way (backfill pages), or that it
// will not send (beyond what the panel may hold). The host evicts its oldest records first,
// so its evictions use up those older records before they reach the records the panel
// holds. Pure counting, no records: SessionModel applies the numbers to its store.
//
// Oldest to newest, the host's history as the panel sees it:
//   [evicted] [older, not coming] [older, pending] [held by the panel ...]
//             \_________ notHeld ________________/

export class OlderRecords {
  /** Records the host evicted, as it last reported. */
  private hostEvicted = 0;
  /** Records the host holds that are older than the panel's oldest and not in the panel. */
  private notHeld = 0;
  /** Of those, the newest ones the host will still send: never more than notHeld. */
  private pendingCount = 0;

  /** Older records on their way. */
  get pending(): number {
    return this.pendingCount;
  }

  /** Older records the panel will not show: evicted by the host, or beyond the panel's cap. */
  get gone(): number {
    return this.hostEvicted + this.notHeld - this.pendingCount;
  }

  /** A snapshot: the host evicted `evicted`, will send `pending` older records and holds `skipped` more it will not send. */
  reset(evicted: number, pending: number, skipped: number): void {
    this.hostEvicted = evicted;
    this.pendingCount = Math.max(0, pending);
    this.notHeld = this.pendingCount + Math.max(0, skipped);
  }

  /**
   * The host now reports `evicted` records evicted in all. Its new evictions take the
   * older records first (the pending ones last of those); returns how many of the records
   * the panel holds must go as well (from the front).
   */
  evict(evicted: number): number {
    const newly = evicted - this.hostEvicted;
    this.hostEvicted = evicted;
    if (newly <= 0) return 0;
    const fromOlder = Math.min(newly, this.notHeld);
    this.notHeld -= fromOlder;
    this.pendingCount = Math.min(this.pendingCount, this.notHeld);
    return newly - fromOlder;
  }

  /**
   * A backfill page brought `arrived` records (the newest of what was pending first) and
   * says `remaining` more will come; returns how many of the page's newest records to keep.
   */
  arrive(arrived: number, remaining: number): number {
    const kept = Math.min(Math.max(0, arrived), this.pendingCount);
    this.notHeld -= kept;
    this.pendingCount = Math.min(this.pendingCount - kept, Math.max(0, remaining), this.notHeld);
    return kept;
  }

  /**
   * The panel holds `held` records and may hold `max` in all, counting those on their way:
   * the oldest pending ones are given up first (they would be dropped on arrival), then the
   * oldest held. Returns how many held records must go (from the front).
   */
  cap(held: number, max: number): number {
    const over = held + this.pendingCount - max;
    if (over <= 0) return 0;
    const fromPending = Math.min(over, this.pendingCount);
    this.pendingCount -= fromPending;
    const fromHeld = over - fromPending;
    // Still held by the host, now older than the panel's oldest: no longer in the panel.
    this.notHeld += fromHeld;
    return fromHeld;
  }
}
