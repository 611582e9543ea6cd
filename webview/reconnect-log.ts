// The reconnection log: every reconnect of the session, why it happened, how long it
// waited and who chose the delay, the Last-Event-ID it resumed from, how the attempt it
// started turned out (the next open or failing error in the records), and whether the ids
// carried on from there (the core's resume check of that attempt).
import type { CloseRecord, ReconnectRecord, ResumeCheck } from '../src/protocol';
import { resumeIds, resumeOutcomeText } from './continuity-text';
import { delaySourceText } from './describe';
import { h, replaceChildren } from './dom';
import * as l10n from '@vscode/l10n';
import { formatCount, formatDuration, formatTime } from './format';
import type { SessionModel } from './session-model';
import { verdictRow, verdictSummaryText } from './verdict-rows';

export interface AttemptResult {
  text: string;
  level: 'ok' | 'error' | 'pending' | 'unknown';
}

/** How the attempt started by `reconnect` ended; `next` is the following reconnect, if any. */
export function attemptResult(model: SessionModel, reconnect: ReconnectRecord, next: ReconnectRecord | undefined): AttemptResult {
  const outcome = model.outcomeAfter(reconnect.seq, next?.seq ?? Number.POSITIVE_INFINITY);
  if (outcome?.kind === 'open') return { text: `${outcome.status} ${outcome.statusText}`.trim(), level: outcome.status < 300 ? 'ok' : 'error' };
  if (outcome?.kind === 'error') {
    return { text: `${outcome.status !== undefined ? `${outcome.status} ` : ''}${outcome.code}: ${outcome.message}`, level: 'error' };
  }
  if (!next && (model.state === 'waiting' || model.state === 'connecting')) return { text: l10n.t('pending…'), level: 'pending' };
  // The attempt neither opened nor failed with an error: it was the one that stopped the run (a 204, the user).
  const stop = model.stop;
  if (!next && stop && stop.seq > reconnect.seq) {
    if (stop.reason === 'no-content') return { text: `${stop.status ?? 204} No Content`, level: 'ok' };
    return { text: stop.message, level: stop.reason === 'aborted' ? 'unknown' : 'error' };
  }
  return { text: '—', level: 'unknown' };
}

/**
 * Why reconnecting stopped, in words, from the close record after which no reconnect came.
 * `byProgram`: a tapped stream, whose reconnects are the program's: nothing of ours stopped
 * them, so the line says only that no request came since, and how the last response ended.
 */
export function stopText(stop: CloseRecord, byProgram = false): string {
  if (byProgram && stop.reason !== 'no-content') return l10n.t('No request from the program since: {0}.', stop.message);
  switch (stop.reason) {
    case 'no-content':
      return l10n.t('Stopped: the server answered HTTP {0} No Content, which tells a client not to reconnect.', stop.status ?? 204);
    case 'max-attempts':
      return l10n.t('Stopped: {0}.', stop.message);
    case 'fatal':
      return l10n.t('Stopped: {0} (a failure that reconnecting cannot fix).', stop.message);
    case 'aborted':
      return l10n.t('Stopped: disconnected by the user.');
    case 'buffer-overflow':
      return l10n.t('Stopped: {0}.', stop.message);
    default:
      // The attempt ended the way a reconnect would follow, but reconnect is off.
      return l10n.t('Stopped: reconnect is off for this connection ({0}).', stop.message);
  }
}

/** The Resumed cell: the outcome in its colour, then which id was sent and which came first. */
function resumedCell(check: ResumeCheck | undefined): HTMLTableCellElement {
  if (!check) return h('td', { class: 'col-resumed resume-none', text: '—' });
  return h(
    'td',
    { class: 'col-resumed' },
    h('span', { class: `resume resume-${check.outcome}`, text: resumeOutcomeText(check.outcome) }),
    ' ',
    h('span', { class: 'resume-ids', text: resumeIds(check) }),
  );
}

export class ReconnectLog {
  readonly element: HTMLElement;
  private readonly summary: HTMLElement;
  /** The verdicts' summary, for a tapped program judged against what its client should do. */
  private readonly verdictSummary: HTMLElement;
  private readonly body: HTMLTableSectionElement;
  private readonly table: HTMLTableElement;
  private readonly empty: HTMLElement;
  private key = '';

