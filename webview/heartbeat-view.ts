// The heartbeat monitor: expected vs observed cadence, the live age of the last beat,
// missed beats, the idle timeout and a chart of the recent gaps.
import type { HeartbeatState } from '../src/protocol';
import { beatAge, beatLevel, isLive } from './beat-age';
import { h, icon, replaceChildren, setText } from './dom';
import * as l10n from '@vscode/l10n';
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
  private readonly lastBeat = card(l10n.t('Last beat'), 'last-beat');
  private readonly expected = card(l10n.t('Expected cadence'), 'expected');
  private readonly observed = card(l10n.t('Observed cadence'), 'observed');
  private readonly missed = card(l10n.t('Missed beats'), 'missed');
  private readonly idle = card(l10n.t('Idle timeout'), 'idle');
  private readonly beats = card(l10n.t('Beats'), 'beats');
  private readonly chartHost: HTMLElement;
  private readonly chartCaption: HTMLElement;
  private readonly beatsBody: HTMLTableSectionElement;
  private readonly beatsEmpty: HTMLElement;
  private readonly resizeObserver: ResizeObserver;
  private chartKey = '';
  private beatsKey = '';
  /** A tapped stream: the program, not the inspector, decides what a silence leads to. */
  private tapped = false;

  constructor(private readonly model: SessionModel) {
    this.calloutText = h('span');
    this.callout = h('div', { class: 'callout callout-info', attrs: { role: 'note' } }, icon('info'), this.calloutText);
    this.callout.hidden = true;
    this.chartHost = h('div', { class: 'hb-chart-host' });
    this.chartCaption = h('h3');
    this.beatsBody = h('tbody');
    this.beatsEmpty = h('p', { class: 'muted', text: l10n.t('No beats held.') });
    const beatsTable = h(
      'table',
      { class: 'beats-table' },
      h('thead', {}, h('tr', {}, ...[l10n.t('Time'), l10n.t('Gap'), l10n.t('Versus expected')].map((t) => h('th', { text: t, attrs: { scope: 'col' } })))),
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
        h('section', { class: 'hb-beats' }, h('h3', { text: l10n.t('Recent beats') }), this.beatsEmpty, beatsTable),
      ),
    );
    // The chart is drawn at the host's pixel width: redraw when that changes (or the tab is shown).
    this.resizeObserver = new ResizeObserver(() => this.drawChart());
    this.resizeObserver.observe(this.chartHost);
  }

  dispose(): void {
    this.resizeObserver.disconnect();
  }

  /** Whether the panel shows a tapped stream (from the panel's context). */
  setTapped(tapped: boolean): void {
    if (tapped === this.tapped) return;
    this.tapped = tapped;
    this.update();
  }

  update(): void {
    const hb = this.model.heartbeat;
    this.updateCallout(hb);

    setText(this.expected.value, hb.expectedIntervalMs === undefined ? '—' : l10n.t('every {0}', formatDuration(hb.expectedIntervalMs)));
    setText(
      this.expected.sub,
      hb.expectedSource === 'configured' ? l10n.t('configured in the profile') : hb.expectedSource === 'inferred' ? l10n.t('inferred from the beats (median gap)') : l10n.t('unknown: not configured, too few beats'),
    );

    const g = hb.gaps;
    setText(this.observed.value, g.count === 0 ? '—' : `p50 ${formatDuration(g.p50Ms)}`);
    setText(
      this.observed.sub,
      g.count === 0
        ? l10n.t('no gaps measured yet')
        : l10n.t('mean {0} · min {1} · p95 {2} · max {3} · {4} gaps', formatDuration(g.meanMs), formatDuration(g.minMs), formatDuration(g.p95Ms), formatDuration(g.maxMs), formatCount(g.count)),
    );

    setText(this.missed.value, formatCount(hb.missed));
    setText(this.missed.sub, hb.missed > 0 ? l10n.t('gaps longer than the expected cadence') : l10n.t('none so far'));
    this.missed.root.classList.toggle('warning', hb.missed > 0);

    setText(this.idle.value, hb.idleTimeoutMs > 0 ? formatDuration(hb.idleTimeoutMs) : l10n.t('off'));
    setText(this.idle.sub, idleTimeoutText(hb, this.model, this.tapped));

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
    setText(this.chartCaption, hb.recentGaps.length ? l10n.t('Gaps between the last {0} beats', hb.recentGaps.length + 1) : l10n.t('Gaps between beats'));
    if (hb.recentGaps.length === 0) {
      replaceChildren(this.chartHost, h('p', { class: 'muted', text: l10n.t('No gaps yet: the chart needs at least two beats.') }));
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
      setText(this.lastBeat.value, hb.lastBeatAt === undefined ? l10n.t('no beat') : l10n.t('at {0}', formatTime(hb.lastBeatAt).slice(0, 8)));
      setText(this.lastBeat.sub, m.state === 'idle' ? l10n.t('not connected') : l10n.t('{0}: no more beats are expected', ended(m.state)));
      return;
    }
    setText(this.lastBeat.value, age === undefined ? l10n.t('no beat yet') : l10n.t('{0} ago', formatAge(age)));
    // Independent facts joined by " · ", each a whole phrase of its own.
    const parts = [
      hb.lastBeatAt === undefined ? '' : l10n.t('at {0}', formatTime(hb.lastBeatAt)),
      level === 'error' ? l10n.t('silent longer than the idle timeout') : level === 'warning' ? l10n.t('overdue (more than 1.5× the expected cadence)') : '',
      hb.lastActivityAt === undefined ? '' : l10n.t('any data {0} ago', formatAge(Math.max(0, m.hostNow() - hb.lastActivityAt))),
    ];
    setText(this.lastBeat.sub, parts.filter((p) => p !== '').join(' · '));
  }

  private updateCallout(hb: HeartbeatState): void {
    let text = '';
    const state = this.model.state;
    if (state === 'closed' || state === 'failed') {
      text = l10n.t('{0}: the monitor has stopped. The figures below are as of the end of the stream.', ended(state, true));
    } else if (hb.commentsOnly) {
      text = l10n.t('This stream only sends comment lines (": …") as keep-alives: no heartbeat events. The monitor times the comments instead.');
    } else if (hb.beatSource === 'none') {
      const names = hb.heartbeatEvents.length ? hb.heartbeatEvents.join(', ') : l10n.t('none configured');
      text = l10n.t('No beats seen yet: neither heartbeat events ({0}) nor comment lines (": …") have arrived.', names);
    }
    this.callout.hidden = text === '';
    setText(this.calloutText, text);
  }
}

