// A stream the debug tap recorded, in the panel: the records come from the real passive
// source fed as the Node tap feeds it (a program's POST-less GET, its reconnect with
// Last-Event-ID, a debugger pause, the events it got late in a burst after Continue).
// Screenshots in the dark and light themes for review (test-results/, git-ignored).
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ManualClock } from '../../src/core/base/clock';
import type { SessionSnapshot } from '../../src/core/snapshot';
import { TapInspector } from '../../src/core/tap-inspector';
import { PROTOCOL_VERSION } from '../../src/protocol';
import { usePanel } from './support/fixture';
import { PanelPage } from './support/panel';
import { repoRoot } from './support/server';

const URL = 'http://127.0.0.1:8787/resume?count=9';
const SSE = [['content-type', 'text/event-stream']] as Array<[string, string]>;

/** What the tap of a program that reconnects once and is paused at a breakpoint once records. */
async function tappedSession(): Promise<SessionSnapshot> {
  const clock = new ManualClock(new Date(2025, 2, 14, 10, 30, 0, 0).getTime());
  const tap = new TapInspector({ label: '127.0.0.1:8787', clock });
  const bytes = (text: string) => new TextEncoder().encode(text);
  const tick = (id: number) => bytes(`event: tick\nid: ${id}\ndata: {"n":${id}}\n\n`);
  const request = (lastEventId?: string) => ({ method: 'GET', url: URL, headers: [['accept', 'text/event-stream'], ['authorization', 'Bearer sk-live-123'], ...(lastEventId ? [['last-event-id', lastEventId]] : [])] as Array<[string, string]>, bodyBytes: 0, authKind: 'bearer' as const });
  tap.source.beginResponse({ request: request(), status: 200, statusText: 'OK', headers: SSE, latencyMs: 4 });
  for (let id = 1; id <= 3; id++) {
    clock.advance(100);
    tap.source.chunk(tick(id));
  }
  clock.advance(50);
  tap.source.endResponse('server-closed');
  clock.advance(250);
  tap.source.beginResponse({ request: request('3'), status: 200, statusText: 'OK', headers: SSE, lastEventIdSent: '3', latencyMs: 3 });
  clock.advance(100);
  tap.source.chunk(tick(4));
  tap.source.mark('debug-pause', 'Paused: debugger statement (thread 1)');
  clock.advance(1500);
  tap.source.mark('debug-continue', 'Continued (thread 1)');
  tap.source.chunk(new Uint8Array([...tick(5), ...tick(6), ...tick(7)]), 1480);
  for (let id = 8; id <= 9; id++) {
    clock.advance(100);
    tap.source.chunk(tick(id));
  }
  const snapshot = tap.session.snapshot();
  await tap.dispose();
  return snapshot;
}

describe('webview: a tapped stream (screenshots, dark and light)', () => {
  const fx = usePanel({ open: false });
  const outDir = join(repoRoot(), 'test-results');
  before(() => mkdirSync(outDir, { recursive: true }));

  for (const theme of ['dark', 'light'] as const) {
    it(`held events after a pause, the program's reconnect: test-results/webview-tapped-${theme}.png`, async () => {
      const snapshot = await tappedSession();
      assert.ok(!JSON.stringify(snapshot).includes('sk-live-123'), 'the token is redacted');
      const panel = await PanelPage.open(fx.browser, fx.server, { theme, viewport: { width: 1280, height: 800 } });
      try {
        await panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot });
        await panel.page.evaluate(() => document.fonts.ready.then(() => undefined));
        await panel.page.locator('.timeline-spacer .row', { hasText: '{"n":6}' }).click();
        assert.equal(await panel.page.locator('.timeline-spacer .row.held').count(), 3);
        // The reconnection log names the program as the one that reconnected, not a policy of ours.
        assert.match((await panel.page.locator('.log-summary').textContent()) ?? '', /^1 reconnects by the program$/);
        assert.match(await panel.page.locator('.detail-note').first().innerText(), /^Held up to 1\.5 s: this arrived while the program was paused/);
        await panel.settle();
        await panel.page.screenshot({ path: join(outDir, `webview-tapped-${theme}.png`) });
      } finally {
        await panel.close();
      }
    });
  }
});
