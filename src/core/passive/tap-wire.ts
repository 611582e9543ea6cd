// What a tap inside a debugged Node program (out/tap-preload.js) tells the extension over
// its local socket: one JSON object per line. The program's side only ever writes, the
// extension's only reads. Shared by both ends so the framing is defined once; nothing here
// may import more than the language itself (the preload runs inside someone else's program).

/** Bumped when a message changes incompatibly; the extension drops a link of another version. */
export const TAP_WIRE_VERSION = 1;

/** The environment variable that carries the extension's socket address and the launch's token. */
export const TAP_ENV = 'SSE_INSPECTOR_TAP';

/** What the extension puts in TAP_ENV (as JSON) for the preload. */
export interface TapEnv {
  v: number;
  /** A Unix socket path or a Windows named pipe. */
  address: string;
  /** One per launch: says which debug session a link belongs to. */
  token: string;
  /** `sseInspector.debug.tapUrls` when the program was launched (empty: every event stream). */
  urls: string[];
}

export type TapMessage =
  /** First line of every link: which launch and which process (and thread) it is. */
  | { t: 'hello'; v: number; token: string; pid: number; thread: number }
  /** A response the program got; `id` names the exchange in later messages of this link. */
  | {
      t: 'begin';
      id: number;
      method: string;
      url: string;
      /** The request's headers, credentials already redacted in the program. */
      headers: Array<[string, string]>;
      status: number;
      statusText: string;
      responseHeaders: Array<[string, string]>;
      /** ms between the program sending the request and this message. */
      ageMs: number;
      /** ms from the request to the response headers. */
      latencyMs: number;
    }
  /** Bytes of the body, base64. `heldMs`: the program was stalled (paused) while they waited. */
  | { t: 'chunk'; id: number; data: string; heldMs?: number }
  | { t: 'end'; id: number; end: 'server-closed' | 'network-error' | 'aborted'; message?: string };

export function encodeTapMessage(message: TapMessage): string {
  return JSON.stringify(message) + '\n';
}

/** Reads the environment the extension set; undefined when absent or not ours. */
export function parseTapEnv(text: string | undefined): TapEnv | undefined {
  if (!text) return undefined;
  try {
    const value = JSON.parse(text) as Partial<TapEnv>;
    if (value.v !== TAP_WIRE_VERSION || typeof value.address !== 'string' || typeof value.token !== 'string') return undefined;
    const urls = Array.isArray(value.urls) ? value.urls.filter((u): u is string => typeof u === 'string') : [];
    return { v: value.v, address: value.address, token: value.token, urls };
  } catch {
    return undefined;
  }
}

/**
 * Splits a link's text into messages. Lines that are not a known message are skipped (a
 * link is trusted only after its hello, by the caller); a line longer than `maxLine`
 * characters ends the link (`feed` returns undefined).
 */
export class TapLineDecoder {
  private pending = '';

  constructor(private readonly maxLine = 64 * 1024 * 1024) {}

  feed(text: string): TapMessage[] | undefined {
    this.pending += text;
    const out: TapMessage[] = [];
    let newline: number;
    while ((newline = this.pending.indexOf('\n')) >= 0) {
      const line = this.pending.slice(0, newline);
      this.pending = this.pending.slice(newline + 1);
      const message = decodeTapMessage(line);
      if (message) out.push(message);
    }
    if (this.pending.length > this.maxLine) return undefined;
    return out;
  }
}

export function decodeTapMessage(line: string): TapMessage | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const m = value as Record<string, unknown>;
  const isPairs = (v: unknown) => Array.isArray(v) && v.every((p) => Array.isArray(p) && p.length === 2 && typeof p[0] === 'string' && typeof p[1] === 'string');
  const num = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
  switch (m['t']) {
    case 'hello':
      return num(m['v']) && typeof m['token'] === 'string' && num(m['pid']) && num(m['thread']) ? (m as TapMessage) : undefined;
    case 'begin':
      return num(m['id']) && typeof m['method'] === 'string' && typeof m['url'] === 'string' && isPairs(m['headers']) && num(m['status']) && typeof m['statusText'] === 'string' && isPairs(m['responseHeaders']) && num(m['ageMs']) && num(m['latencyMs'])
        ? (m as TapMessage)
        : undefined;
    case 'chunk':
      return num(m['id']) && typeof m['data'] === 'string' && (m['heldMs'] === undefined || num(m['heldMs'])) ? (m as TapMessage) : undefined;
    case 'end':
      return num(m['id']) && (m['end'] === 'server-closed' || m['end'] === 'network-error' || m['end'] === 'aborted') && (m['message'] === undefined || typeof m['message'] === 'string') ? (m as TapMessage) : undefined;
    default:
      return undefined;
  }
}
