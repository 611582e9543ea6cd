// Resume continuity across reconnects, against demo servers that resume well and badly.
import assert from 'node:assert/strict';
import { startDemoServer, type DemoServer } from '../../../demo/server';
import { ContinuityChecker } from '../../../src/core/continuity';
import { policyFrom } from '../../../src/core/base/reconnect';
import type { SseRecord } from '../../../src/core/base/records';
import { run } from '../../support/collect';

describe('resume continuity', () => {
  let demo: DemoServer;
  before(async () => {
    demo = await startDemoServer({ port: 0 });
  });
  after(() => demo.close());

  const resumeRun = (mode: string, count = 9) => run({ request: { url: `${demo.url}/resume?count=${count}&perConnection=3&mode=${mode}` }, reconnect: policyFrom('fixed', { baseMs: 5, maxAttempts: 4, honourServerRetry: false }) });

  it('a server that resumes from Last-Event-ID: every resume continued, no gaps, no duplicates', async () => {
    const r = resumeRun('continue');
    try {
      await r.untilState(['closed', 'failed'], 8000);
      const c = r.inspector.session.snapshot().continuity!;
      assert.deepEqual([c.numericIds, c.gaps, c.duplicates, c.eventsWithIds], [true, 0, 0, 9]);
      assert.deepEqual(c.resumes.map((x) => [x.lastEventIdSent, x.firstId, x.outcome]), [['3', '4', 'continued'], ['6', '7', 'continued']]);
    } finally {
      await r.dispose();
    }
  });

  it('a server that skips ids across a reconnect: gaps with the missing count', async () => {
    // 1-3, then (Last-Event-ID 3) 6-8, then (8) 11-12, then 204.
    const r = resumeRun('skip', 12);
    try {
      await r.untilState(['closed', 'failed'], 8000);
      const c = r.inspector.session.snapshot().continuity!;
      assert.equal(c.gaps, 2);
      assert.equal(c.missingIds, 4);
      assert.deepEqual(c.issues.map((i) => [i.kind, i.expected, i.id, i.missing, i.acrossReconnect]), [['gap', '4', '6', 2, true], ['gap', '9', '11', 2, true]]);
      assert.ok(c.resumes.every((x) => x.outcome === 'gap'));
    } finally {
      await r.dispose();
    }
  });

  it('a server that replays the last ids: duplicates flagged, the resume judged "replayed"', async () => {
    const r = resumeRun('replay');
    try {
      await r.until(() => (r.inspector.session.snapshot().continuity?.resumes.length ?? 0) >= 2, 8000, 'two resumes');
      const c = r.inspector.session.snapshot().continuity!;
      assert.equal(c.resumes[0]!.outcome, 'replayed');
      assert.equal(c.resumes[0]!.firstId, '2');
      assert.ok(c.duplicates >= 2);
      assert.equal(c.issues[0]!.kind, 'duplicate');
    } finally {
      await r.dispose();
    }
  });

  it('a server that ignores Last-Event-ID: the resume is called a restart', async () => {
    const r = resumeRun('restart');
    try {
      await r.until(() => (r.inspector.session.snapshot().continuity?.resumes.length ?? 0) >= 1, 8000, 'a resume');
      const first = r.inspector.session.snapshot().continuity!.resumes[0]!;
      assert.deepEqual([first.lastEventIdSent, first.firstId, first.outcome], ['3', '1', 'restarted']);
    } finally {
      await r.dispose();
    }
  });

  it('a reset mid-event against a server that sends ids 1–3 on every attempt: each id sent again is a duplicate', async () => {
    // The demo's "Reset mid-event" profile: /reset ignores Last-Event-ID and starts at id 1 each time.
    const r = run({ request: { url: `${demo.url}/reset?events=3` }, reconnect: policyFrom('fixed', { baseMs: 5, honourServerRetry: false }) });
    try {
      await r.until(() => r.ofKind('open').length >= 3 && r.events().filter((e) => e.attempt === 3).length >= 3, 8000, 'three attempts of ids 1-3');
      await r.inspector.stop();
      const c = r.inspector.session.snapshot().continuity!;
      // Attempts 2 and 3 resent ids 1, 2 and 3: six events the client already had.
      assert.equal(c.duplicates, 6);
      assert.equal(c.gaps, 0);
      assert.deepEqual(c.issues.slice(0, 3).map((i) => [i.kind, i.id, i.attempt]), [['duplicate', '1', 2], ['duplicate', '2', 2], ['duplicate', '3', 2]]);
      assert.deepEqual(c.resumes.slice(0, 2).map((x) => [x.lastEventIdSent, x.firstId, x.outcome]), [['3', '1', 'restarted'], ['3', '1', 'restarted']]);
    } finally {
      await r.dispose();
    }
  });

  it('numeric ids replayed after a reconnect: every id not above the highest seen counts, and gaps count from the highest', () => {
    const c = new ContinuityChecker();
    let seq = 0;
    let attempt = 1;
    const open = (): SseRecord => ({ kind: 'open', seq: ++seq, t: 0, mono: 0, attempt: ++attempt, status: 200, statusText: 'OK', headers: [], contentType: 'text/event-stream', request: { method: 'GET', url: 'u', headers: [], bodyBytes: 0, authKind: 'none' }, lastEventIdSent: '5', latencyMs: 1 });
    const ev = (id: string): SseRecord => ({ kind: 'event', seq: ++seq, t: 0, mono: 0, attempt, type: 'm', data: '', id, lastEventId: id, size: 0, cls: 'data' });
    for (const id of ['1', '2', '3', '4', '5']) c.observe(ev(id));
    c.observe(open());
    for (const id of ['4', '5', '6', '8']) c.observe(ev(id));
    const s = c.state();
    assert.deepEqual([s.duplicates, s.gaps, s.missingIds], [2, 1, 1]);
    assert.deepEqual(s.issues.map((i) => [i.kind, i.id]), [['duplicate', '4'], ['duplicate', '5'], ['gap', '8']]);
  });

  it('opaque ids: duplicates are found by value', () => {
    const c = new ContinuityChecker();
    let seq = 0;
    const ev = (id: string): SseRecord => ({ kind: 'event', seq: ++seq, t: 0, mono: 0, attempt: 1, type: 'm', data: '', id, lastEventId: id, size: 0, cls: 'data' });
    for (const id of ['a1', 'b2', 'a1', 'c3']) c.observe(ev(id));
    const s = c.state();
    assert.deepEqual([s.numericIds, s.duplicates, s.gaps], [false, 1, 0]);
    assert.deepEqual(s.issues.map((i) => [i.id, i.seq]), [['a1', 3]]);
  });
});

describe('resume continuity without ids', () => {
  it('an attempt that ends before any event with an id is judged "no-ids"', () => {
    const c = new ContinuityChecker();
    const base = { t: 0, mono: 0 };
    c.observe({ ...base, kind: 'open', seq: 1, attempt: 2, status: 200, statusText: 'OK', headers: [], contentType: 'text/event-stream', request: { method: 'GET', url: 'u', headers: [], bodyBytes: 0, authKind: 'none' }, lastEventIdSent: '5', latencyMs: 1 });
    c.observe({ ...base, kind: 'event', seq: 2, attempt: 2, type: 'welcome', data: 'hi', lastEventId: '5', size: 2, cls: 'data' });
    c.observe({ ...base, kind: 'close', seq: 3, attempt: 2, reason: 'server-closed', willReconnect: true, message: '', bytes: 10 });
    assert.deepEqual(c.state().resumes.map((x) => [x.attempt, x.lastEventIdSent, x.outcome]), [[2, '5', 'no-ids']]);
  });
});
