// A tapped request's Authorization, reduced to a short salted hash: enough to tell "the
// same token again" from "a refreshed token" between two requests of one stream, never
// enough to recover the token. The salt is random per stream and never leaves memory, so
// fingerprints cannot be compared across streams or looked up in a table of known tokens.
import { createHash, randomBytes } from 'node:crypto';
import type { HeaderList } from '../base/records';
import { REDACTED } from '../base/redact';
import { headerValue } from '../base/headers';

export class AuthFingerprinter {
  private readonly salt = randomBytes(16);

  /** The fingerprint of the request's Authorization; undefined when it has none (or only a redacted one). */
  of(headers: HeaderList): string | undefined {
    const value = headerValue(headers, 'authorization');
    if (value === undefined || value === REDACTED) return undefined;
    // 8 base64url characters: 48 bits, plenty to tell two tokens apart, too few to stand for one.
    return createHash('sha256').update(this.salt).update(value, 'utf8').digest('base64url').slice(0, 8);
  }
}
