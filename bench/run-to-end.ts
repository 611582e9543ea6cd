// Runs an inspector until its stream ends and checks it saw every event: a benchmark of a
// broken run would measure nothing.
import { Inspector, type InspectorOptions } from '../src/core/inspector';

/** Resolves when the connection is closed or failed. Subscribe before start(). */
export function ended(inspector: Inspector): Promise<void> {
  return new Promise((resolve) => {
    inspector.connection.onState((s) => {
      if (s === 'closed' || s === 'failed') resolve();
    });
  });
}

export function expectEvents(inspector: Inspector, expected: number, what: string): void {
  const got = inspector.session.totals.events;
  if (got !== expected) throw new Error(`${what} saw ${got} events, expected ${expected}: the benchmark would be measuring a broken run`);
}

/** Starts an inspector with these options, waits for the end of its stream, checks the count. `wire` subscribes before the start. */
export async function runToEnd(options: InspectorOptions, expectedEvents: number, what: string, wire?: (connection: Inspector['connection']) => void): Promise<Inspector> {
  const inspector = new Inspector(options);
  wire?.(inspector.connection);
  const done = ended(inspector);
  inspector.start();
  await done;
  expectEvents(inspector, expectedEvents, what);
  return inspector;
}
