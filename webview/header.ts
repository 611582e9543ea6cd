// The connection header: who we talk to, how it is going, and the session's buttons.
// A recording opened from a file has no connection to drop or retry, so its header hides
// those buttons and says where the records came from.
import { readableRedactions, REDACTED, type ConnectionState, type Fault, type PanelCommand } from '../src/protocol';
import { beatAge, beatLevel, isLive } from './beat-age';
import { BreakpointsPopover, type BreakpointActions } from './breakpoints-popover';
import { button, h, icon, setText } from './dom';
import { formatAge, formatBytes, formatCount, formatRate, formatTime } from './format';
import { faultMenu } from './fault-menu';
import { MenuButton } from './menu-button';
import { LIVE_CONTEXT, type PanelContext } from './panel-context';
import { RequestDetails } from './request-details';
import { latestResponse, responseIsGood, responseStatusText } from './response-status';
import type { SessionModel } from './session-model';

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
    this.urlWarningText = h('span', { text: 'token in URL: visible in server logs' });
    this.urlWarning = h('span', { class: 'url-warning', attrs: { role: 'note' } }, icon('warning'), this.urlWarningText);
    this.urlWarning.hidden = true;

    this.recordingBadge = h('span', { class: 'recording-badge' });
    this.recordingBadge.hidden = true;

    this.disconnectButton = button({ label: 'Disconnect', icon: 'debug-disconnect', text: 'Disconnect', class: 'btn btn-secondary' }, () => post('disconnect'));
    const reconnect = button({ label: 'Reconnect', icon: 'debug-restart', text: 'Reconnect', class: 'btn btn-secondary' }, () => post('reconnect'));
    const saveProfile = button({ label: 'Save as profile', icon: 'save', text: 'Save as profile', class: 'btn btn-secondary' }, () => post('saveProfile'));
    this.liveOnly = [this.disconnectButton, reconnect, saveProfile];
    this.exportMenu = new MenuButton({
      label: 'Export and share',
      text: 'Export',
      icon: 'export',
      items: [
        { label: 'Save recording (.sse.jsonl)', icon: 'save-as', onSelect: () => post('saveRecording') },
        { label: 'Export JSONL', icon: 'json', onSelect: () => post('export') },
        { label: 'Export HAR', icon: 'file-code', onSelect: () => post('exportHar') },
        { label: 'Copy as curl', icon: 'terminal', onSelect: () => post('copyCurl') },
        { label: 'Copy as fetch', icon: 'code', onSelect: () => post('copyFetch') },
      ],
    });
    this.breakpoints = new BreakpointsPopover(actions);
    this.faultMenu = faultMenu((fault) => actions.fault(fault));
    this.faultMenu.element.classList.add('fault-menu');
    this.faultMenu.element.hidden = true;
    const toolbar = h(
      'div',
      { class: 'toolbar', attrs: { role: 'toolbar', 'aria-label': 'Session' } },
      this.disconnectButton,
      reconnect,
      button({ label: 'Clear records', icon: 'clear-all', text: 'Clear', class: 'btn btn-secondary' }, () => post('clear')),
      saveProfile,
      button({ label: 'Replay', icon: 'broadcast', text: 'Replay', class: 'btn btn-secondary', title: 'Replay: serve these records from a local SSE endpoint' }, () => post('replay')),
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
      h('span', { text: 'Replaying at ' }),
      this.replayUrl,
      button({ label: 'Copy replay URL', icon: 'copy', class: 'btn btn-icon replay-copy' }, () => {
        if (this.context.replayUrl) actions.copy(this.context.replayUrl, 'replay URL');
      }),
    );
    this.replayNote.hidden = true;

    this.status = stat('Status', 'status');
    this.contentType = stat('Type', 'content-type');
    this.bytes = stat('Received', 'bytes');
    this.rate = stat('Rate', 'rate');
    this.events = stat('Events', 'events');
    this.lastBeat = stat('Last beat', 'last-beat');
    this.lastEventId = stat('Last-Event-ID', 'last-event-id');

    this.evictedText = h('span');
    this.evictedNote = h('div', { class: 'evicted-note', attrs: { role: 'note' } }, icon('info'), this.evictedText);
    this.evictedNote.hidden = true;

    this.headersSummary = h('summary', { text: 'Response headers' });
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
    this.recordingBadge.hidden = !recording;
    setText(this.recordingBadge, `Recording: ${context.source ?? 'file'}`);
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
      setText(this.stateText, 'paused');
    } else {
      this.stateBadge.className = `state-badge state-${m.state}`;
      this.stateIcon.className = `codicon codicon-${STATE_ICONS[m.state]}${m.state === 'connecting' ? ' codicon-modifier-spin' : ''}`;
      setText(this.stateText, m.state);
    }
    setText(this.label, m.label || 'SSE session');
    this.disconnectButton.disabled = m.state === 'closed' || m.state === 'failed' || m.state === 'idle';

    const url = readableRedactions(m.request?.url ?? '');
    setText(this.method, m.request?.method ?? '');
    setText(this.url, url);
    this.url.title = url;
    this.urlWarning.hidden = !m.request?.secretInUrl;
    setText(this.urlWarningText, `${redactedParams(url) || 'token'} in URL: visible in server logs`);
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
    setText(this.rate.value, `${formatRate(m.stats.eventsPerSec)} ev/s`);
    setText(this.events.value, formatCount(m.stats.events));
    setText(this.lastEventId.value, m.lastEventId || '—');

    const evicted = m.evicted;
    this.evictedNote.hidden = evicted <= 0;
    setText(this.evictedText, `${formatCount(evicted)} older records dropped to stay within the memory limit`);

    const headers = response?.headers ?? [];
    const key = JSON.stringify(headers);
    if (key !== this.headersKey) {
      this.headersKey = key;
      this.headersList.textContent = '';
      for (const [name, value] of headers) this.headersList.append(h('dt', { text: name }), h('dd', { text: value }));
      setText(this.headersSummary, `Response headers (${headers.length})`);
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
    if (!isLive(m.state)) setText(this.lastBeat.value, lastBeatAt === undefined ? '—' : `at ${formatTime(lastBeatAt).slice(0, 8)}`);
    else setText(this.lastBeat.value, age === undefined ? '—' : `${formatAge(age)} ago`);
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
