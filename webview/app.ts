// Wires the panel together: the session model fed by host messages, and the views that
// render it (header, timeline with filters and detail, problems, heartbeat, reconnects,
// messages), plus what the host says about the panel itself (context, breakpoint pauses).
import { isHostToWebview, PROTOCOL_VERSION, type EventBreakpoint, type HostToWebview, type SseRecord } from '../src/protocol';
import { beatAge, beatLevel } from './beat-age';
import { isTypeBreakpoint, newBreakpointId } from './breakpoint-text';
import { CapturePause } from './capture-pause';
import { DetailPane } from './detail-pane';
import { h } from './dom';
import * as l10n from '@vscode/l10n';
import { FilterBar } from './filter-bar';
import { FilteredView, type RecordFilter } from './filtered-view';
import { formatCount } from './format';
import { HaystackWarmer } from './haystack-warmer';
import { Header } from './header';
import { HeartbeatView } from './heartbeat-view';
import { MessagesView } from './messages-view';
import { Notices } from './notices';
import { contextOf, LIVE_CONTEXT, type PanelContext } from './panel-context';
import { ProblemsView } from './problems-view';
import { ReconnectLog } from './reconnect-log';
import { SessionModel, type ModelChange } from './session-model';
import { Tabs, type TabId } from './tabs';
import { Timeline } from './timeline';
import { NO_MARKS, type RowMarks } from './timeline-row';
import type { HostLink, UiState } from './vscode-api';

export class InspectorApp {
  private readonly model = new SessionModel();
  private readonly view: FilteredView;
  /** Builds the text filter's search strings in idle time as records arrive. */
  private readonly warmer: HaystackWarmer;
  private readonly header: Header;
  private readonly notices = new Notices();
  private readonly filterBar: FilterBar;
  private readonly timeline: Timeline;
  private readonly detail: DetailPane;
  private readonly heartbeat: HeartbeatView;
  private readonly reconnects: ReconnectLog;
  private readonly messages: MessagesView;
  private readonly problems: ProblemsView;
  private readonly capturePause: CapturePause;
  private readonly tabs: Tabs;
  private context: PanelContext = LIVE_CONTEXT;
  /** The continuity state last drawn into the timeline's rows. */
  private drawnContinuity = -1;
  /** The remembered selection (UI state) is older than the snapshot's records: select it when a backfill page brings it. */
  private awaitedSeq: number | undefined;
  private ui: UiState;
  private readonly ticker: ReturnType<typeof setInterval>;
  /** The pending animation frame that draws the panel (see scheduleRender), or 0. */
  private renderFrame = 0;
  private readonly disposers: Array<() => void> = [];

