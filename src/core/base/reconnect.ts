// Reconnect policies as data, and the one function that turns a policy, a retry number
// and what the server said into a delay. The seed's client code is the reference:
// linear min(7000, 700 × n), exponential min(10000, 1000 × 2^n) with a maximum number
// of attempts, and the browser's default of 3 s.
import { DEFAULT_MIN_DELAY_MS } from './defaults';
import type { DelaySource, PolicyName } from './records';

export interface ReconnectPolicy {
  kind: PolicyName;
  /** fixed: the delay; linear: the step; exponential: the base. */
  baseMs: number;
  /** Upper bound on the policy's delay (not on a server's retry: or Retry-After). */
  capMs: number;
  /** Give up after this many reconnects in a row whose attempts delivered no new event (see StreamReader.madeProgress). 0 = never. */
  maxAttempts: number;
  /** 0..1: the delay is scaled by a random factor in [1 - jitter, 1]. */
  jitter: number;
  /** Whether a server's `retry:` field replaces the policy's delay (as EventSource does). */
  honourServerRetry: boolean;
  /** No delay is shorter than this, the server's `retry:` and Retry-After included (0 = no floor). */
  minDelayMs: number;
}

export const POLICY_PRESETS: Record<PolicyName, ReconnectPolicy> = {
  // The browser's EventSource default reconnection time.
  fixed: { kind: 'fixed', baseMs: 3000, capMs: 3000, maxAttempts: 0, jitter: 0, honourServerRetry: true, minDelayMs: DEFAULT_MIN_DELAY_MS },
  linear: { kind: 'linear', baseMs: 700, capMs: 7000, maxAttempts: 0, jitter: 0, honourServerRetry: true, minDelayMs: DEFAULT_MIN_DELAY_MS },
  exponential: { kind: 'exponential', baseMs: 1000, capMs: 10000, maxAttempts: 5, jitter: 0, honourServerRetry: true, minDelayMs: DEFAULT_MIN_DELAY_MS },
  none: { kind: 'none', baseMs: 0, capMs: 0, maxAttempts: 0, jitter: 0, honourServerRetry: false, minDelayMs: DEFAULT_MIN_DELAY_MS },
};

export function policyFrom(kind: PolicyName, overrides: Partial<Omit<ReconnectPolicy, 'kind'>> = {}): ReconnectPolicy {
  return { ...POLICY_PRESETS[kind], ...overrides, kind };
}

/** The policy's own delay for the n-th reconnect (n from 1), before jitter. */
export function policyDelay(policy: ReconnectPolicy, n: number): number {
  switch (policy.kind) {
    case 'none':
      return 0;
    case 'fixed':
      return policy.baseMs;
    case 'linear':
      return Math.min(policy.capMs, policy.baseMs * n);
    case 'exponential':
      // 2^n grows past any cap quickly; clamp the exponent so it never overflows.
      return Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(n, 30));
  }
}

export interface DelayInput {
  policy: ReconnectPolicy;
  /** Which reconnect in a row without a new event this is, from 1 (1 right after an attempt that delivered one). */
  retryNumber: number;
  /** The server's latest `retry:` value, if any. */
  serverRetryMs?: number;
  /** A Retry-After the server sent with a 429/503, in ms. */
  retryAfterMs?: number;
  /** For jitter; defaults to Math.random. */
  random?: () => number;
}

export interface DelayDecision {
  delayMs: number;
  source: DelaySource;
  /** What the server asked for, when it was more than a timer can wait (see MAX_DELAY_MS). */
  clampedFromMs?: number;
  /** source 'growth' or 'floor': the delay the server or the policy asked for before it was raised. */
  raisedFromMs?: number;
  /** source 'growth' or 'floor': who asked for the shorter delay. */
  raisedFrom?: 'policy' | 'retry-field' | 'retry-after';
}

/**
 * The longest delay a timer can wait: setTimeout turns anything above 2^31-1 ms into 1 ms,
 * so a hostile `retry: 1000000000000` would become a reconnect storm, not a long wait.
 */
export const MAX_DELAY_MS = 2 ** 31 - 1;

function serverDelay(ms: number, source: DelaySource): DelayDecision {
  return ms > MAX_DELAY_MS ? { delayMs: MAX_DELAY_MS, source, clampedFromMs: ms } : { delayMs: ms, source };
}

