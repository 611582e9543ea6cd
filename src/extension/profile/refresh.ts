// The 401 hook for a profile with a `refresh` block: asks the refresh endpoint for a new
// token and hands the connection fresh credentials of the same auth kind.
// PURE: no vscode; `fetch` is injected (the extension passes Node's global fetch).
import type { AuthConfig } from '../../core/base/auth';
import type { ConnectionOptions } from '../../core/connection/sse-connection';
import { scrubSecrets } from '../../core/base/redact';
import { authWithSecret } from './resolve';
import { expandTemplate, jsonPathGet, type Env } from './template';
import type { ProfileAuth, ProfileRefresh } from './types';

export type FetchLike = (url: string, init: { method: string; headers: Record<string, string>; body?: string; signal?: AbortSignal }) => Promise<{
  ok: boolean;
  status: number;
  statusText: string;
  text(): Promise<string>;
}>;

export interface RefreshHookOptions {
  refresh: ProfileRefresh;
  auth: ProfileAuth;
  env: Env;
  secrets: ReadonlyMap<string, string>;
  fetch: FetchLike;
  /** Called with each new token: to scrub it from logs and to keep it in SecretStorage. */
  onToken(token: string): void | Promise<void>;
  timeoutMs?: number;
}

export function makeRefreshHook(o: RefreshHookOptions): NonNullable<ConnectionOptions['refreshAuth']> {
  return async () => {
    const values = { env: o.env, secrets: o.secrets };
    const url = expandTemplate(o.refresh.url, values, 'refresh.url');
    const method = o.refresh.method ?? 'POST';
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(o.refresh.headers ?? {})) headers[k] = expandTemplate(v, values, `refresh header ${k}`);
    const init: Parameters<FetchLike>[1] = { method, headers, signal: AbortSignal.timeout(o.timeoutMs ?? 15_000) };
    if (o.refresh.body !== undefined && method !== 'GET') {
      init.body = expandTemplate(o.refresh.body, values, 'refresh.body');
      if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['Content-Type'] = 'application/json';
    }
    // The answer (or an error echoing the request) may contain the refresh secret itself.
    const known = [...o.secrets.values()];
    const res = await o.fetch(url, init);
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${url} answered HTTP ${res.status} ${res.statusText}: ${scrubSecrets(text.slice(0, 300), known)}`);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new Error(`${method} ${url} did not answer JSON`);
    }
    const path = o.refresh.tokenJsonPath || 'token';
    const token = jsonPathGet(json, path);
    if (typeof token !== 'string' || token === '') throw new Error(`The refresh answer has no string at "${path}"`);
    await o.onToken(token);
    const fresh: AuthConfig = authWithSecret(o.auth, token);
    return fresh;
  };
}
