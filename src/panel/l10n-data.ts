// What the host hands the panel for its language: shared by the page builder (html.ts) and
// the webview (webview/l10n.ts), which reads it back from a JSON data element of the page.

/**
 * The name of the page's <meta> whose content (JSON, attribute-escaped) carries the panel's
 * language and translations: data in an attribute, so the panel bundle stays the page's only
 * <script> and nothing in a translation can become markup.
 */
export const L10N_ELEMENT_ID = 'sse-l10n';

export interface PanelL10n {
  /** The display language, `vscode.env.language` (`en`, `zh-cn`, …). */
  lang: string;
  /** English text → translated text (`vscode.l10n.bundle`); empty for English. */
  strings: Readonly<Record<string, string>>;
}
