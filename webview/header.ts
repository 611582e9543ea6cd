// The connection header: who we talk to, how it is going, and the session's buttons.
import type { PanelCommand } from '../src/protocol';
import type { ConnectionState } from '../src/core/records';
import { beatAge, beatLevel } from './beat-age';
import { button, h, icon, setText } from './dom';
import { formatAge, formatBytes, formatCount, formatRate } from './format';
import type { SessionModel } from './session-model';

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
  private readonly disconnectButton: HTMLButtonElement;
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

  constructor(
    private readonly model: SessionModel,
    post: (command: PanelCommand) => void,
  ) {
    this.stateIcon = icon('circle-outline');
    this.stateText = h('span', { class: 'state-text' });
    this.stateBadge = h('span', { class: 'state-badge state-idle', attrs: { role: 'status' } }, this.stateIcon, this.stateText);
    this.label = h('span', { class: 'session-label' });
    this.method = h('span', { class: 'method' });
    this.url = h('span', { class: 'url' });
    this.urlWarning = h(
      'span',
      { class: 'url-warning', attrs: { role: 'note' } },
      icon('warning'),
      h('span', { text: 'token in URL: visible in server logs' }),
    );
    this.urlWarning.hidden = true;

    this.disconnectButton = button({ label: 'Disconnect', icon: 'debug-disconnect', text: 'Disconnect', class: 'btn btn-secondary' }, () => post('disconnect'));
    const toolbar = h(
      'div',
      { class: 'toolbar', attrs: { role: 'toolbar', 'aria-label': 'Session' } },
      this.disconnectButton,
      button({ label: 'Reconnect', icon: 'debug-restart', text: 'Reconnect', class: 'btn btn-secondary' }, () => post('reconnect')),
      button({ label: 'Clear records', icon: 'clear-all', text: 'Clear', class: 'btn btn-secondary' }, () => post('clear')),
      button({ label: 'Save as profile', icon: 'save', text: 'Save as profile', class: 'btn btn-secondary' }, () => post('saveProfile')),
      button({ label: 'Export records', icon: 'export', class: 'btn btn-icon', title: 'Export records (JSONL, HAR)' }, () => post('export')),
    );

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
      h('div', { class: 'header-main' }, this.stateBadge, this.label, h('span', { class: 'spacer' }), toolbar),
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
        this.headers,
      ),
      this.evictedNote,
    );
  }

  update(): void {
    const m = this.model;
    this.stateBadge.className = `state-badge state-${m.state}`;
    this.stateIcon.className = `codicon codicon-${STATE_ICONS[m.state]}${m.state === 'connecting' ? ' codicon-modifier-spin' : ''}`;
    setText(this.stateText, m.state);
    setText(this.label, m.label || 'SSE session');
    this.disconnectButton.disabled = m.state === 'closed' || m.state === 'failed' || m.state === 'idle';

    setText(this.method, m.request?.method ?? '');
    setText(this.url, m.request?.url ?? '');
    this.url.title = m.request?.url ?? '';
    this.urlWarning.hidden = !m.request?.secretInUrl;

    const httpError = m.lastHttpError;
    const open = m.lastOpen;
    if (httpError?.status !== undefined) {
      setText(this.status.value, `${httpError.status} ${httpError.code}`);
      this.status.root.className = 'stat stat-status bad';
    } else if (open) {
      setText(this.status.value, `${open.status} ${open.statusText}`.trim());
      this.status.root.className = `stat stat-status${open.status >= 200 && open.status < 300 ? ' good' : ' bad'}`;
    } else {
      setText(this.status.value, '—');
      this.status.root.className = 'stat stat-status';
    }
    setText(this.contentType.value, open?.contentType || '—');
    setText(this.bytes.value, formatBytes(m.stats.bytes));
    setText(this.rate.value, `${formatRate(m.stats.eventsPerSec)} ev/s`);
    setText(this.events.value, formatCount(m.stats.events));
    setText(this.lastEventId.value, m.lastEventId || '—');

    const evicted = m.evicted;
    this.evictedNote.hidden = evicted <= 0;
    setText(this.evictedText, `${formatCount(evicted)} older records dropped to stay within the memory limit`);

    const headers = open?.headers ?? [];
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
    setText(this.lastBeat.value, age === undefined ? '—' : `${formatAge(age)} ago`);
    this.lastBeat.root.className = `stat stat-last-beat beat-${beatLevel(age, m.heartbeat, m.state)}`;
  }
}
