// Text contrast in VS Code's Light Modern, Dark Modern and Dark High Contrast themes: every
// visible piece of text of a populated panel (header status, badges, tabs, filter chips,
// timeline rows, the selected row, the detail pane's coloured JSON, the heartbeat chart's
// labels, the reconnection log's "continued" badge, the problems) measures at least 4.5:1 (WCAG AA) against the background it is really drawn on,
// computed from the browser's computed styles.
import assert from 'node:assert/strict';
import { PROTOCOL_VERSION } from '../../src/protocol';
import { usePanel } from './support/fixture';
import { PanelPage } from './support/panel';
import { THEMES } from './support/server';
import { mixedSession } from './support/sessions';

interface Measured {
  text: string;
  where: string;
  fg: string;
  bg: string;
  ratio: number;
  need: number;
}

/** Runs in the page: contrast of each visible text element against its composited background. */
function measureAll(): { measured: Measured[]; unparsed: string[] } {
  type Rgba = [number, number, number, number];
  const unparsed: string[] = [];
  const parse = (css: string): Rgba | undefined => {
    let m = /^rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)$/.exec(css);
    if (m) return [Number(m[1]), Number(m[2]), Number(m[3]), m[4] === undefined ? 1 : Number(m[4])];
    m = /^color\(srgb ([\d.e-]+) ([\d.e-]+) ([\d.e-]+)(?: \/ ([\d.e-]+))?\)$/.exec(css);
    if (m) return [Number(m[1]) * 255, Number(m[2]) * 255, Number(m[3]) * 255, m[4] === undefined ? 1 : Number(m[4])];
    unparsed.push(css);
    return undefined;
  };
  const over = (top: Rgba, under: Rgba): Rgba => {
    const a = top[3] + under[3] * (1 - top[3]);
    if (a === 0) return [0, 0, 0, 0];
    const mix = (i: number): number => (top[i]! * top[3] + under[i]! * under[3] * (1 - top[3])) / a;
    return [mix(0), mix(1), mix(2), a];
  };
  const luminance = (c: Rgba): number => {
    const lin = (v: number): number => {
      const s = v / 255;
      return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * lin(c[0]) + 0.7152 * lin(c[1]) + 0.0722 * lin(c[2]);
  };
  const background = (el: Element): Rgba => {
    const layers: Rgba[] = [];
    for (let node: Element | null = el; node; node = node.parentElement) {
      const bg = parse(getComputedStyle(node).backgroundColor);
      if (bg && bg[3] > 0) layers.push(bg);
      if (bg && bg[3] >= 1) break;
    }
    let out: Rgba = [255, 255, 255, 1]; // the canvas below everything
    for (let i = layers.length - 1; i >= 0; i--) out = over(layers[i]!, out);
    return out;
  };
  const opacity = (el: Element): number => {
    let o = 1;
    for (let node: Element | null = el; node; node = node.parentElement) o *= Number(getComputedStyle(node).opacity);
    return o;
  };
  const describe = (el: Element): string => {
    const parts: string[] = [];
    for (let node: Element | null = el; node && parts.length < 3; node = node.parentElement) parts.unshift(`${node.tagName.toLowerCase()}${node.classList.length ? `.${[...node.classList].join('.')}` : ''}`);
    return parts.join(' > ');
  };
  const measured: Measured[] = [];
  for (const el of document.querySelectorAll('body *')) {
    if (el.closest('.codicon, [hidden], [aria-hidden="true"] .codicon, :disabled, [aria-disabled="true"]')) continue;
    const own = [...el.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent ?? '').join('').trim();
    if (!own) continue;
    const style = getComputedStyle(el);
    if (style.visibility !== 'visible' || style.display === 'none') continue;
    const box = el.getBoundingClientRect();
    if (box.width < 1 || box.height < 1 || box.bottom < 0 || box.top > innerHeight || box.right < 0 || box.left > innerWidth) continue;
    const isSvg = el instanceof SVGElement;
    const fgRaw = parse(isSvg ? style.fill : style.color);
    if (!fgRaw) continue;
    const bg = background(isSvg ? el.closest('svg')!.parentElement! : el);
    const fg = over([fgRaw[0], fgRaw[1], fgRaw[2], fgRaw[3] * opacity(el)], bg);
    const [hi, lo] = [luminance(fg), luminance(bg)].sort((a, b) => b - a) as [number, number];
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
    measured.push({
      text: own.slice(0, 40),
      where: describe(el),
      fg: fg.slice(0, 3).map(Math.round).join(','),
      bg: bg.slice(0, 3).map(Math.round).join(','),
      ratio: Math.round(((hi + 0.05) / (lo + 0.05)) * 100) / 100,
      need: large ? 3 : 4.5,
    });
  }
  return { measured, unparsed };
}

describe('webview: text contrast in light, dark and high-contrast themes (WCAG AA)', () => {
  const fx = usePanel({ open: false });

  for (const theme of THEMES) {
    it(`every visible text reaches 4.5:1 in the ${theme} theme`, async () => {
      const panel = await PanelPage.open(fx.browser, fx.server, { theme, viewport: { width: 1280, height: 800 } });
      try {
        await panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot: mixedSession() });
        await panel.page.evaluate(() => document.fonts.ready.then(() => undefined));
        // The selected, focused row and the detail pane with coloured JSON are part of it.
        await panel.page.locator('.timeline-spacer .row', { hasText: 'Is the stream back?' }).click();
        await panel.settle();
        const timeline = await panel.page.evaluate(measureAll);
        await panel.selectTab('Heartbeat');
        await panel.page.locator('.hb-svg .axis-label').first().waitFor();
        await panel.settle();
        const heartbeat = await panel.page.evaluate(measureAll);
        // The reconnection log with a resume that continued (the pale badge of old).
        const resumed = mixedSession();
        for (const r of resumed.continuity?.resumes ?? []) r.outcome = 'continued';
        await panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot: resumed });
        await panel.selectTab('Reconnections');
        await panel.settle();
        const reconnects = await panel.page.evaluate(measureAll);
        await panel.selectTab('Problems');
        await panel.settle();
        const problems = await panel.page.evaluate(measureAll);

        const tabs = [timeline, heartbeat, reconnects, problems];
        const all = tabs.flatMap((t) => t.measured);
        assert.deepEqual(tabs.flatMap((t) => t.unparsed), [], 'colours the test could not read');
        assert.ok(all.some((m) => m.where.includes('resume-continued')), 'the "continued" badge was measured');
        assert.ok(all.some((m) => /200 OK/.test(m.text)), 'the header status was measured');
        assert.ok(all.some((m) => m.where.includes('json-key')), 'the coloured JSON was measured');
        assert.ok(all.some((m) => m.where.includes('type-name')), 'the timeline rows were measured');
        assert.ok(all.some((m) => m.where.includes('axis-label')), 'the chart labels were measured');
        const low = all.filter((m) => m.ratio < m.need);
        assert.deepEqual(low.map((m) => `${m.ratio}:1 "${m.text}" ${m.fg} on ${m.bg} (${m.where})`), [], `text below AA in the ${theme} theme`);
        assert.deepEqual(panel.errors, []);
      } finally {
        await panel.close();
      }
    });
  }
});
