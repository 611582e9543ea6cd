// Walks a tapped stream's records (PassiveSource's: the program's responses as attempts,
// its reconnects, the tap's fault markers) and says, for each reconnect of the program, how
// it measured up against what the user expects of its client; and when the program made no
// further request, whether that was right (stopped after a 204) or not (never came back).
// Pure: records in, verdicts out; the caller feeds it the clock through tick() for the
// verdicts that come from time passing (see judge-source.ts).
import type { RecordInit, SseRecord, VerdictCheck, VerdictLevel, VerdictRecord } from '../base/records';
import { parseRetryAfter } from '../base/reconnect';
import { hasHeader, headerValue } from '../base/headers';
import {
  DEFAULT_HEARTBEAT_TIMEOUT_MS,
  DEFAULT_TOLERANCE_MS,
  EARLY_SLACK_MS,
  LEVEL_WORDS,
  STALL_NOTICE_FACTOR,
  expectedDelay,
  formatMs,
  judgeAuth,
  judgeDelay,
  judgeResume,
  worstLevel,
  type ClientExpectations,
} from './verdicts';

export type VerdictInit = RecordInit<VerdictRecord>;

/** One response of the program, as far as the judge needs it. */
interface Attempt {
  attempt: number;
  /** It opened as an event stream (else it was refused: a status, a wrong content type, a 204). */
  opened: boolean;
  status?: number;
  retryAfterMs?: number;
  /** The request's Authorization fingerprint: a string, undefined (none sent), null (not known). */
  auth: string | null | undefined;
  /** When the client last got an event (or the response opened), for silences. */
  lastEventMono: number;
  /**
   * A stall the tap began in this response: when, for how long, and the ids of events the
   * tap holds meanwhile (the records may show them as the upstream sent them; the client
   * gets them only when the stall ends, or never if it drops the response first).
   */
  stall?: { mono: number; seconds?: number; held: string[]; over: boolean };
  closed?: { reason: string; mono: number; status?: number; message: string };
}

interface PendingReconnect {
  record: Extract<SseRecord, { kind: 'reconnect' }>;
  previous: Attempt;
  n: number;
  /** The ids delivered up to this reconnect. */
  delivered: string[];
  serverRetryMs?: number;
}

/** The program's response ended and no request followed yet: when to say it stopped. */
interface Waiting {
  after: Attempt;
  deadline: number;
  graceMs: number;
}

/** A stall running in an open response: when to say the client did not notice it. */
interface Watching {
  attempt: Attempt;
  deadline: number;
}

export class Judge {
  private readonly exp: ClientExpectations;
  private readonly timeoutMs: number;
  private readonly toleranceMs: number;
  private readonly attempts = new Map<number, Attempt>();
  private current: Attempt | undefined;
  /** Ids the client was given (and the one its first request sent), oldest first. */
  private readonly delivered: string[] = [];
  private serverRetryMs: number | undefined;
  /** Reconnects in a row since the last response that opened as a stream. */
  private sinceOpen = 0;
  private pending: PendingReconnect | undefined;
  private waiting: Waiting | undefined;
  private watching: Watching | undefined;
  private readonly counts: Record<VerdictLevel, number> = { pass: 0, fail: 0, info: 0, unknown: 0 };
  /** The first failing check's words of each aspect, for the summary. */
  private readonly failures = new Map<string, string>();
  private finished = false;

  constructor(expectations: ClientExpectations) {
    this.exp = expectations;
    this.timeoutMs = expectations.heartbeatTimeoutMs ?? DEFAULT_HEARTBEAT_TIMEOUT_MS;
    this.toleranceMs = expectations.toleranceMs ?? DEFAULT_TOLERANCE_MS;
  }

  get expectations(): ClientExpectations {
    return this.exp;
  }

  /** Verdicts so far by level (reconnect, stop and stall verdicts; not summaries). */
  get tally(): Readonly<Record<VerdictLevel, number>> {
    return this.counts;
  }

  /** The next monotonic time at which tick() may have something to say. */
  get deadline(): number | undefined {
    const times = [this.waiting?.deadline, this.watching?.deadline].filter((t): t is number => t !== undefined);
    return times.length ? Math.min(...times) : undefined;
  }

