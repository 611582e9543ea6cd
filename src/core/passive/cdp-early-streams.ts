// The EventSource objects a page already has when the debug tap attaches: js-debug hands the
// page's CDP target over only after the page's scripts began to run, so a stream opened at
// load was requested before the tap listened, and shows only from its next reconnect. The
// page is asked (read-only) which EventSources exist and are not CLOSED, so the user can be
// told, and offered a reload.
//
// Three commands: EventSource.prototype (only in a top-level page: a worker or an iframe has
// no page to reload, and a service worker has no EventSource), the objects that have it as
// prototype (Runtime.queryObjects), and their url and readyState by value. Everything made in
// the page is in one object group, released at the end. Never throws: any failure (an old
// Chrome, a page that went away, a proxy that refuses) is "not known", undefined.
import type { CdpSend } from './cdp-network';

/** An EventSource of the page that is CONNECTING (0) or OPEN (1). */
export interface OpenEventSource {
  url: string;
  readyState: number;
}

/** The page's objects for this query live in this group, released when it is done. */
export const EARLY_STREAMS_OBJECT_GROUP = 'sse-inspector-early-streams';

/** EventSource.prototype in a top-level page; null in a worker or an iframe. */
export const PAGE_EVENT_SOURCE_PROTOTYPE = `(typeof window === 'object' && window === window.top && typeof EventSource === 'function') ? EventSource.prototype : null`;

/**
 * Called on the array queryObjects returns: url and readyState of each EventSource that is not
 * CLOSED. A plain loop, no Array methods, and a guard per object: the page may have replaced
 * Array.prototype's methods or EventSource's getters, and none of that may throw out of here.
 */
export const DESCRIBE_EVENT_SOURCES = `function () {
  const out = [];
  for (let i = 0; i < this.length; i++) {
    try {
      const e = this[i];
      if (e.readyState !== 2) out[out.length] = { url: String(e.url), readyState: Number(e.readyState) };
    } catch (_) {}
  }
  return out;
}`;

/**
 * The page's EventSources that are not CLOSED, or undefined when the target is not a top-level
 * page or did not answer.
 */
export async function openEventSources(send: CdpSend): Promise<OpenEventSource[] | undefined> {
  const group = EARLY_STREAMS_OBJECT_GROUP;
  try {
    const prototype = await send('Runtime.evaluate', { expression: PAGE_EVENT_SOURCE_PROTOTYPE, objectGroup: group, silent: true, includeCommandLineAPI: false, returnByValue: false });
    const prototypeObjectId = objectIdIn(prototype, 'result');
    if (!prototypeObjectId) return undefined;
    const found = await send('Runtime.queryObjects', { prototypeObjectId, objectGroup: group });
    const arrayId = objectIdIn(found, 'objects');
    if (!arrayId) return undefined;
    const described = await send('Runtime.callFunctionOn', { objectId: arrayId, functionDeclaration: DESCRIBE_EVENT_SOURCES, returnByValue: true, silent: true, objectGroup: group });
    return eventSourcesIn(described);
  } catch {
    return undefined;
  } finally {
    // Also when the page went away meanwhile: the answer to this one does not matter.
    send('Runtime.releaseObjectGroup', { objectGroup: group }).catch(() => undefined);
  }
}

/** The objectId of the RemoteObject at `key` of a CDP result, unless it threw in the page. */
function objectIdIn(result: unknown, key: string): string | undefined {
  if (typeof result !== 'object' || result === null) return undefined;
  const r = result as Record<string, unknown>;
  if (r['exceptionDetails'] !== undefined) return undefined;
  const remote = r[key] as Record<string, unknown> | undefined;
  const id = remote?.['objectId'];
  return typeof id === 'string' && id !== '' ? id : undefined;
}

/** The value callFunctionOn returned, checked: only entries with a string url. */
function eventSourcesIn(result: unknown): OpenEventSource[] | undefined {
  if (typeof result !== 'object' || result === null) return undefined;
  const r = result as Record<string, unknown>;
  if (r['exceptionDetails'] !== undefined) return undefined;
  const value = (r['result'] as Record<string, unknown> | undefined)?.['value'];
  if (!Array.isArray(value)) return undefined;
  const out: OpenEventSource[] = [];
  for (const v of value as unknown[]) {
    if (typeof v !== 'object' || v === null) continue;
    const e = v as Record<string, unknown>;
    if (typeof e['url'] === 'string' && typeof e['readyState'] === 'number' && e['readyState'] !== 2) out.push({ url: e['url'], readyState: e['readyState'] });
  }
  return out;
}
