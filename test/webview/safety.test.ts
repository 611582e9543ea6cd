// Untrusted stream content never becomes markup, and the page runs under a CSP that lets
// only the nonce'd bundle execute. The policy under test is the one panelHtml() ships.
import assert from 'node:assert/strict';
import type { SseRecord } from '../../src/core/base/records';
import { panelCsp } from '../../src/panel/html';
import { PROTOCOL_VERSION } from '../../src/protocol';
import { usePanel } from './support/fixture';
import { type TestWindow } from './support/panel';
import { continuityOf, heartbeatOf, RecordFactory, snapshotOf } from './support/records';

const IMG = '<img src=x onerror="window.__pwned=1">';
const SCRIPT = '<script>window.__pwned=1</script>';
const EVIL = `${IMG}${SCRIPT}`;

function hostileSession(): ReturnType<typeof snapshotOf> {
  const request = { method: 'GET', url: `http://127.0.0.1/events?q=${EVIL}`, headers: [[EVIL, EVIL]] as Array<[string, string]>, bodyBytes: 0, authKind: 'none' as const };
  const f = new RecordFactory(undefined, request);
  const records: SseRecord[] = [
    f.open({ headers: [[`x-evil-${IMG}`, SCRIPT], ['content-type', 'text/event-stream']] }),
    f.event(EVIL, EVIL, { id: EVIL }),
    f.event('message', JSON.stringify({ html: EVIL })),
    f.comment(EVIL),
    f.error('http-status', EVIL, { status: 500, body: EVIL, response: { statusText: EVIL, contentType: EVIL, headers: [[`x-evil-${IMG}`, SCRIPT]] } }),
    f.reconnect({ retryNumber: 1, delayMs: 10, reason: 'error', source: 'policy', detail: EVIL, lastEventId: EVIL }),
    f.marker(EVIL),
  ];
  return snapshotOf(records, {
    label: EVIL,
    lastEventId: EVIL,
    heartbeat: heartbeatOf({ heartbeatEvents: [EVIL] }),
    messages: [{ id: EVIL, format: 'content', text: EVIL, chunks: 1, done: false, firstSeq: 2, lastSeq: 2 }],
  });
}

