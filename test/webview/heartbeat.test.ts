// The heartbeat monitor: cadence expected vs observed, missed beats, the idle timeout, the
// chart of recent gaps, the comments-only callout, and the live age of the last beat.
import assert from 'node:assert/strict';
import type { SseRecord } from '../../src/core/base/records';
import type { HeartbeatState } from '../../src/core/snapshot';
import { PROTOCOL_VERSION } from '../../src/protocol';
import { usePanel } from './support/fixture';
import { deltaOf, heartbeatOf, RecordFactory, snapshotOf } from './support/records';

/** S1: `system` on connect, then a heartbeat every 25 s, one of them late. */
function s1Beats(f: RecordFactory): ReturnType<RecordFactory['event']>[] {
  const records = [f.wait(5).event('system', '{"message":"SSE connected"}')];
  for (const gap of [25_000, 25_010, 50_020, 24_990]) records.push(f.wait(gap).event('heartbeat', `{"timestamp":${f.t}}`));
  return records;
}

const S1_HEARTBEAT: Partial<HeartbeatState> = {
  expectedIntervalMs: 25_000,
  expectedSource: 'configured',
  idleTimeoutMs: 60_000,
  beatSource: 'event',
  beats: 4,
  missed: 1,
  gaps: { count: 3, minMs: 24_990, meanMs: 33_340, p50Ms: 25_010, p95Ms: 50_020, maxMs: 50_020 },
  recentGaps: [25_010, 50_020, 24_990],
};

