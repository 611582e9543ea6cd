// The verdicts of `sse-inspect tap`: each tapped stream gets a judge (src/core/tap/judge.ts)
// whose verdict records print with the stream's other records; at the end each stream's
// summary, and exit status 4 when any verdict failed, so a CI job can check a client's
// reconnect logic against the policy it should follow.
import { JudgedSource } from '../core/tap/judge-source';
import { parseExpectedPolicy, type ClientExpectations } from '../core/tap/verdicts';
import { UsageError } from './args';
import { VERDICT_FAILED_EXIT } from './tap-args';
import type { TapCliStream, TapWatcher, TapWatcherFactory } from './tap';

/** Reads --expect-policy, --heartbeat-timeout and --tolerance from the options the tap's own parser left. */
export function parseExpectArgs(rest: readonly string[]): ClientExpectations {
  const exp: ClientExpectations = {};
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    const value = (): string => {
      const v = rest[++i];
      if (v === undefined || v.startsWith('-')) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    switch (arg) {
      case '--expect-policy': {
        const v = value();
        const p = parseExpectedPolicy(v);
        if (!p) throw new UsageError(`--expect-policy must be linear, exponential or fixed:MS, got "${v}"`);
        exp.policy = p;
        break;
      }
      case '--heartbeat-timeout': {
        const v = Number(value());
        if (!Number.isFinite(v) || v <= 0) throw new UsageError('--heartbeat-timeout needs a number of seconds above 0');
        exp.heartbeatTimeoutMs = v * 1000;
        break;
      }
      case '--tolerance': {
        const v = Number(value());
        if (!Number.isFinite(v) || v < 0) throw new UsageError('--tolerance needs a number of ms, 0 or more');
        exp.toleranceMs = v;
        break;
      }
      default:
        throw new UsageError(`Unknown option ${arg}`);
    }
  }
  return exp;
}

/** The watcher that judges every tapped stream against the expectations. */
export const verdictWatchers: TapWatcherFactory = (rest, args) => [new VerdictWatcher(parseExpectArgs(rest), args.jsonl)];

class VerdictWatcher implements TapWatcher {
  private readonly judged = new Map<TapCliStream, JudgedSource>();

  constructor(
    private readonly expectations: ClientExpectations,
    private readonly jsonl: boolean,
  ) {}

  record(stream: TapCliStream, record: Parameters<TapWatcher['record']>[1]): string[] | undefined {
    if (!this.judged.has(stream)) {
      // Made on the stream's first record: it hears the rest itself, this one is handed over.
      const judged = new JudgedSource(stream.source, this.expectations);
      this.judged.set(stream, judged);
      judged.observeEarlier(record);
    }
    return undefined;
  }

  finish(): { lines: string[]; exitCode: number } {
    // The verdicts still open and each summary go into the streams' records, printed as they come.
    for (const judged of this.judged.values()) judged.finish();
    let failed = 0;
    for (const judged of this.judged.values()) {
      failed += judged.judge.tally.fail;
      judged.dispose();
    }
    const streams = this.judged.size;
    const exitCode = failed > 0 ? VERDICT_FAILED_EXIT : 0;
    // JSONL: every line is a stream's record; each stream's summary record says it all.
    if (this.jsonl) return { lines: [], exitCode };
    const lines = [
      streams === 0
        ? 'Verdicts: no event stream came through the tap, nothing was judged.'
        : `Verdicts: ${failed === 0 ? 'none failed' : `${failed} failed`} across ${streams} stream${streams === 1 ? '' : 's'}${failed > 0 ? ` (exit status ${VERDICT_FAILED_EXIT})` : ''}.`,
    ];
    return { lines, exitCode };
  }
}
