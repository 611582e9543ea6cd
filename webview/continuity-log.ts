// The webview's copy of the id-continuity state. A snapshot replaces it; a delta carries
// current counters but only the issues and resume checks found since the previous delta,
// so those are appended here (bounded, and indexed by seq for the timeline's row badges).
import type { ContinuityCounters, ContinuityIssue, ContinuityState, ResumeCheck } from '../src/protocol';

/** Issues and resumes kept (the host keeps 200 of each; a little slack for resent deltas). */
const MAX_ENTRIES = 500;

export class ContinuityLog {
  /** The latest counters, or undefined when the host reports no continuity (an older host). */
  counters: ContinuityCounters | undefined;
  issues: ContinuityIssue[] = [];
  resumes: ResumeCheck[] = [];
  /** Bumped on every change: views compare it to skip re-rendering. */
  version = 0;
  private readonly issueBySeq = new Map<number, ContinuityIssue>();

  /** From a snapshot: everything replaced. */
  replace(state: ContinuityState | undefined): void {
    this.issues = [];
    this.resumes = [];
    this.issueBySeq.clear();
    this.counters = undefined;
    if (state) {
      const { issues, resumes, ...counters } = state;
      this.append(counters, issues, resumes);
    }
    this.version++;
  }

  /** From a delta: counters replaced, new issues and resumes appended (ones already held are skipped by seq). */
  append(counters: ContinuityCounters, issues: readonly ContinuityIssue[], resumes: readonly ResumeCheck[]): void {
    let changed = JSON.stringify(counters) !== JSON.stringify(this.counters);
    this.counters = counters;
    const lastIssue = this.issues[this.issues.length - 1]?.seq ?? 0;
    for (const issue of issues) {
      if (issue.seq <= lastIssue) continue;
      this.issues.push(issue);
      this.issueBySeq.set(issue.seq, issue);
      changed = true;
    }
    while (this.issues.length > MAX_ENTRIES) {
      const old = this.issues.shift();
      if (old) this.issueBySeq.delete(old.seq);
    }
    const lastResume = this.resumes[this.resumes.length - 1]?.seq ?? 0;
    for (const r of resumes) {
      if (r.seq <= lastResume) continue;
      this.resumes.push(r);
      changed = true;
    }
    if (this.resumes.length > MAX_ENTRIES) this.resumes.splice(0, this.resumes.length - MAX_ENTRIES);
    if (changed) this.version++;
  }

  /** The issue found at the event with this seq. */
  issueAt(seq: number): ContinuityIssue | undefined {
    return this.issueBySeq.get(seq);
  }

  /** The resume check of an attempt (the reconnect scheduled in attempt N started attempt N + 1). */
  resumeOf(attempt: number): ResumeCheck | undefined {
    for (let i = this.resumes.length - 1; i >= 0; i--) if (this.resumes[i]!.attempt === attempt) return this.resumes[i];
    return undefined;
  }

  /** Gaps plus duplicates, as counted over the whole session. */
  get problemCount(): number {
    return this.counters ? this.counters.gaps + this.counters.duplicates : 0;
  }
}
