// Saving a live connection as a profile: the settings entry (secret-free) and which
// in-memory secrets must move to SecretStorage under which keys. PURE: no vscode.
import type { Profile } from './types';

/** Prefix of the secret keys of ad-hoc connections: their secrets live in memory only until saved. */
export const MEMORY_SECRET_PREFIX = 'memory:';

export interface ProfileToSave {
  /** The settings entry: never contains a secret value. */
  profile: Profile;
  /** Secrets to write to SecretStorage: key -> value. */
  secretsToStore: Map<string, string>;
}

/** The SecretStorage key a saved profile's auth secret gets by default. */
export function defaultSecretKey(profileName: string, authKind: string): string {
  return `sseInspector.${profileName.trim().replace(/\s+/g, '-')}.${authKind}`;
}

/**
 * The profile to write for `source` under `name`. An ad-hoc connection's in-memory secret
 * (key with MEMORY_SECRET_PREFIX) gets a real SecretStorage key; a secret already in
 * SecretStorage keeps its key.
 */
export function profileToSave(source: Profile, name: string, memorySecrets: ReadonlyMap<string, string>): ProfileToSave {
  // A deep copy, dropping undefined fields (settings.json should not get "x": null).
  const profile = JSON.parse(JSON.stringify({ ...source, name: name.trim() })) as Profile;
  const secretsToStore = new Map<string, string>();
  const ref = profile.auth?.secretRef;
  if (profile.auth && ref?.startsWith(MEMORY_SECRET_PREFIX)) {
    const key = defaultSecretKey(profile.name, profile.auth.kind);
    const value = memorySecrets.get(ref);
    if (value !== undefined) secretsToStore.set(key, value);
    profile.auth.secretRef = key;
  }
  return { profile, secretsToStore };
}

/** `list` with `profile` replacing the entry of the same name, or appended. Other entries untouched. */
export function upsertProfile(list: readonly unknown[], profile: Profile): unknown[] {
  const out = [...list];
  const i = out.findIndex((p) => typeof p === 'object' && p !== null && (p as { name?: unknown }).name === profile.name);
  if (i >= 0) out[i] = profile;
  else out.push(profile);
  return out;
}
