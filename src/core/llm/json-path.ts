// A user-defined JSON path for any other streaming format, e.g. `choices[0].delta.text`
// or `$.payload["text"]`: the string at that path in each JSON event is appended to one
// answer per connection attempt; `[DONE]` or a new attempt starts the next.
import type { EventRecord } from '../base/records';
import type { FragmentFormat } from './format';
import { appendText, type MessageBook } from './message-book';

export type PathStep = string | number;

/** Parses `a.b[0]["c d"]` (a leading `$` or `$.` is allowed); throws a clear error on bad syntax. */
export function parseJsonPath(path: string): PathStep[] {
  const steps: PathStep[] = [];
  let rest = path.trim().replace(/^\$\.?/, '');
  const token = /^(?:\.?([A-Za-z_$][\w$-]*)|\[(\d+)\]|\[\s*"((?:[^"\\]|\\.)*)"\s*\]|\[\s*'((?:[^'\\]|\\.)*)'\s*\])/;
  while (rest.length > 0) {
    const m = token.exec(rest);
    if (!m) throw new Error(`Invalid JSON path "${path}" near "${rest}": use a.b[0].c or a["key"]`);
    steps.push(m[1] ?? (m[2] !== undefined ? Number(m[2]) : (m[3] ?? m[4])!.replace(/\\(.)/g, '$1')));
    rest = rest.slice(m[0].length);
  }
  if (steps.length === 0) throw new Error(`Invalid JSON path "${path}": it names nothing`);
  return steps;
}

export function readPath(value: unknown, steps: readonly PathStep[]): unknown {
  let v = value;
  for (const step of steps) {
    if (typeof step === 'number') v = Array.isArray(v) ? v[step] : undefined;
    else v = typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>)[step] : undefined;
    if (v === undefined) return undefined;
  }
  return v;
}

export class JsonPathFormat implements FragmentFormat {
  private readonly steps: PathStep[];
  private turn = 1;
  /** The current turn's answer has been started (so a closed one means: next turn). */
  private started = false;
  private lastAttempt = 0;

  constructor(path: string) {
    this.steps = parseJsonPath(path);
  }

  observe(e: EventRecord, book: MessageBook): boolean {
    if (!e.data.startsWith('{') && !e.data.startsWith('[')) return false;
    let value: unknown;
    try {
      value = JSON.parse(e.data);
    } catch {
      return false;
    }
    const text = readPath(value, this.steps);
    if (typeof text !== 'string') return false;
    const reconnected = this.lastAttempt !== 0 && e.attempt !== this.lastAttempt;
    const closed = this.started && !book.current('json-path', `answer-${this.turn}`);
    if (reconnected || closed) {
      this.turn++;
      this.started = false;
    }
    this.lastAttempt = e.attempt;
    this.started = true;
    appendText(book.open('json-path', `answer-${this.turn}`, e.seq), text);
    return true;
  }

  clear(): void {
    this.turn = 1;
    this.started = false;
    this.lastAttempt = 0;
  }
}
