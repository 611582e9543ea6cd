// The shape of one `sseInspector.profiles` entry, as users write it in settings.json.
// Mirrors the JSON schema in package.json (contributes.configuration). PURE: no vscode.
//
// A profile never holds a secret: `auth.secretRef` and `${secret:KEY}` in a refresh body
// name keys in VS Code's SecretStorage, read at connect time.
import type { EventBreakpoint } from '../../core/breakpoints';
import type { FaultPlan } from '../../core/tap/fault-plan';
import type { ClientExpectations } from '../../core/tap/verdicts';
import type { HeartbeatSettings } from '../../core/inspector';
import type { ReconnectPolicy } from '../../core/base/reconnect';
import type { AuthKind, PolicyName } from '../../core/base/records';
import { DEFAULT_IDLE_TIMEOUT_MS, DEFAULT_MAX_BYTES, DEFAULT_MAX_RECORDS, DEFAULT_RECONNECT_POLICY } from '../../core/base/defaults';

export const PROFILE_METHODS = ['GET', 'POST', 'PUT'] as const;
export type ProfileMethod = (typeof PROFILE_METHODS)[number];

export const AUTH_KINDS: readonly AuthKind[] = ['none', 'bearer', 'query', 'cookie', 'basic', 'header'];
export const POLICY_NAMES: readonly PolicyName[] = ['fixed', 'linear', 'exponential', 'none'];

export interface ProfileAuth {
  kind: AuthKind;
  /** query: the parameter name (default `token`). */
  param?: string;
  /** cookie: the cookie name. */
  name?: string;
  /** header: the header name, e.g. `X-API-Key`. */
  header?: string;
  /** basic: the user name (the password is the secret). */
  username?: string;
  /** The SecretStorage key holding the token, password or API key. Never the secret itself. */
  secretRef?: string;
}

/** How to get a fresh token after a 401 (e.g. POST /api/auth/refresh). */
export interface ProfileRefresh {
  url: string;
  method?: ProfileMethod;
  headers?: Record<string, string>;
  /** Request body template: `${env:NAME}` and `${secret:KEY}` are substituted. */
  body?: string;
  /** Where the new token is in the JSON answer, e.g. `token` or `data.accessToken`. Default `token`. */
  tokenJsonPath?: string;
}

/**
 * A named policy and any of the core's policy fields over it: the same names as
 * ReconnectPolicy (baseMs, capMs, maxAttempts, jitter, honourServerRetry, minDelayMs), so
 * they pass through to the core unchanged.
 */
export type ProfileReconnect = { policy?: PolicyName } & Partial<Omit<ReconnectPolicy, 'kind'>>;

/** The core's heartbeat settings, as they are: the Inspector takes them whole. */
export type ProfileHeartbeat = HeartbeatSettings;

export interface Profile {
  name: string;
  url: string;
  method?: ProfileMethod;
  headers?: Record<string, string>;
  body?: string;
  auth?: ProfileAuth;
  refresh?: ProfileRefresh;
  reconnect?: ProfileReconnect;
  heartbeat?: ProfileHeartbeat;
  insecureTls?: boolean;
  /** The Last-Event-ID to start from: sent on the first attempt, until the stream's own `id:` replaces it. */
  lastEventId?: string;
  /** How long to wait for the connection and the response headers (ms). 0 = no limit. Default 30 000. */
  connectTimeoutMs?: number;
  /**
   * Connect when a debug session starts: `true` with no `launchConfigurations` means any
   * debug session; `false` turns the debug tie-in off even if `launchConfigurations` is set.
   */
  connectOnDebug?: boolean;
  /** Names of launch configurations whose debug sessions connect this profile (and disconnect it when they end). */
  launchConfigurations?: string[];
  /** Event breakpoints: the panel's timeline stops at the first event that matches one. */
  breakpoints?: EventBreakpoint[];
  /** How to merge streamed answers of a format SSE Inspector does not recognise on its own. */
  merge?: ProfileMerge;
  /** Every event's data should be JSON: the others are reported in the stream diagnostics. */
  expectJson?: boolean;
  /** When this profile is the upstream of a proxy tap (Start Tap…). */
  tap?: ProfileTap;
}

export interface ProfileTap {
  /** Faults each stream tapped through the proxy gets unattended, so a run repeats. */
  faultPlan?: FaultPlan;
  /** What the program's client should do when its stream breaks: its reconnects are judged against it. */
  expect?: ClientExpectations;
}

export interface ProfileMerge {
  /** JSON path to each fragment's text, e.g. `choices[0].delta.text` or `$.token["text"]`. */
  jsonPath: string;
}

/** The scalar `sseInspector.*` settings a profile falls back on. */
export interface ProfileDefaults {
  reconnectPolicy: PolicyName;
  /** 0 turns the idle timeout off. */
  idleTimeoutMs: number;
  maxRecords: number;
  maxBytes: number;
}

export const BUILTIN_DEFAULTS: ProfileDefaults = {
  reconnectPolicy: DEFAULT_RECONNECT_POLICY,
  idleTimeoutMs: DEFAULT_IDLE_TIMEOUT_MS,
  maxRecords: DEFAULT_MAX_RECORDS,
  maxBytes: DEFAULT_MAX_BYTES,
};
