// The connection header: who we talk to, how it is going, and the session's buttons.
// A recording opened from a file has no connection to drop or retry, so its header hides
// those buttons and says where the records came from.
import { readableRedactions, REDACTED, type ConnectionState, type Fault, type PanelCommand } from '../src/protocol';
import { beatAge, beatLevel, isLive } from './beat-age';
import { BreakpointsPopover, type BreakpointActions } from './breakpoints-popover';
import { button, h, icon, setText } from './dom';
import { formatAge, formatBytes, formatCount, formatRate, formatTime } from './format';
import * as l10n from '@vscode/l10n';
import { faultMenu } from './fault-menu';
import { MenuButton } from './menu-button';
import { LIVE_CONTEXT, type PanelContext } from './panel-context';
import { RequestDetails } from './request-details';
import { latestResponse, responseIsGood, responseStatusText } from './response-status';
import type { SessionModel } from './session-model';
import { stateWord } from './state-words';

export interface HeaderActions extends BreakpointActions {
  command(command: PanelCommand): void;
  copy(text: string, what: string): void;
  /** The fault menu (proxy-tapped streams): a fault, or undefined for the host to ask. */
  fault(fault: Fault | undefined): void;
}

const STATE_ICONS: Record<ConnectionState, string> = {
  idle: 'circle-outline',
  connecting: 'sync',
  open: 'circle-filled',
  waiting: 'watch',
  closed: 'circle-slash',
  failed: 'error',
};

interface Stat {
  root: HTMLElement;
  value: HTMLElement;
}

function stat(label: string, name: string): Stat {
  const value = h('span', { class: 'stat-value' });
  const root = h('span', { class: `stat stat-${name}` }, h('span', { class: 'stat-label', text: label }), value);
  return { root, value };
}

export class Header {
  readonly element: HTMLElement;
  private readonly stateBadge: HTMLElement;
  private readonly stateIcon: HTMLElement;
  private readonly stateText: HTMLElement;
  private readonly label: HTMLElement;
  private readonly method: HTMLElement;
  private readonly url: HTMLElement;
  private readonly urlWarning: HTMLElement;
  private readonly urlWarningText: HTMLElement;
  private readonly disconnectButton: HTMLButtonElement;
  /** Reconnect and Save as profile: they make or keep our own requests, so a tapped stream has neither. */
  private readonly requestMaking: HTMLButtonElement[];
  /** Buttons that only make sense with a live connection. */
  private readonly liveOnly: HTMLElement[];
  private readonly exportMenu: MenuButton;
  private readonly faultMenu: MenuButton;
  private readonly breakpoints: BreakpointsPopover;
  private readonly recordingBadge: HTMLElement;
  private readonly replayNote: HTMLElement;
  private readonly replayUrl: HTMLElement;
  private context: PanelContext = LIVE_CONTEXT;
  /** Capture is held at a breakpoint: the badge says PAUSED whatever the connection does. */
  private capturePaused = false;
  private readonly status: Stat;
  private readonly contentType: Stat;
  private readonly bytes: Stat;
  private readonly rate: Stat;
  private readonly events: Stat;
  private readonly lastBeat: Stat;
  private readonly lastEventId: Stat;
  private readonly evictedNote: HTMLElement;
  private readonly evictedText: HTMLElement;
  private readonly headers: HTMLDetailsElement;
  private readonly headersSummary: HTMLElement;
  private readonly headersList: HTMLElement;
  private headersKey = '';
  private readonly requestDetails = new RequestDetails();