  constructor(
    root: HTMLElement,
    private readonly link: HostLink,
  ) {
    this.ui = link.loadState();
    const filter: RecordFilter = { text: this.ui.text, kind: this.ui.kind, hiddenTypes: new Set(this.ui.hiddenTypes) };
    this.view = new FilteredView(this.model.records, filter);
    this.warmer = new HaystackWarmer(this.model.records);
    this.header = new Header(this.model, {
      command: (command) => this.link.post({ type: 'command', command }),
      copy: (text, what) => this.link.post({ type: 'copy', text, what }),
      fault: (fault) => this.link.post(fault === undefined ? { type: 'fault' } : { type: 'fault', fault }),
      onToggle: (breakpoint) => this.link.post({ type: 'breakpoint', action: 'toggle', breakpoint }),
      onRemove: (breakpoint) => this.link.post({ type: 'breakpoint', action: 'remove', breakpoint }),
    });
    this.capturePause = new CapturePause({
      resume: () => this.link.post({ type: 'command', command: 'resume' }),
      reveal: (seq, focus) => this.revealSeq(seq, focus),
      setHeld: (held) => {
        this.header.setCapturePaused(held);
        this.model.freezeClock(held);
        // The hit's row wears the "stopped here" colour while held.
        this.timeline.redraw();
        this.tick();
      },
      isAutoScrollPaused: () => this.filterBar.isPaused,
      setAutoScrollPaused: (paused) => {
        this.filterBar.showPaused(paused);
        this.timeline.setPaused(paused);
        this.saveUi({ paused });
      },
    });

    this.filterBar = new FilterBar(filter, this.ui.paused, {
      onFilterChange: (f) => this.setFilter(f),
      onPausedChange: (paused) => {
        this.capturePause.userTookAutoScroll();
        this.timeline.setPaused(paused);
        this.saveUi({ paused });
      },
      onJumpToLatest: () => this.timeline.jumpToEnd(),
      onLeave: () => this.timeline.focus(),
    });
    this.detail = new DetailPane({
      onCopy: (text, what) => this.link.post({ type: 'copy', text, what }),
      onClose: () => this.closeDetail(),
      marksOf: (record) => this.marksOf(record),
      typeBreakpoint: (type) => this.context.breakpoints.find((bp) => isTypeBreakpoint(bp, type)),
      onBreakOn: (type, existing) => this.breakOn(type, existing),
    });
    this.detail.element.addEventListener('keydown', (ev) => {
      if (ev.key === 'Escape') this.closeDetail();
    });
    this.timeline = new Timeline(this.model.records, this.view, {
      onSelect: (pos) => this.onSelect(pos),
      onOpen: (pos) => this.openDetail(pos),
      onClose: () => this.closeDetail(),
      onFollowChange: (following) => this.filterBar.updateFollowing(following),
      marksOf: (record) => this.marksOf(record),
      onReconnect: () => this.link.post({ type: 'command', command: 'reconnect' }),
      onClearFilter: () => this.filterBar.clearFilter(),
    });
    this.timeline.setPaused(this.ui.paused);
    this.heartbeat = new HeartbeatView(this.model);
    this.reconnects = new ReconnectLog(this.model);
    this.messages = new MessagesView(this.model);
    this.problems = new ProblemsView(this.model, {
      show: (seq) => this.revealSeq(seq, true),
      isHeld: (seq) => this.model.records.positionOfSeq(seq) !== undefined,
    });

    const timelinePanel = h(
      'div',
      { class: 'timeline-panel' },
      this.filterBar.element,
      h('div', { class: 'timeline-split' }, this.timeline.element, this.detail.element),
    );
    this.tabs = new Tabs(
      [
        { id: 'timeline', label: l10n.t('Timeline'), icon: 'list-flat', panel: timelinePanel },
        { id: 'problems', label: l10n.t('Problems'), icon: 'warning', panel: this.problems.element },
        { id: 'heartbeat', label: l10n.t('Heartbeat'), icon: 'pulse', panel: this.heartbeat.element },
        { id: 'reconnects', label: l10n.t('Reconnections'), icon: 'sync', panel: this.reconnects.element },
        { id: 'messages', label: l10n.t('Messages'), icon: 'comment-discussion', panel: this.messages.element },
      ],
      this.ui.tab,
      (tab) => this.saveUi({ tab }),
    );
    root.append(this.header.element, this.notices.element, this.capturePause.element, this.tabs.list, this.tabs.panels);

    this.disposers.push(this.model.onChange((change) => this.onModelChange(change)));
    this.ticker = setInterval(() => this.tick(), 1000);
    document.addEventListener('keydown', this.onGlobalKeyDown);
    this.renderAll();
  }

  /** Entry point of host messages (window `message` events). */
  readonly onMessage = (ev: MessageEvent<unknown>): void => {
    if (!isHostToWebview(ev.data)) return;
    this.handle(ev.data);
  };

  dispose(): void {
    clearInterval(this.ticker);
    cancelAnimationFrame(this.renderFrame);
    document.removeEventListener('keydown', this.onGlobalKeyDown);
    this.timeline.dispose();
    this.warmer.dispose();
    this.heartbeat.dispose();
    this.header.dispose();
    for (const dispose of this.disposers.splice(0)) dispose();
  }

  private handle(msg: HostToWebview): void {
    switch (msg.type) {
      case 'snapshot':
        if (msg.version !== PROTOCOL_VERSION) {
          this.notices.add('warning', l10n.t('The extension speaks protocol {0}, this panel {1}: reopen the panel after updating.', msg.version, PROTOCOL_VERSION));
        }
        this.model.applySnapshot(msg.snapshot, msg);
        break;
      case 'backfill':
        this.model.applyBackfill(msg);
        break;
      case 'delta':
        this.model.applyDelta(msg.delta);
        break;
      case 'notice':
        this.notices.add(msg.level, msg.text);
        break;
      case 'context':
        this.context = contextOf(msg);
        this.header.setContext(this.context);
        this.heartbeat.setTapped(this.context.tapped === true);
        this.timeline.setLive(this.context.mode !== 'recording');
        this.detail.refresh();
        break;
      case 'paused':
      case 'resumed':
        this.capturePause.apply(msg);
        break;
    }
  }

