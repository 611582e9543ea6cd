// `${env:NAME}` and `${secret:KEY}` placeholders, and the "K: V; K2: V2" header shorthand
// the connect prompt accepts. PURE: no vscode.

/** A profile cannot be turned into a request; the message is for the user, as is. */
export class ProfileError extends Error {
  constructor(
    message: string,
    readonly code: 'env' | 'missing-secret' | 'url' | 'auth' | 'template',
    /** The environment variable or secret key at fault. */
    readonly ref?: string,
  ) {
    super(message);
    this.name = 'ProfileError';
  }
}

export type Env = Readonly<Record<string, string | undefined>>;

const PLACEHOLDER = /\$\{(env|secret):([^}]*)\}/g;

export interface TemplateValues {
  env: Env;
  /** When absent, `${secret:…}` is not allowed in this text. */
  secrets?: ReadonlyMap<string, string>;
}

/**
 * Substitutes `${env:NAME}` (and `${secret:KEY}` when secrets are given). An unset variable
 * or unknown key is an error naming it and where it was used, never an empty string that
 * would silently produce a wrong request.
 */
export function expandTemplate(text: string, values: TemplateValues, where: string): string {
  return text.replace(PLACEHOLDER, (_match, kind: string, rawName: string) => {
    const name = rawName.trim();
    if (name === '') throw new ProfileError(`Empty \${${kind}:} placeholder in ${where}`, 'template');
    if (kind === 'env') {
      const value = values.env[name];
      if (value === undefined) throw new ProfileError(`Environment variable ${name} is not set (used in ${where})`, 'env', name);
      return value;
    }
    if (!values.secrets) throw new ProfileError(`\${secret:${name}} is not allowed in ${where}: use "auth.secretRef" for credentials`, 'template', name);
    const secret = values.secrets.get(name);
    if (secret === undefined) throw new ProfileError(`The secret "${name}" is not set (used in ${where})`, 'missing-secret', name);
    return secret;
  });
}

/** The `${secret:KEY}` keys a text refers to. */
export function secretKeysIn(text: string | undefined): string[] {
  if (!text) return [];
  const keys: string[] = [];
  for (const m of text.matchAll(PLACEHOLDER)) if (m[1] === 'secret' && m[2]?.trim()) keys.push(m[2].trim());
  return keys;
}

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * "Accept-Language: en; X-Trace: 1" -> { "Accept-Language": "en", "X-Trace": "1" }.
 * Empty input is no headers. A value cannot contain ";" in this shorthand (profiles can).
 */
export function parseHeaderLine(line: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const part of line.split(';')) {
    const item = part.trim();
    if (item === '') continue;
    const colon = item.indexOf(':');
    if (colon <= 0) throw new ProfileError(`"${item}" is not a header: write Name: value`, 'template');
    const name = item.slice(0, colon).trim();
    if (!HEADER_NAME.test(name)) throw new ProfileError(`"${name}" is not a valid header name`, 'template');
    headers[name] = item.slice(colon + 1).trim();
  }
  return headers;
}

/** The reverse of parseHeaderLine, to prefill a prompt. */
export function formatHeaderLine(headers: Record<string, string> | undefined): string {
  return Object.entries(headers ?? {})
    .map(([k, v]) => `${k}: ${v}`)
    .join('; ');
}

/** Reads `a.b[0].c` (or `a.b.0.c`) from parsed JSON; undefined when any step is missing. */
export function jsonPathGet(value: unknown, path: string): unknown {
  const steps = path
    .replace(/^\$\.?/, '')
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter((s) => s !== '');
  let current: unknown = value;
  for (const step of steps) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[step];
  }
  return current;
}
