// The EventSources a page already has when the debug tap attaches, asked of a real page in
// headless Chromium over CDP (playwright's CDP session stands in for js-debug's proxy: the
// same commands reach the same page). The integration test (browser-tap.test.ts) runs the
// same query through js-debug.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type CDPSession, type Page } from 'playwright-core';
import { EARLY_STREAMS_OBJECT_GROUP, openEventSources } from '../../../../src/core/passive/cdp-early-streams';
import type { CdpSend } from '../../../../src/core/passive/cdp-network';

const CHROMIUM_PATH = '/usr/bin/chromium';

/** /open: an event stream that stays open; /pending: never answers (the EventSource stays CONNECTING). */
function startServer(): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/page') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end('<!doctype html><title>page</title>');
    } else if (path === '/open') {
      res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store' });
      res.write('id: 1\ndata: first\n\n');
    } else if (path === '/pending') {
      // no answer
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () => {
          server.closeAllConnections();
          return new Promise<void>((r) => server.close(() => r()));
        },
      });
    }),
  );
}

describe('cdp-early-streams: the EventSources a page opened before the tap attached', function () {
  this.timeout(30_000);
  let browser: Browser;
  let server: Awaited<ReturnType<typeof startServer>>;
  let page: Page;
  let cdp: CDPSession;
  /** The CDP commands the query sent, with their answers. */
  let sent: Array<{ method: string; params: Record<string, unknown>; answer: Promise<unknown> }>;
  const send: CdpSend = (method, params) => {
    const answer = cdp.send(method as 'Runtime.evaluate', params as never) as Promise<unknown>;
    sent.push({ method, params, answer });
    return answer;
  };

  before(async () => {
    server = await startServer();
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'] });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });
  beforeEach(async () => {
    sent = [];
    page = await browser.newPage();
    await page.goto(`${server.url}/page`);
    cdp = await page.context().newCDPSession(page);
  });
  afterEach(async () => {
    await page.close();
  });

  it('finds the open and the connecting ones, not the closed one, by URL and readyState', async () => {
    // (Strings: the page's code runs in the page, whose types this Node project does not have.)
    await page.evaluate(`window.openOne = new EventSource('/open?n=1'); window.pendingOne = new EventSource('/pending'); window.closedOne = new EventSource('/open?n=2'); window.closedOne.close();`);
    await page.waitForFunction(`window.openOne.readyState === 1`);
    const found = await openEventSources(send);
    assert.deepEqual(
      found?.sort((a, b) => a.url.localeCompare(b.url)),
      [
        { url: `${server.url}/open?n=1`, readyState: 1 },
        { url: `${server.url}/pending`, readyState: 0 },
      ],
    );
  });

  it('finds one the page holds no reference to, and reads it even when the page replaced Array.prototype.push', async () => {
    await page.evaluate(`new EventSource('/open?n=3'); Array.prototype.push = () => { throw new Error('replaced by the page'); };`);
    const found = await openEventSources(send);
    assert.deepEqual(found?.map((e) => e.url), [`${server.url}/open?n=3`]);
    assert.ok(found[0]!.readyState === 0 || found[0]!.readyState === 1, 'CONNECTING or OPEN');
  });

  it('answers an empty list for a page without event streams', async () => {
    assert.deepEqual(await openEventSources(send), []);
  });

  it('releases everything it made in the page, in one object group', async () => {
    await page.evaluate(`void new EventSource('/open?n=4')`);
    assert.equal((await openEventSources(send))?.length, 1);
    const made = sent.filter((s) => s.method !== 'Runtime.releaseObjectGroup');
    assert.deepEqual(made.map((s) => s.method), ['Runtime.evaluate', 'Runtime.queryObjects', 'Runtime.callFunctionOn']);
    assert.ok(made.every((s) => s.params['objectGroup'] === EARLY_STREAMS_OBJECT_GROUP), 'every object is made in the group');
    assert.deepEqual(sent.at(-1)?.method, 'Runtime.releaseObjectGroup');
    assert.deepEqual(sent.at(-1)?.params, { objectGroup: EARLY_STREAMS_OBJECT_GROUP });
    // The array queryObjects made is gone (CDP answers commands in order, after the release).
    const array = (await made[1]!.answer) as { objects: { objectId: string } };
    await assert.rejects(cdp.send('Runtime.getProperties', { objectId: array.objects.objectId }), /Could not find object with given id/);
  });

  it('answers undefined, without throwing, where there is no EventSource or the target does not answer', async () => {
    await page.evaluate(`delete window.EventSource`);
    assert.equal(await openEventSources(send), undefined);
    assert.equal(await openEventSources(() => Promise.reject(new Error('the CDP connection closed'))), undefined);
  });
});
