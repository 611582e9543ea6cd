// Transport-level behaviour on real loopback servers: TLS with a self-signed
// certificate, gzip-encoded streams, servers that never answer.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import * as zlib from 'node:zlib';
import { POLICY_PRESETS } from '../../../../src/core/base/reconnect';
import { run } from '../../../support/collect';

const TLS_DIR = join(__dirname, '..', '..', '..', '..', '..', 'test', 'fixtures', 'tls');

async function listen(server: http.Server): Promise<{ port: number; close: () => Promise<void> }> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}

describe('transport', () => {
  it('a self-signed certificate fails with a clear TLS error, and works when the profile opts in', async () => {
    const server = https.createServer({ key: readFileSync(join(TLS_DIR, 'key.pem')), cert: readFileSync(join(TLS_DIR, 'cert.pem')) }, (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end('data: secure\n\n');
    });
    const { port, close } = await listen(server);
    try {
      const strict = run({ request: { url: `https://127.0.0.1:${port}/` }, reconnect: POLICY_PRESETS.none });
      await strict.untilState(['closed', 'failed']);
      await strict.dispose();
      const err = strict.ofKind('error')[0]!;
      assert.equal(err.code, 'network');
      assert.match(err.message, /SELF_SIGNED|self-signed|certificate/i);
      assert.equal(strict.events().length, 0);

      const lenient = run({ request: { url: `https://127.0.0.1:${port}/`, insecureTls: true }, reconnect: POLICY_PRESETS.none });
      await lenient.untilState(['closed']);
      await lenient.dispose();
      assert.deepEqual(lenient.events().map((e) => e.data), ['secure']);
    } finally {
      await close();
    }
  });

  it('decodes a gzip-encoded stream event by event', async () => {
    const server = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'content-encoding': 'gzip' });
      const gz = zlib.createGzip();
      gz.pipe(res);
      let n = 0;
      const t = setInterval(() => {
        gz.write(`id: ${++n}\ndata: zipped ${n}\n\n`);
        // Without a flush, gzip would hold events back until its buffer fills: the classic "events arrive in bursts".
        gz.flush();
        if (n === 3) {
          clearInterval(t);
          gz.end();
        }
      }, 20);
    });
    const { port, close } = await listen(server);
    try {
      const r = run({ request: { url: `http://127.0.0.1:${port}/` }, reconnect: POLICY_PRESETS.none });
      await r.untilState(['closed']);
      await r.dispose();
      assert.deepEqual(r.events().map((e) => [e.id, e.data]), [['1', 'zipped 1'], ['2', 'zipped 2'], ['3', 'zipped 3']]);
      assert.equal(Object.fromEntries(r.ofKind('open')[0]!.headers)['content-encoding'], 'gzip');
    } finally {
      await close();
    }
  });

  it('a server that accepts but never answers times out with a clear error and is retried', async () => {
    const server = http.createServer(() => {
      /* never responds */
    });
    const { port, close } = await listen(server);
    try {
      const r = run({ request: { url: `http://127.0.0.1:${port}/` }, reconnect: { ...POLICY_PRESETS.fixed, baseMs: 10, maxAttempts: 1 }, headersTimeoutMs: 200 });
      await r.untilState(['failed'], 5000);
      await r.dispose();
      const errors = r.ofKind('error');
      assert.equal(errors.length, 2);
      assert.equal(errors[0]!.code, 'timeout');
      assert.match(errors[0]!.message, /HEADERS_TIMEOUT|Headers Timeout/i);
      assert.equal(r.ofKind('reconnect')[0]!.reason, 'error');
    } finally {
      await close();
    }
  });
});
