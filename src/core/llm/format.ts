// What every streamed-answer format implements: a cheap test first (it runs for every
// event of a flood), then the parse and the update of the answer book.
import type { EventRecord } from '../base/records';
import type { MessageBook } from './message-book';

export interface FragmentFormat {
  /** Folds the event into the book; false when the event is not this format's. */
  observe(event: EventRecord, book: MessageBook): boolean;
  /** Forgets per-stream state (the user cleared the session). */
  clear(): void;
}
