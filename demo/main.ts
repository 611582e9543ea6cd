// `npm run demo`: starts the demo server on a fixed port and prints what to point the
// inspector at. DEMO_PORT / DEMO_HOST override (DEMO_PORT=0 picks a free port); DEMO_HEARTBEAT_MS
// shortens S1's 25 s beat; --quiet prints only the URL line.
import { ROUTES, startDemoServer } from './server';

async function main(): Promise<void> {
  const port = Number(process.env.DEMO_PORT ?? 8787);
  const heartbeatMs = process.env.DEMO_HEARTBEAT_MS ? Number(process.env.DEMO_HEARTBEAT_MS) : undefined;
  const quiet = process.argv.includes('--quiet');
  const demo = await startDemoServer({
    port,
    host: process.env.DEMO_HOST ?? '127.0.0.1',
    ...(heartbeatMs ? { heartbeatMs } : {}),
    log: quiet ? undefined : (line) => console.log(`[demo] ${new Date().toISOString().slice(11, 23)} ${line}`),
  });
  const stop = () => {
    void demo.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const token = await demo.issueToken({ userId: 'demo-user', username: 'demo' }, 24 * 3600);
  console.log(`SSE Inspector demo server on ${demo.url}\n`);
  if (quiet) return;
  for (const r of ROUTES) console.log(`  ${r.method.padEnd(4)} ${demo.url}${r.path}\n         ${r.what}`);
  console.log(`\nA token for the authenticated endpoints (valid 24 h, user demo-user):\n  ${token}`);
  console.log(`\nTry:  npm run cli -- ${demo.url}/events?heartbeatMs=2000`);
}

main().catch((err: unknown) => {
  console.error(`demo server: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