describe('webview: heartbeat monitor', () => {
  const fx = usePanel();

  const card = (name: string) => fx.panel.page.locator(`.card-${name}`);

  it('shows expected vs observed cadence, missed beats, idle timeout and a chart of the gaps', async () => {
    const f = new RecordFactory();
    const records = [f.open(), ...s1Beats(f)];
    const lastBeatAt = f.t;
    const heartbeat = heartbeatOf({ ...S1_HEARTBEAT, lastBeatAt });
    await fx.panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot: snapshotOf(records, { heartbeat, at: lastBeatAt + 3_000 }) });
    await fx.panel.selectTab('Heartbeat');

    assert.equal(await card('expected').locator('.card-value').innerText(), 'every 25 s');
    assert.match(await card('expected').locator('.card-sub').innerText(), /configured/);
    assert.equal(await card('observed').locator('.card-value').innerText(), 'p50 25 s');
    assert.match(await card('observed').locator('.card-sub').innerText(), /mean 33 s · min 25 s · p95 50 s · max 50 s · 3 gaps/);
    assert.equal(await card('missed').locator('.card-value').innerText(), '1');
    assert.match((await card('missed').getAttribute('class'))!, /warning/);
    assert.equal(await card('idle').locator('.card-value').innerText(), '1 min');
    assert.equal(await card('beats').locator('.card-value').innerText(), '4');
    assert.equal(await fx.panel.page.locator('.callout').isVisible(), false);

    // One bar per recent gap; the 50 s one (2x the cadence) is marked late; the expected line is drawn.
    assert.equal(await fx.panel.page.locator('.hb-svg .bar').count(), 3);
    assert.equal(await fx.panel.page.locator('.hb-svg .bar-late').count(), 1);
    assert.equal(await fx.panel.page.locator('.hb-svg .bar-late title').textContent(), 'gap 50 s (late)');
    assert.equal(await fx.panel.page.locator('.hb-svg .expected-label').textContent(), 'expected 25 s');

    // The recent beats come from the records themselves, newest first, with their gaps.
    const beats = fx.panel.page.locator('.beats-table tbody tr');
    assert.equal(await beats.count(), 4);
    assert.deepEqual(await beats.locator('.col-gap').allInnerTexts(), ['25 s', '50 s', '25 s', '—']);
    assert.equal(await beats.nth(1).getAttribute('class'), 'late');

    // The tab shows the missed beats count.
    assert.equal(await fx.panel.page.getByRole('tab', { name: /Heartbeat/ }).locator('.tab-badge').innerText(), '1');
  });

  it('updates the age of the last beat every second, in the host clock', async () => {
    const f = new RecordFactory();
    const records = [f.open(), ...s1Beats(f)];
    // The host's clock is far from the webview's (a 2025 session): ages must come from `at`, not Date.now().
    const heartbeat = heartbeatOf({ ...S1_HEARTBEAT, lastBeatAt: f.t });
    await fx.panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot: snapshotOf(records, { heartbeat, at: f.t + 4_000 }) });
    await fx.panel.selectTab('Heartbeat');
    const value = card('last-beat').locator('.card-value');
    const age = async (): Promise<number> => {
      const m = /^([\d.]+) s ago$/.exec(await value.innerText());
      assert.ok(m, `age text: ${await value.innerText()}`);
      return Number(m[1]);
    };
    const first = await age();
    assert.ok(first >= 4 && first < 5.5, `age right after the snapshot: ${first}`);
    // The 1 s ticker runs at least once in 1.2 s; the age it shows is then 0-1.2 s older.
    await fx.panel.page.waitForTimeout(1200);
    const second = await age();
    assert.ok(second > first && second - first <= 1.5, `age moved from ${first} to ${second}`);
    assert.match((await card('last-beat').getAttribute('class'))!, /beat-ok/);
    // The header shows the same live age.
    assert.match(await fx.panel.page.locator('.stat-last-beat .stat-value').innerText(), /^[\d.]+ s ago$/);
  });

  it('warns when a beat is overdue (1.5x the cadence) and alarms past the idle timeout', async () => {
    const f = new RecordFactory();
    const records = [f.open(), ...s1Beats(f)];
    const lastBeatAt = f.t;
    await fx.panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot: snapshotOf(records, { heartbeat: heartbeatOf({ ...S1_HEARTBEAT, lastBeatAt }), at: lastBeatAt + 40_000 }) });
    await fx.panel.selectTab('Heartbeat');
    assert.match((await card('last-beat').getAttribute('class'))!, /beat-warning/);
    assert.match(await card('last-beat').locator('.card-sub').innerText(), /overdue/);
    assert.equal(await fx.panel.page.getByRole('tab', { name: /Heartbeat/ }).locator('.tab-badge').innerText(), '!');

    await fx.panel.post({ type: 'delta', delta: deltaOf([], { replace: { heartbeat: heartbeatOf({ ...S1_HEARTBEAT, lastBeatAt }) }, at: lastBeatAt + 65_000 }) });
    assert.match((await card('last-beat').getAttribute('class'))!, /beat-error/);
    assert.match(await card('last-beat').locator('.card-sub').innerText(), /idle timeout/);
    assert.match((await fx.panel.page.locator('.stat-last-beat').getAttribute('class'))!, /beat-error/);

    // Not open (waiting to reconnect): silence is expected, no alarm.
    await fx.panel.post({ type: 'delta', delta: deltaOf([], { replace: { state: 'waiting', heartbeat: heartbeatOf({ ...S1_HEARTBEAT, lastBeatAt }) }, at: lastBeatAt + 65_000 }) });
    assert.match((await card('last-beat').getAttribute('class'))!, /beat-idle/);
  });

  it('a closed stream looks closed: no live age, grey not green, no idle timeout or reconnecting described (policy none)', async () => {
    const f = new RecordFactory();
    const records = [f.open(), ...s1Beats(f), f.wait(2_000).close('server-closed', 'The server ended the response')];
    const lastBeatAt = records[records.length - 2]!.t;
    const heartbeat = heartbeatOf({ ...S1_HEARTBEAT, lastBeatAt, lastActivityAt: lastBeatAt });
    await fx.panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot: snapshotOf(records, { state: 'closed', policy: 'none', heartbeat, at: lastBeatAt + 3_000 }) });
    await fx.panel.selectTab('Heartbeat');
    const value = card('last-beat').locator('.card-value');
    const headerValue = fx.panel.page.locator('.stat-last-beat .stat-value');
    const at = new Date(lastBeatAt).toTimeString().slice(0, 8);
    assert.equal(await value.innerText(), `at ${at}`);
    assert.equal(await headerValue.innerText(), `at ${at}`);
    assert.match(await card('last-beat').locator('.card-sub').innerText(), /^the connection is closed: no more beats are expected$/);
    // The ticker runs, and nothing counts up.
    await fx.panel.page.waitForTimeout(1200);
    assert.equal(await value.innerText(), `at ${at}`);
    assert.equal(await headerValue.innerText(), `at ${at}`);

    // Grey: the muted colour, not the "ok" green of a live stream.
    const colour = (loc: ReturnType<typeof card>) => loc.evaluate((el) => getComputedStyle(el).color);
    const muted = await fx.panel.page.evaluate(() => {
      const probe = document.createElement('span');
      probe.style.color = 'var(--muted)';
      document.body.append(probe);
      const c = getComputedStyle(probe).color;
      probe.remove();
      return c;
    });
    assert.match((await card('last-beat').getAttribute('class'))!, /beat-closed/);
    assert.equal(await colour(value), muted);
    assert.equal(await colour(headerValue), muted);

    assert.match(await fx.panel.page.locator('.callout').innerText(), /The connection is closed: the monitor has stopped/);
    assert.equal(await card('idle').locator('.card-sub').innerText(), 'not watching: the connection is closed');
    assert.doesNotMatch(await fx.panel.page.locator('.heartbeat').innerText(), /reconnect/i);

    // Open again with reconnect off: the idle timeout closes the stream, it does not reconnect.
    await fx.panel.post({ type: 'delta', delta: deltaOf([], { replace: { state: 'open', heartbeat }, at: lastBeatAt + 3_000 }) });
    assert.match(await value.innerText(), /^[\d.]+ s ago$/);
    assert.equal(await card('idle').locator('.card-sub').innerText(), 'silence after which the stream is declared dead and closed (reconnect is off)');
  });

  it('a failed stream stops counting too', async () => {
    const f = new RecordFactory();
    const records = [f.open(), ...s1Beats(f), f.wait(1_000).error('network', 'read ECONNRESET', { fatal: true })];
    const lastBeatAt = records[records.length - 2]!.t;
    await fx.panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot: snapshotOf(records, { state: 'failed', heartbeat: heartbeatOf({ ...S1_HEARTBEAT, lastBeatAt }), at: lastBeatAt + 90_000 }) });
    await fx.panel.selectTab('Heartbeat');
    // 90 s of silence on a failed stream is no idle-timeout alarm: it is over.
    assert.match((await card('last-beat').getAttribute('class'))!, /beat-closed/);
    assert.doesNotMatch(await card('last-beat').innerText(), /ago|idle timeout/);
    assert.match(await fx.panel.page.locator('.callout').innerText(), /The connection failed: the monitor has stopped/);
  });

  it('calls out a stream that only sends `:` comments as keep-alives', async () => {
    const f = new RecordFactory();
    const records = [f.open(), f.wait(15_000).comment('ping'), f.wait(15_000).comment('ping'), f.wait(15_000).comment('ping')];
    const heartbeat = heartbeatOf({
      beatSource: 'comment',
      commentsOnly: true,
      beats: 3,
      expectedIntervalMs: 15_000,
      expectedSource: 'inferred',
      gaps: { count: 2, minMs: 15_000, meanMs: 15_000, p50Ms: 15_000, p95Ms: 15_000, maxMs: 15_000 },
      recentGaps: [15_000, 15_000],
      lastBeatAt: f.t,
    });
    await fx.panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot: snapshotOf(records, { heartbeat }) });
    await fx.panel.selectTab('Heartbeat');
    assert.equal(await fx.panel.page.locator('.callout').isVisible(), true);
    assert.match(await fx.panel.page.locator('.callout').innerText(), /This stream only sends comment lines \(": …"\) as keep-alives/);
    assert.match(await card('expected').locator('.card-sub').innerText(), /inferred/);
    assert.equal(await card('beats').locator('.card-sub').innerText(), 'comment lines (": …")');
    assert.equal(await fx.panel.page.locator('.beats-table tbody tr').count(), 3);
  });

  it('says so when no beat has arrived at all', async () => {
    const f = new RecordFactory();
    await fx.panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot: snapshotOf([f.open(), f.event('update', '{}')], { heartbeat: heartbeatOf() }) });
    await fx.panel.selectTab('Heartbeat');
    assert.match(await fx.panel.page.locator('.callout').innerText(), /No beats seen yet: neither heartbeat events \(heartbeat\) nor comment lines \(": …"\) have arrived/);
    assert.equal(await card('last-beat').locator('.card-value').innerText(), 'no beat yet');
    assert.match(await fx.panel.page.locator('.hb-chart').innerText(), /needs at least two beats/);
  });

  it('labels the axis at round values that include the expected interval; an on-time beat reads "0 ms", unsigned', async () => {
    const f = new RecordFactory();
    const records: SseRecord[] = [f.open()];
    for (const gap of [0, 2_000, 2_000, 1_999, 2_400]) records.push(f.wait(gap).event('heartbeat', '{}'));
    const heartbeat = heartbeatOf({
      expectedIntervalMs: 2_000,
      expectedSource: 'configured',
      beatSource: 'event',
      beats: 5,
      gaps: { count: 4, minMs: 1_999, meanMs: 2_100, p50Ms: 2_000, p95Ms: 2_400, maxMs: 2_400 },
      recentGaps: [2_000, 2_000, 1_999, 2_400],
      lastBeatAt: f.t,
    });
    await fx.panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot: snapshotOf(records, { heartbeat, at: f.t + 500 }) });
    await fx.panel.selectTab('Heartbeat');

    // The chart is drawn once the tab has a width (a frame after it shows).
    await fx.panel.page.locator('.hb-svg .axis-label-expected').waitFor();
    const labels = await fx.panel.page.locator('.hb-svg .axis-label').allTextContents();
    assert.deepEqual(labels, ['0', '1 s', '2 s', '3 s', '4 s']);
    // The expected interval's tick sits on the dashed expected line.
    const tickY = Number(await fx.panel.page.locator('.hb-svg .axis-label-expected').getAttribute('y'));
    const lineY = Number(await fx.panel.page.locator('.hb-svg line.expected').getAttribute('y1'));
    assert.equal(await fx.panel.page.locator('.hb-svg .axis-label-expected').textContent(), '2 s');
    assert.ok(Math.abs(tickY - 4 - lineY) < 0.01, `tick at ${tickY - 4}, line at ${lineY}`);

    const versus = await fx.panel.page.locator('.beats-table tbody tr .col-versus').allInnerTexts();
    assert.deepEqual(versus, ['+400 ms', '−1 ms', '0 ms', '0 ms', '—']);
  });
});