  /**
   * Shows a record in the timeline: its tab, the filter cleared if it hides the record, the
   * row selected and centred, its detail open. `focus` moves the keyboard there too (the
   * Problems tab's Show button disappears with its tab). False when the record is not held.
   */
  private revealSeq(seq: number, focus: boolean): boolean {
    const pos = this.model.records.positionOfSeq(seq);
    if (pos === undefined) return false;
    // After the tab switch: was the focus inside the panel that just got hidden?
    const focusWasHidden = (): boolean => {
      const active = document.activeElement as HTMLElement | null;
      return !!active && active !== document.body && active.closest('[hidden]') !== null;
    };
    if (this.tabs.selected !== 'timeline') this.tabs.select('timeline');
    if (this.view.indexOf(pos) === undefined) this.filterBar.clearFilter();
    this.timeline.select(pos, 'center');
    this.openDetail(pos);
    if (focus || focusWasHidden()) this.timeline.focus();
    return true;
  }

  private marksOf(record: SseRecord): RowMarks {
    if (record.kind !== 'event') return NO_MARKS;
    return {
      debugPaused: this.model.debugSpans.contains(record.seq),
      issue: this.model.continuity.issueAt(record.seq),
      hit: record.seq === this.capturePause.hitSeq,
    };
  }

  /** The detail pane's Break-on button: adds a breakpoint on the type, or removes the one there is. */
  private breakOn(type: string, existing: EventBreakpoint | undefined): void {
    if (existing) this.link.post({ type: 'breakpoint', action: 'remove', breakpoint: existing });
    else this.link.post({ type: 'breakpoint', action: 'add', breakpoint: { id: newBreakpointId(), eventType: type } });
  }

  private onModelChange(change: ModelChange): void {
    const rowsAbove = this.view.update(change);
    this.timeline.rowsAddedAbove(rowsAbove);
    const store = this.model.records;
    if (change.reset) this.warmer.clear();
    this.warmer.add(change.appendedFrom, store.end);
    this.warmer.add(store.start, store.start + change.prepended);
    if (change.reset) {
      // Positions were renumbered: find the remembered selection again by its seq.
      const seq = this.ui.selectedSeq;
      const pos = seq === undefined ? undefined : store.positionOfSeq(seq);
      if (pos === undefined && seq !== undefined && this.mayStillArrive(seq)) {
        // Older than the snapshot's records: selected when its backfill page brings it.
        this.awaitedSeq = seq;
        this.timeline.select(undefined, false);
        if (this.detail.isOpen) this.detail.hide();
      } else {
        this.awaitedSeq = undefined;
        this.restoreSelection(pos);
      }
    } else if (this.awaitedSeq !== undefined) {
      const pos = store.positionOfSeq(this.awaitedSeq);
      if (pos !== undefined || !this.mayStillArrive(this.awaitedSeq)) {
        this.awaitedSeq = undefined;
        this.restoreSelection(pos);
      }
    } else if (this.timeline.selected !== undefined && store.at(this.timeline.selected) === undefined) {
      this.timeline.select(undefined, false);
      this.closeDetail(false);
    }
    if (change.delta) this.scheduleRender();
    else this.renderNow();
    this.capturePause.revealPending();
  }

  /**
   * Draws the panel once per animation frame, however many deltas changed the model in it.
   * In a flood the host sends a page of records per turn of its event loop (pages under
   * 128 KiB: see src/panel/batcher.ts), and drawing every part of the panel for each one,
   * with the layout that forces, made each delta several times dearer to handle.
   * A snapshot and its backfill pages (few, large) are drawn at once: deferred, every
   * backfill page would wait for a frame and a long history would load slower.
   * (Figures: docs/design.md, "Measurements".)
   */
  private scheduleRender(): void {
    if (this.renderFrame) return;
    this.renderFrame = requestAnimationFrame(() => {
      this.renderFrame = 0;
      this.renderAll();
    });
  }

  private renderNow(): void {
    cancelAnimationFrame(this.renderFrame);
    this.renderFrame = 0;
    this.renderAll();
  }

  /** True while the record with this seq is older than those held and older ones are on their way. */
  private mayStillArrive(seq: number): boolean {
    const oldest = this.model.records.at(this.model.records.start);
    return this.model.olderPending > 0 && oldest !== undefined && seq < oldest.seq;
  }

