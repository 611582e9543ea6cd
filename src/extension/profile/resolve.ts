// Turns a profile plus the environment and the secrets read from SecretStorage into the
// core's Inspector options, at connect time. PURE: no vscode, so plain mocha tests it.
import { secretsOf, type AuthConfig } from '../../core/base/auth';
import type { InspectorOptions } from '../../core/inspector';
import { policyFrom } from '../../core/base/reconnect';
import type { SseRequest } from '../../core/base/request';
import { expandTemplate, ProfileError, secretKeysIn, type Env } from './template';
import type { Profile, ProfileAuth, ProfileDefaults } from './types';

export interface ResolveContext {
  env: Env;
  /** Secret values by SecretStorage key: every key `secretKeysOf(profile)` lists that is set. */
  secrets: ReadonlyMap<string, string>;
  defaults: ProfileDefaults;
}

export interface ResolvedProfile {
  /** Everything the Inspector needs except `id` and `refreshAuth` (which does I/O). */
  options: InspectorOptions;
  /** Every secret value this connection may put on the wire, for scrubbing logs. */
  secrets: string[];
}

/** Every SecretStorage key a profile needs at connect time (its auth secret, refresh templates). */
export function secretKeysOf(profile: Profile): string[] {
  const keys = new Set<string>();
  if (profile.auth && profile.auth.kind !== 'none' && profile.auth.secretRef) keys.add(profile.auth.secretRef);
  for (const k of secretKeysIn(profile.refresh?.body)) keys.add(k);
  for (const v of Object.values(profile.refresh?.headers ?? {})) for (const k of secretKeysIn(v)) keys.add(k);
  return [...keys];
}

/** What the panel title, tree and log call a connection: the profile name, else the URL's host. */
export function labelFor(profile: Pick<Profile, 'name' | 'url'>): string {
  if (profile.name) return profile.name;
  try {
    return new URL(profile.url).host || profile.url;
  } catch {
    return profile.url;
  }
}

/** Why `url` cannot be connected to, or undefined when it can (for the URL prompt's validation). */
export function urlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return 'Not a URL: write it in full, e.g. http://localhost:3000/events';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return `Only http: and https: URLs carry Server-Sent Events (got ${parsed.protocol})`;
  return undefined;
}

/** The core's credentials for a profile's auth and its secret value. */
export function authWithSecret(auth: ProfileAuth, secret: string): AuthConfig {
  switch (auth.kind) {
    case 'none':
      return { kind: 'none' };
    case 'bearer':
      return { kind: 'bearer', token: secret };
    case 'query':
      return { kind: 'query', param: auth.param || 'token', value: secret };
    case 'cookie':
      if (!auth.name) throw new ProfileError('Cookie auth needs "auth.name" (the cookie name)', 'auth');
      return { kind: 'cookie', name: auth.name, value: secret };
    case 'basic':
      if (auth.username === undefined) throw new ProfileError('Basic auth needs "auth.username"', 'auth');
      return { kind: 'basic', username: auth.username, password: secret };
    case 'header':
      if (!auth.header) throw new ProfileError('Header auth needs "auth.header" (e.g. X-API-Key)', 'auth');
      return { kind: 'header', header: auth.header, value: secret };
  }
}

function resolveAuth(profile: Profile, secrets: ReadonlyMap<string, string>): AuthConfig {
  const auth = profile.auth;
  if (!auth || auth.kind === 'none') return { kind: 'none' };
  if (!auth.secretRef) {
    throw new ProfileError(`Profile "${profile.name}" uses ${auth.kind} auth but has no "auth.secretRef" (the SecretStorage key of its secret)`, 'auth');
  }
  const secret = secrets.get(auth.secretRef);
  if (secret === undefined) {
    throw new ProfileError(`The secret "${auth.secretRef}" for profile "${labelFor(profile)}" is not set`, 'missing-secret', auth.secretRef);
  }
  return authWithSecret(auth, secret);
}

/** Throws ProfileError with a message fit for the user when the profile cannot be used now. */
export function resolveProfile(profile: Profile, ctx: ResolveContext): ResolvedProfile {
  const label = labelFor(profile);
  const env = { env: ctx.env };
  const url = expandTemplate(profile.url, env, `the URL of "${label}"`).trim();
  const problem = urlProblem(url);
  if (problem) throw new ProfileError(`${label}: ${problem}`, 'url');

  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(profile.headers ?? {})) {
    headers[name] = expandTemplate(value, env, `header ${name} of "${label}"`);
  }
  const request: SseRequest = { url, method: profile.method ?? 'GET', headers, auth: resolveAuth(profile, ctx.secrets) };
  if (profile.body !== undefined && request.method !== 'GET') request.body = expandTemplate(profile.body, env, `the body of "${label}"`);
  if (profile.insecureTls) request.insecureTls = true;

  // The profile's nested options go to the core under the names they have: the reconnect
  // fields over the named policy's preset, the heartbeat whole (with the setting's idle timeout).
  const { policy, ...overrides } = profile.reconnect ?? {};
  const options: InspectorOptions = {
    request,
    label,
    reconnect: policyFrom(policy ?? ctx.defaults.reconnectPolicy, definedOnly(overrides)),
    heartbeat: { ...definedOnly(profile.heartbeat ?? {}), idleTimeoutMs: profile.heartbeat?.idleTimeoutMs ?? ctx.defaults.idleTimeoutMs },
    maxRecords: ctx.defaults.maxRecords,
    maxBytes: ctx.defaults.maxBytes,
  };
  if (profile.lastEventId !== undefined && profile.lastEventId !== '') options.lastEventId = profile.lastEventId;
  if (profile.connectTimeoutMs !== undefined) options.headersTimeoutMs = profile.connectTimeoutMs;
  if (profile.merge?.jsonPath) options.mergeJsonPath = profile.merge.jsonPath;
  if (profile.expectJson) options.diagnostics = { expectJson: true };

  const secrets = new Set(secretsOf(request.auth));
  for (const key of secretKeysOf(profile)) {
    const v = ctx.secrets.get(key);
    if (v !== undefined) secrets.add(v);
  }
  return { options, secrets: [...secrets] };
}

/** `value` without its undefined fields: an absent option must not hide a preset's value. */
function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
