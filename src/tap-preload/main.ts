// out/tap-preload.js: loaded into a debugged Node program by `NODE_OPTIONS=--require …`
// (the debug tap adds it to the launch configuration). It watches the program's own
// fetch and http(s) responses and sends the event streams among them to the extension.
// Purely observational: the program gets the same bytes in the same order, sends the same
// requests with the same headers, and never sees an exception, a line of output, a timer or
// socket that keeps it alive. Without the extension's socket it gives up silently.
// Only Node built-ins are loaded; it runs on Node 20, 22 and 24.
import { threadId } from 'node:worker_threads';
import { parseTapEnv, TAP_ENV, TAP_WIRE_VERSION } from '../core/passive/tap-wire';
import { Exchanges } from './exchanges';
import { installFetchHooks } from './fetch-hooks';
import { installHttpHooks } from './http-hooks';
import { TapLink } from './link';
import { StallWatch } from './stall-watch';

const LOADED = Symbol.for('sse-inspector.tap-preload');

function start(): void {
  const env = parseTapEnv(process.env[TAP_ENV]);
  const scope = globalThis as { [LOADED]?: boolean };
  // Named twice in NODE_OPTIONS (a launch config copied into another): tap once.
  if (!env || scope[LOADED]) return;
  scope[LOADED] = true;
  const link = new TapLink(env.address, { t: 'hello', v: TAP_WIRE_VERSION, token: env.token, pid: process.pid, thread: threadId });
  const exchanges = new Exchanges(link, env.urls, new StallWatch());
  const unsubscribe = [installFetchHooks(exchanges), installHttpHooks(exchanges)];
  link.onDeath(() => {
    for (const u of unsubscribe) u();
  });
}

try {
  start();
} catch {
  // The program runs on as if the tap were not there.
}
