// Reading a header list ([name, value] pairs as sent or received): names compare without case.

type Headers = ReadonlyArray<readonly [string, string]>;

/** The first value of header `name` (any case), or undefined. */
export function headerValue(headers: Headers, name: string): string | undefined {
  const lower = name.toLowerCase();
  return headers.find(([n]) => n.toLowerCase() === lower)?.[1];
}

/** Whether the list has header `name` (any case). */
export function hasHeader(headers: Headers, name: string): boolean {
  const lower = name.toLowerCase();
  return headers.some(([n]) => n.toLowerCase() === lower);
}
