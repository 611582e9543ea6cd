// The panel's strings in the window's language. The webview has no vscode.l10n: the host
// puts its language and the translations (vscode.l10n.bundle: English text → translated
// text) in a JSON data element of the page (src/panel/html.ts), read once here.
//
// Every string the panel shows goes through `l10n.t('English text', ...args)` with a
// literal first argument, the same call shape as the host's vscode.l10n.t: so
// `npm run l10n` (@vscode/l10n-dev) finds the panel's strings too and they land in
// l10n/bundle.l10n.json beside the host's. `{0}`, `{1}` stand for the arguments.
import { L10N_ELEMENT_ID, type PanelL10n } from '../src/panel/l10n-data';

let loaded: PanelL10n | undefined;

function data(): PanelL10n {
  if (loaded) return loaded;
  loaded = { lang: 'en', strings: {} };
  const text = typeof document !== 'undefined' ? document.getElementById(L10N_ELEMENT_ID)?.textContent : undefined;
  if (text) {
    try {
      const parsed = JSON.parse(text) as Partial<PanelL10n>;
      if (typeof parsed.lang === 'string' && parsed.lang) loaded.lang = parsed.lang;
      if (parsed.strings && typeof parsed.strings === 'object') loaded.strings = parsed.strings;
    } catch {
      // A broken element leaves the panel in English rather than blank.
    }
  }
  return loaded;
}

/** `{0}`, `{1}`… replaced by the arguments; a placeholder without an argument stays as written. */
function format(message: string, args: ReadonlyArray<string | number | boolean>): string {
  return args.length === 0 ? message : message.replace(/\{(\d+)\}/g, (whole, i: string) => (Number(i) < args.length ? String(args[Number(i)]) : whole));
}

export const l10n = {
  /** The translation of `message` (its English text), with `{n}` filled in; English when there is none. */
  t(message: string, ...args: Array<string | number | boolean>): string {
    const translated = data().strings[message];
    return format(typeof translated === 'string' && translated !== '' ? translated : message, args);
  },
};

/** The display language as a BCP 47 tag for Intl (`zh-cn` → `zh-CN`), for dates and numbers. */
export function panelLocale(): string {
  const [language, region] = data().lang.split('-');
  return region ? `${language}-${region.toUpperCase()}` : (language ?? 'en');
}