  /** One record of the stream, in order; returns the verdicts it settles. */
  observe(r: SseRecord): VerdictInit[] {
    if (this.finished) return [];
    const out: VerdictInit[] = [];
    switch (r.kind) {
      case 'open': {
        const a = this.begin(r.attempt, r.mono, true, r.status, r.request.authFingerprint ?? authUnknown(r.request.headers));
        if (this.delivered.length === 0 && r.lastEventIdSent !== undefined) this.delivered.push(r.lastEventIdSent);
        this.settlePending(a, out);
        this.sinceOpen = 0;
        break;
      }
      case 'error':
        if (r.status !== undefined && r.request) {
          const ra = headerOf(r.response?.headers, 'retry-after');
          const a = this.begin(r.attempt, r.mono, false, r.status, r.request.authFingerprint ?? authUnknown(r.request.headers));
          if ((r.status === 503 || r.status === 429) && ra !== undefined) {
            const ms = parseRetryAfter(ra, r.t);
            if (ms !== undefined) a.retryAfterMs = ms;
          }
          this.settlePending(a, out);
        }
        break;
      case 'event':
        if (this.holds(r.mono)) {
          if (r.id !== undefined) this.current!.stall!.held.push(r.id);
          break;
        }
        this.endStall(r.mono, out);
        if (this.current) this.current.lastEventMono = r.mono;
        if (r.id !== undefined) this.delivered.push(r.id);
        // Only recent ids are ever compared with (an id sent earlier than these reads as unknown): trimmed in bulk, not per event.
        if (this.delivered.length > 2 * MAX_IDS_KEPT) this.delivered.splice(0, this.delivered.length - MAX_IDS_KEPT);
        break;
      case 'retry':
        this.serverRetryMs = r.ms;
        break;
      case 'marker': {
        // The fault as data, not its label (words for people, which may change).
        const stall = r.marker === 'fault' && r.fault?.kind === 'stall' ? r.fault : undefined;
        if (stall && this.current?.opened && !this.current.closed) {
          this.current.stall = { mono: r.mono, held: [], over: false, seconds: stall.seconds };
          this.watching = { attempt: this.current, deadline: this.current.lastEventMono + this.noticeLimitMs() };
        }
        break;
      }
      case 'close': {
        // A 204 has no error record before its close: its attempt begins here.
        const a = this.attempts.get(r.attempt) ?? this.begin(r.attempt, r.mono, false, r.status, null);
        if (r.status !== undefined) a.status ??= r.status;
        a.closed = { reason: r.reason, mono: r.mono, message: r.message, ...(r.status !== undefined ? { status: r.status } : {}) };
        this.settlePending(a, out);
        if (this.watching?.attempt === a) this.watching = undefined;
        // The tap stopped observing: nothing more will come to judge by.
        if (r.stoppedObserving) break;
        const graceMs = this.graceAfter(a);
        this.waiting = { after: a, deadline: r.mono + graceMs, graceMs };
        break;
      }
      case 'reconnect':
        if (r.source !== 'program') break;
        this.waiting = undefined;
        this.sinceOpen++;
        {
          const previous = this.attempts.get(r.attempt) ?? this.current;
          if (!previous) break;
          this.pending = { record: r, previous, n: this.sinceOpen, delivered: [...this.delivered], ...(this.serverRetryMs !== undefined ? { serverRetryMs: this.serverRetryMs } : {}) };
        }
        break;
      default:
        break;
    }
    return out;
  }

  /** Time passed: a stop or an unnoticed stall whose grace ran out. */
  tick(nowMono: number): VerdictInit[] {
    if (this.finished) return [];
    const out: VerdictInit[] = [];
    const w = this.waiting;
    if (w && nowMono >= w.deadline) {
      this.waiting = undefined;
      out.push(this.stopVerdict(w.after, w.graceMs));
    }
    const s = this.watching;
    if (s && nowMono >= s.deadline) {
      this.watching = undefined;
      const silent = nowMono - s.attempt.lastEventMono;
      out.push(this.verdict('stall', [{ aspect: 'stall', level: 'fail', text: `did not notice the stall: still waiting after ${formatMs(silent)} without an event (heartbeat timeout ${formatMs(this.timeoutMs)})` }]));
    }
    return out;
  }

  /** The run is over: what is still open becomes "cannot tell", then the summary. */
  finish(nowMono: number): VerdictInit[] {
    if (this.finished) return [];
    const out: VerdictInit[] = [];
    if (this.pending) this.settlePending(undefined, out);
    const w = this.waiting;
    const since = w ? nowMono - (w.after.closed?.mono ?? nowMono) : 0;
    // A response that ended with the run (stopping the tap closes every socket) says nothing about the program.
    if (w && since >= RUN_END_SLACK_MS) {
      out.push(this.verdict('stop', [{ aspect: 'reconnect', level: 'unknown', text: `cannot tell whether it would ask again: the run ended ${formatMs(since)} after ${endWords(w.after)}, before the ${formatMs(w.graceMs)} grace period was over` }]));
    }
    const s = this.watching;
    if (s) {
      const silent = nowMono - s.attempt.lastEventMono;
      out.push(this.verdict('stall', [{ aspect: 'stall', level: 'unknown', text: `cannot tell whether it would notice the stall: the run ended after ${formatMs(silent)} of silence (heartbeat timeout ${formatMs(this.timeoutMs)})` }]));
    }
    this.waiting = undefined;
    this.watching = undefined;
    this.finished = true;
    out.push(this.summary());
    return out;
  }

