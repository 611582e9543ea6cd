// A bar chart of the recent gaps between beats, with the expected cadence as a dashed
// line on one of the axis' round ticks: late beats stand out at a glance. Inline SVG built with createElementNS, drawn at
// the container's pixel width so text keeps its size whatever the panel's width.
import type { HeartbeatState } from '../src/protocol';
import { axisTicks, tickLabel } from './chart-ticks';
import { svg } from './dom';
import * as l10n from '@vscode/l10n';
import { formatDuration } from './format';

export const CHART_HEIGHT = 220;
const PAD_LEFT = 60;
const PAD_RIGHT = 12;
const PAD_TOP = 14;
const PAD_BOTTOM = 18;
/** Bars never get wider than this, so a handful of gaps does not look like a histogram of blocks. */
const MAX_SLOT = 56;

export function heartbeatChart(hb: HeartbeatState, width: number): SVGSVGElement {
  const gaps = hb.recentGaps;
  const expected = hb.expectedIntervalMs;
  const { ticks, top } = axisTicks(Math.max(...gaps, expected !== undefined ? expected * 1.6 : 0, 1), expected);
  const plotW = width - PAD_LEFT - PAD_RIGHT;
  const plotH = CHART_HEIGHT - PAD_TOP - PAD_BOTTOM;
  const y = (ms: number): number => PAD_TOP + plotH - (ms / top) * plotH;

  const chart = svg('svg', {
    class: 'hb-svg',
    width,
    height: CHART_HEIGHT,
    viewBox: `0 0 ${width} ${CHART_HEIGHT}`,
    role: 'img',
    'aria-label': l10n.t('Gaps between the last {0} beats', gaps.length),
  });
  for (const tick of ticks) {
    if (tick > 0 && tick !== expected) chart.append(svg('line', { class: 'grid', x1: PAD_LEFT, y1: y(tick), x2: width - PAD_RIGHT, y2: y(tick) }));
    chart.append(axisLabel(tickLabel(tick), y(tick), tick === expected));
  }
  chart.append(svg('line', { class: 'axis', x1: PAD_LEFT, y1: y(0), x2: width - PAD_RIGHT, y2: y(0) }));
  const slot = Math.min(MAX_SLOT, plotW / Math.max(gaps.length, 1));
  const barW = Math.max(2, slot * 0.7);
  gaps.forEach((gap, i) => {
    const late = expected !== undefined && gap > 1.5 * expected;
    const dead = hb.idleTimeoutMs > 0 && gap > hb.idleTimeoutMs;
    const bar = svg('rect', {
      class: `bar${dead ? ' bar-dead' : late ? ' bar-late' : ''}`,
      x: PAD_LEFT + i * slot + (slot - barW) / 2,
      y: y(gap),
      width: barW,
      height: Math.max(1, y(0) - y(gap)),
    });
    const title = svg('title');
    title.textContent = dead ? l10n.t('gap {0} (longer than the idle timeout)', formatDuration(gap)) : late ? l10n.t('gap {0} (late)', formatDuration(gap)) : l10n.t('gap {0}', formatDuration(gap));
    bar.appendChild(title);
    chart.appendChild(bar);
  });
  if (expected !== undefined) {
    chart.append(svg('line', { class: 'expected', x1: PAD_LEFT, y1: y(expected), x2: width - PAD_RIGHT, y2: y(expected) }));
    const label = svg('text', { class: 'expected-label', x: width - PAD_RIGHT - 4, y: y(expected) - 5, 'text-anchor': 'end' });
    label.textContent = l10n.t('expected {0}', formatDuration(expected));
    chart.appendChild(label);
  }
  return chart;
}

function axisLabel(text: string, atY: number, expected: boolean): SVGTextElement {
  const label = svg('text', { class: expected ? 'axis-label axis-label-expected' : 'axis-label', x: PAD_LEFT - 8, y: atY + 4, 'text-anchor': 'end' });
  label.textContent = text;
  return label;
}
