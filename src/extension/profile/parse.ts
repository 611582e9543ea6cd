// Reads `sseInspector.profiles` as found in settings (untyped JSON a user may have got
// wrong) into typed profiles. An invalid entry is skipped with a problem message naming
// it, so one typo does not hide every other profile. PURE: no vscode.
import { parseJsonPath } from '../../core/assemble';
import type { AuthKind, PolicyName } from '../../core/base/records';
import { parseBreakpoints } from '../../core/breakpoint-parse';
import { readFaultPlan } from '../../core/tap/fault-plan';
import { readExpectations } from '../../core/tap/verdicts';
import { AUTH_KINDS, POLICY_NAMES, PROFILE_METHODS, type Profile, type ProfileAuth, type ProfileMethod } from './types';

export interface ParsedProfiles {
  profiles: Profile[];
  /** One line per skipped entry or ignored field, for a warning. */
  problems: string[];
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === 'string';
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

export function parseProfiles(raw: unknown): ParsedProfiles {
  const out: ParsedProfiles = { profiles: [], problems: [] };
  if (raw === undefined || raw === null) return out;
  if (!Array.isArray(raw)) {
    out.problems.push('sseInspector.profiles must be an array of profiles');
    return out;
  }
  const seen = new Set<string>();
  raw.forEach((entry, i) => {
    const where = isObject(entry) && isString(entry.name) && entry.name ? `profile "${entry.name}"` : `profile #${i + 1}`;
    const result = parseProfile(entry);
    if (typeof result === 'string') {
      out.problems.push(`${where}: ${result}`);
      return;
    }
    if (seen.has(result.name)) {
      out.problems.push(`${where}: another profile has the same name; this one is ignored`);
      return;
    }
    seen.add(result.name);
    out.profiles.push(result);
  });
  return out;
}

/** One profile, or the reason it is unusable. */
export function parseProfile(entry: unknown): Profile | string {
  if (!isObject(entry)) return 'not an object';
  if (!isString(entry.name) || entry.name.trim() === '') return '"name" must be a non-empty string';
  if (!isString(entry.url) || entry.url.trim() === '') return '"url" must be a non-empty string';
  const profile: Profile = { name: entry.name.trim(), url: entry.url.trim() };

  if (entry.method !== undefined) {
    const method = isString(entry.method) ? entry.method.toUpperCase() : '';
    if (!(PROFILE_METHODS as readonly string[]).includes(method)) return `"method" must be one of ${PROFILE_METHODS.join(', ')}`;
    profile.method = method as ProfileMethod;
  }
  if (entry.headers !== undefined) {
    const headers = stringRecord(entry.headers);
    if (!headers) return '"headers" must be an object of string values';
    profile.headers = headers;
  }
  if (entry.body !== undefined) {
    if (!isString(entry.body)) return '"body" must be a string';
    profile.body = entry.body;
  }
  if (entry.auth !== undefined) {
    const auth = parseAuth(entry.auth);
    if (typeof auth === 'string') return auth;
    profile.auth = auth;
  }
  if (entry.refresh !== undefined) {
    const r = entry.refresh;
    if (!isObject(r) || !isString(r.url)) return '"refresh.url" must be a string';
    profile.refresh = { url: r.url };
    if (r.method !== undefined) {
      const m = isString(r.method) ? r.method.toUpperCase() : '';
      if (!(PROFILE_METHODS as readonly string[]).includes(m)) return `"refresh.method" must be one of ${PROFILE_METHODS.join(', ')}`;
      profile.refresh.method = m as ProfileMethod;
    }
    if (r.headers !== undefined) {
      const h = stringRecord(r.headers);
      if (!h) return '"refresh.headers" must be an object of string values';
      profile.refresh.headers = h;
    }
    if (isString(r.body)) profile.refresh.body = r.body;
    if (isString(r.tokenJsonPath)) profile.refresh.tokenJsonPath = r.tokenJsonPath;
  }
  if (entry.reconnect !== undefined) {
    const r = entry.reconnect;
    if (!isObject(r)) return '"reconnect" must be an object';
    profile.reconnect = {};
    if (r.policy !== undefined) {
      if (!POLICY_NAMES.includes(r.policy as PolicyName)) return `"reconnect.policy" must be one of ${POLICY_NAMES.join(', ')}`;
      profile.reconnect.policy = r.policy as PolicyName;
    }
    for (const key of ['baseMs', 'capMs', 'maxAttempts', 'jitter', 'minDelayMs'] as const) {
      const v = r[key];
      if (v === undefined) continue;
      if (!isNumber(v) || v < 0) return `"reconnect.${key}" must be a number ≥ 0`;
      profile.reconnect[key] = v;
    }
    if (profile.reconnect.jitter !== undefined && profile.reconnect.jitter > 1) return '"reconnect.jitter" must be between 0 and 1';
    if (r.honourServerRetry !== undefined) profile.reconnect.honourServerRetry = r.honourServerRetry === true;
  }
  if (entry.heartbeat !== undefined) {
    const h = entry.heartbeat;
    if (!isObject(h)) return '"heartbeat" must be an object';
    profile.heartbeat = {};
    for (const key of ['expectedIntervalMs', 'idleTimeoutMs'] as const) {
      const v = h[key];
      if (v === undefined) continue;
      if (!isNumber(v) || v < 0) return `"heartbeat.${key}" must be a number ≥ 0`;
      profile.heartbeat[key] = v;
    }
    if (h.eventNames !== undefined) {
      if (!Array.isArray(h.eventNames) || !h.eventNames.every(isString)) return '"heartbeat.eventNames" must be an array of strings';
      profile.heartbeat.eventNames = [...h.eventNames];
    }
  }
  if (entry.insecureTls !== undefined) profile.insecureTls = entry.insecureTls === true;
  if (entry.lastEventId !== undefined) {
    if (!isString(entry.lastEventId)) return '"lastEventId" must be a string';
    if (/[\r\n\0]/.test(entry.lastEventId)) return '"lastEventId" cannot hold a line break or NUL (an SSE id never does)';
    profile.lastEventId = entry.lastEventId;
  }
  if (entry.connectTimeoutMs !== undefined) {
    if (!isNumber(entry.connectTimeoutMs) || entry.connectTimeoutMs < 0) return '"connectTimeoutMs" must be a number ≥ 0';
    profile.connectTimeoutMs = entry.connectTimeoutMs;
  }
  if (entry.connectOnDebug !== undefined) {
    if (typeof entry.connectOnDebug !== 'boolean') return '"connectOnDebug" must be true or false';
    profile.connectOnDebug = entry.connectOnDebug;
  }
  if (entry.launchConfigurations !== undefined) {
    const names = entry.launchConfigurations;
    if (!Array.isArray(names) || !names.every((n) => isString(n) && n.trim() !== '')) return '"launchConfigurations" must be an array of launch configuration names';
    profile.launchConfigurations = names.map((n: string) => n.trim());
  }
  if (entry.breakpoints !== undefined) {
    const breakpoints = parseBreakpoints(entry.breakpoints);
    if (typeof breakpoints === 'string') return breakpoints;
    profile.breakpoints = breakpoints;
  }
  if (entry.merge !== undefined) {
    const m = entry.merge;
    if (!isObject(m) || !isString(m.jsonPath) || m.jsonPath.trim() === '') return '"merge.jsonPath" must be a JSON path such as choices[0].delta.text';
    try {
      parseJsonPath(m.jsonPath);
    } catch (err) {
      return `"merge.jsonPath": ${err instanceof Error ? err.message : String(err)}`;
    }
    profile.merge = { jsonPath: m.jsonPath.trim() };
  }
  if (entry.expectJson !== undefined) {
    if (typeof entry.expectJson !== 'boolean') return '"expectJson" must be true or false';
    profile.expectJson = entry.expectJson;
  }
  if (entry.tap !== undefined) {
    if (!isObject(entry.tap)) return '"tap" must be an object such as { "faultPlan": [...] }';
    if (entry.tap.faultPlan !== undefined) {
      try {
        profile.tap = { faultPlan: readFaultPlan(entry.tap.faultPlan) };
      } catch (err) {
        return `"tap.faultPlan": ${err instanceof Error ? err.message : String(err)}`;
      }
    } else profile.tap = {};
    if (entry.tap.expect !== undefined) {
      const expect = readExpectations(entry.tap.expect);
      if (typeof expect === 'string') return `"tap.expect": ${expect}`;
      profile.tap.expect = expect;
    }
  }
  return profile;
}

function parseAuth(raw: unknown): ProfileAuth | string {
  if (!isObject(raw)) return '"auth" must be an object';
  if (!AUTH_KINDS.includes(raw.kind as AuthKind)) return `"auth.kind" must be one of ${AUTH_KINDS.join(', ')}`;
  const auth: ProfileAuth = { kind: raw.kind as AuthKind };
  for (const key of ['param', 'name', 'header', 'username', 'secretRef'] as const) {
    const v = raw[key];
    if (v === undefined) continue;
    if (!isString(v)) return `"auth.${key}" must be a string`;
    auth[key] = v;
  }
  return auth;
}

function stringRecord(raw: unknown): Record<string, string> | undefined {
  if (!isObject(raw)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (!isString(v)) return undefined;
    out[k] = v;
  }
  return out;
}
