// What a tap reads off a request the program sent: how it authenticated and whether it asked
// for an event stream. One reading for every way in (the proxy tap, a page through CDP, a
// Node program through the preload), so the same request reads the same whichever saw it.
import { hasHeader, headerValue } from '../base/headers';
import type { AuthKind, HeaderList } from '../base/records';
import { urlCarriesSecret } from '../base/redact';

/** How the program authenticated, as far as its request shows. */
export function observedAuthKind(headers: HeaderList, url: string): AuthKind {
  const auth = headerValue(headers, 'authorization');
  if (auth) return /^\s*bearer\s/i.test(auth) ? 'bearer' : /^\s*basic\s/i.test(auth) ? 'basic' : 'header';
  if (urlCarriesSecret(url)) return 'query';
  if (hasHeader(headers, 'cookie')) return 'cookie';
  return 'none';
}

/** Whether the request's Accept asks for text/event-stream. */
export function acceptsEventStream(headers: HeaderList): boolean {
  const accept = headerValue(headers, 'accept');
  return accept !== undefined && /(^|,)\s*text\/event-stream\s*(;|,|$)/i.test(accept);
}
