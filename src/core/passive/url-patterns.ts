// Which URLs a tap takes (`sseInspector.debug.tapUrls`): patterns a user types in settings,
// so they stay simple. `*` is any run of characters and the pattern must match the whole
// URL; a pattern without `*` matches anywhere in it ("/chat" takes every chat stream).

/** True for every URL when `patterns` is empty; else when one pattern matches. */
export function urlMatchesPatterns(url: string, patterns: readonly string[]): boolean {
  if (patterns.length === 0) return true;
  return patterns.some((p) => (p.includes('*') ? globToRegExp(p).test(url) : url.includes(p)));
}

function globToRegExp(pattern: string): RegExp {
  const body = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*');
  return new RegExp(`^${body}$`, 'i');
}
