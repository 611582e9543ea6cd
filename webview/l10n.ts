// The panel's language. The webview has no vscode.l10n: the host puts the display language
// and its translations (vscode.l10n.bundle: English text → translated text) in a <meta> of
// the page, as JSON (src/panel/html.ts). `loadPanelL10n()` hands them to @vscode/l10n
// before the panel builds anything, so every `l10n.t('English text', ...args)` in webview/
// (imported from '@vscode/l10n', the call shape `npm run l10n` extracts) returns the
// translation, or the English text when there is none.
import * as l10n from '@vscode/l10n';
import { L10N_ELEMENT_ID, type PanelL10n } from '../src/panel/l10n-data';

let lang = 'en';

/** Reads the page's language and translations; English when the element is missing or broken. */
export function loadPanelL10n(doc: Document = document): void {
  const text = doc.querySelector<HTMLMetaElement>(`meta[name="${L10N_ELEMENT_ID}"]`)?.content;
  if (!text) return;
  try {
    const parsed = JSON.parse(text) as Partial<PanelL10n>;
    if (typeof parsed.lang === 'string' && parsed.lang) lang = parsed.lang;
    if (parsed.strings && typeof parsed.strings === 'object') l10n.config({ contents: { ...parsed.strings } });
  } catch {
    // A broken element leaves the panel in English rather than blank.
  }
}

/** The display language as a BCP 47 tag for Intl (`zh-cn` → `zh-CN`), for numbers. */
export function panelLocale(): string {
  const [language, region] = lang.split('-');
  return region ? `${language}-${region.toUpperCase()}` : (language || 'en');
}