  constructor(
    private readonly model: SessionModel,
    actions: HeaderActions,
  ) {
    const post = (command: PanelCommand): void => actions.command(command);
    this.stateIcon = icon('circle-outline');
    this.stateText = h('span', { class: 'state-text' });
    this.stateBadge = h('span', { class: 'state-badge state-idle', attrs: { role: 'status' } }, this.stateIcon, this.stateText);
    this.label = h('span', { class: 'session-label' });
    this.method = h('span', { class: 'method' });
    this.url = h('span', { class: 'url' });
    this.urlWarningText = h('span', { text: l10n.t('{0} in URL: visible in server logs', 'token') });
    this.urlWarning = h('span', { class: 'url-warning', attrs: { role: 'note' } }, icon('warning'), this.urlWarningText);
    this.urlWarning.hidden = true;

    this.recordingBadge = h('span', { class: 'recording-badge' });
    this.recordingBadge.hidden = true;

    this.disconnectButton = button({ label: l10n.t('Disconnect'), icon: 'debug-disconnect', text: l10n.t('Disconnect'), class: 'btn btn-secondary' }, () => post('disconnect'));
    const reconnect = button({ label: l10n.t('Reconnect'), icon: 'debug-restart', text: l10n.t('Reconnect'), class: 'btn btn-secondary' }, () => post('reconnect'));
    const saveProfile = button({ label: l10n.t('Save as profile'), icon: 'save', text: l10n.t('Save as profile'), class: 'btn btn-secondary' }, () => post('saveProfile'));
    this.liveOnly = [this.disconnectButton, reconnect, saveProfile];
    this.requestMaking = [reconnect, saveProfile];
    this.exportMenu = new MenuButton({
      label: l10n.t('Export and share'),
      text: l10n.t('Export'),
      icon: 'export',
      items: [
        { label: l10n.t('Save recording (.sse.jsonl)'), icon: 'save-as', onSelect: () => post('saveRecording') },
        { label: l10n.t('Export JSONL'), icon: 'json', onSelect: () => post('export') },
        { label: l10n.t('Export HAR'), icon: 'file-code', onSelect: () => post('exportHar') },
        { label: l10n.t('Copy as curl'), icon: 'terminal', onSelect: () => post('copyCurl') },
        { label: l10n.t('Copy as fetch'), icon: 'code', onSelect: () => post('copyFetch') },
      ],
    });
    this.breakpoints = new BreakpointsPopover(actions);
    this.faultMenu = faultMenu((fault) => actions.fault(fault));
    this.faultMenu.element.classList.add('fault-menu');
    this.faultMenu.element.hidden = true;
    const toolbar = h(
      'div',
      { class: 'toolbar', attrs: { role: 'toolbar', 'aria-label': l10n.t('Session') } },
      this.disconnectButton,
      reconnect,
      button({ label: l10n.t('Clear records'), icon: 'clear-all', text: l10n.t('Clear'), class: 'btn btn-secondary' }, () => post('clear')),
      saveProfile,
      button({ label: l10n.t('Replay'), icon: 'broadcast', text: l10n.t('Replay'), class: 'btn btn-secondary', title: l10n.t('Replay: serve these records from a local SSE endpoint') }, () => post('replay')),
      this.exportMenu.element,
      this.breakpoints.element,
      this.faultMenu.element,
    );

    this.replayUrl = h('span', { class: 'replay-url' });
    this.replayNote = h(
      'div',
      { class: 'replay-note', attrs: { role: 'status' } },
      icon('broadcast'),
      // The trailing space keeps the sentence whole when read as text (copy, screen readers).
      h('span', { text: l10n.t('Replaying at ') }),
      this.replayUrl,
      button({ label: l10n.t('Copy replay URL'), icon: 'copy', class: 'btn btn-icon replay-copy' }, () => {
        if (this.context.replayUrl) actions.copy(this.context.replayUrl, l10n.t('replay URL'));
      }),
    );
    this.replayNote.hidden = true;

    this.status = stat(l10n.t('Status'), 'status');
    this.contentType = stat(l10n.t('Type'), 'content-type');
    this.bytes = stat(l10n.t('Received'), 'bytes');
    this.rate = stat(l10n.t('Rate'), 'rate');
    this.events = stat(l10n.t('Events'), 'events');
    this.lastBeat = stat(l10n.t('Last beat'), 'last-beat');
    this.lastEventId = stat('Last-Event-ID', 'last-event-id');

    this.evictedText = h('span');
    this.evictedNote = h('div', { class: 'evicted-note', attrs: { role: 'note' } }, icon('info'), this.evictedText);
    this.evictedNote.hidden = true;

    this.headersSummary = h('summary', { text: l10n.t('Response headers') });
    this.headersList = h('dl', { class: 'fields header-fields' });
    this.headers = h('details', { class: 'response-headers' }, this.headersSummary, this.headersList);

    this.element = h(
      'header',
      { class: 'header' },
      h('div', { class: 'header-main' }, this.stateBadge, this.label, this.recordingBadge, h('span', { class: 'spacer' }), toolbar),
      h('div', { class: 'header-request' }, this.method, this.url, this.urlWarning),
      h(
        'div',
        { class: 'header-stats' },
        this.status.root,
        this.contentType.root,
        this.bytes.root,
        this.rate.root,
        this.events.root,
        this.lastBeat.root,
        this.lastEventId.root,
        this.requestDetails.element,
        this.headers,
      ),
      this.replayNote,
      this.evictedNote,
    );
  }

