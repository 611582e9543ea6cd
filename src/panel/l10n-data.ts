// What the host hands the panel for its language: shared by the page builder (html.ts) and
// the webview (webview/l10n.ts), which reads it back from a JSON data element of the page.

/** The id of the JSON data element that carries the panel's language and translations. */
export const L10N_ELEMENT_ID = 'sse-l10n';

export interface PanelL10n {
  /** The display language, `vscode.env.language` (`en`, `zh-cn`, …). */
  lang: string;
  /** English text → translated text (`vscode.l10n.bundle`); empty for English. */
  strings: Readonly<Record<string, string>>;
}
