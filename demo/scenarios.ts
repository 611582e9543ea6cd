// The servers of ../shared/docs/scenarios.md (S1-S6), as the seed document writes them:
// the same event names, payloads, status codes and headers.
import { bump, type DemoContext, type Handler } from './context';
import { bearerToken } from './jwt';
import { every, frame, intParam, json, openStream, readJson, send, sleep } from './sse';

/** Replies the S2 bot sends, fragment by fragment. */
const BOT_REPLIES = [
  'Hello! I am the demo bot. Each fragment of this reply is its own bot-chunk event.',
  'Fragments share a messageId; the last one says isFinal: true.',
  'SSE Inspector groups them and shows the merged text beside the raw events.',
];
const BOT_FRAGMENT_CHARS = 6;

function heartbeatMsOf(url: URL, ctx: DemoContext): number {
  return Math.max(10, intParam(url.searchParams, 'heartbeatMs', ctx.heartbeatMs));
}

function startHeartbeats(res: Parameters<Handler>[1], ms: number): void {
  every(res, ms, () => send(res, frame({ event: 'heartbeat', data: { timestamp: Date.now() } })));
}

/** S2: a bot that keeps replying in fragments until the client leaves. */
async function runBot(res: Parameters<Handler>[1], fragmentMs: number): Promise<void> {
  for (let n = 1; !res.destroyed && !res.writableEnded; n++) {
    const text = BOT_REPLIES[(n - 1) % BOT_REPLIES.length]!;
    const messageId = `bot-${n}`;
    const chars = [...text];
    for (let i = 0; i < chars.length; i += BOT_FRAGMENT_CHARS) {
      await sleep(fragmentMs);
      const chunk = chars.slice(i, i + BOT_FRAGMENT_CHARS).join('');
      const isFinal = i + BOT_FRAGMENT_CHARS >= chars.length;
      if (!send(res, frame({ event: 'bot-chunk', data: { messageId, chunk, isFinal } }))) return;
    }
    await sleep(fragmentMs * 10);
  }
}

/**
 * GET /events — three servers of the seed on one path, told apart by the request:
 * S3 (token and room in the query string), S4 (Bearer header), S1/S2 (no credentials).
 */
export const events: Handler = async (req, res, url, ctx) => {
  const q = url.searchParams;
  if (['token', 'roomId', 'username', 'userId'].some((k) => q.has(k))) return roomEvents(req, res, url, ctx);
  let user: { userId: string; username: string } | undefined;
  if (req.headers.authorization !== undefined) {
    const token = bearerToken(req.headers.authorization);
    const verified = token ? await ctx.tokens.verify(token) : { ok: false as const, reason: 'missing token' };
    if (!verified.ok) return json(res, 401, { error: `Unauthorized: ${verified.reason}` });
    user = verified.claims;
  }
  openStream(res);
  send(res, frame({ event: 'system', data: user ? { message: `User ${user.username} connected`, userId: user.userId } : { message: 'SSE connected' } }));
  startHeartbeats(res, heartbeatMsOf(url, ctx));
  if (q.get('bot') === '1') void runBot(res, Math.max(1, intParam(q, 'botChunkMs', ctx.botChunkMs)));
};

/** GET /secure/events — S4 as its own path: a Bearer token is required. */
export const secureEvents: Handler = async (req, res, url, ctx) => {
  const token = bearerToken(req.headers.authorization);
  if (!token) return json(res, 401, { error: 'Unauthorized: missing Bearer token' });
  const verified = await ctx.tokens.verify(token);
  if (!verified.ok) return json(res, 401, { error: `Unauthorized: ${verified.reason}` });
  openStream(res);
  send(res, frame({ event: 'system', data: { message: `User ${verified.claims.username} connected`, userId: verified.claims.userId } }));
  startHeartbeats(res, heartbeatMsOf(url, ctx));
};

