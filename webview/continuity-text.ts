// Words for the id-continuity findings (src/core/continuity.ts), shared by the Problems tab,
// the timeline's row badges, the detail pane and the reconnection log so they never disagree.
import type { ContinuityIssue, ContinuityState, ResumeCheck } from '../src/protocol';
import { formatCount } from './format';

function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/** "Ids 4–5 missing before id 6 (across a reconnect)" / "Id 3 received again". */
export function issueText(issue: ContinuityIssue): string {
  const across = issue.acrossReconnect ? ' (across a reconnect)' : '';
  if (issue.kind === 'duplicate') return `Id ${issue.id} received again${across}`;
  const missing = issue.missing ?? 0;
  const first = issue.expected;
  if (first !== undefined && missing === 1) return `Id ${first} missing before id ${issue.id}${across}`;
  if (first !== undefined && missing > 1 && /^\d+$/.test(first)) {
    return `Ids ${first}–${Number(first) + missing - 1} missing before id ${issue.id}${across}`;
  }
  return `${plural(missing, 'id')} missing before id ${issue.id}${across}`;
}

/** The short badge a timeline row carries. */
export function issueBadge(issue: ContinuityIssue): string {
  return issue.kind === 'gap' ? 'gap' : 'dup';
}

/** "ids: 12 with ids, 1 gap (2 missing), 1 duplicate". */
export function continuitySummary(c: ContinuityState): string {
  return `ids: ${formatCount(c.eventsWithIds)} with ids, ${plural(c.gaps, 'gap')} (${formatCount(c.missingIds)} missing), ${plural(c.duplicates, 'duplicate')}`;
}

/** "sent 3 → got 4"; "none sent" when the attempt sent no Last-Event-ID. */
export function resumeIds(r: ResumeCheck): string {
  const sent = r.lastEventIdSent === undefined ? 'none sent' : `sent ${r.lastEventIdSent}`;
  const got = r.firstId === undefined ? 'no ids' : `got ${r.firstId}`;
  return `${sent} → ${got}`;
}
