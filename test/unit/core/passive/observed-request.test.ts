// The one reading of a program's request that the proxy tap, the page tap and the Node tap
// share: its credentials' kind and whether it asked for an event stream.
import assert from 'node:assert/strict';
import { acceptsEventStream, observedAuthKind } from '../../../../src/core/passive/observed-request';

describe('passive: what a tap reads off the program\'s request', () => {
  it('names the credentials: Authorization first (any case, either scheme), then a secret in the query, then a cookie', () => {
    assert.equal(observedAuthKind([['Authorization', 'Bearer abc']], 'http://h/s'), 'bearer');
    assert.equal(observedAuthKind([['authorization', 'basic dTpw']], 'http://h/s'), 'basic');
    assert.equal(observedAuthKind([['AUTHORIZATION', 'Token abc']], 'http://h/s'), 'header');
    assert.equal(observedAuthKind([['Authorization', 'Bearer <redacted>'], ['Cookie', 'a=b']], 'http://h/s?token=x'), 'bearer');
    assert.equal(observedAuthKind([['Cookie', 'a=b']], 'http://h/s?access_token=x'), 'query');
    assert.equal(observedAuthKind([['cookie', 'sid=1']], 'http://h/s'), 'cookie');
    assert.equal(observedAuthKind([['Accept', 'text/event-stream']], 'http://h/s?page=2'), 'none');
  });

  it('asks for an event stream only by an Accept that lists text/event-stream', () => {
    assert.equal(acceptsEventStream([['Accept', 'text/event-stream']]), true);
    assert.equal(acceptsEventStream([['accept', 'application/json, text/event-stream;q=0.9']]), true);
    assert.equal(acceptsEventStream([['Accept', 'text/event-stream-not']]), false);
    assert.equal(acceptsEventStream([['Accept', '*/*']]), false);
    assert.equal(acceptsEventStream([]), false);
  });
});
