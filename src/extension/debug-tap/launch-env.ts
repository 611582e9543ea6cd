// The launch configuration of a Node debug session, with the tap added: NODE_OPTIONS gets
// `--require "<out/tap-preload.js>"` appended to whatever it already held, and
// SSE_INSPECTOR_TAP says where the extension listens. No vscode (it reads only the launch's
// envFile), so it is unit-tested.
import { TAP_ENV, TAP_WIRE_VERSION, type TapEnv } from '../../core/passive/tap-wire';
import { envFileNodeOptions } from './env-file';

/** The debug types of VS Code's JavaScript debugger that launch Node programs we can add a preload to (node-terminal: every Node process started in its terminal). */
export const NODE_TAP_DEBUG_TYPES = ['pwa-node', 'node', 'node-terminal'] as const;

export interface NodeTapLaunch {
  preloadPath: string;
  address: string;
  token: string;
  urlPatterns: string[];
}

/**
 * The configuration with the tap, or undefined to leave it as it is: not a Node launch
 * (attach, another debugger), already tapped, or a child session js-debug starts itself.
 * The preload is appended to the NODE_OPTIONS the configuration gives the program, with
 * js-debug's precedence: its `env`, else its `envFile` (the `env` value we set overrides the
 * envFile's, so the envFile's must be carried into it, not dropped). The NODE_OPTIONS the
 * extension host inherited is not carried: js-debug appends it to every launch's itself
 * (after the configured value), so carrying it would name it twice.
 */
export function withNodeTap(config: Readonly<Record<string, unknown>>, tap: NodeTapLaunch): Record<string, unknown> | undefined {
  if (!(NODE_TAP_DEBUG_TYPES as readonly unknown[]).includes(config['type']) || config['request'] !== 'launch') return undefined;
  // js-debug's own child sessions carry these; their process is already running.
  if ('__pendingTargetId' in config || '__parentId' in config) return undefined;
  const env = isRecord(config['env']) ? config['env'] : {};
  if (typeof env[TAP_ENV] === 'string') return undefined;
  // js-debug reads `null` as "unset this variable" (the envFile's too).
  const existing = TAP_NODE_OPTIONS_KEY in env ? env[TAP_NODE_OPTIONS_KEY] : envFileNodeOptions(config);
  const require = `--require ${quoteNodeOption(tap.preloadPath)}`;
  const nodeOptions = typeof existing === 'string' && existing.trim() !== '' ? `${existing.trimEnd()} ${require}` : require;
  const value: TapEnv = { v: TAP_WIRE_VERSION, address: tap.address, token: tap.token, urls: tap.urlPatterns };
  return { ...config, env: { ...env, [TAP_NODE_OPTIONS_KEY]: nodeOptions, [TAP_ENV]: JSON.stringify(value) } };
}

const TAP_NODE_OPTIONS_KEY = 'NODE_OPTIONS';

/** The launch's tap token, if the configuration has the tap. */
export function tapTokenOf(config: Readonly<Record<string, unknown>>): string | undefined {
  const env = config['env'];
  if (!isRecord(env) || typeof env[TAP_ENV] !== 'string') return undefined;
  try {
    const token = (JSON.parse(env[TAP_ENV]) as { token?: unknown }).token;
    return typeof token === 'string' ? token : undefined;
  } catch {
    return undefined;
  }
}

/**
 * One NODE_OPTIONS value, double-quoted as Node reads it: inside quotes a backslash escapes
 * the next character, so backslashes (Windows paths) and quotes are escaped.
 */
export function quoteNodeOption(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
