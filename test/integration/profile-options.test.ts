// Profile options that shape the session, in the real host: `merge.jsonPath` merges a
// streamed answer of a format SSE Inspector does not know, `expectJson` reports events
// whose data is not JSON, and `lastEventId` is sent first and copied with Copy as curl. The server is a scripted one (test/support/raw-server.ts): the
// demo server only speaks formats that are recognised without a path.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import * as vscode from 'vscode';
import type { SseInspectorApi } from '../../src/extension/api';
import { startRawServer, type RawServer } from '../support/raw-server';
import { closeAllConnections, inspectorApi, run, useProfiles, waitFor, type Outcome } from './helpers';

describe('profile options: merge.jsonPath, expectJson and lastEventId', function () {
  this.timeout(20_000);
  let api: SseInspectorApi;
  let server: RawServer;

  before(async () => {
    api = await inspectorApi();
    // A made-up LLM format: the text of each fragment is at out.token.
    server = await startRawServer(() => ({
      chunks: ['data: {"out":{"token":"Server-Sent"}}\n\n', 'data: {"out":{"token":" Events"}}\n\n', 'data: thinking...\n\n', 'data: {"out":{"token":"!"}}\n\n', 'data: [DONE]\n\n'],
    }));
  });
  after(async () => {
    await closeAllConnections(api);
    await server.close();
  });

  it('merges the fragments at the path into one answer and flags the non-JSON event', async () => {
    const restore = await useProfiles([{ name: 'Custom LLM', url: `${server.url}/stream`, merge: { jsonPath: 'out.token' }, expectJson: true, reconnect: { policy: 'none' } }]);
    try {
      const outcome = await run<Outcome>('sseInspector.connectProfile', 'Custom LLM');
      assert.ok(outcome.ok, JSON.stringify(outcome));
      const session = api.connection(outcome.id)!.session;
      await waitFor(() => session.totals.events === 5, 'all five events', 10_000, () => JSON.stringify(session.snapshot().records));
      const messages = session.snapshot().messages ?? [];
      assert.equal(messages.length, 1, JSON.stringify(messages));
      assert.equal(messages[0]!.text, 'Server-Sent Events!');
      assert.equal(messages[0]!.format, 'json-path');
      assert.equal(messages[0]!.done, true, '[DONE] closed it');
      const notJson = session.snapshot().diagnostics?.find((d) => d.code === 'not-json');
      assert.ok(notJson, JSON.stringify(session.snapshot().diagnostics));
      assert.equal(notJson.count, 1, 'only "thinking..." ([DONE] is no JSON but expected)');
      // The panel gets them too: the first snapshot or a delta carried the answer.
      await waitFor(() => (api.connection(outcome.id)?.panel?.records ?? 0) >= 5, 'the panel to receive the events');
    } finally {
      await closeAllConnections(api);
      await restore();
    }
  });

  it("Copy as curl sends the profile's lastEventId, as the connection's first request does", async () => {
    const id = "it's 41";
    const restore = await useProfiles([{ name: 'Resume from 41', url: `${server.url}/resume`, lastEventId: id, reconnect: { policy: 'none' } }]);
    try {
      const outcome = await run<Outcome>('sseInspector.connectProfile', 'Resume from 41');
      assert.ok(outcome.ok, JSON.stringify(outcome));
      await waitFor(() => api.connection(outcome.id)?.state === 'closed', 'the stream to end');
      const sent = server.requests.filter((r) => r.url === '/resume');
      assert.equal(sent.length, 1);
      assert.equal(sent[0]!.headers['last-event-id'], id, 'the connection sends it');

      assert.deepEqual(await run('sseInspector.copyCurl', { id: outcome.id, reveal: false }), { ok: true, revealed: false });
      const command = await vscode.env.clipboard.readText();
      assert.ok(command.includes(`-H 'Last-Event-ID: it'\\''s 41'`), command);
      // The copied command, run by curl in a shell, is the request the connection made.
      await promisify(execFile)('sh', ['-c', command.replace(/^curl /, 'curl -s --max-time 5 ')], { encoding: 'utf8', timeout: 10_000 });
      const copied = server.requests.filter((r) => r.url === '/resume');
      assert.equal(copied.length, 2);
      assert.equal(copied[1]!.headers['last-event-id'], id);
      assert.equal(copied[1]!.method, sent[0]!.method);
    } finally {
      await closeAllConnections(api);
      await restore();
    }
  });

  it('refuses a profile whose merge path is invalid, saying which field', async () => {
    const restore = await useProfiles([{ name: 'Bad path', url: `${server.url}/stream`, merge: { jsonPath: 'out[' } }]);
    try {
      const outcome = await run<Outcome>('sseInspector.connectProfile', 'Bad path');
      assert.equal(outcome.ok, false);
      assert.match(!outcome.ok ? outcome.error : '', /no usable profile "Bad path" in sseInspector.profiles \(profile "Bad path": "merge.jsonPath": Invalid JSON path "out\["/);
    } finally {
      await restore();
    }
  });
});
