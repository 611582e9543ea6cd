// A fault plan: faults a tapped stream gets unattended, at a time or after a number of
// events, so that a run of a client against the tap can be repeated exactly. Read from a
// profile (`tap.faultPlan`) or a JSON file; the proxy runs one schedule per tapped stream,
// timed from that stream's first response and counting its events across reconnects.
import { faultProblem, type Fault } from './faults';

export type FaultPlanAt = string | number | { afterEvents: number };

export interface FaultPlanStep {
  /** '5s', '1500ms', a number of ms, or { afterEvents: N } (after the stream's Nth event). */
  at: FaultPlanAt;
  do: Fault;
}

export type FaultPlan = FaultPlanStep[];

/** A step's trigger, read. */
export type StepTrigger = { afterMs: number } | { afterEvents: number };

/** Reads a duration: '5s', '250ms', '1.5s', or a number of ms. */
export function parseDuration(value: string | number): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m)?\s*$/.exec(value);
  if (!m) return undefined;
  const n = Number(m[1]);
  return m[2] === 's' ? n * 1000 : m[2] === 'm' ? n * 60_000 : n;
}

export function stepTrigger(at: FaultPlanAt): StepTrigger | undefined {
  if (typeof at === 'object' && at !== null) {
    const n = (at as { afterEvents?: unknown }).afterEvents;
    return typeof n === 'number' && Number.isInteger(n) && n >= 0 ? { afterEvents: n } : undefined;
  }
  const ms = parseDuration(at);
  return ms === undefined ? undefined : { afterMs: ms };
}

/** Reads a plan from parsed JSON (a list of steps, or { "faultPlan": [...] }); throws with every problem found, each with its step number. */
export function readFaultPlan(value: unknown): FaultPlan {
  const list = Array.isArray(value) ? value : typeof value === 'object' && value !== null && Array.isArray((value as { faultPlan?: unknown }).faultPlan) ? (value as { faultPlan: unknown[] }).faultPlan : undefined;
  if (!list) throw new Error('A fault plan is a list of steps: [{ "at": "5s" | { "afterEvents": 3 }, "do": { "kind": "end" } }, ...]');
  const problems: string[] = [];
  list.forEach((step: unknown, i) => {
    const where = `step ${i + 1}`;
    if (typeof step !== 'object' || step === null) return problems.push(`${where}: not an object`);
    const s = step as { at?: unknown; do?: unknown };
    if (!stepTrigger(s.at as FaultPlanAt)) problems.push(`${where}: "at" must be a time ("5s", "250ms", a number of ms) or { "afterEvents": N }`);
    const p = faultProblem(s.do);
    if (p) problems.push(`${where}: ${p}`);
    return undefined;
  });
  if (problems.length > 0) throw new Error(`Fault plan: ${problems.join('; ')}`);
  return list as FaultPlan;
}

/** Parses a plan from JSON text (a file). */
export function parseFaultPlan(json: string): FaultPlan {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (err) {
    throw new Error(`Fault plan: not valid JSON (${(err as Error).message})`);
  }
  return readFaultPlan(value);
}

/**
 * Which steps of a plan are due, for one stream: told the time since the stream began and
 * its event count, it gives each step once, in plan order among those due together.
 */
export class FaultPlanSchedule {
  private readonly done = new Set<number>();
  private readonly triggers: Array<StepTrigger | undefined>;

  constructor(readonly plan: FaultPlan) {
    this.triggers = plan.map((s) => stepTrigger(s.at));
  }

  /** Delays (ms from the stream's start) of the timed steps, for the timers to set. */
  timedDelays(): number[] {
    const out: number[] = [];
    for (const t of this.triggers) if (t && 'afterMs' in t && !out.includes(t.afterMs)) out.push(t.afterMs);
    return out.sort((a, b) => a - b);
  }

  /** The steps due now that have not been given yet, with their index in the plan. */
  due(elapsedMs: number, events: number): Array<{ index: number; step: FaultPlanStep }> {
    const out: Array<{ index: number; step: FaultPlanStep }> = [];
    this.triggers.forEach((t, index) => {
      if (!t || this.done.has(index)) return;
      const ready = 'afterMs' in t ? elapsedMs >= t.afterMs : events >= t.afterEvents;
      if (!ready) return;
      this.done.add(index);
      out.push({ index, step: this.plan[index]! });
    });
    return out;
  }

  /** Some step waits for a number of events (the proxy then forwards event by event, so it acts between two). */
  get countsEvents(): boolean {
    return this.triggers.some((t, i) => t !== undefined && 'afterEvents' in t && !this.done.has(i));
  }

  get finished(): boolean {
    return this.done.size === this.triggers.filter((t) => t !== undefined).length;
  }
}