/** S3: JWT in the query string, per-room fan-out. Status codes in the seed's order. */
const roomEvents: Handler = async (_req, res, url, ctx) => {
  const q = url.searchParams;
  const token = q.get('token');
  if (!token) return json(res, 401, { error: 'Missing auth token' });
  const verified = await ctx.tokens.verify(token);
  if (!verified.ok) return json(res, 401, { error: `Token invalid or expired (${verified.reason})` });
  const userId = q.get('userId') ?? '';
  if (verified.claims.userId !== userId) return json(res, 403, { error: 'Token does not match the user ID' });
  const roomId = q.get('roomId');
  const username = q.get('username');
  if (!roomId || !username) return json(res, 400, { error: 'Missing required parameters: roomId, username' });
  const clientId = q.get('clientId') ?? `client-${bump(ctx, 'room-client')}`;

  openStream(res);
  const onlineCount = ctx.rooms.join(roomId, { res, userId, username, clientId });
  send(res, frame({ event: 'system', data: { message: `Welcome ${username} to room ${roomId}`, roomId, onlineCount } }));
  ctx.rooms.broadcast(roomId, 'user-joined', { username, userId, timestamp: Date.now() }, res);
  startHeartbeats(res, heartbeatMsOf(url, ctx));
  res.on('close', () => {
    if (ctx.rooms.leave(roomId, res)) ctx.rooms.broadcast(roomId, 'user-left', { username, userId, timestamp: Date.now() });
  });
};

/** POST /api/rooms/:roomId/messages {username, message} — S3's way to talk to a room. */
export async function roomMessage(req: Parameters<Handler>[0], res: Parameters<Handler>[1], roomId: string, ctx: DemoContext): Promise<void> {
  const body = await readJson(req);
  if (!body || typeof body['message'] !== 'string') return json(res, 400, { error: 'Missing message' });
  const username = typeof body['username'] === 'string' ? body['username'] : 'anonymous';
  const delivered = ctx.rooms.broadcast(roomId, 'room-message', { roomId, username, message: body['message'], timestamp: Date.now() });
  json(res, 200, { ok: true, delivered });
}

/** POST /api/chat/stream — S5: one character per `content` event, then `data: [DONE]`. */
export const chatStream: Handler = async (req, res, url, ctx) => {
  const token = bearerToken(req.headers.authorization);
  const verified = token ? await ctx.tokens.verify(token) : undefined;
  if (!verified?.ok) return json(res, 401, { error: `Unauthorized: ${verified?.reason ?? 'missing Bearer token'}` });
  const body = await readJson(req);
  if (!body) return json(res, 400, { error: 'The body must be a JSON object' });
  const message = body['message'];
  if (typeof message !== 'string' || message === '') return json(res, 400, { error: 'Missing message parameter' });
  const conversationId = typeof body['conversationId'] === 'string' ? body['conversationId'] : `conv-${bump(ctx, 'conversation')}`;
  const delayMs = intParam(url.searchParams, 'delayMs', ctx.chatCharDelayMs, 10_000);

  openStream(res);
  const reply = [...`Regarding your question "${message}", my answer is: this is a simulated AI answer, streamed over SSE from a POST request.`];
  for (let index = 0; index < reply.length; index++) {
    await sleep(delayMs);
    if (!send(res, frame({ event: 'content', data: { type: 'content', text: reply[index], messageId: conversationId, index } }))) return;
  }
  send(res, 'data: [DONE]\n\n');
  res.end();
};

/** POST /api/auth/login {userId, username, expiresInSec?} → {token, refreshToken}: how a user gets tokens for S3-S6. */
export const login: Handler = async (req, res, _url, ctx) => {
  const body = await readJson(req);
  const userId = body?.['userId'];
  const username = body?.['username'];
  if (typeof userId !== 'string' || typeof username !== 'string') return json(res, 400, { error: 'userId and username are required' });
  const expiresInSec = typeof body?.['expiresInSec'] === 'number' ? Math.max(1, body['expiresInSec']) : 3600;
  const token = await ctx.tokens.issue({ userId, username }, expiresInSec);
  const refreshToken = await ctx.tokens.issue({ userId, username }, 7 * 24 * 3600, 'refresh');
  json(res, 200, { token, refreshToken, expiresInSec });
};

/** POST /api/auth/refresh {refreshToken} → {token} — S6. */
export const refresh: Handler = async (req, res, _url, ctx) => {
  const body = await readJson(req);
  const refreshToken = body?.['refreshToken'];
  if (typeof refreshToken !== 'string') return json(res, 400, { error: 'refreshToken is required' });
  const verified = await ctx.tokens.verify(refreshToken, 'refresh');
  if (!verified.ok) return json(res, 401, { error: `Refresh token rejected: ${verified.reason}` });
  json(res, 200, { token: await ctx.tokens.issue(verified.claims) });
};
