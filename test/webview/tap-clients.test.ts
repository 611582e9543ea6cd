// Clients this suite has and the unit suite may not (the setup step installs chromium and
// curl before it runs): Chromium's own EventSource on a page, and `curl -N`, each behind the
// proxy tap with faults applied, and judged. What each is known to do:
//  - Chromium's EventSource: honours the server's retry:, sends Last-Event-ID, reconnects
//    after the response ends, stops for good after a 204 (and after any other non-200);
//  - curl -N: prints the stream and exits when it ends; it never reconnects.
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { runClient, startJudgedTap, startTickServer, waitFor, type JudgedTap, type RunningClient, type TickServer } from '../support/judged-tap';
import { launchBrowser } from './support/panel';

const TOLERANCE_MS = 500;

/** A page that opens an EventSource on the tap, as a web app would, and keeps what it saw. */
const PAGE = `<!doctype html><meta charset="utf-8"><title>EventSource behind the tap</title>
<script>
  window.seen = [];
  const es = new EventSource('/events');
  es.onopen = () => window.seen.push('open');
  es.onerror = () => window.seen.push('error:' + es.readyState);
  es.addEventListener('heartbeat', (e) => window.seen.push('event:' + e.lastEventId));
</script>`;

describe('judged clients behind the proxy tap: Chromium and curl', function () {
  this.timeout(60_000);
  let browser: Browser | undefined;
  let upstream: TickServer | undefined;
  let tap: JudgedTap | undefined;
  let page: Page | undefined;
  let client: RunningClient | undefined;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });
  afterEach(async () => {
    await page?.context().close();
    await client?.stop();
    await tap?.stop();
    await upstream?.close();
    page = client = tap = upstream = undefined;
  });

  async function openPage(): Promise<Page> {
    const context = await browser!.newContext();
    page = await context.newPage();
    // The page itself comes through the tap too (not an event stream: passed on untouched).
    await page.goto(`${tap!.proxy.url}/page`);
    return page;
  }

  it("Chromium's EventSource: honours retry:, resumes from the last id, stops after a 204", async () => {
    upstream = await startTickServer({ everyMs: 100, retryMs: 800, page: PAGE });
    tap = await startJudgedTap(upstream.url, { policy: { fixedMs: 3000 }, toleranceMs: TOLERANCE_MS });
    const p = await openPage();
    const s = await tap.stream();
    const faults = tap.proxy.faults;

    await tap.waitForRecords('event', 3);
    faults.apply(s.source, { kind: 'end' });
    let v = await tap.waitForVerdicts(1);
    assert.equal(v[0]!.level, 'pass', v[0]!.text);
    assert.match(v[0]!.text, /as the server's retry: 800 ms asks/);
    assert.match(v[0]!.text, /resumed exactly: sent Last-Event-ID "\d+", the last id it was given/);
    // What the upstream saw: the id the page had when the stream ended.
    assert.match(String(upstream.lastEventIds[1]), /^\d+$/);

    await tap.waitForRecords('open', 2);
    faults.apply(s.source, { kind: 'refuse', status: 204, count: 1 });
    faults.apply(s.source, { kind: 'end', reset: true });
    v = await tap.waitForVerdicts(3);
    assert.equal(v[1]!.level, 'pass', v[1]!.text);
    assert.equal(v[2]!.scope, 'stop');
    assert.equal(v[2]!.level, 'pass', v[2]!.text);
    assert.match(v[2]!.text, /stopped after HTTP 204: no further request within 5 s/);
    // The page's EventSource is CLOSED (readyState 2).
    assert.equal(await p.evaluate(() => (window as unknown as { seen: string[] }).seen.at(-1)), 'error:2');
  });

  it("Chromium's EventSource gives up after a 503: no reconnect, against a policy that expects one", async () => {
    upstream = await startTickServer({ everyMs: 100, retryMs: 800, page: PAGE });
    tap = await startJudgedTap(upstream.url, { policy: { fixedMs: 3000 }, toleranceMs: TOLERANCE_MS });
    await openPage();
    const s = await tap.stream();
    await tap.waitForRecords('event', 2);
    tap.proxy.faults.apply(s.source, { kind: 'refuse', status: 503, count: 1, retryAfterSec: 1 });
    tap.proxy.faults.apply(s.source, { kind: 'end', reset: true });
    const v = await tap.waitForVerdicts(2);
    assert.equal(v[1]!.scope, 'stop');
    assert.equal(v[1]!.level, 'fail');
    assert.match(v[1]!.text, /did not reconnect after HTTP 503: no further request within 5 s/);
  });

  it('curl -N: gets the stream through the tap, and does not reconnect when it ends', async () => {
    upstream = await startTickServer({ everyMs: 100 });
    tap = await startJudgedTap(upstream.url, { policy: 'linear', toleranceMs: TOLERANCE_MS });
    client = runClient('curl', ['-N', '-s', '-H', 'Accept: text/event-stream', `${tap.proxy.url}/events`]);
    const s = await tap.stream();
    await tap.waitForRecords('event', 3);
    tap.proxy.faults.apply(s.source, { kind: 'end' });
    const [v] = await tap.waitForVerdicts(1);
    assert.equal(v!.scope, 'stop');
    assert.equal(v!.level, 'fail');
    assert.match(v!.text, /did not reconnect after the response ended: no further request within 5 s/);
    // curl printed what it got, and exited when the response ended.
    await waitFor(() => client!.child.exitCode !== null, 5000, 'curl to exit');
    assert.equal(client.child.exitCode, 0);
    assert.ok(client.lines.some((l) => /^id: \d+$/.test(l)), 'curl printed the events');
  });
});