/** "the connection is closed", "The connection failed": a whole clause (capitalised to start a sentence). */
function ended(state: string, sentence = false): string {
  if (state === 'failed') return sentence ? l10n.t('The connection failed') : l10n.t('the connection failed');
  return sentence ? l10n.t('The connection is closed') : l10n.t('the connection is closed');
}

/**
 * What the idle timeout does here: reconnect only when the policy does, nothing once closed;
 * on a tapped stream nothing of ours closes or reconnects it (the program decides).
 */
function idleTimeoutText(hb: HeartbeatState, m: Pick<SessionModel, 'state' | 'policy'>, tapped: boolean): string {
  if (hb.idleTimeoutMs <= 0) return l10n.t('a silent stream is never declared dead');
  if (!isLive(m.state)) return m.state === 'idle' ? l10n.t('not watching: not connected') : l10n.t('not watching: {0}', ended(m.state));
  if (tapped) return l10n.t('silence after which the stream is shown as dead (the program decides whether to reconnect)');
  return m.policy === 'none' ? l10n.t('silence after which the stream is declared dead and closed (reconnect is off)') : l10n.t('silence after which the stream is declared dead and reconnected');
}

function beatSourceText(hb: HeartbeatState): string {
  switch (hb.beatSource) {
    case 'event':
      return l10n.t('heartbeat events: {0}', hb.heartbeatEvents.join(', ') || l10n.t('(classified by the core)'));
    case 'comment':
      return l10n.t('comment lines (": …")');
    case 'none':
      return l10n.t('no beats yet');
  }
}
