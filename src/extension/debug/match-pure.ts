// Which profiles a debug session connects. PURE: no vscode, so plain mocha tests it.
//
// A profile takes part when it names the session's launch configuration in
// `launchConfigurations`, or says `connectOnDebug: true` without naming any (then every
// debug session connects it). `connectOnDebug: false` turns the tie-in off altogether.
import type { Profile } from '../profile';

export function connectsOnDebug(profile: Profile, configurationName: string): boolean {
  if (profile.connectOnDebug === false) return false;
  const names = profile.launchConfigurations ?? [];
  if (names.length > 0) return names.includes(configurationName);
  return profile.connectOnDebug === true;
}

/** The profiles a debug session of `configurationName` connects, in settings order. */
export function profilesForDebugSession(profiles: readonly Profile[], configurationName: string): Profile[] {
  return profiles.filter((p) => connectsOnDebug(p, configurationName));
}
