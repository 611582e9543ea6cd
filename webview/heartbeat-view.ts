// The heartbeat monitor: expected vs observed cadence, the live age of the last beat,
// missed beats, the idle timeout and a chart of the recent gaps.
import type { HeartbeatState } from '../src/protocol';
import { beatAge, beatLevel, isLive } from './beat-age';
import { h, icon, replaceChildren, setText } from './dom';
import { formatAge, formatCount, formatDuration, formatDurationDelta, formatTime } from './format';
import { heartbeatChart } from './heartbeat-chart';
import { recentBeats } from './recent-beats';
import type { SessionModel } from './session-model';

const RECENT_BEATS = 8;

interface Card {
  root: HTMLElement;
  value: HTMLElement;
  sub: HTMLElement;
}

function card(title: string, name: string): Card {
  const value = h('div', { class: 'card-value' });
  const sub = h('div', { class: 'card-sub' });
  const root = h('div', { class: `card card-${name}` }, h('div', { class: 'card-title', text: title }), value, sub);
  return { root, value, sub };
}

export class HeartbeatView {
  readonly element: HTMLElement;
  private readonly callout: HTMLElement;
  private readonly calloutText: HTMLElement;
  private readonly lastBeat = card('Last beat', 'last-beat');
  private readonly expected = card('Expected cadence', 'expected');
  private readonly observed = card('Observed cadence', 'observed');
  private readonly missed = card('Missed beats', 'missed');
  private readonly idle = card('Idle timeout', 'idle');
  private readonly beats = card('Beats', 'beats');
  private readonly chartHost: HTMLElement;
  private readonly chartCaption: HTMLElement;
  private readonly beatsBody: HTMLTableSectionElement;
  private readonly beatsEmpty: HTMLElement;
  private readonly resizeObserver: ResizeObserver;
  private chartKey = '';
  private beatsKey = '';

  constructor(private readonly model: SessionModel) {
    this.calloutText = h('span');
    this.callout = h('div', { class: 'callout callout-info', attrs: { role: 'note' } }, icon('info'), this.calloutText);
    this.callout.hidden = true;
    this.chartHost = h('div', { class: 'hb-chart-host' });
    this.chartCaption = h('h3');
    this.beatsBody = h('tbody');
    this.beatsEmpty = h('p', { class: 'muted', text: 'No beats held.' });
    const beatsTable = h(
      'table',
      { class: 'beats-table' },
      h('thead', {}, h('tr', {}, ...['Time', 'Gap', 'Versus expected'].map((t) => h('th', { text: t, attrs: { scope: 'col' } })))),
      this.beatsBody,
    );
    this.element = h(
      'div',
      { class: 'heartbeat' },
      this.callout,
      h(
        'div',
        { class: 'cards' },
        this.lastBeat.root,
        this.expected.root,
        this.observed.root,
        this.missed.root,
        this.idle.root,
        this.beats.root,
      ),
      h(
        'div',
        { class: 'hb-lower' },
        h('figure', { class: 'hb-chart' }, this.chartCaption, this.chartHost),
        h('section', { class: 'hb-beats' }, h('h3', { text: 'Recent beats' }), this.beatsEmpty, beatsTable),
      ),
    );
    // The chart is drawn at the host's pixel width: redraw when that changes (or the tab is shown).
    this.resizeObserver = new ResizeObserver(() => this.drawChart());
    this.resizeObserver.observe(this.chartHost);
  }

  dispose(): void {
    this.resizeObserver.disconnect();
  }

  update(): void {
    const hb = this.model.heartbeat;
    this.updateCallout(hb);

    setText(this.expected.value, hb.expectedIntervalMs === undefined ? '—' : `every ${formatDuration(hb.expectedIntervalMs)}`);
    setText(
      this.expected.sub,
      hb.expectedSource === 'configured' ? 'configured in the profile' : hb.expectedSource === 'inferred' ? 'inferred from the beats (median gap)' : 'unknown: not configured, too few beats',
    );

    const g = hb.gaps;
    setText(this.observed.value, g.count === 0 ? '—' : `p50 ${formatDuration(g.p50Ms)}`);
    setText(
      this.observed.sub,
      g.count === 0
        ? 'no gaps measured yet'
        : `mean ${formatDuration(g.meanMs)} · min ${formatDuration(g.minMs)} · p95 ${formatDuration(g.p95Ms)} · max ${formatDuration(g.maxMs)} · ${formatCount(g.count)} gaps`,
    );

    setText(this.missed.value, formatCount(hb.missed));
    setText(this.missed.sub, hb.missed > 0 ? 'gaps longer than the expected cadence' : 'none so far');
    this.missed.root.classList.toggle('warning', hb.missed > 0);

    setText(this.idle.value, hb.idleTimeoutMs > 0 ? formatDuration(hb.idleTimeoutMs) : 'off');
    setText(this.idle.sub, idleTimeoutText(hb, this.model));

    setText(this.beats.value, formatCount(hb.beats));
    setText(this.beats.sub, beatSourceText(hb));

    this.drawChart();
    this.updateBeats(hb);
    this.tick();
  }

