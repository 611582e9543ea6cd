// The ways an SSE endpoint can ask for credentials, as users pick them per profile.
// The secret values live here only in memory; profiles store references to SecretStorage.

export type AuthConfig =
  | { kind: 'none' }
  | { kind: 'bearer'; token: string }
  /** Token in the query string: works with EventSource, but leaks into server and proxy logs. */
  | { kind: 'query'; param: string; value: string }
  | { kind: 'cookie'; name: string; value: string }
  | { kind: 'basic'; username: string; password: string }
  /** A custom header such as `X-API-Key`. */
  | { kind: 'header'; header: string; value: string };

/** Every secret string an auth config carries, for scrubbing logs and error messages. */
export function secretsOf(auth: AuthConfig | undefined): string[] {
  if (!auth) return [];
  switch (auth.kind) {
    case 'none':
      return [];
    case 'bearer':
      return [auth.token];
    case 'query':
    case 'cookie':
    case 'header':
      return [auth.value];
    case 'basic':
      return [auth.password, Buffer.from(`${auth.username}:${auth.password}`).toString('base64')];
  }
}
