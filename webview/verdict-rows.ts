// How the reconnection log shows verdicts on a tapped program's client: a line under each
// reconnect (its level as a badge, then each check in plain words), stop and stall verdicts
// as lines of their own, and the summary above the table.
import * as l10n from '@vscode/l10n';
import type { VerdictLevel, VerdictRecord } from '../src/protocol';
import { verdictLevelText } from './describe';
import { h } from './dom';
import type { VerdictList } from './verdict-list';

/** Columns of the log table (a verdict's line spans them all). */
const COLUMNS = 9;

export function verdictRow(v: VerdictRecord): HTMLTableRowElement {
  const what = v.scope === 'reconnect' ? `after ${v.after ?? 'the last response'}` : v.scope === 'stall' ? 'stall' : 'no further request';
  const checks: Array<HTMLElement | string> = [];
  v.checks.forEach((c, i) => {
    if (i > 0) checks.push(' · ');
    checks.push(h('span', { class: `verdict-check check-${c.level}`, text: c.text, attrs: { title: `${c.aspect}: ${verdictLevelText(c.level)}` } }));
  });
  return h(
    'tr',
    { class: `log-verdict verdict-row-${v.level}`, attrs: { 'data-seq': String(v.seq), ...(v.reconnectSeq !== undefined ? { 'data-reconnect-seq': String(v.reconnectSeq) } : {}) } },
    h(
      'td',
      { class: 'col-verdict', attrs: { colspan: String(COLUMNS) } },
      h('span', { class: `verdict-badge verdict-${v.level}`, text: verdictLevelText(v.level) }),
      ' ',
      h('span', { class: 'verdict-what', text: `${what}: ` }),
      ...checks,
    ),
  );
}

/** The line above the table: the run's summary, or the counts so far; undefined when nothing was judged. */
export function verdictSummaryText(list: VerdictList): { level: VerdictLevel; badge: string; text: string } | undefined {
  if (list.summary) return { level: list.summary.level, badge: verdictLevelText(list.summary.level), text: l10n.t('Verdicts: {0}', list.summary.text) };
  if (list.items.length === 0) return undefined;
  const c = list.counts();
  const level: VerdictLevel = c.fail > 0 ? 'fail' : c.unknown > 0 ? 'unknown' : c.pass > 0 ? 'pass' : 'info';
  const parts = (['fail', 'unknown', 'pass', 'info'] as const).filter((l) => c[l] > 0).map((l) => l10n.t('{0} {1}', c[l], verdictLevelText(l)));
  return { level, badge: verdictLevelText(level), text: l10n.t('Verdicts so far: {0} (the summary comes when the tap stops)', parts.join(', ')) };
}
