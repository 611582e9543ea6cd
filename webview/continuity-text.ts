// Words for the id-continuity findings (src/core/continuity.ts), shared by the Problems tab,
// the timeline's row badges, the detail pane and the reconnection log so they never disagree.
import type { ContinuityIssue, ContinuityState, ResumeCheck } from '../src/protocol';
import { formatCount } from './format';
import * as l10n from '@vscode/l10n';

/** "Ids 4–5 missing before id 6 (across a reconnect)" / "Id 3 received again". */
export function issueText(issue: ContinuityIssue): string {
  const text = issueSentence(issue);
  return issue.acrossReconnect ? l10n.t('{0} (across a reconnect)', text) : text;
}

function issueSentence(issue: ContinuityIssue): string {
  if (issue.kind === 'duplicate') return l10n.t('Id {0} received again', issue.id);
  const missing = issue.missing ?? 0;
  const first = issue.expected;
  if (first !== undefined && missing === 1) return l10n.t('Id {0} missing before id {1}', first, issue.id);
  if (first !== undefined && missing > 1 && /^\d+$/.test(first)) {
    return l10n.t('Ids {0}–{1} missing before id {2}', first, Number(first) + missing - 1, issue.id);
  }
  return missing === 1 ? l10n.t('1 id missing before id {0}', issue.id) : l10n.t('{0} ids missing before id {1}', formatCount(missing), issue.id);
}

/** The short badge a timeline row carries. */
export function issueBadge(issue: ContinuityIssue): string {
  return issue.kind === 'gap' ? l10n.t('gap') : l10n.t('dup');
}

/** "ids: 12 with ids, 1 gap (2 missing), 1 duplicate". */
export function continuitySummary(c: ContinuityState): string {
  const gaps = c.gaps === 1 ? l10n.t('1 gap') : l10n.t('{0} gaps', formatCount(c.gaps));
  const duplicates = c.duplicates === 1 ? l10n.t('1 duplicate') : l10n.t('{0} duplicates', formatCount(c.duplicates));
  return l10n.t('ids: {0} with ids, {1} ({2} missing), {3}', formatCount(c.eventsWithIds), gaps, formatCount(c.missingIds), duplicates);
}

/** A resume's outcome in words (the legend below the reconnection log explains each). */
export function resumeOutcomeText(outcome: ResumeCheck['outcome']): string {
  switch (outcome) {
    case 'continued':
      return l10n.t('continued');
    case 'gap':
      return l10n.t('gap');
    case 'replayed':
      return l10n.t('replayed');
    case 'restarted':
      return l10n.t('restarted');
    case 'no-ids':
      return l10n.t('no-ids');
  }
}

/** "sent 3 → got 4"; "none sent" when the attempt sent no Last-Event-ID. */
export function resumeIds(r: ResumeCheck): string {
  const sent = r.lastEventIdSent === undefined ? l10n.t('none sent') : l10n.t('sent {0}', r.lastEventIdSent);
  const got = r.firstId === undefined ? l10n.t('no ids') : l10n.t('got {0}', r.firstId);
  return `${sent} → ${got}`;
}
