// What a user expects of their client's reconnects, and the pure rules that judge one
// reconnect against it: the delay it should have waited, whether its Last-Event-ID resumes
// where it was, how the checks of one verdict combine. No state and no timers here; the
// Judge (judge.ts) walks a stream's records and asks these rules.
import { POLICY_PRESETS, policyDelay } from '../base/reconnect';
import { canonicalDecimal } from '../decimal-id';
import type { VerdictCheck, VerdictLevel } from '../base/records';

/** The reconnect policy the client should follow: the seed's linear or exponential, or a fixed delay. */
export type ExpectedPolicy = 'linear' | 'exponential' | { fixedMs: number };

export interface ClientExpectations {
  /** Undefined: no policy declared, delays are reported but not judged. */
  policy?: ExpectedPolicy;
  /** Silence after which the client should declare the stream dead and reconnect (the seed: 60 s). */
  heartbeatTimeoutMs?: number;
  /**
   * How much later than expected a reconnect may come, in ms (default 300). Timers never fire
   * early, but a reconnect is measured at the tap from the end of one response to the next
   * request: the client first has to see the end, run its timer on a busy event loop and open
   * a new connection, all of which only add time. So early is allowed only EARLY_SLACK_MS
   * (ms rounding, the tap noting the end a moment after the client saw it), late this much or
   * LATE_RATIO of the expected delay, whichever is more.
   */
  toleranceMs?: number;
  /** Whether the server's `retry:` field should replace the policy's delay (default true, as the spec and the seed recommend). */
  honourRetryField?: boolean;
  /** Whether a Retry-After on a 503/429 should set the delay (default true). */
  honourRetryAfter?: boolean;
  /** How long to wait for a further request before saying the client stopped (default: the expected delay + 2 s, at least 5 s). */
  stopGraceMs?: number;
}

export const DEFAULT_TOLERANCE_MS = 300;
export const DEFAULT_HEARTBEAT_TIMEOUT_MS = 60_000;
/** A reconnect this much earlier than expected still passes (see toleranceMs). */
export const EARLY_SLACK_MS = 50;
/** A long delay may run late by this fraction of itself (timers drift on a loaded machine). */
export const LATE_RATIO = 0.1;
/**
 * A stall is noticed in time up to this multiple of the heartbeat timeout: a watchdog checks
 * now and then, not continuously (the seed checks every 30 s for a 60 s timeout, so it notices
 * between 60 and 90 s of silence).
 */
export const STALL_NOTICE_FACTOR = 1.5;

/** The policy's delay for the n-th reconnect in a row (n from 1, reset when a response opens as a stream, as the seed's clients reset theirs on an OK response). */
export function expectedPolicyDelay(policy: ExpectedPolicy, n: number): number {
  if (typeof policy === 'object') return policy.fixedMs;
  return policyDelay(POLICY_PRESETS[policy], n);
}

export function policyName(policy: ExpectedPolicy): string {
  return typeof policy === 'object' ? `fixed ${formatMs(policy.fixedMs)}` : policy;
}

/** Reads `linear`, `exponential` or `fixed:MS` (the CLI's and the profile's spelling); undefined when it is none of them. */
export function parseExpectedPolicy(text: string): ExpectedPolicy | undefined {
  const t = text.trim().toLowerCase();
  if (t === 'linear' || t === 'exponential') return t;
  const m = /^fixed:(\d+)$/.exec(t);
  return m ? { fixedMs: Number(m[1]) } : undefined;
}

/** What the delay should have been, and who says so. */
export interface ExpectedDelay {
  ms: number;
  /** In words: "Retry-After: 2", "the server's retry: 1.5 s", "the linear policy (#2)". */
  by: string;
  /** What the program would have waited by the policy alone, when something else set the delay. */
  policyMs?: number;
}

export interface DelayContext {
  /** Reconnects in a row since the last response that opened as a stream, this one included. */
  n: number;
  /** A Retry-After that came with the refused response before this reconnect (503/429), in ms. */
  retryAfterMs?: number;
  /** The latest `retry:` the server sent on this stream, in ms. */
  serverRetryMs?: number;
}

