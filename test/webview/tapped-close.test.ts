// A tapped stream's close in the panel: the program, not the inspector, decides whether it
// asks again, so neither the reconnection log nor the detail pane may say "reconnect is off"
// or "will reconnect: false" — even before the program's first reconnect (when no reconnect
// record says yet that the program is the one reconnecting); nor may the heartbeat tab say
// that its idle timeout closes it with reconnect off. The session is built by the
// real core: a PassiveSource fed the way a tap feeds it, recorded by a Session.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ManualClock } from '../../src/core/base/clock';
import type { RequestSummary } from '../../src/core/base/records';
import { PassiveSource } from '../../src/core/passive/passive-source';
import { Session } from '../../src/core/session';
import type { SessionSnapshot } from '../../src/core/snapshot';
import { feedSession } from '../../src/core/stream/record-source';
import { PROTOCOL_VERSION, type ContextMessage } from '../../src/protocol';
import { usePanel } from './support/fixture';
import { PanelPage } from './support/panel';
import { repoRoot } from './support/server';

/** One response of a program's stream, ended by the server (unless `live`); the program has not asked again (yet). */
function endedOnce(live = false): SessionSnapshot {
  const clock = new ManualClock(new Date(2025, 2, 14, 10, 30, 0, 0).getTime());
  const source = new PassiveSource({ clock });
  const session = new Session({ id: 'tap-2', label: 'GET /events · Tap 127.0.0.1:7001 → localhost:3000', policy: 'none', heartbeat: { heartbeatEvents: ['heartbeat'], idleTimeoutMs: 45_000 }, clock });
  const feed = feedSession(source, session);
  const request: RequestSummary = { method: 'GET', url: 'http://localhost:3000/events', headers: [['Accept', 'text/event-stream']], bodyBytes: 0, authKind: 'none' };
  source.beginResponse({ request, status: 200, statusText: 'OK', headers: [['content-type', 'text/event-stream']] });
  clock.advance(100);
  source.chunk(Buffer.from('id: 1\ndata: {"n":1}\n\n'));
  clock.advance(100);
  if (!live) source.endResponse('server-closed');
  const snap = session.snapshot();
  feed.dispose();
  source.dispose();
  return snap;
}

describe('webview: the close of a tapped stream', () => {
  const fx = usePanel();

  // As the host sends it for a tapped stream (the reconnection log's words do not depend on it).
  const tapped: ContextMessage = { type: 'context', mode: 'live', breakpoints: [], tapped: true };

  it('the reconnection log says no request came from the program since, not that reconnect is off', async () => {
    await fx.panel.post(tapped);
    await fx.panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot: endedOnce() });
    await fx.panel.selectTab('Reconnections');
    assert.equal(await fx.panel.page.locator('.col-stop').innerText(), 'No request from the program since: The server ended the response.');
    assert.doesNotMatch(await fx.panel.page.locator('.reconnects').innerText(), /reconnect is off/);
  });

  it("the detail pane of the close says the program decides whether to reconnect", async () => {
    await fx.panel.post(tapped);
    await fx.panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot: endedOnce() });
    await fx.panel.page.locator('.timeline-spacer .row', { hasText: 'The server ended the response' }).click();
    const fields = await fx.panel.page.locator('.detail dl.fields').evaluate((dl) => {
      const out: Record<string, string> = {};
      for (const dt of dl.querySelectorAll('dt')) out[dt.textContent ?? ''] = dt.nextElementSibling?.textContent ?? '';
      return out;
    });
    assert.equal(fields['Will reconnect'], 'the program decides');
  });

  it('the heartbeat tab of a live tapped stream does not say that its idle timeout closes it with reconnect off', async () => {
    await fx.panel.post(tapped);
    await fx.panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot: endedOnce(true) });
    await fx.panel.selectTab('Heartbeat');
    assert.equal(await fx.panel.page.locator('.card-idle .card-sub').innerText(), 'silence after which the stream is shown as dead (the program decides whether to reconnect)');
  });

  describe('screenshots', () => {
    const outDir = join(repoRoot(), 'test-results');
    before(() => mkdirSync(outDir, { recursive: true }));
    for (const theme of ['dark', 'light'] as const) {
      it(`a tapped stream's close in the log and the detail pane: test-results/webview-${theme}-tapped-close.png`, async () => {
        const panel = await PanelPage.open(fx.browser, fx.server, { theme, viewport: { width: 1280, height: 800 } });
        try {
          await panel.post(tapped);
          await panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot: endedOnce() });
          await panel.page.locator('.timeline-spacer .row', { hasText: 'The server ended the response' }).click();
          await panel.page.evaluate(() => document.fonts.ready.then(() => undefined));
          await panel.settle();
          await panel.page.screenshot({ path: join(outDir, `webview-${theme}-tapped-close-detail.png`) });
          await panel.selectTab('Reconnections');
          await panel.settle();
          await panel.page.screenshot({ path: join(outDir, `webview-${theme}-tapped-close.png`) });
          await panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot: endedOnce(true) });
          await panel.selectTab('Heartbeat');
          await panel.settle();
          await panel.page.screenshot({ path: join(outDir, `webview-${theme}-tapped-heartbeat.png`) });
          assert.deepEqual(panel.errors, []);
        } finally {
          await panel.close();
        }
      });
    }
  });
});