describe('webview: safety', () => {
  // Errors and CSP reports are what these tests provoke: each test checks them itself.
  const fx = usePanel({ clean: 'nothing' });

  async function assertNotInjected(): Promise<void> {
    // Give any injected handler (img onerror) time to fire.
    await fx.panel.page.waitForTimeout(300);
    const state = await fx.panel.page.evaluate(() => ({
      pwned: (window as unknown as TestWindow).__pwned,
      images: document.querySelectorAll('img').length,
      scripts: document.querySelectorAll('script').length,
      appScripts: document.querySelectorAll('#app script, #app img, #app iframe, #app object').length,
    }));
    assert.equal(state.pwned, undefined, 'no injected code ran');
    assert.equal(state.images, 0, 'no <img> element appeared');
    assert.equal(state.scripts, 1, 'only the panel bundle is a <script>');
    assert.equal(state.appScripts, 0);
  }

  it('renders event data, names, ids, headers and labels containing markup as literal text', async () => {
    await fx.panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot: hostileSession() });
    await fx.panel.post({ type: 'notice', level: 'error', text: EVIL });

    // Timeline rows, header (label, URL, response headers), notice.
    assert.ok((await fx.panel.rowTexts('type')).includes(EVIL));
    assert.ok((await fx.panel.rowTexts('id')).includes(EVIL));
    assert.ok((await fx.panel.rowTexts('data')).includes(EVIL));
    assert.ok((await fx.panel.rowTexts('data')).includes(`: ${EVIL}`));
    assert.equal(await fx.panel.page.locator('.session-label').textContent(), EVIL);
    assert.equal(await fx.panel.page.locator('.url').textContent(), `http://127.0.0.1/events?q=${EVIL}`);
    assert.equal(await fx.panel.page.locator('.stat-last-event-id .stat-value').textContent(), EVIL);
    assert.equal(await fx.panel.page.locator('.stat-status .stat-value').textContent(), `500 ${EVIL}`);
    assert.equal(await fx.panel.page.locator('.stat-content-type .stat-value').textContent(), EVIL);
    await fx.panel.page.locator('.response-headers summary').click();
    assert.match((await fx.panel.page.locator('.response-headers dl').textContent())!, new RegExp(`x-evil-${IMG.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    assert.equal(await fx.panel.page.locator('.notice-text').textContent(), EVIL);
    assert.ok((await fx.panel.page.locator('.type-chips').textContent())!.includes(EVIL));

    // Detail pane of every record, including pretty-printed JSON that contains markup.
    const rows = fx.panel.page.locator('.timeline-spacer .row');
    for (let i = 0; i < (await rows.count()); i++) {
      await rows.nth(i).click();
      assert.ok(await fx.panel.page.locator('.detail').isVisible());
    }
    await rows.filter({ hasText: '"html"' }).click();
    assert.match((await fx.panel.page.locator('.detail-data').textContent())!, /"html": "<img src=x onerror=\\"window.__pwned=1\\"><script>/);

    // Other tabs.
    await fx.panel.selectTab('Heartbeat');
    assert.ok((await fx.panel.page.locator('.callout').textContent())!.includes(EVIL));
    await fx.panel.selectTab('Reconnections');
    assert.equal(await fx.panel.page.locator('.log-table .col-detail').textContent(), EVIL);
    assert.equal(await fx.panel.page.locator('.log-table .col-last-id').textContent(), EVIL);
    await fx.panel.selectTab('Messages');
    assert.equal(await fx.panel.page.locator('.message-text').textContent(), EVIL);
    assert.equal(await fx.panel.page.locator('.message-id').textContent(), EVIL);

    await assertNotInjected();
    assert.deepEqual(await fx.panel.violations(), [], 'rendering caused no CSP violation');
    assert.deepEqual(fx.panel.errors, []);
  });

  it('renders host-supplied context, pause reasons, problems and breakpoints containing markup as literal text', async () => {
    const snapshot = hostileSession();
    const event = snapshot.records.find((r) => r.kind === 'event')!;
    snapshot.diagnostics = [{ code: 'not-json', severity: 'warning', message: EVIL, count: 2, firstSeq: event.seq, firstAt: event.t, lastAt: event.t }];
    snapshot.continuity = continuityOf({
      numericIds: false,
      eventsWithIds: 1,
      duplicates: 1,
      issues: [{ kind: 'duplicate', seq: event.seq, attempt: 1, id: EVIL, acrossReconnect: false }],
    });
    await fx.panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot });
    await fx.panel.post({ type: 'context', mode: 'recording', source: EVIL, replayUrl: EVIL, breakpoints: [{ id: EVIL, eventType: EVIL, text: EVIL, jsonPath: EVIL, equals: EVIL }] });
    await fx.panel.post({ type: 'paused', seq: event.seq, reason: EVIL, breakpointId: EVIL, debuggerPaused: true });

    assert.equal(await fx.panel.page.locator('.recording-badge').textContent(), `Recording: ${EVIL}`);
    assert.equal(await fx.panel.page.locator('.replay-url').textContent(), EVIL);
    assert.equal(await fx.panel.page.locator('.pause-text').textContent(), `Paused at event #${event.seq}: ${EVIL}`);
    assert.equal(await fx.panel.page.locator('.row-badge:not([hidden])').getAttribute('title'), `Id ${EVIL} received again`);
    await fx.panel.page.getByRole('button', { name: /Event breakpoints/ }).click();
    assert.equal(await fx.panel.page.locator('.bp-text').textContent(), `type is "${EVIL}" and data contains "${EVIL}" and ${EVIL} = ${EVIL}`);
    await fx.panel.page.keyboard.press('Escape');
    await fx.panel.selectTab('Problems');
    assert.equal(await fx.panel.page.locator('.problem-message').first().textContent(), EVIL);
    assert.equal(await fx.panel.page.locator('.problem-message').nth(1).textContent(), `Id ${EVIL} received again`);

    await assertNotInjected();
    assert.deepEqual(await fx.panel.violations(), []);
    assert.deepEqual(fx.panel.errors, []);
  });

  it('the page carries the CSP panelHtml builds, with a nonce on the only script', async () => {
    const csp = await fx.panel.page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    const nonce = fx.server.nonces.at(-1)!;
    assert.equal(csp, panelCsp(fx.server.origin, nonce));
    assert.doesNotMatch(csp!, /unsafe-inline|unsafe-eval|\*/);
    assert.equal(await fx.panel.page.locator('script').count(), 1);
    assert.equal(await fx.panel.page.locator('script').evaluate((s) => (s as HTMLScriptElement).nonce), nonce);
    // The bundle ran (it posted `ready`): the nonce lets it through.
    assert.equal((await fx.panel.posted())[0]?.type, 'ready');
  });

  it('the CSP blocks scripts, handlers and styles injected without the nonce', async () => {
    await fx.panel.post({ type: 'snapshot', version: PROTOCOL_VERSION, snapshot: hostileSession() });
    const outcome = await fx.panel.page.evaluate(async () => {
      const w = window as unknown as TestWindow & { __cspRan?: number };
      const script = document.createElement('script');
      script.textContent = 'window.__cspRan = 1';
      document.body.appendChild(script);
      const img = document.createElement('img');
      img.setAttribute('onerror', 'window.__pwned = 1');
      img.src = 'data:image/png;base64,broken';
      document.body.appendChild(img);
      const styled = document.createElement('div');
      styled.setAttribute('style', 'color: red');
      document.body.appendChild(styled);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const result = { ran: w.__cspRan, pwned: w.__pwned, color: getComputedStyle(styled).color };
      script.remove();
      img.remove();
      styled.remove();
      return result;
    });
    assert.equal(outcome.ran, undefined, 'inline <script> without nonce did not run');
    assert.equal(outcome.pwned, undefined, 'inline event handler did not run');
    assert.notEqual(outcome.color, 'rgb(255, 0, 0)', 'inline style attribute was not applied');
    const directives = (await fx.panel.violations()).map((v) => v.directive).sort();
    assert.deepEqual(directives, ['script-src-attr', 'script-src-elem', 'style-src-attr']);
    assert.ok(fx.panel.errors.some((e) => /Content Security Policy/.test(e)), 'Chromium reported the CSP violations');
  });
});
