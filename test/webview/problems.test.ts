// The Problems tab: the core's stream diagnostics and the id-continuity issues, listed in the
// manner of VS Code's Problems view, with a badge on the tab and Show jumping to the record.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startDemoServer, type DemoServer } from '../../demo/server';
import type { StreamDiagnostic } from '../../src/core/diagnostics';
import type { InspectorOptions } from '../../src/core/inspector';
import { policyFrom, POLICY_PRESETS } from '../../src/core/base/reconnect';
import type { SessionSnapshot } from '../../src/core/snapshot';
import { PROTOCOL_VERSION } from '../../src/protocol';
import { run } from '../support/collect';
import { usePanel } from './support/fixture';
import { repoRoot } from './support/server';
import { continuityOf, deltaOf, RecordFactory, snapshotOf, withContinuity } from './support/records';

function diagnostic(o: Partial<StreamDiagnostic> & Pick<StreamDiagnostic, 'code' | 'severity' | 'message'>): StreamDiagnostic {
  return { count: 1, firstAt: 0, lastAt: 0, ...o };
}

describe('webview: problems', () => {
  const fx = usePanel();

  /** Each problem row as [severity class, message, source, count, has Show]. */
  async function problems(): Promise<Array<[string, string, string, string, boolean]>> {
    return fx.panel.page.locator('.problem').evaluateAll((rows) =>
      rows.map((r) => [
        [...r.classList].find((c) => c.startsWith('severity-')) ?? '',
        r.querySelector('.problem-message')?.textContent ?? '',
        r.querySelector('.problem-source')?.textContent ?? '',
        r.querySelector('.problem-count')?.textContent ?? '',
        r.querySelector('.problem-show') !== null,
      ]),
    );
  }

  it('lists diagnostics by severity and continuity issues, with a summary and the count on the tab', async () => {
    const f = new RecordFactory();
    const records = [
      f.open(),
      f.event('message', 'a', { id: '1' }),
      f.event('message', 'b', { id: '2' }),
      f.event('message', 'c', { id: '3' }),
      f.event('message', 'f', { id: '6' }),
      f.event('message', 'c again', { id: '3' }),
    ];
    const snapshot = snapshotOf(records, {
      continuity: continuityOf({
        eventsWithIds: 5,
        gaps: 1,
        missingIds: 2,
        duplicates: 1,
        issues: [
          { kind: 'gap', seq: records[4]!.seq, attempt: 2, id: '6', expected: '4', missing: 2, acrossReconnect: true },
          { kind: 'duplicate', seq: records[5]!.seq, attempt: 2, id: '3', acrossReconnect: false },
        ],
      }),
      diagnostics: [
        diagnostic({ code: 'bom', severity: 'info', message: 'The stream starts with a UTF-8 byte order mark.', firstAt: 1 }),
        diagnostic({ code: 'bursts', severity: 'warning', message: '10+ events arrived in one read', count: 4, firstSeq: records[2]!.seq, firstAt: 2 }),
        diagnostic({ code: 'not-json', severity: 'error', message: 'Event data is not valid JSON', firstSeq: records[3]!.seq, firstAt: 3 }),
      ],
    });
    await fx.panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot });
    const tab = fx.panel.page.getByRole('tab', { name: /Problems/ });
    // 3 diagnostics + 1 gap + 1 duplicate; an error among them makes the badge red.
    assert.equal(await tab.locator('.tab-badge').innerText(), '5');
    assert.equal(await tab.locator('.tab-badge').getAttribute('class'), 'tab-badge error');
    assert.equal(await tab.locator('.codicon-warning').count(), 1);

    await fx.panel.selectTab('Problems');
    assert.equal(await fx.panel.page.locator('.continuity-summary').innerText(), 'ids: 5 with ids, 1 gap (2 missing), 1 duplicate');
    assert.deepEqual(await problems(), [
      ['severity-error', 'Event data is not valid JSON', 'not-json', '', true],
      ['severity-warning', '10+ events arrived in one read', 'bursts', '×4', true],
      ['severity-info', 'The stream starts with a UTF-8 byte order mark.', 'bom', '', false],
      ['severity-warning', 'Ids 4–5 missing before id 6 (across a reconnect)', 'gap · attempt 2', '', true],
      ['severity-warning', 'Id 3 received again', 'duplicate · attempt 2', '', true],
    ]);
    // Severity icons are codicons in the theme's problem colours.
    const icons = await fx.panel.page.locator('.problem-icon').evaluateAll((els) => els.map((e) => [e.querySelector('.codicon')!.className, getComputedStyle(e).color]));
    assert.deepEqual(
      icons.map(([c]) => c),
      ['codicon codicon-error', 'codicon codicon-warning', 'codicon codicon-info', 'codicon codicon-warning', 'codicon codicon-warning'],
    );
    assert.deepEqual(
      icons.map(([, colour]) => colour),
      ['rgb(241, 76, 76)', 'rgb(204, 167, 0)', 'rgb(55, 148, 255)', 'rgb(204, 167, 0)', 'rgb(204, 167, 0)'],
    );
  });

  it('Show selects the record in the timeline, clearing a filter that hides it', async () => {
    const f = new RecordFactory();
    const records = Array.from({ length: 120 }, (_, i) => f.event(i === 10 ? 'odd' : 'message', `{"n":${i}}`, { id: String(i + 1) }));
    const target = records[10]!;
    await fx.panel.post({
      type: 'snapshot',
      version: PROTOCOL_VERSION,
      snapshot: snapshotOf(records, { diagnostics: [diagnostic({ code: 'not-json', severity: 'warning', message: 'Not JSON', firstSeq: target.seq, firstAt: target.t })] }),
    });
    // The filter hides the record; the list follows the end, far from it.
    await fx.panel.page.getByRole('textbox', { name: 'Filter records by text' }).fill('message');
    await fx.panel.settle();
    assert.equal(await fx.panel.counter(), '119 of 120');

    await fx.panel.selectTab('Problems');
    const show = fx.panel.page.getByRole('button', { name: `Show record #${target.seq} in the timeline` });
    await show.click();
    await fx.panel.settle();
    assert.equal(await fx.panel.page.getByRole('tab', { name: /Timeline/ }).getAttribute('aria-selected'), 'true');
    assert.equal(await fx.panel.counter(), '120 records', 'the filter was cleared');
    const list = fx.panel.page.getByRole('listbox', { name: 'Timeline of records' });
    const selected = list.locator('[role=option][aria-selected=true]');
    assert.equal(await selected.locator('.id-text').innerText(), '11');
    assert.equal(await selected.isVisible(), true);
    assert.ok((await fx.panel.rowTexts('id')).includes('11'), 'scrolled into view');
    assert.equal(await fx.panel.page.evaluate(() => document.activeElement?.getAttribute('role')), 'listbox', 'focus followed to the timeline');
    assert.equal(await fx.panel.page.locator('.detail-title').innerText(), `odd · #${target.seq}`);
  });

  it('appends continuity issues from deltas, replaces diagnostics, and disables Show for records no longer held', async () => {
    const f = new RecordFactory();
    const first = [f.event('message', 'a', { id: '1' }), f.event('message', 'b', { id: '2' })];
    await fx.panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot: snapshotOf(first, { continuity: continuityOf({ eventsWithIds: 2 }) }) });
    assert.equal(await fx.panel.page.getByRole('tab', { name: /Problems/ }).locator('.tab-badge').isVisible(), false);
    await fx.panel.selectTab('Problems');
    assert.equal(await fx.panel.page.locator('.problems-empty').isVisible(), true);

    const gap = f.event('message', 'e', { id: '5' });
    const slow = diagnostic({ code: 'slow-event', severity: 'info', message: 'Slow', firstSeq: first[0]!.seq, firstAt: 1 });
    await fx.panel.post({
      type: 'delta',
      delta: deltaOf(
        [gap],
        withContinuity(continuityOf({ eventsWithIds: 3, gaps: 1, missingIds: 2, issues: [{ kind: 'gap', seq: gap.seq, attempt: 1, id: '5', expected: '3', missing: 2, acrossReconnect: false }] }), {
          replace: { diagnostics: [slow] },
        }),
      ),
    });
    const dup = f.event('message', 'b', { id: '2' });
    // The next delta carries only the new issue; the counters are the session's.
    await fx.panel.post({
      type: 'delta',
      delta: deltaOf(
        [dup],
        withContinuity(continuityOf({ eventsWithIds: 4, gaps: 1, missingIds: 2, duplicates: 1, issues: [{ kind: 'duplicate', seq: dup.seq, attempt: 1, id: '2', acrossReconnect: false }] }), {
          // The host sends the whole list of diagnostics each time.
          replace: { evicted: 1, diagnostics: [slow] },
        }),
      ),
    });
    assert.equal(await fx.panel.page.locator('.problems-empty').isVisible(), false);
    assert.deepEqual(
      (await problems()).map(([, message]) => message),
      ['Slow', 'Ids 3–4 missing before id 5', 'Id 2 received again'],
    );
    assert.equal(await fx.panel.page.locator('.continuity-summary').innerText(), 'ids: 4 with ids, 1 gap (2 missing), 1 duplicate');
    assert.equal(await fx.panel.page.getByRole('tab', { name: /Problems/ }).locator('.tab-badge').innerText(), '3');
    // The diagnostic points at the first record, which the host has evicted since.
    const gone = fx.panel.page.getByRole('button', { name: `Record #${first[0]!.seq} is no longer held` });
    assert.equal(await gone.isDisabled(), true);

    // A new snapshot replaces everything (after Clear).
    await fx.panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot: snapshotOf([f.event('message', 'x')]) });
    assert.equal(await fx.panel.page.locator('.problem').count(), 0);
    assert.equal(await fx.panel.page.locator('.continuity-summary').isVisible(), false);
  });
});