/**
 * The delay before the next attempt. Precedence: Retry-After, then the server's `retry:`
 * (unless the policy opts out), then the policy. Two rules then raise it, so that no server
 * can make the client hammer it: after an attempt that delivered no new event
 * (retryNumber > 1) the policy's backoff for that retry number wins over a shorter server
 * delay ('growth'), and nothing is shorter than the policy's floor ('floor').
 */
export function decideDelay(input: DelayInput): DelayDecision {
  const { policy } = input;
  const jittered = (): number => {
    const delay = policyDelay(policy, input.retryNumber);
    if (policy.jitter <= 0) return delay;
    const r = (input.random ?? Math.random)();
    return Math.round(delay * (1 - policy.jitter * r));
  };
  let decision: DelayDecision;
  // An explicit Retry-After is the server saying exactly when to come back.
  if (input.retryAfterMs !== undefined) decision = serverDelay(input.retryAfterMs, 'retry-after');
  else if (policy.honourServerRetry && input.serverRetryMs !== undefined) decision = serverDelay(input.serverRetryMs, 'retry-field');
  else decision = { delayMs: jittered(), source: 'policy' };
  if (decision.source !== 'policy' && input.retryNumber > 1 && policy.kind !== 'none') {
    const grown = jittered();
    if (grown > decision.delayMs) decision = { delayMs: grown, source: 'growth', raisedFromMs: decision.delayMs, raisedFrom: decision.source as 'retry-field' | 'retry-after' };
  }
  const floor = Math.min(Math.max(0, policy.minDelayMs), MAX_DELAY_MS);
  if (decision.delayMs < floor) {
    const from = decision.source === 'growth' ? decision.raisedFrom! : (decision.source as 'policy' | 'retry-field' | 'retry-after');
    decision = { delayMs: floor, source: 'floor', raisedFromMs: decision.delayMs, raisedFrom: from };
  }
  return decision;
}

/**
 * The reconnect record's detail: why the attempt ended, then how the delay came about when
 * it is not simply the policy's or the server's (clamped to a timer's range, raised to the
 * floor, or replaced by the backoff after attempts without a new event).
 */
export function explainDelay(why: string, decision: DelayDecision, retryNumber: number): string {
  const { delayMs, source, clampedFromMs, raisedFromMs, raisedFrom } = decision;
  let text = clampedFromMs === undefined ? why : `${why}; the server asked to wait ${clampedFromMs} ms, more than a timer can: waiting ${delayMs} ms (about ${Math.round(delayMs / 86_400_000)} days)`;
  if (raisedFromMs !== undefined) {
    const asked = raisedFrom === 'retry-field' ? `the server's retry: ${raisedFromMs} ms` : raisedFrom === 'retry-after' ? `Retry-After ${raisedFromMs} ms` : `the policy's ${raisedFromMs} ms`;
    text +=
      source === 'floor'
        ? `; ${asked} raised to the ${delayMs} ms minimum delay`
        : `; ${retryNumber - 1} attempt${retryNumber === 2 ? '' : 's'} in a row delivered no new event, so the backoff (${delayMs} ms) replaces ${asked}`;
  }
  return text;
}

/** Whether the policy allows another reconnect after `retryNumber - 1` attempts in a row that delivered no new event. */
export function mayReconnect(policy: ReconnectPolicy, retryNumber: number): boolean {
  if (policy.kind === 'none') return false;
  return policy.maxAttempts === 0 || retryNumber <= policy.maxAttempts;
}

/** Parses Retry-After (delta-seconds or an HTTP date) into ms from `nowMs`. */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

export type ResponseClass =
  | 'stream' // 200 + text/event-stream
  | 'no-content' // 204: stop, do not reconnect
  | 'wrong-content-type'
  | 'auth' // 401: a refresh may help
  | 'retryable' // 5xx, 408, 429
  | 'fatal'; // every other status

export function classifyResponse(status: number, contentType: string): ResponseClass {
  if (status === 204) return 'no-content';
  if (status === 200) return isEventStream(contentType) ? 'stream' : 'wrong-content-type';
  if (status === 401) return 'auth';
  if (status >= 500 || status === 408 || status === 429) return 'retryable';
  return 'fatal';
}

export function isEventStream(contentType: string): boolean {
  return contentType.split(';')[0]!.trim().toLowerCase() === 'text/event-stream';
}
