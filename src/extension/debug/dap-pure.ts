// Reads the Debug Adapter Protocol traffic of one debug session (as a debug adapter tracker
// sees it) and says when the program stopped or went on, for markers on the SSE timelines.
// PURE: no vscode.
//
// A "stopped" event always means paused. Going on is less direct: adapters send a
// "continued" event only when the program resumes on its own; when VS Code asked (Continue,
// Step Over, ...) the successful response is the signal. Both are watched, and a thread
// is only reported as continued once, whichever comes first.
import type { MarkerKind } from '../../core/base/records';

export interface DebugMarker {
  marker: Extract<MarkerKind, 'debug-pause' | 'debug-continue'>;
  label: string;
}

interface DapMessage {
  type?: unknown;
  event?: unknown;
  command?: unknown;
  seq?: unknown;
  request_seq?: unknown;
  success?: unknown;
  body?: unknown;
  arguments?: unknown;
}

/** Requests whose success means the thread runs again, and how the marker calls them. */
const RESUMING: Record<string, string> = {
  continue: 'Continued',
  next: 'Step over',
  stepIn: 'Step into',
  stepOut: 'Step out',
  stepBack: 'Step back',
  reverseContinue: 'Reverse continue',
};

const ALL = -1;

export class DapMarkerReader {
  /** Threads known to be stopped (ALL when the adapter said every thread stopped). */
  private readonly stopped = new Set<number>();
  /** Threads the adapter has spoken of and not said ended: what a pause request can name. */
  private readonly threads = new Set<number>();
  /** Resuming requests in flight, by request seq. */
  private readonly pending = new Map<number, { command: string; threadId: number | undefined }>();

  /** A message VS Code sends to the adapter (onWillReceiveMessage). */
  fromClient(raw: unknown): void {
    const m = raw as DapMessage;
    if (m?.type !== 'request' || typeof m.command !== 'string' || !(m.command in RESUMING) || typeof m.seq !== 'number') return;
    const args = m.arguments as { threadId?: unknown } | undefined;
    this.pending.set(m.seq, { command: m.command, threadId: typeof args?.threadId === 'number' ? args.threadId : undefined });
  }

  /** A message the adapter sends to VS Code (onDidSendMessage); a marker when one is due. */
  fromAdapter(raw: unknown): DebugMarker | undefined {
    const m = raw as DapMessage;
    if (m?.type === 'event') {
      const body = (typeof m.body === 'object' && m.body !== null ? m.body : {}) as Record<string, unknown>;
      const threadId = typeof body['threadId'] === 'number' ? body['threadId'] : undefined;
      if (m.event === 'thread' && threadId !== undefined) {
        if (body['reason'] === 'exited') this.threads.delete(threadId);
        else this.threads.add(threadId);
        return undefined;
      }
      if (threadId !== undefined) this.threads.add(threadId);
      if (m.event === 'stopped') {
        this.stopped.add(body['allThreadsStopped'] === true || threadId === undefined ? ALL : threadId);
        return { marker: 'debug-pause', label: pauseLabel(body, threadId) };
      }
      if (m.event === 'continued') return this.resumed(threadId, body['allThreadsContinued'] !== false, 'Continued');
      if (m.event === 'terminated' || m.event === 'exited') {
        this.stopped.clear();
        this.threads.clear();
      }
      return undefined;
    }
    if (m?.type === 'response' && m.command === 'threads' && m.success === true) {
      const list = (m.body as { threads?: unknown } | undefined)?.threads;
      if (Array.isArray(list)) {
        this.threads.clear();
        for (const t of list) if (typeof (t as { id?: unknown })?.id === 'number') this.threads.add((t as { id: number }).id);
      }
      return undefined;
    }
    if (m?.type === 'response' && typeof m.request_seq === 'number') {
      const request = this.pending.get(m.request_seq);
      if (!request) return undefined;
      this.pending.delete(m.request_seq);
      if (m.success !== true) return undefined;
      const body = (typeof m.body === 'object' && m.body !== null ? m.body : {}) as Record<string, unknown>;
      // `continue` resumes every thread unless the adapter says otherwise; steps resume one.
      const all = request.command === 'continue' ? body['allThreadsContinued'] !== false : false;
      return this.resumed(request.threadId, all, RESUMING[request.command]!);
    }
    return undefined;
  }

  /** Threads of the program now, oldest first (for a pause request). */
  liveThreads(): number[] {
    return [...this.threads];
  }

  /** Whether some thread is stopped now. */
  get anyStopped(): boolean {
    return this.stopped.size > 0;
  }

  private resumed(threadId: number | undefined, all: boolean, what: string): DebugMarker | undefined {
    if (this.stopped.size === 0) return undefined;
    const known = threadId !== undefined && (this.stopped.has(threadId) || this.stopped.has(ALL));
    if (!all && !known) return undefined;
    if (all || this.stopped.has(ALL)) this.stopped.clear();
    else this.stopped.delete(threadId!);
    return { marker: 'debug-continue', label: `${what}${threadId !== undefined ? ` (thread ${threadId})` : ''}` };
  }
}

/** "Paused: breakpoint (thread 1)", with the adapter's description when it says more. */
export function pauseLabel(body: Record<string, unknown>, threadId: number | undefined): string {
  const reason = typeof body['reason'] === 'string' && body['reason'] ? body['reason'] : 'paused';
  const description = typeof body['description'] === 'string' ? body['description'].trim() : '';
  const detail = description && description.toLowerCase() !== reason.toLowerCase() ? `, ${description}` : '';
  return `Paused: ${reason}${detail}${threadId !== undefined ? ` (thread ${threadId})` : ''}`;
}
