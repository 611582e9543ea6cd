// The "Request" disclosure of the header: what was sent, as the host redacted it — method,
// URL, headers and a preview of the body. A <details> element, so it opens with a click,
// Enter or Space, and screen readers announce it as expandable.
import { readableRedactions, type RequestSummary } from '../src/protocol';
import { h, setText } from './dom';
import * as l10n from '@vscode/l10n';
import { formatBytes } from './format';

export class RequestDetails {
  readonly element: HTMLDetailsElement;
  private readonly summary: HTMLElement;
  private readonly body: HTMLElement;
  private key = '';

  constructor() {
    this.summary = h('summary', { text: l10n.t('Request') });
    this.body = h('div', { class: 'request-body' });
    this.element = h('details', { class: 'request-details' }, this.summary, this.body);
    this.element.hidden = true;
  }

  update(request: RequestSummary | undefined): void {
    this.element.hidden = request === undefined;
    const key = request === undefined ? '' : JSON.stringify(request);
    if (key === this.key || request === undefined) return;
    this.key = key;
    const n = request.headers.length;
    const headers = n === 1 ? l10n.t('1 header') : l10n.t('{0} headers', n);
    setText(this.summary, request.bodyBytes > 0 ? l10n.t('Request ({0}, {1} body)', headers, formatBytes(request.bodyBytes)) : l10n.t('Request ({0})', headers));

    const fields = h('dl', { class: 'fields request-fields' });
    fields.append(h('dt', { text: l10n.t('Method') }), h('dd', { text: request.method }));
    fields.append(h('dt', { text: 'URL' }), h('dd', { class: 'request-url', text: readableRedactions(request.url) }));
    for (const [name, value] of request.headers) fields.append(h('dt', { text: name }), h('dd', { text: readableRedactions(value) }));
    this.body.textContent = '';
    this.body.append(fields);
    if (request.bodyBytes > 0) {
      const preview = request.bodyPreview ?? '';
      // The preview is cut at 4096 characters: say so rather than show a body that looks whole.
      const cut = preview.length < request.bodyBytes && new TextEncoder().encode(preview).length < request.bodyBytes;
      this.body.append(
        h('div', { class: 'request-body-title', text: cut ? l10n.t('Body ({0}, preview)', formatBytes(request.bodyBytes)) : l10n.t('Body ({0})', formatBytes(request.bodyBytes)) }),
        h('pre', { class: 'request-body-preview', text: preview }),
      );
    }
  }
}
