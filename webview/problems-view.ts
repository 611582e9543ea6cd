// The Problems tab, in the manner of VS Code's Problems view: how the server sends its
// stream (the core's diagnostics) and gaps or duplicates in its id: sequence, each with a
// severity icon, a count and a Show action that jumps to the record in the timeline.
import type { ContinuityIssue, DiagnosticSeverity, StreamDiagnostic } from '../src/protocol';
import { continuitySummary, issueText } from './continuity-text';
import { h, icon, replaceChildren, setText } from './dom';
import * as l10n from '@vscode/l10n';
import { formatCount, formatTime } from './format';
import type { SessionModel } from './session-model';

export interface ProblemActions {
  /** Select the record in the timeline; false when it is no longer held. */
  show(seq: number): boolean;
  /** Whether the record is still held (evicted ones cannot be shown). */
  isHeld(seq: number): boolean;
}

interface Problem {
  severity: DiagnosticSeverity;
  message: string;
  /** Muted detail after the message (the code, the attempt). */
  source: string;
  count: number;
  at: number | undefined;
  seq: number | undefined;
}

const SEVERITY_ORDER: Record<DiagnosticSeverity, number> = { error: 0, warning: 1, info: 2 };

function fromDiagnostic(d: StreamDiagnostic): Problem {
  return { severity: d.severity, message: d.message, source: d.code, count: d.count, at: d.firstAt, seq: d.firstSeq };
}

function fromIssue(issue: ContinuityIssue, t: number | undefined): Problem {
  return { severity: 'warning', message: issueText(issue), source: l10n.t('{0} · attempt {1}', issue.kind, issue.attempt), count: 1, at: t, seq: issue.seq };
}

export class ProblemsView {
  readonly element: HTMLElement;
  private readonly summary: HTMLElement;
  private readonly empty: HTMLElement;
  private readonly streamGroup: HTMLElement;
  private readonly streamTitle: HTMLElement;
  private readonly streamList: HTMLElement;
  private readonly idGroup: HTMLElement;
  private readonly idTitle: HTMLElement;
  private readonly idList: HTMLElement;
  private key = '';

  constructor(
    private readonly model: SessionModel,
    private readonly actions: ProblemActions,
  ) {
    this.summary = h('p', { class: 'continuity-summary' });
    this.empty = h('p', { class: 'muted problems-empty', text: l10n.t('No problems found in this stream so far.') });
    this.streamTitle = h('span');
    this.streamList = h('ul', { class: 'problem-list', attrs: { 'aria-label': l10n.t('Stream problems') } });
    this.streamGroup = h('section', { class: 'problem-group' }, h('h3', {}, icon('pulse'), this.streamTitle), this.streamList);
    this.idTitle = h('span');
    this.idList = h('ul', { class: 'problem-list', attrs: { 'aria-label': l10n.t('Id continuity problems') } });
    this.idGroup = h('section', { class: 'problem-group' }, h('h3', {}, icon('symbol-numeric'), this.idTitle), this.idList);
    this.element = h('div', { class: 'problems' }, this.summary, this.empty, this.streamGroup, this.idGroup);
  }

  /** Diagnostics plus gaps and duplicates: the number on the tab. */
  get count(): number {
    return this.model.diagnostics.length + this.model.continuity.problemCount;
  }

  /** The tab badge's colour: the worst severity listed. */
  get level(): 'none' | 'warning' | 'error' {
    if (this.model.diagnostics.some((d) => d.severity === 'error')) return 'error';
    if (this.model.continuity.problemCount > 0 || this.model.diagnostics.some((d) => d.severity === 'warning')) return 'warning';
    return 'none';
  }

  update(): void {
    const m = this.model;
    const key = `${JSON.stringify(m.diagnostics)}:${m.continuity.version}:${m.records.start}`;
    if (key === this.key) return;
    this.key = key;

    const counters = m.continuity.counters;
    this.summary.hidden = !counters || counters.eventsWithIds === 0;
    if (counters && counters.eventsWithIds > 0) {
      const summary = continuitySummary({ ...counters, issues: [], resumes: [] });
      const text = counters.numericIds ? summary : `${summary} · ${l10n.t('ids are not numbers: only duplicates can be told, not gaps')}`;
      replaceChildren(this.summary, icon('symbol-numeric'), h('span', { text }));
    }

    const diagnostics = [...m.diagnostics].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.firstAt - b.firstAt);
    this.streamGroup.hidden = diagnostics.length === 0;
    setText(this.streamTitle, l10n.t('Stream ({0})', diagnostics.length));
    replaceChildren(this.streamList, ...diagnostics.map((d) => this.row(fromDiagnostic(d))));

    const issues = m.continuity.issues;
    const total = m.continuity.problemCount;
    this.idGroup.hidden = issues.length === 0;
    setText(this.idTitle, issues.length < total ? l10n.t('Id continuity (latest {0} of {1})', formatCount(issues.length), formatCount(total)) : l10n.t('Id continuity ({0})', formatCount(total)));
    replaceChildren(this.idList, ...issues.map((issue) => this.row(fromIssue(issue, this.timeOf(issue.seq)))));

    this.empty.hidden = diagnostics.length > 0 || issues.length > 0;
  }

  private timeOf(seq: number): number | undefined {
    const pos = this.model.records.positionOfSeq(seq);
    return pos === undefined ? undefined : this.model.records.at(pos)?.t;
  }

  private row(p: Problem): HTMLLIElement {
    const li = h(
      'li',
      { class: `problem severity-${p.severity}` },
      h('span', { class: 'problem-icon', attrs: { role: 'img', 'aria-label': p.severity } }, icon(p.severity)),
      h('span', { class: 'problem-message', text: p.message, attrs: { title: p.message } }),
      h('span', { class: 'problem-source', text: p.source }),
      p.count > 1 ? h('span', { class: 'problem-count', text: `×${formatCount(p.count)}`, attrs: { title: l10n.t('Seen {0} times', formatCount(p.count)) } }) : null,
      p.at !== undefined ? h('span', { class: 'problem-time', text: formatTime(p.at) }) : null,
    );
    const seq = p.seq;
    if (seq !== undefined) {
      const show = h('button', { class: 'btn btn-icon problem-show', attrs: { type: 'button' } }, icon('go-to-file'), h('span', { text: l10n.t('Show') }));
      const held = this.actions.isHeld(seq);
      const label = held ? l10n.t('Show record #{0} in the timeline', seq) : l10n.t('Record #{0} is no longer held', seq);
      show.setAttribute('aria-label', label);
      show.title = label;
      show.disabled = !held;
      show.addEventListener('click', () => {
        if (this.actions.show(seq)) return;
        show.disabled = true;
        show.title = l10n.t('Record #{0} is no longer held', seq);
      });
      li.append(show);
    }
    return li;
  }
}
