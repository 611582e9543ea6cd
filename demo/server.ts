// The demo SSE server: every scenario of ../shared/docs/scenarios.md plus the misbehaving
// endpoints the inspector must survive. Real HTTP on 127.0.0.1, used by `npm run demo`,
// the tests and the benchmark.
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { DemoContext, DemoOptions, Handler } from './context';
import * as faults from './faults';
import { TokenIssuer, type UserClaims } from './jwt';
import * as llm from './llm';
import { RoomHub } from './rooms';
import * as scenarios from './scenarios';
import { json } from './sse';

export type { DemoOptions } from './context';

export interface DemoServer {
  /** http://127.0.0.1:PORT */
  url: string;
  port: number;
  /** A valid access token, as POST /api/auth/login would give. */
  issueToken(claims: UserClaims, expiresInSec?: number): Promise<string>;
  close(): Promise<void>;
}

export interface Route {
  method: 'GET' | 'POST';
  /** An exact path; `:name` segments match anything. */
  path: string;
  what: string;
  handler: Handler;
}

const status: Handler = (_req, res, url) => faults.status(res, Number(url.pathname.split('/')[2]), url);
const roomMessage: Handler = (req, res, url, ctx) => scenarios.roomMessage(req, res, decodeURIComponent(url.pathname.split('/')[3] ?? ''), ctx);

export const ROUTES: Route[] = [
  { method: 'GET', path: '/events', what: 'S1 system + heartbeat every 25 s (?heartbeatMs=); S2 with ?bot=1; S3 with ?token=&roomId=&username=&userId=; S4 with a Bearer header', handler: scenarios.events },
  { method: 'GET', path: '/secure/events', what: 'S4: Bearer token required (401 otherwise)', handler: scenarios.secureEvents },
  { method: 'POST', path: '/api/chat/stream', what: 'S5: POST {message, conversationId, ...} with Bearer; content events then [DONE]', handler: scenarios.chatStream },
  { method: 'POST', path: '/api/auth/login', what: '{userId, username, expiresInSec?} -> {token, refreshToken}', handler: scenarios.login },
  { method: 'POST', path: '/api/auth/refresh', what: 'S6: {refreshToken} -> {token}', handler: scenarios.refresh },
  { method: 'POST', path: '/api/rooms/:roomId/messages', what: 'S3: {username, message} -> room-message to the room', handler: roomMessage },
  { method: 'GET', path: '/llm/openai-chat', what: 'an OpenAI chat/completions stream: reasoning, text, a tool call, [DONE] (also POST; ?delayMs=)', handler: llm.openAiChat },
  { method: 'POST', path: '/llm/openai-chat', what: 'the same, as a POST', handler: llm.openAiChat },
  { method: 'GET', path: '/llm/openai-responses', what: 'an OpenAI Responses stream (also POST)', handler: llm.openAiResponses },
  { method: 'POST', path: '/llm/openai-responses', what: 'the same, as a POST', handler: llm.openAiResponses },
  { method: 'GET', path: '/llm/anthropic', what: 'an Anthropic Messages stream: thinking, text, tool_use (also POST)', handler: llm.anthropic },
  { method: 'POST', path: '/llm/anthropic', what: 'the same, as a POST', handler: llm.anthropic },
  { method: 'GET', path: '/resume', what: 'ids for resume: ?count=&perConnection=; Last-Event-ID continues; 204 when done; ?mode=restart|skip|replay misbehaves', handler: faults.resume },
  { method: 'GET', path: '/buffered', what: 'a buffering proxy: ?events= events at once every ?everyMs=', handler: faults.buffered },
  { method: 'GET', path: '/wrong-content-type', what: '200 text/html', handler: faults.wrongContentType },
  { method: 'GET', path: '/status/:code', what: 'that status with a JSON body (?retryAfter=)', handler: status },
  { method: 'GET', path: '/flaky', what: 'first ?failures= requests (per ?key=) fail with ?status=500, then it streams', handler: faults.flaky },
  { method: 'GET', path: '/reset', what: '?events= events, then the connection is reset mid-event', handler: faults.reset },
  { method: 'GET', path: '/empty', what: 'a 200 event stream with no event (only `retry:` with ?retry=), then it ends', handler: faults.empty },
  { method: 'GET', path: '/stall', what: 'only : comments (?commentMs=), never an event', handler: faults.stall },
  { method: 'GET', path: '/retry-changes', what: 'retry: values (?values=3000,1000,250), one event each, then ends', handler: faults.retryChanges },
  { method: 'GET', path: '/line-endings', what: '?style=crlf|cr|lf|mixed', handler: faults.lineEndings },
  { method: 'GET', path: '/bom', what: 'a leading UTF-8 BOM', handler: faults.bom },
  { method: 'GET', path: '/split-utf8', what: 'one event whose bytes arrive in two writes, split inside a 4-byte UTF-8 character', handler: faults.splitUtf8 },
  { method: 'GET', path: '/multiline', what: 'multi-line data, data: without a space, unnamed event, id-only block', handler: faults.multiline },
  { method: 'GET', path: '/big', what: 'one event of ?bytes= (default 1 MiB)', handler: faults.big },
  { method: 'GET', path: '/huge-line', what: 'a line of ?mb= MiB that never ends', handler: faults.hugeLine },
  { method: 'GET', path: '/flood', what: '?count= events of ?size= bytes as fast as possible, or ?rate= per second', handler: faults.flood },
  { method: 'GET', path: '/silent', what: 'headers, then silence', handler: faults.silent },
  { method: 'GET', path: '/no-answer', what: 'never answers', handler: faults.noAnswer },
  { method: 'GET', path: '/drip', what: 'one event, one byte every ?ms=', handler: faults.drip },
  { method: 'GET', path: '/redirect', what: 'redirect (?status=302) to ?to=', handler: faults.redirect },
  { method: 'GET', path: '/gzip', what: 'S1, gzip-encoded', handler: faults.gzip },
];

