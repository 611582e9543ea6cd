// The translations are complete and current: every %key% of package.json has English and
// Chinese text, every vscode.l10n.t / l10n.t string of src/ and webview/ is in
// l10n/bundle.l10n.json (a fresh `npm run l10n` export must equal the committed file, so a
// new string fails here until the bundles are regenerated and translated), the Chinese
// bundle has exactly the same keys, and a translation keeps its {n} placeholders.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// out/test/unit/l10n/*.js -> the repository root.
const ROOT = join(__dirname, '..', '..', '..', '..');
const LANGUAGES = ['zh-cn'];

const readJson = <T>(...path: string[]): T => JSON.parse(readFileSync(join(ROOT, ...path), 'utf8')) as T;
const placeholders = (text: string): string[] => [...new Set(text.match(/\{\d+\}/g) ?? [])].sort();

/** Every %key% used in package.json, wherever it sits (titles, settings, walkthrough steps). */
function manifestKeys(value: unknown, out = new Set<string>()): Set<string> {
  if (typeof value === 'string') {
    const m = /^%([\w.-]+)%$/.exec(value);
    if (m) out.add(m[1]!);
  } else if (Array.isArray(value)) for (const v of value) manifestKeys(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) manifestKeys(v, out);
  return out;
}

/** Keys of `translated` missing from or extra to `english`, and translations whose placeholders differ. */
function compare(english: Record<string, string>, translated: Record<string, string>): { missing: string[]; extra: string[]; placeholders: string[]; empty: string[] } {
  const missing = Object.keys(english).filter((k) => !(k in translated));
  const extra = Object.keys(translated).filter((k) => !(k in english));
  const wrong = Object.keys(english).filter((k) => k in translated && placeholders(english[k]!).join() !== placeholders(translated[k]!).join());
  const empty = Object.keys(translated).filter((k) => typeof translated[k] !== 'string' || translated[k]!.trim() === '');
  return { missing, extra, placeholders: wrong, empty };
}

describe('l10n: the manifest and the string bundles', () => {
  const manifest = readJson<{ l10n?: string; contributes: unknown }>('package.json');
  const nls = readJson<Record<string, string>>('package.nls.json');
  const bundle = readJson<Record<string, string>>('l10n', 'bundle.l10n.json');

  it('package.json names its l10n folder, and every %key% in it has English text in package.nls.json (and no text is left unused)', () => {
    assert.equal(manifest.l10n, './l10n');
    const used = manifestKeys(manifest);
    assert.ok(used.size > 80, `package.json uses ${used.size} %keys%`);
    assert.deepEqual([...used].filter((k) => !(k in nls)), [], 'keys used in package.json without text in package.nls.json');
    assert.deepEqual(Object.keys(nls).filter((k) => !used.has(k)), [], 'texts in package.nls.json that package.json no longer uses');
  });

  it('every command title, view name, setting description and walkthrough text in package.json is a %key%, not English written in place', () => {
    const literal: string[] = [];
    const walk = (value: unknown, path: string): void => {
      if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${path}[${i}]`));
      else if (value && typeof value === 'object') {
        for (const [k, v] of Object.entries(value)) {
          const where = `${path}.${k}`;
          const userFacing = ['title', 'description', 'markdownDescription', 'name', 'contents', 'altText', 'label'].includes(k) || (k === 'enumDescriptions' && Array.isArray(v));
          if (userFacing && typeof v === 'string' && !/^%[\w.-]+%$/.test(v)) literal.push(`${where}: ${v}`);
          if (k === 'enumDescriptions' && Array.isArray(v)) v.forEach((d, i) => typeof d === 'string' && !/^%[\w.-]+%$/.test(d) && literal.push(`${where}[${i}]: ${d}`));
          walk(v, where);
        }
      }
    };
    walk(manifest.contributes, 'contributes');
    // The product's name is the same in every language.
    assert.deepEqual(literal.filter((l) => !/: SSE Inspector$/.test(l)), []);
  });

  for (const lang of LANGUAGES) {
    it(`package.nls.${lang}.json translates exactly the keys of package.nls.json, keeping their {n} placeholders`, () => {
      const result = compare(nls, readJson<Record<string, string>>(`package.nls.${lang}.json`));
      assert.deepEqual(result, { missing: [], extra: [], placeholders: [], empty: [] });
    });

    it(`l10n/bundle.l10n.${lang}.json translates exactly the keys of l10n/bundle.l10n.json, keeping their {n} placeholders`, () => {
      const result = compare(bundle, readJson<Record<string, string>>('l10n', `bundle.l10n.${lang}.json`));
      assert.deepEqual(result, { missing: [], extra: [], placeholders: [], empty: [] });
    });
  }

  it('the panel (webview/) strings are in the bundle, so the host can hand their translations to the panel', () => {
    const fresh = exportStrings(['./webview']);
    assert.ok(Object.keys(fresh).length > 150, `${Object.keys(fresh).length} panel strings`);
    assert.deepEqual(Object.keys(fresh).filter((k) => !(k in bundle)), []);
    for (const lang of LANGUAGES) {
      const translated = readJson<Record<string, string>>('l10n', `bundle.l10n.${lang}.json`);
      assert.deepEqual(Object.keys(fresh).filter((k) => !translated[k]), [], `panel strings without a ${lang} translation`);
    }
  });

  it('l10n/bundle.l10n.json is current: a fresh export of src/ and webview/ (npm run l10n) gives exactly the committed bundle', function () {
    this.timeout(60_000);
    const fresh = exportStrings(['./src', './webview']);
    const added = Object.keys(fresh).filter((k) => !(k in bundle));
    const gone = Object.keys(bundle).filter((k) => !(k in fresh));
    assert.deepEqual({ added, gone }, { added: [], gone: [] }, 'run `npm run l10n`, then translate the new strings in l10n/bundle.l10n.zh-cn.json');
    assert.deepEqual(fresh, bundle);
  });
});

/** @vscode/l10n-dev's export (the tool `npm run l10n` runs) of `paths`, into a temp folder. */
function exportStrings(paths: string[]): Record<string, string> {
  const out = mkdtempSync(join(tmpdir(), 'sse-l10n-'));
  try {
    execFileSync(process.execPath, [join(ROOT, 'node_modules', '@vscode', 'l10n-dev', 'dist', 'cli.js'), 'export', '--outDir', out, ...paths], { cwd: ROOT, stdio: 'pipe' });
    const file = readdirSync(out).find((f) => f === 'bundle.l10n.json');
    return file ? (JSON.parse(readFileSync(join(out, file), 'utf8')) as Record<string, string>) : {};
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
