// Secrets never leave the extension host in clear: not in records, logs, exports or
// "copy as curl". Redaction happens where a request summary is built, so every view
// downstream only ever sees the redacted form.
import type { HeaderList } from './records';

export const REDACTED = '<redacted>';

/** Header names whose values are credentials whatever the profile says. */
const SENSITIVE_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'api-key',
  'x-auth-token',
  'x-access-token',
]);

/** Query parameter names that usually carry credentials. */
const SENSITIVE_PARAMS = new Set(['token', 'access_token', 'id_token', 'refresh_token', 'api_key', 'apikey', 'key', 'password', 'secret', 'auth', 'jwt', 'signature', 'sig']);

export function isSensitiveHeader(name: string, extra: Iterable<string> = []): boolean {
  const lower = name.toLowerCase();
  if (SENSITIVE_HEADERS.has(lower)) return true;
  for (const e of extra) if (e.toLowerCase() === lower) return true;
  return false;
}

/** Keeps the scheme word of an Authorization value ("Bearer <redacted>") so the kind stays visible. */
function redactHeaderValue(name: string, value: string): string {
  if (name.toLowerCase().endsWith('authorization')) {
    const space = value.indexOf(' ');
    if (space > 0) return `${value.slice(0, space)} ${REDACTED}`;
  }
  return REDACTED;
}

export function redactHeaders(headers: HeaderList, extraSensitive: Iterable<string> = []): HeaderList {
  const extra = [...extraSensitive];
  return headers.map(([n, v]) => [n, isSensitiveHeader(n, extra) ? redactHeaderValue(n, v) : v]);
}

/**
 * Plain ASCII that URL serialisation leaves as it is: set in place of a secret, then swapped
 * for REDACTED in the finished text. Setting REDACTED itself would show as %3Credacted%3E.
 */
const URL_PLACEHOLDER = 'SSEINSPECTORREDACTEDVALUE';

/** The URL with credential query parameters and any password replaced by a readable `<redacted>`. */
export function redactUrl(url: string, extraParams: Iterable<string> = []): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  const extra = new Set([...extraParams].map((p) => p.toLowerCase()));
  let changed = false;
  for (const key of [...new Set(parsed.searchParams.keys())]) {
    if (isSensitiveParam(key, extra)) {
      parsed.searchParams.set(key, URL_PLACEHOLDER);
      changed = true;
    }
  }
  if (parsed.password) {
    parsed.password = URL_PLACEHOLDER;
    changed = true;
  }
  return changed ? parsed.toString().split(URL_PLACEHOLDER).join(REDACTED) : url;
}

/**
 * True when the URL carries a credential (a token-like query parameter or a password), however
 * it got there: an `auth: query` profile, or a token written into the profile's URL.
 */
export function urlCarriesSecret(url: string, extraParams: Iterable<string> = []): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  const extra = new Set([...extraParams].map((p) => p.toLowerCase()));
  if (parsed.password) return true;
  for (const [key, value] of parsed.searchParams) if (value !== '' && isSensitiveParam(key, extra)) return true;
  return false;
}

function isSensitiveParam(key: string, extra: ReadonlySet<string>): boolean {
  const lower = key.toLowerCase();
  return SENSITIVE_PARAMS.has(lower) || extra.has(lower);
}

/** Replaces every occurrence of each secret in free text (error messages, bodies, logs). */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) {
    // Very short values would redact unrelated text; they are not worth hiding either.
    if (s.length < 4) continue;
    out = out.split(s).join(REDACTED);
    const encoded = encodeURIComponent(s);
    if (encoded !== s) out = out.split(encoded).join(REDACTED);
  }
  return out;
}

/**
 * For display: a redaction marker that URL encoding turned into %3Credacted%3E (URLs redacted
 * before markers were kept readable, e.g. in older recordings) shown as `<redacted>` again.
 */
export function readableRedactions(text: string): string {
  return text.replace(/%3Credacted%3E/gi, REDACTED);
}
