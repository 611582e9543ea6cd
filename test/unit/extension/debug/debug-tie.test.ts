// The pure side of the debug tie-in: which profiles a debug session connects, and how the
// Debug Adapter Protocol traffic a tracker sees becomes pause/continue markers.
import assert from 'node:assert/strict';
import { DapMarkerReader, pauseLabel } from '../../../../src/extension/debug/dap-pure';
import { connectsOnDebug, profilesForDebugSession } from '../../../../src/extension/debug/match-pure';
import type { Profile } from '../../../../src/extension/profile';

const url = 'http://localhost:3000/events';

describe('debug tie-in: matching debug sessions to profiles', () => {
  const profiles: Profile[] = [
    { name: 'server', url, launchConfigurations: ['Launch server', 'Attach'] },
    { name: 'any', url, connectOnDebug: true },
    { name: 'named and on', url, connectOnDebug: true, launchConfigurations: ['Launch client'] },
    { name: 'switched off', url, connectOnDebug: false, launchConfigurations: ['Launch server'] },
    { name: 'plain', url },
  ];

  it('connects the profiles that name the launch configuration, and those for any session', () => {
    assert.deepEqual(profilesForDebugSession(profiles, 'Launch server').map((p) => p.name), ['server', 'any']);
    assert.deepEqual(profilesForDebugSession(profiles, 'Launch client').map((p) => p.name), ['any', 'named and on']);
    assert.deepEqual(profilesForDebugSession(profiles, 'Something else').map((p) => p.name), ['any']);
  });

  it('matches names exactly, and connectOnDebug: false always wins', () => {
    assert.equal(connectsOnDebug(profiles[0]!, 'launch server'), false);
    assert.equal(connectsOnDebug(profiles[0]!, 'Attach'), true);
    assert.equal(connectsOnDebug(profiles[3]!, 'Launch server'), false);
    assert.equal(connectsOnDebug(profiles[4]!, 'Launch server'), false);
    assert.equal(connectsOnDebug({ name: 'x', url, launchConfigurations: [] }, 'Launch server'), false);
  });
});

describe('debug tie-in: markers from the adapter traffic', () => {
  const stopped = (body: Record<string, unknown>) => ({ type: 'event', event: 'stopped', seq: 1, body });
  const request = (seq: number, command: string, threadId?: number) => ({ type: 'request', seq, command, arguments: threadId === undefined ? {} : { threadId } });
  const response = (requestSeq: number, command: string, success = true, body: Record<string, unknown> = {}) => ({ type: 'response', seq: 99, request_seq: requestSeq, command, success, body });

  it('says why and where the program paused', () => {
    const reader = new DapMarkerReader();
    assert.deepEqual(reader.fromAdapter(stopped({ reason: 'breakpoint', threadId: 1 })), { marker: 'debug-pause', label: 'Paused: breakpoint (thread 1)' });
    assert.equal(pauseLabel({ reason: 'pause', description: 'Paused on debugger statement' }, 7), 'Paused: pause, Paused on debugger statement (thread 7)');
    assert.equal(pauseLabel({ reason: 'exception', description: 'Exception' }, undefined), 'Paused: exception');
    assert.equal(pauseLabel({}, 2), 'Paused: paused (thread 2)');
  });

  it('reports a "continued" event once, and not the continue response that follows it', () => {
    const reader = new DapMarkerReader();
    reader.fromAdapter(stopped({ reason: 'breakpoint', threadId: 1 }));
    reader.fromClient(request(10, 'continue', 1));
    assert.deepEqual(reader.fromAdapter({ type: 'event', event: 'continued', body: { threadId: 1, allThreadsContinued: true } }), { marker: 'debug-continue', label: 'Continued (thread 1)' });
    assert.equal(reader.fromAdapter(response(10, 'continue')), undefined, 'no second marker');
  });

  it('takes a successful continue or step response as going on when the adapter sends no event', () => {
    const reader = new DapMarkerReader();
    reader.fromAdapter(stopped({ reason: 'step', threadId: 3 }));
    reader.fromClient(request(5, 'next', 3));
    assert.deepEqual(reader.fromAdapter(response(5, 'next')), { marker: 'debug-continue', label: 'Step over (thread 3)' });
    reader.fromAdapter(stopped({ reason: 'step', threadId: 3 }));
    reader.fromClient(request(6, 'continue', 3));
    assert.equal(reader.fromAdapter(response(6, 'continue', false)), undefined, 'a failed continue is no continue');
    reader.fromClient(request(7, 'continue', 3));
    assert.deepEqual(reader.fromAdapter(response(7, 'continue')), { marker: 'debug-continue', label: 'Continued (thread 3)' });
  });

  it('ignores going on while nothing is stopped, other requests, and malformed traffic', () => {
    const reader = new DapMarkerReader();
    assert.equal(reader.fromAdapter({ type: 'event', event: 'continued', body: { threadId: 1 } }), undefined);
    reader.fromClient(request(1, 'evaluate'));
    assert.equal(reader.fromAdapter(response(1, 'evaluate')), undefined);
    for (const junk of [null, 42, 'x', { type: 'event' }, { type: 'response', request_seq: 'a' }]) assert.equal(reader.fromAdapter(junk), undefined);
    reader.fromClient(null);
  });

  it('tracks threads apart: continuing one thread leaves another paused', () => {
    const reader = new DapMarkerReader();
    reader.fromAdapter(stopped({ reason: 'breakpoint', threadId: 1 }));
    reader.fromAdapter(stopped({ reason: 'breakpoint', threadId: 2 }));
    assert.equal(reader.fromAdapter({ type: 'event', event: 'continued', body: { threadId: 9, allThreadsContinued: false } }), undefined, 'an unknown thread');
    assert.ok(reader.fromAdapter({ type: 'event', event: 'continued', body: { threadId: 1, allThreadsContinued: false } }));
    assert.deepEqual(reader.fromAdapter({ type: 'event', event: 'continued', body: { threadId: 2, allThreadsContinued: false } }), { marker: 'debug-continue', label: 'Continued (thread 2)' });
  });

  it('knows the program\'s threads (for a pause request) from thread events, threads answers and stops', () => {
    const reader = new DapMarkerReader();
    assert.deepEqual(reader.liveThreads(), []);
    reader.fromAdapter({ type: 'event', event: 'thread', body: { reason: 'started', threadId: 4 } });
    reader.fromAdapter({ type: 'response', command: 'threads', request_seq: 3, success: true, body: { threads: [{ id: 0, name: 'main' }, { id: 4, name: 'worker' }] } });
    assert.deepEqual(reader.liveThreads(), [0, 4]);
    reader.fromAdapter({ type: 'event', event: 'thread', body: { reason: 'exited', threadId: 0 } });
    assert.deepEqual(reader.liveThreads(), [4]);
    assert.equal(reader.anyStopped, false);
    reader.fromAdapter(stopped({ reason: 'pause', threadId: 7 }));
    assert.deepEqual(reader.liveThreads(), [4, 7]);
    assert.equal(reader.anyStopped, true);
    reader.fromAdapter({ type: 'event', event: 'exited', body: { exitCode: 0 } });
    assert.deepEqual(reader.liveThreads(), []);
    assert.equal(reader.anyStopped, false);
  });

  it('forgets stopped threads when the program ends', () => {
    const reader = new DapMarkerReader();
    reader.fromAdapter(stopped({ reason: 'breakpoint', threadId: 1 }));
    reader.fromAdapter({ type: 'event', event: 'terminated' });
    assert.equal(reader.fromAdapter({ type: 'event', event: 'continued', body: { threadId: 1 } }), undefined);
  });
});
