// panelHtml() and makeNonce() on their own: the page the extension host serves.
import assert from 'node:assert/strict';
import { escapeHtml, makeNonce, panelCsp, panelHtml } from '../../src/panel/html';

describe('webview: panel HTML (pure)', () => {
  const options = {
    cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
    nonce: 'abc123+/=',
    scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/out/webview/main.js',
    styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/out/webview/style.css',
    codiconUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/node_modules/@vscode/codicons/dist/codicon.css',
    title: 'SSE: <b>"prod" & \'co\'</b>',
  };

  it('sets the strict CSP: nothing inline, nothing but cspSource, scripts by nonce only', () => {
    assert.equal(
      panelCsp(options.cspSource, options.nonce),
      "default-src 'none'; img-src https://file+.vscode-resource.vscode-cdn.net data:; style-src https://file+.vscode-resource.vscode-cdn.net; font-src https://file+.vscode-resource.vscode-cdn.net; script-src 'nonce-abc123+/=';",
    );
    const html = panelHtml(options);
    assert.ok(html.includes(`<meta http-equiv="Content-Security-Policy" content="${escapeHtml(panelCsp(options.cspSource, options.nonce))}">`));
    assert.doesNotMatch(html, /unsafe-inline|unsafe-eval/);
  });

  it('links codicons and the panel stylesheet, loads one nonce-d script, and has one root element', () => {
    const html = panelHtml(options);
    assert.ok(html.includes(`<link rel="stylesheet" href="${options.codiconUri}">`));
    assert.ok(html.includes(`<link rel="stylesheet" href="${options.styleUri}">`));
    assert.equal(html.match(/<script/g)?.length, 1);
    assert.ok(html.includes(`<script nonce="abc123+/=" src="${options.scriptUri}"></script>`));
    assert.equal(html.match(/id="app"/g)?.length, 1);
    assert.doesNotMatch(html, /style="/);
    assert.equal(panelHtml({ ...options, extraStyleUris: ['https://x/theme.css'] }).match(/rel="stylesheet"/g)?.length, 3);
  });

  it('escapes the title and attribute values', () => {
    const html = panelHtml({ ...options, scriptUri: 'https://x/"><script>alert(1)</script>' });
    assert.ok(html.includes('<title>SSE: &lt;b&gt;&quot;prod&quot; &amp; &#39;co&#39;&lt;/b&gt;</title>'));
    assert.ok(html.includes('src="https://x/&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"'));
    assert.equal(html.match(/<script/g)?.length, 1);
  });

  it('carries the display language and the translations as data in a <meta>, escaped, never as markup or a second script', () => {
    const strings = { Timeline: '时间线', '</title><script>alert(1)</script>': '"><img src=x onerror=alert(1)>' };
    const html = panelHtml({ ...options, lang: 'zh-cn', strings });
    assert.match(html, /^<!DOCTYPE html>\n<html lang="zh-cn">/);
    assert.equal(html.match(/<script/g)?.length, 1);
    assert.doesNotMatch(html, /<img/);
    const meta = /<meta name="sse-l10n" content="([^"]*)">/.exec(html);
    assert.ok(meta, 'the sse-l10n meta');
    const unescaped = meta[1]!.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    assert.deepEqual(JSON.parse(unescaped), { lang: 'zh-cn', strings });
    // Without a language the page is English with no translations.
    assert.match(panelHtml(options), /<html lang="en">[\s\S]*content="\{&quot;lang&quot;:&quot;en&quot;,&quot;strings&quot;:\{\}\}"/);
  });

  it('makes unique nonces of at least 128 random bits', () => {
    const nonces = new Set(Array.from({ length: 1000 }, () => makeNonce()));
    assert.equal(nonces.size, 1000);
    for (const n of nonces) {
      assert.match(n, /^[A-Za-z0-9+/]+={0,2}$/);
      assert.ok(Buffer.from(n, 'base64').length * 8 >= 128);
    }
  });
});