  /** The summary of the verdicts so far (finish() gives the last one). */
  summary(): VerdictInit {
    const c = this.counts;
    const judged = c.pass + c.fail + c.info + c.unknown;
    const level: VerdictLevel = c.fail > 0 ? 'fail' : c.unknown > 0 ? 'unknown' : judged === 0 ? 'unknown' : c.pass > 0 ? 'pass' : 'info';
    const parts = (['fail', 'unknown', 'pass', 'info'] as const).filter((l) => c[l] > 0).map((l) => `${c[l]} ${LEVEL_WORDS[l]}`);
    let text = judged === 0 ? 'Nothing to judge: the program made no reconnect and no stop was seen' : `${judged} verdict${judged === 1 ? '' : 's'}: ${parts.join(', ')}`;
    if (this.failures.size > 0) text += ` — failed: ${[...this.failures.values()].join('; ')}`;
    return { kind: 'verdict', scope: 'summary', level, text, checks: [], counts: { ...c } };
  }

  private begin(attempt: number, mono: number, opened: boolean, status: number | undefined, auth: string | null | undefined): Attempt {
    const a: Attempt = { attempt, opened, auth, lastEventMono: mono, ...(status !== undefined ? { status } : {}) };
    this.attempts.set(attempt, a);
    // Only the last few are ever looked up (the previous response of a reconnect).
    for (const k of this.attempts.keys()) if (k < attempt - 4) this.attempts.delete(k);
    this.current = a;
    this.waiting = undefined;
    return a;
  }

  /** The reconnect that started `next` (undefined: the run ended first) gets its verdict. */
  private settlePending(next: Attempt | undefined, out: VerdictInit[]): void {
    const p = this.pending;
    if (!p || (next && next.attempt <= p.previous.attempt)) return;
    this.pending = undefined;
    const prev = p.previous;
    const waited = p.record.delayMs;
    const checks: VerdictCheck[] = [];
    if (prev.status === 204) {
      checks.push({ aspect: 'stop', level: 'fail', text: `kept asking after HTTP 204, which tells a client to stop (it asked again ${formatMs(waited)} later)` });
    } else if (prev.status === 401) {
      checks.push(judgeAuth(prev.auth, next ? next.auth : null));
      checks.push({ aspect: 'delay', level: 'info', text: `asked again ${formatMs(waited)} after the 401` });
    } else {
      if (prev.stall && prev.closed?.reason === 'aborted') checks.push(this.stallNoticed(prev));
      checks.push(judgeDelay(waited, this.exp, { n: p.n, ...(prev.retryAfterMs !== undefined ? { retryAfterMs: prev.retryAfterMs } : {}), ...(p.serverRetryMs !== undefined ? { serverRetryMs: p.serverRetryMs } : {}) }));
    }
    checks.push(judgeResume(p.record.lastEventId, p.delivered));
    out.push(this.verdict('reconnect', checks, p.record.seq, `after ${endWords(prev)}`));
  }

  /** The client dropped a stalled response: how long the silence lasted before it did. */
  private stallNoticed(a: Attempt): VerdictCheck {
    const silent = a.closed!.mono - a.lastEventMono;
    const t = this.timeoutMs;
    const lo = t - Math.min(EARLY_SLACK_MS, this.toleranceMs);
    if (silent < lo) return { aspect: 'stall', level: 'info', text: `dropped the stalled response after ${formatMs(silent)} without an event, sooner than the declared heartbeat timeout of ${formatMs(t)}` };
    if (silent <= this.noticeLimitMs()) return { aspect: 'stall', level: 'pass', text: `noticed the stall after ${formatMs(silent)} without an event (heartbeat timeout ${formatMs(t)})` };
    return { aspect: 'stall', level: 'fail', text: `noticed the stall only after ${formatMs(silent)} without an event (heartbeat timeout ${formatMs(t)})` };
  }

  /** Whether an event at `mono` is one the tap is holding back from the client (a stall of known length is on). */
  private holds(mono: number): boolean {
    const stall = this.current?.stall;
    if (!stall || stall.over || this.current!.closed) return false;
    const until = stall.seconds !== undefined ? stall.mono + stall.seconds * 1000 - RELEASE_SLACK_MS : stall.mono;
    return mono < until;
  }

