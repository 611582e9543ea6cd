// The inspector panel's HTML page. Pure (no `vscode`, no DOM) so that the extension host
// and the headless-browser tests build the very same page under the very same CSP.
import { randomBytes } from 'node:crypto';
import { L10N_ELEMENT_ID, type PanelL10n } from './l10n-data';

export { L10N_ELEMENT_ID };

export interface PanelHtmlOptions {
  /** `webview.cspSource`: the origin the webview may load scripts, styles, fonts and images from. */
  cspSource: string;
  /** A fresh nonce per page load (see makeNonce); the only script allowed to run carries it. */
  nonce: string;
  scriptUri: string;
  styleUri: string;
  codiconUri: string;
  title: string;
  /** More stylesheets from cspSource, linked after the panel's own (the tests use it for a theme). */
  extraStyleUris?: readonly string[];
  /** The display language (`vscode.env.language`, e.g. `en`, `zh-cn`): the page's lang, and the locale of its dates and numbers. */
  lang?: string;
  /**
   * The translations of the panel's strings (English text → translated text; `vscode.l10n.bundle`).
   * Empty or absent: English. Read by webview/l10n.ts from the page's sse-l10n <meta>.
   */
  strings?: Readonly<Record<string, string>>;
}


/** A CSP nonce: 144 random bits, base64. */
export function makeNonce(): string {
  return randomBytes(18).toString('base64');
}

/** The Content-Security-Policy of the panel: no inline script or style, no eval, nothing but cspSource. */
export function panelCsp(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `img-src ${cspSource} data:`,
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ') + ';';
}

export function panelHtml(o: PanelHtmlOptions): string {
  const styles = [o.codiconUri, o.styleUri, ...(o.extraStyleUris ?? [])]
    .map((href) => `  <link rel="stylesheet" href="${escapeHtml(href)}">`)
    .join('\n');
  return `<!DOCTYPE html>
<html lang="${escapeHtml(o.lang || 'en')}">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${escapeHtml(panelCsp(o.cspSource, o.nonce))}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
${styles}
  <meta name="${L10N_ELEMENT_ID}" content="${escapeHtml(JSON.stringify({ lang: o.lang || 'en', strings: o.strings ?? {} } satisfies PanelL10n))}">
  <title>${escapeHtml(o.title)}</title>
</head>
<body>
  <div id="app" class="app"></div>
  <script nonce="${escapeHtml(o.nonce)}" src="${escapeHtml(o.scriptUri)}"></script>
</body>
</html>
`;
}

/** Escapes text for HTML element content and double- or single-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