function matches(route: Route, method: string, pathname: string): boolean {
  if (route.method !== method) return false;
  const want = route.path.split('/');
  const got = pathname.split('/');
  return want.length === got.length && want.every((seg, i) => seg.startsWith(':') ? got[i] !== '' : seg === got[i]);
}

export async function startDemoServer(options: DemoOptions = {}): Promise<DemoServer> {
  const tokens = new TokenIssuer(options.jwtSecret ?? 'your-secret-key');
  const ctx: DemoContext = {
    heartbeatMs: options.heartbeatMs ?? 25_000,
    chatCharDelayMs: options.chatCharDelayMs ?? 50,
    botChunkMs: options.botChunkMs ?? 150,
    tokens,
    rooms: new RoomHub(),
    counters: new Map(),
    log: options.log ?? (() => undefined),
  };
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://demo');
    const method = req.method ?? 'GET';
    ctx.log(`${method} ${url.pathname}${url.search ? '?' + redactQuery(url.searchParams) : ''}`);
    if (method === 'GET' && url.pathname === '/') return json(res, 200, { endpoints: ROUTES.map(({ method: m, path, what }) => ({ method: m, path, what })) });
    const route = ROUTES.find((r) => matches(r, method, url.pathname));
    if (!route) return json(res, 404, { error: `No demo endpoint ${method} ${url.pathname}` });
    Promise.resolve(route.handler(req, res, url, ctx)).catch((err: unknown) => {
      ctx.log(`error in ${url.pathname}: ${String(err)}`);
      if (!res.headersSent) json(res, 500, { error: 'Demo server error' });
      else res.destroy();
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port, address } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  return {
    url: `http://${host}:${port}`,
    port,
    issueToken: (claims, expiresInSec) => tokens.issue(claims, expiresInSec),
    close: async () => {
      ctx.rooms.closeAll();
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The demo logs requests; a token in a query string must not land in the console either. */
function redactQuery(q: URLSearchParams): string {
  const copy = new URLSearchParams(q);
  for (const key of ['token', 'access_token', 'refreshToken']) if (copy.has(key)) copy.set(key, '<redacted>');
  return copy.toString();
}