  constructor(private readonly model: SessionModel) {
    this.summary = h('p', { class: 'log-summary' });
    this.verdictSummary = h('p', { class: 'verdict-summary', attrs: { role: 'status' } });
    this.verdictSummary.hidden = true;
    this.body = h('tbody');
    this.table = h(
      'table',
      { class: 'log-table' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ...[l10n.t('Time'), '#', l10n.t('Reason'), l10n.t('Delay'), l10n.t('Chosen by'), l10n.t('Last-Event-ID'), l10n.t('Result'), l10n.t('Resumed'), l10n.t('Detail')].map((t) => h('th', { text: t, attrs: { scope: 'col' } })),
        ),
      ),
      this.body,
    );
    this.empty = h('p', { class: 'muted log-empty', text: l10n.t('No reconnects yet.') });
    const legend = h(
      'p',
      { class: 'muted log-legend' },
      l10n.t('Chosen by: the delay comes from Retry-After (429/503) first, then the server\'s retry: field, then the reconnect policy; while attempts bring no new event the # keeps counting and the policy\'s growing backoff replaces a shorter server delay (backoff growth), and no delay is shorter than the minimum delay.'),
      ' ',
      l10n.t('Result: how the attempt that the reconnect started answered (its status, or the error that ended it).'),
      ' ',
      l10n.t('Resumed: whether the ids went on from the Last-Event-ID sent (continued), skipped some (gap), came again (replayed), started over (restarted), or the attempt sent no ids.'),
    );
    this.element = h('div', { class: 'reconnects' }, this.summary, this.verdictSummary, this.empty, h('div', { class: 'table-scroll' }, this.table), legend);
  }

  update(): void {
    const m = this.model;
    const list = m.reconnects;
    const lastOutcome = m.outcomes[m.outcomes.length - 1];
    // Rebuild only when something the table shows changed: a reconnect, an outcome, the state.
    const key = `${list.length}:${list[list.length - 1]?.seq}:${m.outcomes.length}:${lastOutcome?.seq}:${m.state}:${m.policy}:${m.serverRetryMs}:${m.continuity.version}:${m.stop?.seq}:${m.verdicts.version}`;
    if (key === this.key) return;
    this.key = key;

    const stop = m.stop;
    // A tapped stream's reconnects are the program's: no policy of ours is involved (its
    // close says so too, for a stream that has not reconnected yet).
    const byProgram = list.some((r) => r.source === 'program') || stop?.reconnectBy === 'program';
    const summary = byProgram ? l10n.t('{0} reconnects by the program', formatCount(m.stats.reconnects)) : l10n.t('{0} reconnects · policy {1}', formatCount(m.stats.reconnects), m.policy);
    replaceChildren(this.summary, m.serverRetryMs !== undefined ? `${summary} · ${l10n.t('server retry: {0}', formatDuration(m.serverRetryMs))}` : summary);
    const verdicts = m.verdicts;
    const summaryText = verdictSummaryText(verdicts);
    this.verdictSummary.hidden = summaryText === undefined;
    if (summaryText) {
      replaceChildren(this.verdictSummary, h('span', { class: `verdict-badge verdict-${summaryText.level}`, text: summaryText.badge }), ' ', summaryText.text);
    }
    // Stop and stall verdicts go between the reconnects, where they happened.
    const loose = verdicts.items.filter((v) => v.reconnectSeq === undefined);
    let nextLoose = 0;
    const looseBefore = (seq: number): HTMLTableRowElement[] => {
      const out: HTMLTableRowElement[] = [];
      while (nextLoose < loose.length && loose[nextLoose]!.seq < seq) out.push(verdictRow(loose[nextLoose++]!));
      return out;
    };
    this.empty.hidden = list.length > 0 || stop !== undefined || loose.length > 0;
    this.table.hidden = list.length === 0 && stop === undefined && loose.length === 0;

    const rows: HTMLTableRowElement[] = [];
    list.forEach((r, i) => {
      rows.push(...looseBefore(r.seq));
      const result = attemptResult(m, r, list[i + 1]);
      rows.push(
        h(
          'tr',
          { attrs: { 'data-seq': String(r.seq) } },
          h('td', { class: 'col-time', text: formatTime(r.t) }),
          h('td', { class: 'col-retry', text: `#${r.retryNumber}` }),
          h('td', { class: 'col-reason' }, h('span', { class: `reason reason-${r.reason}`, text: r.reason })),
          h('td', { class: 'col-delay', text: formatDuration(r.delayMs) }),
          h('td', { class: `col-source source-${r.source}`, text: delaySourceText(r.source, r.policy) }),
          h('td', { class: 'col-last-id', text: r.lastEventId ?? '—' }),
          h('td', { class: `col-result result-${result.level}`, text: result.text }),
          // The reconnect was scheduled in attempt N; the attempt it started is N + 1.
          resumedCell(m.continuity.resumeOf(r.attempt + 1)),
          h('td', { class: 'col-detail', text: r.detail ?? '' }),
        ),
      );
      // The verdict on this reconnect, on its own line under it.
      const verdict = verdicts.forReconnect(r.seq);
      if (verdict) rows.push(verdictRow(verdict));
    });
    rows.push(...looseBefore(stop?.seq ?? Number.POSITIVE_INFINITY));
    if (stop) {
      // The last row says why no reconnect follows.
      rows.push(
        h(
          'tr',
          { class: `log-stop stop-${stop.reason}`, attrs: { 'data-seq': String(stop.seq) } },
          h('td', { class: 'col-time', text: formatTime(stop.t) }),
          h('td', { class: 'col-stop', text: stopText(stop, byProgram), attrs: { colspan: '8' } }),
        ),
      );
    }
    rows.push(...looseBefore(Number.POSITIVE_INFINITY));
    replaceChildren(this.body, ...rows);
  }
}
