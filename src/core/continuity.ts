// Resume continuity: across reconnects, does the `id:` sequence go on where it left off?
// Flags gaps (ids skipped: events lost) and duplicates (ids seen again: events replayed),
// and judges each resume: what Last-Event-ID was sent and what id came first after it.
import type { SseRecord } from './base/records';
import { decimalValue } from './decimal-id';

export type ResumeOutcome =
  | 'continued' // the first id after the reconnect follows the one sent
  | 'gap' // ids were skipped across the reconnect
  | 'replayed' // the server sent again ids the client already had
  | 'restarted' // numbering started over (e.g. at 1): the server ignored Last-Event-ID
  | 'no-ids'; // the new attempt sent events without ids

export interface ResumeCheck {
  attempt: number;
  /** Last-Event-ID the attempt sent (absent: none was sent). */
  lastEventIdSent?: string;
  firstId?: string;
  outcome: ResumeOutcome;
  seq: number;
}

export interface ContinuityIssue {
  kind: 'gap' | 'duplicate';
  seq: number;
  attempt: number;
  id: string;
  /** For a gap: the id that was expected. */
  expected?: string;
  /** For a gap: how many ids were skipped. */
  missing?: number;
  /** The issue is at the first event after a reconnect. */
  acrossReconnect: boolean;
}

export interface ContinuityState {
  /** Every id seen so far was a decimal number (only then can gaps be told). */
  numericIds: boolean;
  eventsWithIds: number;
  gaps: number;
  missingIds: number;
  duplicates: number;
  /** The latest issues, oldest first (bounded). */
  issues: ContinuityIssue[];
  /** One entry per reconnect that opened (bounded). */
  resumes: ResumeCheck[];
}

/** The counters of a ContinuityState, without its lists. */
export type ContinuityCounters = Omit<ContinuityState, 'issues' | 'resumes'>;

const MAX_ISSUES = 200;
const MAX_RESUMES = 200;
/** Non-numeric ids: duplicates are told within this many recent ids. */
const RECENT_IDS = 10_000;

export class ContinuityChecker {
  private numeric = true;
  private eventsWithIds = 0;
  private gaps = 0;
  private missingIds = 0;
  private duplicates = 0;
  private issues: ContinuityIssue[] = [];
  private resumes: ResumeCheck[] = [];
  private lastNumeric: number | undefined;
  private maxNumeric: number | undefined;
  private recent = new Set<string>();
  /** The open of a reconnect whose first id has not come yet. */
  private pendingResume: { attempt: number; sent?: string } | undefined;

  observe(r: SseRecord): void {
    if (r.kind === 'open') {
      if (r.attempt > 1) this.pendingResume = r.lastEventIdSent !== undefined ? { attempt: r.attempt, sent: r.lastEventIdSent } : { attempt: r.attempt };
      return;
    }
    if (r.kind === 'close') {
      // The attempt ended before any event with an id: nothing to judge the resume by.
      const resume = this.pendingResume;
      this.pendingResume = undefined;
      if (resume && r.attempt === resume.attempt) this.addResume({ attempt: resume.attempt, ...(resume.sent !== undefined ? { lastEventIdSent: resume.sent } : {}), outcome: 'no-ids', seq: r.seq });
      return;
    }
    // Events without an id (a welcome, a heartbeat) say nothing about continuity.
    if (r.kind !== 'event' || r.id === undefined || r.id === '') return;
    const resume = this.pendingResume;
    this.pendingResume = undefined;
    this.eventsWithIds++;
    const id = r.id;
    const n = this.numeric ? decimalValue(id) : undefined;
    if (n !== undefined) this.observeNumeric(r.seq, r.attempt, id, n, resume);
    else {
      this.numeric = false;
      this.observeOpaque(r.seq, r.attempt, id, resume);
    }
  }

  private observeNumeric(seq: number, attempt: number, id: string, n: number, resume: { attempt: number; sent?: string } | undefined): void {
    const prev = this.lastNumeric;
    const max = this.maxNumeric;
    let outcome: ResumeOutcome = 'continued';
    if (prev !== undefined && max !== undefined) {
      if (n <= max) {
        // Numeric ids go up: one not above the highest seen came before. A server that starts
        // over at 1 (ignoring Last-Event-ID) sends every id again: each one is a duplicate, and
        // the resume is judged a restart rather than a replay.
        const restarted = resume !== undefined && n <= 1 && prev > 1;
        this.duplicates++;
        this.addIssue({ kind: 'duplicate', seq, attempt, id, acrossReconnect: resume !== undefined });
        outcome = restarted ? 'restarted' : 'replayed';
      } else if (n > max + 1) {
        // Missing: the ids between the highest seen and this one (ids sent again after a restart were not lost).
        this.gaps++;
        this.missingIds += n - max - 1;
        this.addIssue({ kind: 'gap', seq, attempt, id, expected: String(max + 1), missing: n - max - 1, acrossReconnect: resume !== undefined });
        outcome = 'gap';
      }
    }
    this.lastNumeric = n;
    this.maxNumeric = Math.max(max ?? n, n);
    if (resume) this.addResume({ attempt: resume.attempt, ...(resume.sent !== undefined ? { lastEventIdSent: resume.sent } : {}), firstId: id, outcome, seq });
  }

  private observeOpaque(seq: number, attempt: number, id: string, resume: { attempt: number; sent?: string } | undefined): void {
    const seen = this.recent.has(id);
    if (seen) {
      this.duplicates++;
      this.addIssue({ kind: 'duplicate', seq, attempt, id, acrossReconnect: resume !== undefined });
    }
    this.recent.add(id);
    if (this.recent.size > RECENT_IDS) this.recent.delete(this.recent.values().next().value!);
    if (resume) this.addResume({ attempt: resume.attempt, ...(resume.sent !== undefined ? { lastEventIdSent: resume.sent } : {}), firstId: id, outcome: seen ? 'replayed' : 'continued', seq });
  }

  private addIssue(issue: ContinuityIssue): void {
    this.issues.push(issue);
    if (this.issues.length > MAX_ISSUES) this.issues.shift();
  }

  private addResume(check: ResumeCheck): void {
    this.resumes.push(check);
    if (this.resumes.length > MAX_RESUMES) this.resumes.shift();
  }

  state(): ContinuityState {
    return {
      numericIds: this.numeric && this.eventsWithIds > 0,
      eventsWithIds: this.eventsWithIds,
      gaps: this.gaps,
      missingIds: this.missingIds,
      duplicates: this.duplicates,
      issues: [...this.issues],
      resumes: [...this.resumes],
    };
  }
}

