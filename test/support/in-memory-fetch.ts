// A stand-in for undici's fetch that answers with an SSE response whose body is already in
// memory, every chunk available at once: what the connection sees of a socket that queued a
// backlog, without the socket. Used by the benchmark (the pipeline with the socket taken out)
// and by tests of what a queued backlog does; each says why a fake stands in there.
import { Response, type fetch } from 'undici';

/** A fetch whose response body is the chunks `next()` returns, until it returns undefined. */
export function inMemoryFetch(next: () => Uint8Array | undefined): typeof fetch {
  return (async () => {
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        const chunk = next();
        if (chunk === undefined) controller.close();
        else controller.enqueue(chunk);
      },
    });
    return new Response(body as unknown as ConstructorParameters<typeof Response>[0], { status: 200, headers: { 'content-type': 'text/event-stream' } });
  }) as unknown as typeof fetch;
}