  /** Live or recording, the breakpoints, the replay URL. */
  setContext(context: PanelContext): void {
    this.context = context;
    const recording = context.mode === 'recording';
    for (const b of this.liveOnly) b.hidden = recording;
    // A tapped stream's requests are the program's: nothing here can make one.
    for (const b of this.requestMaking) b.hidden ||= context.tapped === true;
    const stop = context.tapped ? l10n.t('Stop observing') : l10n.t('Disconnect');
    setText(this.disconnectButton.lastElementChild as HTMLElement, stop);
    this.disconnectButton.setAttribute('aria-label', stop);
    this.disconnectButton.title = context.tapped ? l10n.t('Stop observing this stream (the program keeps its connection)') : stop;
    this.recordingBadge.hidden = !recording;
    setText(this.recordingBadge, l10n.t('Recording: {0}', context.source ?? l10n.t('file')));
    this.recordingBadge.title = context.source ?? '';
    this.replayNote.hidden = context.replayUrl === undefined;
    setText(this.replayUrl, context.replayUrl ?? '');
    this.breakpoints.update(context.breakpoints);
    this.faultMenu.element.hidden = !(context.faults === true && !recording);
  }

  /** Capture held at a breakpoint (or released). */
  setCapturePaused(paused: boolean): void {
    this.capturePaused = paused;
    this.update();
  }

  dispose(): void {
    this.exportMenu.dispose();
    this.faultMenu.dispose();
    this.breakpoints.dispose();
  }

  update(): void {
    const m = this.model;
    if (this.capturePaused) {
      this.stateBadge.className = 'state-badge state-paused';
      this.stateIcon.className = 'codicon codicon-debug-pause';
      setText(this.stateText, stateWord('paused'));
    } else {
      this.stateBadge.className = `state-badge state-${m.state}`;
      this.stateIcon.className = `codicon codicon-${STATE_ICONS[m.state]}${m.state === 'connecting' ? ' codicon-modifier-spin' : ''}`;
      setText(this.stateText, stateWord(m.state));
    }
    setText(this.label, m.label || l10n.t('SSE session'));
    this.disconnectButton.disabled = m.state === 'closed' || m.state === 'failed' || m.state === 'idle';

    const url = readableRedactions(m.request?.url ?? '');
    setText(this.method, m.request?.method ?? '');
    setText(this.url, url);
    this.url.title = url;
    this.urlWarning.hidden = !m.request?.secretInUrl;
    setText(this.urlWarningText, l10n.t('{0} in URL: visible in server logs', redactedParams(url) || 'token'));
    this.requestDetails.update(m.request);

    // The latest response, refused or not: a failed first attempt has a status too.
    const response = latestResponse(m);
    if (response) {
      setText(this.status.value, responseStatusText(response));
      this.status.root.className = `stat stat-status${responseIsGood(response) ? ' good' : ' bad'}`;
    } else {
      setText(this.status.value, '—');
      this.status.root.className = 'stat stat-status';
    }
    setText(this.contentType.value, response?.contentType || '—');
    setText(this.bytes.value, formatBytes(m.stats.bytes));
    setText(this.rate.value, l10n.t('{0} ev/s', formatRate(m.stats.eventsPerSec)));
    setText(this.events.value, formatCount(m.stats.events));
    setText(this.lastEventId.value, m.lastEventId || '—');

    const evicted = m.evicted;
    this.evictedNote.hidden = evicted <= 0;
    setText(this.evictedText, l10n.t('{0} older records dropped to stay within the memory limit', formatCount(evicted)));

    const headers = response?.headers ?? [];
    const key = JSON.stringify(headers);
    if (key !== this.headersKey) {
      this.headersKey = key;
      this.headersList.textContent = '';
      for (const [name, value] of headers) this.headersList.append(h('dt', { text: name }), h('dd', { text: value }));
      setText(this.headersSummary, l10n.t('Response headers ({0})', headers.length));
    }
    this.headers.hidden = headers.length === 0;
    this.tick();
  }

  /** The live part: the age of the last beat. */
  tick(): void {
    const m = this.model;
    const age = beatAge(m.heartbeat, m.hostNow());
    const lastBeatAt = m.heartbeat.lastBeatAt;
    // A closed stream beats no more: the time of its last beat, not an age that keeps growing.
    if (!isLive(m.state)) setText(this.lastBeat.value, lastBeatAt === undefined ? '—' : l10n.t('at {0}', formatTime(lastBeatAt).slice(0, 8)));
    else setText(this.lastBeat.value, age === undefined ? '—' : l10n.t('{0} ago', formatAge(age)));
    this.lastBeat.root.className = `stat stat-last-beat beat-${beatLevel(age, m.heartbeat, m.state)}`;
  }
}

/** Names of the query parameters the host redacted ("token", "key"): the warning says which. */
function redactedParams(url: string): string {
  try {
    const names = [...new URL(url).searchParams].filter(([, v]) => v === REDACTED).map(([k]) => k);
    return [...new Set(names)].join(', ');
  } catch {
    return '';
  }
}
