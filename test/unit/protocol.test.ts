// The shape checks of src/protocol.ts: each message name has one shape, so a malformed or
// outdated message is refused rather than half applied.
import assert from 'node:assert/strict';
import { isHostToWebview, isWebviewToHost, type PausedMessage, type ResumedMessage } from '../../src/protocol';

describe('protocol: one shape per message', () => {
  it('a pause names the event that hit; resuming is its own message', () => {
    const paused: PausedMessage = { type: 'paused', seq: 7, reason: 'event type is "order"', breakpointId: 'bp-1', debuggerPaused: false };
    const resumed: ResumedMessage = { type: 'resumed' };
    assert.equal(isHostToWebview(paused), true);
    assert.equal(isHostToWebview(resumed), true);
    assert.equal(isHostToWebview({ type: 'paused', paused: false }), false, 'a pause without its event is not a resume');
    assert.equal(isHostToWebview({ type: 'paused', reason: 'x' }), false);
  });

  it('accepts the webview\'s messages by name and refuses unknown ones', () => {
    assert.equal(isWebviewToHost({ type: 'ready', version: 3 }), true);
    assert.equal(isWebviewToHost({ type: 'command', command: 'resume' }), true);
    assert.equal(isWebviewToHost({ type: 'command', command: 'rm -rf' }), false);
    assert.equal(isWebviewToHost({ type: 'breakpoint', action: 'add', breakpoint: { id: 'b' } }), true);
    assert.equal(isWebviewToHost({ type: 'resumed' }), false);
    // The fault menu: a fault (checked again by the host), or none for the host to ask.
    assert.equal(isWebviewToHost({ type: 'fault', fault: { kind: 'end', reset: true } }), true);
    assert.equal(isWebviewToHost({ type: 'fault' }), true);
    assert.equal(isWebviewToHost({ type: 'fault', fault: 'end' }), false);
    assert.equal(isWebviewToHost({ type: 'fault', fault: { reset: true } }), false);
  });
});
