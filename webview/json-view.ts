// Pretty-printed JSON with syntax colours for the detail pane, built from DOM nodes (event
// data is untrusted: every key and value goes in as a text node, never as markup). Numbers
// that look like epoch milliseconds get the local time beside them, so `"t":1741944600000`
// reads as a date without a converter.
import { h } from './dom';
import * as l10n from '@vscode/l10n';
import { formatDateTime } from './format';

/** Above this the data is shown plainly: tens of thousands of spans would make the pane slow. */
const MAX_COLOURED_CHARS = 200_000;

/** 2001-09-09 to 2286: 13-digit integers, the range Date.now() values live in. */
const EPOCH_MS_MIN = 1_000_000_000_000;
const EPOCH_MS_MAX = 9_999_999_999_999;

export function isEpochMs(n: number): boolean {
  return Number.isInteger(n) && n >= EPOCH_MS_MIN && n <= EPOCH_MS_MAX;
}

/** The coloured tree of `text` if it is a JSON object or array (small enough); undefined otherwise. */
export function jsonView(text: string): DocumentFragment | undefined {
  const trimmed = text.trimStart();
  if (text.length > MAX_COLOURED_CHARS || (!trimmed.startsWith('{') && !trimmed.startsWith('['))) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const out = document.createDocumentFragment();
  write(out, value, '');
  return out;
}

function write(out: DocumentFragment, value: unknown, indent: string): void {
  if (value === null) {
    out.append(h('span', { class: 'json-null', text: 'null' }));
  } else if (typeof value === 'string') {
    out.append(h('span', { class: 'json-string', text: JSON.stringify(value) }));
  } else if (typeof value === 'number') {
    out.append(h('span', { class: 'json-number', text: JSON.stringify(value) }));
    if (isEpochMs(value)) out.append(h('span', { class: 'json-time', attrs: { 'aria-label': l10n.t('epoch milliseconds: {0}', formatDateTime(value)) }, text: ` ⟨${formatDateTime(value)}⟩` }));
  } else if (typeof value === 'boolean') {
    out.append(h('span', { class: 'json-bool', text: String(value) }));
  } else if (Array.isArray(value)) {
    if (value.length === 0) return void out.append(punct('[]'));
    const inner = `${indent}  `;
    out.append(punct('['), '\n');
    value.forEach((item, i) => {
      out.append(inner);
      write(out, item, inner);
      out.append(i < value.length - 1 ? punct(',') : '', '\n');
    });
    out.append(indent, punct(']'));
  } else if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) return void out.append(punct('{}'));
    const inner = `${indent}  `;
    out.append(punct('{'), '\n');
    entries.forEach(([key, item], i) => {
      out.append(inner, h('span', { class: 'json-key', text: JSON.stringify(key) }), punct(': '));
      write(out, item, inner);
      out.append(i < entries.length - 1 ? punct(',') : '', '\n');
    });
    out.append(indent, punct('}'));
  }
}

function punct(text: string): HTMLSpanElement {
  return h('span', { class: 'json-punct', text });
}