  private drawChart(): void {
    const hb = this.model.heartbeat;
    const width = Math.floor(this.chartHost.clientWidth);
    const key = `${hb.recentGaps.join(',')}|${hb.expectedIntervalMs}|${hb.idleTimeoutMs}|${width}`;
    if (key === this.chartKey) return;
    this.chartKey = key;
    setText(this.chartCaption, hb.recentGaps.length ? `Gaps between the last ${hb.recentGaps.length + 1} beats` : 'Gaps between beats');
    if (hb.recentGaps.length === 0) {
      replaceChildren(this.chartHost, h('p', { class: 'muted', text: 'No gaps yet: the chart needs at least two beats.' }));
    } else if (width > 0) {
      replaceChildren(this.chartHost, heartbeatChart(hb, width));
    }
  }

  private updateBeats(hb: HeartbeatState): void {
    const beats = recentBeats(this.model.records, hb, RECENT_BEATS);
    const key = `${beats.map((b) => b.record.seq).join(',')}|${hb.expectedIntervalMs}`;
    if (key === this.beatsKey) return;
    this.beatsKey = key;
    this.beatsEmpty.hidden = beats.length > 0;
    const expected = hb.expectedIntervalMs;
    replaceChildren(
      this.beatsBody,
      ...beats.map((b) => {
        let versus = '';
        let level = '';
        if (b.gapMs !== undefined && expected !== undefined) {
          const diff = b.gapMs - expected;
          versus = formatDurationDelta(diff);
          level = b.gapMs > 1.5 * expected ? 'late' : 'on-time';
        }
        return h(
          'tr',
          { class: level },
          h('td', { class: 'col-time', text: formatTime(b.record.t) }),
          h('td', { class: 'col-gap', text: b.gapMs === undefined ? '—' : formatDuration(b.gapMs) }),
          h('td', { class: 'col-versus', text: versus || '—' }),
        );
      }),
    );
  }

  /** The live part, every second: the age of the last beat and its warning level. */
  tick(): void {
    const m = this.model;
    const hb = m.heartbeat;
    const age = beatAge(hb, m.hostNow());
    const level = beatLevel(age, hb, m.state);
    this.lastBeat.root.className = `card card-last-beat beat-${level}`;
    if (!isLive(m.state)) {
      // Nothing counts up on a stream that will not beat again: when it last beat, and why no more.
      setText(this.lastBeat.value, hb.lastBeatAt === undefined ? 'no beat' : `at ${formatTime(hb.lastBeatAt).slice(0, 8)}`);
      setText(this.lastBeat.sub, m.state === 'idle' ? 'not connected' : `the connection ${ended(m.state)}: no more beats are expected`);
      return;
    }
    setText(this.lastBeat.value, age === undefined ? 'no beat yet' : `${formatAge(age)} ago`);
    const at = hb.lastBeatAt === undefined ? '' : `at ${formatTime(hb.lastBeatAt)}`;
    const why =
      level === 'error' ? ' · silent longer than the idle timeout' : level === 'warning' ? ' · overdue (more than 1.5× the expected cadence)' : '';
    const activity = hb.lastActivityAt === undefined ? '' : ` · any data ${formatAge(Math.max(0, m.hostNow() - hb.lastActivityAt))} ago`;
    setText(this.lastBeat.sub, `${at}${why}${activity}`);
  }

  private updateCallout(hb: HeartbeatState): void {
    let text = '';
    const state = this.model.state;
    if (state === 'closed' || state === 'failed') {
      text = `The connection ${ended(state)}: the monitor has stopped. The figures below are as of the end of the stream.`;
    } else if (hb.commentsOnly) {
      text = 'This stream only sends comment lines (": …") as keep-alives: no heartbeat events. The monitor times the comments instead.';
    } else if (hb.beatSource === 'none') {
      const names = hb.heartbeatEvents.length ? hb.heartbeatEvents.join(', ') : 'none configured';
      text = `No beats seen yet: neither heartbeat events (${names}) nor comment lines (": …") have arrived.`;
    }
    this.callout.hidden = text === '';
    setText(this.calloutText, text);
  }
}

/** "is closed", "failed". */
function ended(state: string): string {
  return state === 'failed' ? 'failed' : `is ${state}`;
}

/** What the idle timeout does here: reconnect only when the policy does, nothing once closed. */
function idleTimeoutText(hb: HeartbeatState, m: Pick<SessionModel, 'state' | 'policy'>): string {
  if (hb.idleTimeoutMs <= 0) return 'a silent stream is never declared dead';
  if (!isLive(m.state)) return m.state === 'idle' ? 'not watching: not connected' : `not watching: the connection ${ended(m.state)}`;
  return m.policy === 'none' ? 'silence after which the stream is declared dead and closed (reconnect is off)' : 'silence after which the stream is declared dead and reconnected';
}

function beatSourceText(hb: HeartbeatState): string {
  switch (hb.beatSource) {
    case 'event':
      return `heartbeat events: ${hb.heartbeatEvents.join(', ') || '(classified by the core)'}`;
    case 'comment':
      return 'comment lines (": …")';
    case 'none':
      return 'no beats yet';
  }
}
