// Tiny DOM builders. Everything that may carry stream data (event data, names, ids, header
// values) goes in as text nodes or plain attributes: this file is why the panel never
// needs innerHTML, and why a hostile event cannot inject markup.

type Child = Node | string | null | undefined | false;

export interface ElementOptions {
  class?: string;
  /** Plain attributes (aria-*, role, id, title, ...). Never `style` or `on*`: the CSP forbids both. */
  attrs?: Record<string, string>;
  text?: string;
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, options: ElementOptions = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (options.class) el.className = options.class;
  if (options.attrs) for (const [name, value] of Object.entries(options.attrs)) el.setAttribute(name, value);
  if (options.text !== undefined) el.textContent = options.text;
  append(el, ...children);
  return el;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }
}

/** Replaces all children (textContent = '' is the cheap, markup-free way to empty a node). */
export function replaceChildren(parent: Element, ...children: Child[]): void {
  parent.textContent = '';
  append(parent, ...children);
}

/** A codicon glyph; decorative, so hidden from screen readers. */
export function icon(name: string, extraClass = ''): HTMLSpanElement {
  return h('span', { class: `codicon codicon-${name}${extraClass ? ` ${extraClass}` : ''}`, attrs: { 'aria-hidden': 'true' } });
}

export interface ButtonOptions {
  label: string;
  icon?: string;
  /** Visible text; when absent the button shows only its icon and `label` is its accessible name. */
  text?: string;
  class?: string;
  title?: string;
}

export function button(o: ButtonOptions, onClick: (ev: MouseEvent) => void): HTMLButtonElement {
  const b = h('button', { class: o.class ?? 'btn', attrs: { type: 'button', 'aria-label': o.label, title: o.title ?? o.label } });
  if (o.icon) b.appendChild(icon(o.icon));
  if (o.text) b.appendChild(h('span', { class: 'btn-text', text: o.text }));
  b.addEventListener('click', onClick);
  return b;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

export function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number> = {}): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, String(value));
  return el;
}

/** Sets text only when it changed: cheap for the live parts (ticks, counters) that rewrite often. */
export function setText(el: Element, text: string): void {
  if (el.textContent !== text) el.textContent = text;
}