/** The delay the expectations call for; undefined when nothing declares one. */
export function expectedDelay(exp: ClientExpectations, ctx: DelayContext): ExpectedDelay | undefined {
  const policyMs = exp.policy !== undefined ? expectedPolicyDelay(exp.policy, ctx.n) : undefined;
  const policyBy = exp.policy !== undefined ? `the ${policyName(exp.policy)} policy (reconnect #${ctx.n} in a row)` : undefined;
  const withPolicy = (d: ExpectedDelay): ExpectedDelay => (policyMs !== undefined && policyMs !== d.ms ? { ...d, policyMs } : d);
  if (ctx.retryAfterMs !== undefined && exp.honourRetryAfter !== false) return withPolicy({ ms: ctx.retryAfterMs, by: `Retry-After: ${ctx.retryAfterMs / 1000}` });
  if (ctx.serverRetryMs !== undefined && exp.honourRetryField !== false) return withPolicy({ ms: ctx.serverRetryMs, by: `the server's retry: ${formatMs(ctx.serverRetryMs)}` });
  if (policyMs !== undefined) return { ms: policyMs, by: policyBy! };
  return undefined;
}

/** The accepted window around an expected delay (see ClientExpectations.toleranceMs). */
export function delayWindow(expectedMs: number, toleranceMs = DEFAULT_TOLERANCE_MS): { min: number; max: number } {
  return { min: Math.max(0, expectedMs - Math.min(EARLY_SLACK_MS, toleranceMs)), max: expectedMs + Math.max(toleranceMs, Math.round(expectedMs * LATE_RATIO)) };
}

/** The delay check of one reconnect. */
export function judgeDelay(waitedMs: number, exp: ClientExpectations, ctx: DelayContext): VerdictCheck {
  const expected = expectedDelay(exp, ctx);
  if (!expected) return { aspect: 'delay', level: 'info', text: `waited ${formatMs(waitedMs)} (no policy declared to judge it by)` };
  const tolerance = exp.toleranceMs ?? DEFAULT_TOLERANCE_MS;
  const within = (ms: number): boolean => {
    const w = delayWindow(ms, tolerance);
    return waitedMs >= w.min && waitedMs <= w.max;
  };
  if (within(expected.ms)) return { aspect: 'delay', level: 'pass', text: `waited ${formatMs(waitedMs)} as ${expected.by} asks (${formatMs(expected.ms)})` };
  // A miss that matches another delay says what the client listened to instead.
  let why = waitedMs < expected.ms ? ': too soon' : ': too late';
  const ignored = ctx.retryAfterMs !== undefined && exp.honourRetryAfter !== false ? 'Retry-After' : "the server's retry:";
  if (expected.policyMs !== undefined && within(expected.policyMs)) why = `: it followed its policy and ignored ${ignored}`;
  else if (ignored === 'Retry-After' && ctx.serverRetryMs !== undefined && within(ctx.serverRetryMs)) why = ": it used the server's retry: and ignored Retry-After";
  return { aspect: 'delay', level: 'fail', text: `waited ${formatMs(waitedMs)}, expected ${formatMs(expected.ms)} by ${expected.by}${why}` };
}

/** How the Last-Event-ID a reconnect sent compares with the last id the client was given. */
export type ResumeOutcome = 'exact' | 'would-miss' | 'would-replay' | 'sent-none' | 'nothing-to-resume' | 'unknown';

/**
 * `sent`: the Last-Event-ID header of the reconnect (undefined: none). `delivered`: the ids
 * the client was given on this stream, oldest first (the last one is what it should send).
 */
export function resumeOutcome(sent: string | undefined, delivered: readonly string[]): ResumeOutcome {
  const had = delivered[delivered.length - 1];
  // An empty id: resets the client's Last-Event-ID: a client then sends none (or an empty one).
  if (had === undefined || had === '') return sent === undefined || sent === '' ? 'nothing-to-resume' : 'unknown';
  if (sent === undefined || sent === '') return 'sent-none';
  if (sent === had) return 'exact';
  const sentN = canonicalDecimal(sent);
  const hadN = canonicalDecimal(had);
  if (sentN !== undefined && hadN !== undefined) return sentN < hadN ? 'would-replay' : 'would-miss';
  // Not numbers: an id it was given earlier means the server would send the later ones again.
  if (delivered.lastIndexOf(sent) >= 0) return 'would-replay';
  return 'unknown';
}

