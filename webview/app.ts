// Wires the panel together: the session model fed by host messages, and the views that
// render it (header, timeline with filters and detail, heartbeat, reconnects, messages).
import { isHostToWebview, PROTOCOL_VERSION, type HostToWebview } from '../src/protocol';
import { beatAge, beatLevel } from './beat-age';
import { DetailPane } from './detail-pane';
import { h } from './dom';
import { FilterBar } from './filter-bar';
import { FilteredView, type RecordFilter } from './filtered-view';
import { formatCount } from './format';
import { Header } from './header';
import { HeartbeatView } from './heartbeat-view';
import { MessagesView } from './messages-view';
import { Notices } from './notices';
import { ReconnectLog } from './reconnect-log';
import { SessionModel, type ModelChange } from './session-model';
import { Tabs, type TabId } from './tabs';
import { Timeline } from './timeline';
import type { HostLink, UiState } from './vscode-api';

export class InspectorApp {
  private readonly model = new SessionModel();
  private readonly view: FilteredView;
  private readonly header: Header;
  private readonly notices = new Notices();
  private readonly filterBar: FilterBar;
  private readonly timeline: Timeline;
  private readonly detail: DetailPane;
  private readonly heartbeat: HeartbeatView;
  private readonly reconnects: ReconnectLog;
  private readonly messages: MessagesView;
  private readonly tabs: Tabs;
  private ui: UiState;
  private readonly ticker: ReturnType<typeof setInterval>;
  private readonly disposers: Array<() => void> = [];

  constructor(
    root: HTMLElement,
    private readonly link: HostLink,
  ) {
    this.ui = link.loadState();
    const filter: RecordFilter = { text: this.ui.text, kind: this.ui.kind, hiddenTypes: new Set(this.ui.hiddenTypes) };
    this.view = new FilteredView(this.model.records, filter);
    this.header = new Header(this.model, (command) => this.link.post({ type: 'command', command }));

    this.filterBar = new FilterBar(filter, this.ui.paused, {
      onFilterChange: (f) => this.setFilter(f),
      onPausedChange: (paused) => {
        this.timeline.setPaused(paused);
        this.saveUi({ paused });
      },
      onJumpToLatest: () => this.timeline.jumpToEnd(),
      onLeave: () => this.timeline.focus(),
    });
    this.detail = new DetailPane({
      onCopy: (text, what) => this.link.post({ type: 'copy', text, what }),
      onClose: () => this.closeDetail(),
    });
    this.detail.element.addEventListener('keydown', (ev) => {
      if (ev.key === 'Escape') this.closeDetail();
    });
    this.timeline = new Timeline(this.model.records, this.view, {
      onSelect: (pos) => this.onSelect(pos),
      onOpen: (pos) => this.openDetail(pos),
      onClose: () => this.closeDetail(),
      onFollowChange: (following) => this.filterBar.updateFollowing(following),
    });
    this.timeline.setPaused(this.ui.paused);
    this.heartbeat = new HeartbeatView(this.model);
    this.reconnects = new ReconnectLog(this.model);
    this.messages = new MessagesView(this.model);

    const timelinePanel = h(
      'div',
      { class: 'timeline-panel' },
      this.filterBar.element,
      h('div', { class: 'timeline-split' }, this.timeline.element, this.detail.element),
    );
    this.tabs = new Tabs(
      [
        { id: 'timeline', label: 'Timeline', icon: 'list-flat', panel: timelinePanel },
        { id: 'heartbeat', label: 'Heartbeat', icon: 'pulse', panel: this.heartbeat.element },
        { id: 'reconnects', label: 'Reconnections', icon: 'sync', panel: this.reconnects.element },
        { id: 'messages', label: 'Messages', icon: 'comment-discussion', panel: this.messages.element },
      ],
      this.ui.tab,
      (tab) => this.saveUi({ tab }),
    );
    root.append(this.header.element, this.notices.element, this.tabs.list, this.tabs.panels);

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
    document.removeEventListener('keydown', this.onGlobalKeyDown);
    this.timeline.dispose();
    this.heartbeat.dispose();
    for (const dispose of this.disposers.splice(0)) dispose();
  }

  private handle(msg: HostToWebview): void {
    switch (msg.type) {
      case 'snapshot':
        if (msg.version !== PROTOCOL_VERSION) {
          this.notices.add('warning', `The extension speaks protocol ${msg.version}, this panel ${PROTOCOL_VERSION}: reopen the panel after updating.`);
        }
        this.model.applySnapshot(msg.snapshot);
        break;
      case 'delta':
        this.model.applyDelta(msg.delta);
        break;
      case 'notice':
        this.notices.add(msg.level, msg.text);
        break;
    }
  }

  private onModelChange(change: ModelChange): void {
    this.view.update(change);
    const store = this.model.records;
    if (change.reset) {
      // Positions were renumbered: find the remembered selection again by its seq.
      const pos = this.ui.selectedSeq === undefined ? undefined : store.positionOfSeq(this.ui.selectedSeq);
      this.timeline.select(pos, true);
      if (pos === undefined) this.closeDetail(false);
      else if (this.ui.detailOpen) this.openDetail(pos);
    } else if (this.timeline.selected !== undefined && store.at(this.timeline.selected) === undefined) {
      this.timeline.select(undefined, false);
      this.closeDetail(false);
    }
    this.renderAll();
  }

  private renderAll(): void {
    this.timeline.refresh();
    this.filterBar.updateTypes(this.model.stats.byType);
    this.filterBar.updateCount(this.view.count, this.model.records.size, this.view.isFiltered);
    this.header.update();
    this.heartbeat.update();
    this.reconnects.update();
    this.messages.update();
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
    this.timeline.refresh();
    this.timeline.revealSelection();
    this.filterBar.updateCount(this.view.count, this.model.records.size, this.view.isFiltered);
    this.saveUi({ text: filter.text, kind: filter.kind, hiddenTypes: [...filter.hiddenTypes] });
  }

  private onSelect(pos: number | undefined): void {
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
