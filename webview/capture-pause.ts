// Capture held at an event breakpoint (the host's `paused` message), and released. The host
// sends nothing while it holds, so the panel must not look broken: it says so (banner,
// PAUSED badge), stops the clock it ages things by, shows the event that hit (as soon as its
// record is here), and stops auto-scroll; on release it puts auto-scroll back if the hit,
// not the user, took it away.
import type { PausedMessage, ResumedMessage } from '../src/protocol';
import { PauseBanner } from './pause-banner';

export interface CapturePauseHost {
  /** Resume capture (the host answers with `resumed`). */
  resume(): void;
  /** Select and show the record; false while it is not held (yet). */
  reveal(seq: number, focus: boolean): boolean;
  /** The header's badge and the model's clock. */
  setHeld(held: boolean): void;
  isAutoScrollPaused(): boolean;
  setAutoScrollPaused(paused: boolean): void;
}

export class CapturePause {
  private readonly banner: PauseBanner;
  /** The hit whose record has not arrived yet: shown as soon as it does. */
  private pendingSeq: number | undefined;
  /** Auto-scroll was switched off by the hit (not by the user). */
  private stoppedAutoScroll = false;
  private held: number | undefined;

  constructor(private readonly host: CapturePauseHost) {
    this.banner = new PauseBanner({ resume: () => host.resume(), show: (seq) => host.reveal(seq, true) });
  }

  get element(): HTMLElement {
    return this.banner.element;
  }

  /** The seq of the event capture is held at, while it is. */
  get hitSeq(): number | undefined {
    return this.held;
  }

  apply(msg: PausedMessage | ResumedMessage): void {
    this.held = msg.type === 'paused' ? msg.seq : undefined;
    if (msg.type === 'paused') {
      this.banner.show({ seq: msg.seq, reason: msg.reason, debuggerPaused: msg.debuggerPaused === true });
      this.host.setHeld(true);
      if (!this.host.isAutoScrollPaused()) {
        this.host.setAutoScrollPaused(true);
        this.stoppedAutoScroll = true;
      }
      this.pendingSeq = msg.seq;
      this.revealPending();
    } else {
      this.banner.hide();
      this.host.setHeld(false);
      this.pendingSeq = undefined;
      if (this.stoppedAutoScroll) this.host.setAutoScrollPaused(false);
      this.stoppedAutoScroll = false;
    }
  }

  /** Records arrived: the hit may be among them. */
  revealPending(): void {
    if (this.pendingSeq !== undefined && this.host.reveal(this.pendingSeq, false)) this.pendingSeq = undefined;
  }

  /** The user paused or resumed auto-scroll themselves: releasing the hit must not undo that. */
  userTookAutoScroll(): void {
    this.stoppedAutoScroll = false;
  }
}