  /** An event came after a stall: the stall is over, what it held reached the client, and the client rode it out. */
  private endStall(mono: number, out: VerdictInit[]): void {
    const stall = this.current?.stall;
    if (!stall || stall.over) return;
    stall.over = true;
    this.delivered.push(...stall.held);
    const s = this.watching;
    if (!s || s.attempt !== this.current) return;
    this.watching = undefined;
    // The silence the client lived through: from its last event before the stall to this one.
    const silent = mono - s.attempt.lastEventMono;
    const t = this.timeoutMs;
    // A stall shorter than the timeout must not make a client reconnect; a longer one should have.
    if (silent < t) out.push(this.verdict('stall', [{ aspect: 'stall', level: 'pass', text: `rode out a ${formatMs(silent)} stall, shorter than the heartbeat timeout of ${formatMs(t)}` }]));
    else out.push(this.verdict('stall', [{ aspect: 'stall', level: 'unknown', text: `cannot tell: the stall ended after ${formatMs(silent)}, before the client's watchdog had to fire (heartbeat timeout ${formatMs(t)})` }]));
  }

  private noticeLimitMs(): number {
    return this.timeoutMs * STALL_NOTICE_FACTOR + this.toleranceMs;
  }

  /** How long to wait for the program's next request before judging that it stopped. */
  private graceAfter(a: Attempt): number {
    if (this.exp.stopGraceMs !== undefined) return this.exp.stopGraceMs;
    const e = expectedDelay(this.exp, { n: this.sinceOpen + 1, ...(a.retryAfterMs !== undefined ? { retryAfterMs: a.retryAfterMs } : {}), ...(this.serverRetryMs !== undefined ? { serverRetryMs: this.serverRetryMs } : {}) });
    return Math.max(5000, (e?.ms ?? 3000) + Math.max(2000, 2 * this.toleranceMs));
  }

  private stopVerdict(a: Attempt, graceMs: number): VerdictInit {
    const within = `no further request within ${formatMs(graceMs)}`;
    if (a.status === 204) return this.verdict('stop', [{ aspect: 'stop', level: 'pass', text: `stopped after HTTP 204: ${within}` }]);
    if (a.status === 401) return this.verdict('stop', [{ aspect: 'auth', level: 'info', text: `gave up after HTTP 401: ${within}` }]);
    if (a.closed?.reason === 'aborted' && !a.stall) return this.verdict('stop', [{ aspect: 'reconnect', level: 'info', text: `the program closed the stream itself and did not reconnect (${within})` }]);
    const level: VerdictLevel = this.exp.policy !== undefined || a.stall ? 'fail' : 'info';
    return this.verdict('stop', [{ aspect: 'reconnect', level, text: `did not reconnect after ${endWords(a)}: ${within}` }]);
  }

  private verdict(scope: VerdictRecord['scope'], checks: VerdictCheck[], reconnectSeq?: number, lead?: string): VerdictInit {
    const level = worstLevel(checks);
    this.counts[level]++;
    for (const c of checks) if (c.level === 'fail' && !this.failures.has(c.aspect)) this.failures.set(c.aspect, c.text);
    const text = `${LEVEL_WORDS[level]}${lead ? ` (${lead})` : ''}: ${checks.map((c) => c.text).join('; ')}`;
    const v: VerdictInit = { kind: 'verdict', scope, level, text, checks };
    if (reconnectSeq !== undefined) v.reconnectSeq = reconnectSeq;
    if (lead !== undefined) v.after = lead.replace(/^after /, '');
    return v;
  }
}

/** Ids delivered that the judge keeps to recognise a replay (at least this many, at most twice). */
const MAX_IDS_KEPT = 1000;

/** A response that ended this soon before the run did ended because of it. */
const RUN_END_SLACK_MS = 100;

/** Events this soon before a stall's declared end count as released by it (timers on both sides). */
const RELEASE_SLACK_MS = 100;

/** The end of a response in words, for "after …". */
function endWords(a: Attempt): string {
  if (!a.opened) return `HTTP ${a.status ?? '?'}`;
  if (a.stall && a.closed?.reason === 'aborted') return 'a stall';
  switch (a.closed?.reason) {
    case 'server-closed':
      return 'the response ended';
    case 'network-error':
      return 'the connection broke';
    case 'aborted':
      return 'the program dropped the response';
    default:
      return a.closed ? a.closed.message : 'the response';
  }
}

/**
 * Without a fingerprint: undefined when the request had no Authorization header at all (the
 * program sent none), null when it had one the tap could not fingerprint.
 */
function authUnknown(headers: ReadonlyArray<readonly [string, string]>): null | undefined {
  return hasHeader(headers, 'authorization') ? null : undefined;
}

function headerOf(headers: ReadonlyArray<readonly [string, string]> | undefined, name: string): string | undefined {
  return headers && headerValue(headers, name);
}