  /** The selection and detail pane as the UI state remembers them (after a reload); undefined: the record is not held. */
  private restoreSelection(pos: number | undefined): void {
    this.timeline.select(pos, true);
    if (pos === undefined) this.closeDetail(false);
    else if (this.ui.detailOpen) this.openDetail(pos);
  }

  private renderAll(): void {
    if (this.drawnContinuity !== this.model.continuity.version) {
      // Issues may come in a later message than their records: flag the rows already drawn.
      this.drawnContinuity = this.model.continuity.version;
      this.timeline.redraw();
      this.detail.refresh();
    }
    this.timeline.refresh();
    this.filterBar.updateTypes(this.model.stats.byType);
    this.filterBar.updateCount(this.view.count, this.model.records.size, this.view.isFiltered);
    this.filterBar.updateOlderPending(this.model.olderPending);
    this.header.update();
    this.heartbeat.update();
    this.reconnects.update();
    this.messages.update();
    this.problems.update();
    this.tabs.setBadge('problems', this.problems.count > 0 ? formatCount(this.problems.count) : '', this.problems.level);
    const reconnects = this.model.reconnects.length;
    this.tabs.setBadge('reconnects', reconnects > 0 ? formatCount(reconnects) : '');
    this.tabs.setBadge('messages', this.messages.count > 0 ? formatCount(this.messages.count) : '');
    this.tick();
  }

  /** Every second: ages of the last beat (header, monitor) and the heartbeat tab's alarm. */
  private tick(): void {
    this.header.tick();
    this.heartbeat.tick();
    const m = this.model;
    const level = beatLevel(beatAge(m.heartbeat, m.hostNow()), m.heartbeat, m.state);
    const missed = m.heartbeat.missed;
    this.tabs.setBadge('heartbeat', level === 'error' || level === 'warning' ? '!' : missed > 0 ? formatCount(missed) : '', level === 'error' ? 'error' : level === 'warning' || missed > 0 ? 'warning' : 'none');
  }

  private setFilter(filter: RecordFilter): void {
    this.view.setFilter(filter);
    // The detail never shows a record the filter hides: the pane would contradict the list.
    const shown = this.timeline.selected;
    if (this.detail.isOpen && shown !== undefined && this.view.indexOf(shown) === undefined) this.closeDetail(false);
    this.timeline.refresh();
    this.timeline.revealSelection();
    this.filterBar.updateCount(this.view.count, this.model.records.size, this.view.isFiltered);
    this.saveUi({ text: filter.text, kind: filter.kind, hiddenTypes: [...filter.hiddenTypes] });
  }

  private onSelect(pos: number | undefined): void {
    // The remembered selection is on its way: keep it in the UI state until it arrives. Any
    // other record chosen meanwhile replaces it.
    if (pos === undefined && this.awaitedSeq !== undefined) return;
    this.awaitedSeq = undefined;
    const record = pos === undefined ? undefined : this.model.records.at(pos);
    if (record && this.detail.isOpen) this.detail.show(record);
    const next: UiState = { ...this.ui };
    if (record) next.selectedSeq = record.seq;
    else delete next.selectedSeq;
    this.storeUi(next);
  }

  private openDetail(pos: number): void {
    const record = this.model.records.at(pos);
    if (!record) return;
    this.detail.show(record);
    this.saveUi({ detailOpen: true });
  }

  private closeDetail(focusTimeline = true): void {
    if (!this.detail.isOpen) return;
    this.detail.hide();
    this.saveUi({ detailOpen: false });
    if (focusTimeline) this.timeline.focus();
  }

  private saveUi(patch: Partial<UiState>): void {
    this.storeUi({ ...this.ui, ...patch });
  }

  private storeUi(next: UiState): void {
    this.ui = next;
    this.link.saveState(next);
  }

  /** `/` or Ctrl/Cmd+F: jump to the text filter, from anywhere but another text field. */
  private readonly onGlobalKeyDown = (ev: KeyboardEvent): void => {
    const target = ev.target as HTMLElement | null;
    const typing = !!target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT' || target.isContentEditable);
    const find = (ev.ctrlKey || ev.metaKey) && !ev.altKey && ev.key.toLowerCase() === 'f';
    if (!find && (ev.key !== '/' || typing || ev.ctrlKey || ev.metaKey || ev.altKey)) return;
    ev.preventDefault();
    if (this.tabs.selected !== 'timeline') this.tabs.select('timeline' satisfies TabId);
    this.filterBar.focusText();
  };
}