describe('webview: problems of streams that failed (real sessions from the demo server)', () => {
  const fx = usePanel({ clean: 'errors-and-csp' });
  let demo: DemoServer;
  before(async () => {
    demo = await startDemoServer({ port: 0 });
  });
  after(() => demo.close());

  /** A real connection run until `done`, then stopped: the snapshot the host would send. */
  async function sessionOf(path: string, done: (r: ReturnType<typeof run>) => boolean, extra: Partial<InspectorOptions> = {}): Promise<SessionSnapshot> {
    const r = run({ request: { url: `${demo.url}${path}` }, reconnect: POLICY_PRESETS.none, label: path, ...extra });
    try {
      await r.until(() => done(r) || ['closed', 'failed'].includes(r.inspector.connection.state), 10_000, path);
      await r.inspector.stop();
      return r.inspector.session.snapshot();
    } finally {
      await r.dispose();
    }
  }

  async function rows(): Promise<Array<[string, string, string]>> {
    return fx.panel.page.locator('.problem').evaluateAll((els) =>
      els.map((r) => [[...r.classList].find((c) => c.startsWith('severity-')) ?? '', r.querySelector('.problem-source')?.textContent ?? '', r.querySelector('.problem-message')?.textContent ?? '']),
    );
  }

  async function show(snapshot: SessionSnapshot, level: 'error' | 'warning' = 'error'): Promise<void> {
    await fx.panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot });
    await fx.panel.selectTab('Problems');
    assert.equal(await fx.panel.page.locator('.problems-empty').isVisible(), false, 'not "No problems found"');
    assert.equal(await fx.panel.page.getByRole('tab', { name: /Problems/ }).locator('.tab-badge').getAttribute('class'), `tab-badge ${level}`);
  }

  it('a wrong content type is an error problem', async () => {
    await show(await sessionOf('/wrong-content-type', () => false));
    const [first] = await rows();
    assert.deepEqual(first?.slice(0, 2), ['severity-error', 'not-event-stream']);
    assert.match(first![2], /^HTTP 200 OK — not an event stream \(text\/html\)/);
  });

  it('two HTTP 500s are an error problem seen twice, after the stream recovered', async () => {
    await show(await sessionOf('/flaky?failures=2&key=problems-500', (r) => r.ofKind('open').length > 0, { reconnect: policyFrom('fixed', { baseMs: 5, honourServerRetry: false }) }));
    assert.deepEqual(await rows(), [['severity-error', 'http-error', 'HTTP 500 Internal Server Error; the connection retries.']]);
    assert.equal(await fx.panel.page.locator('.problem-count').innerText(), '×2');
  });

  it('a stream reset mid-event again and again, its ids 1–3 resent each time: resets, a reconnect storm and the duplicates: test-results/webview-problems-reset.png', async () => {
    // The demo's "Reset mid-event" profile, with short delays so the test is quick.
    const snapshot = await sessionOf('/reset?events=3', (r) => r.events().filter((e) => e.attempt === 8).length >= 3, { reconnect: policyFrom('linear', { baseMs: 5, capMs: 20, honourServerRetry: false }) });
    await show(snapshot, 'warning');
    const listed = await rows();
    assert.ok(listed.some(([sev, source]) => sev === 'severity-warning' && source === 'network-error'), JSON.stringify(listed));
    assert.ok(listed.some(([sev, source]) => sev === 'severity-warning' && source === 'reconnect-storm'), JSON.stringify(listed));
    const duplicates = listed.filter(([, source]) => source.startsWith('duplicate'));
    assert.ok(duplicates.length >= 21, `each of ids 1–3 on 7 reconnects: ${duplicates.length}`);
    assert.equal(duplicates[0]![2], 'Id 1 received again (across a reconnect)');
    const summary = await fx.panel.page.locator('.continuity-summary').innerText();
    assert.doesNotMatch(summary, /0 duplicates/);
    assert.match(summary, /\b(2[1-9]|[3-9]\d|\d{3,}) duplicates/);
    const outDir = join(repoRoot(), 'test-results');
    mkdirSync(outDir, { recursive: true });
    await fx.panel.page.evaluate(() => document.fonts.ready.then(() => undefined));
    await fx.panel.settle();
    await fx.panel.page.screenshot({ path: join(outDir, 'webview-problems-reset.png') });
  });
});