export function judgeResume(sent: string | undefined, delivered: readonly string[]): VerdictCheck {
  const had = delivered[delivered.length - 1];
  const q = (s: string): string => JSON.stringify(s);
  switch (resumeOutcome(sent, delivered)) {
    case 'exact':
      return { aspect: 'resume', level: 'pass', text: `resumed exactly: sent Last-Event-ID ${q(sent!)}, the last id it was given` };
    case 'nothing-to-resume':
      return { aspect: 'resume', level: 'info', text: 'sent no Last-Event-ID; it had been given no id, so there was nothing to resume from' };
    case 'sent-none':
      return { aspect: 'resume', level: 'fail', text: `sent none: no Last-Event-ID though it had been given id ${q(had!)}, so the server cannot resume it` };
    case 'would-replay':
      return { aspect: 'resume', level: 'fail', text: `would replay events: sent Last-Event-ID ${q(sent!)} but it had been given up to ${q(had!)}` };
    case 'would-miss':
      return { aspect: 'resume', level: 'fail', text: `would miss events: sent Last-Event-ID ${q(sent!)}, past the last id it was given (${q(had!)})` };
    case 'unknown':
      return {
        aspect: 'resume',
        level: 'unknown',
        text: had ? `cannot tell: sent Last-Event-ID ${q(sent!)}, an id it was not given here (the last it was given was ${q(had)})` : `cannot tell: sent Last-Event-ID ${q(sent!)} though it was given no id on this stream`,
      };
  }
}

/** After a 401: whether the next request carried another Authorization. `undefined` fingerprint: sent none; `null`: not known. */
export function judgeAuth(before: string | null | undefined, after: string | null | undefined): VerdictCheck {
  if (before === null || after === null) return { aspect: 'auth', level: 'unknown', text: 'cannot tell whether it refreshed its token: the tap did not see both requests’ Authorization' };
  if (after === undefined) return { aspect: 'auth', level: before === undefined ? 'info' : 'fail', text: before === undefined ? 'sent no Authorization before or after the 401' : 'dropped its Authorization after the 401 instead of refreshing it' };
  if (before === after) return { aspect: 'auth', level: 'fail', text: 'looped: sent the same Authorization again after the 401 (no token refresh)' };
  return { aspect: 'auth', level: 'pass', text: before === undefined ? 'added an Authorization after the 401' : 'refreshed its token: a different Authorization after the 401' };
}

const LEVEL_RANK: Record<VerdictLevel, number> = { pass: 0, info: 1, unknown: 2, fail: 3 };

/** The worst level of a verdict's checks: one failing check fails it, a missing fact makes it "cannot tell". */
export function worstLevel(checks: readonly VerdictCheck[]): VerdictLevel {
  let worst: VerdictLevel = 'pass';
  for (const c of checks) if (LEVEL_RANK[c.level] > LEVEL_RANK[worst]) worst = c.level;
  return worst;
}

export const LEVEL_WORDS: Record<VerdictLevel, string> = { pass: 'pass', fail: 'FAIL', info: 'info', unknown: 'cannot tell' };

export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(s < 10 ? 2 : 1).replace(/0+$/, '')} s`;
}

/**
 * Reads expectations from outside (a profile's `tap.expect`, a command's arguments):
 * `{ policy: 'linear' | 'exponential' | 'fixed:MS', heartbeatTimeoutMs?, toleranceMs?,
 * honourRetryField?, honourRetryAfter? }`. Returns them, or an error text naming the field.
 */
export function readExpectations(value: unknown): ClientExpectations | string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'must be an object such as { "policy": "linear", "heartbeatTimeoutMs": 60000 }';
  const v = value as Record<string, unknown>;
  const out: ClientExpectations = {};
  for (const key of Object.keys(v)) {
    if (!['policy', 'heartbeatTimeoutMs', 'toleranceMs', 'honourRetryField', 'honourRetryAfter'].includes(key)) return `unknown field "${key}" (policy, heartbeatTimeoutMs, toleranceMs, honourRetryField, honourRetryAfter)`;
  }
  if (v.policy !== undefined) {
    const p = typeof v.policy === 'string' ? parseExpectedPolicy(v.policy) : undefined;
    if (!p) return '"policy" must be "linear", "exponential" or "fixed:MS" (e.g. "fixed:3000")';
    out.policy = p;
  }
  for (const key of ['heartbeatTimeoutMs', 'toleranceMs'] as const) {
    const n = v[key];
    if (n === undefined) continue;
    if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) return `"${key}" must be a number of ms, 0 or more`;
    out[key] = n;
  }
  for (const key of ['honourRetryField', 'honourRetryAfter'] as const) {
    const b = v[key];
    if (b === undefined) continue;
    if (typeof b !== 'boolean') return `"${key}" must be true or false`;
    out[key] = b;
  }
  return out;
}
