// The proxy tap's commands: Start Tap… (an upstream from a profile or a URL, a port given
// or free), Stop Tap, the running tap's URL (for `${command:sseInspector.tapUrl}` in a
// launch configuration) and Apply Fault to a tapped stream. Each takes arguments so the
// panel, automation and tests run it without prompts.
import { readFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import { parseFaultPlan, readFaultPlan, type FaultPlan } from '../../core/tap/fault-plan';
import { faultProblem, type Fault } from '../../core/tap/faults';
import { TapFaultError } from '../../core/tap/tap-proxy';
import { readExpectations, type ClientExpectations } from '../../core/tap/verdicts';
import type { CommandHandler } from '../commands';
import { CANCELLED, errorText, fail, type Failure } from '../outcome';
import { findProfile, readProfiles } from '../settings';
import type { SessionTargets } from '../targets';
import { askExpectations } from './expect-prompt';
import { askFault } from './fault-prompts';
import type { ProxyTaps, RunningTap } from './proxy-taps';

export interface StartTapArgs {
  /** http(s)://host[:port][/base]. */
  upstream?: string;
  /** A profile's name: its URL's origin is the upstream, its insecureTls and tap.faultPlan apply. */
  profile?: string;
  /** 0 or absent: a free port. */
  port?: number;
  insecureTls?: boolean;
  /** A plan, or the path of a JSON file holding one. */
  faultPlan?: FaultPlan | string;
  /** Show no notification (automation). */
  quiet?: boolean;
  /** What the program's client should do (as a profile's tap.expect); a profile's own applies when absent. */
  expect?: unknown;
}

export type StartTapOutcome = { ok: true; url: string; name: string } | Failure;

export function tapCommands(deps: { taps: ProxyTaps; targets: SessionTargets }): Record<'startTap' | 'stopTap' | 'tapUrl' | 'applyFault', CommandHandler> {
  const { taps } = deps;

  async function startTap(args: StartTapArgs = {}): Promise<StartTapOutcome> {
    let upstream = args.upstream;
    let insecureTls = args.insecureTls === true;
    let plan: FaultPlan | undefined;
    let expect: ClientExpectations | undefined;
    if (args.expect !== undefined) {
      const read = readExpectations(args.expect);
      if (typeof read === 'string') return fail(vscode.l10n.t('SSE Inspector: cannot start the tap: expect {0}', read));
      expect = read;
    }
    try {
      plan = typeof args.faultPlan === 'string' ? parseFaultPlan(await readFile(args.faultPlan, 'utf8')) : args.faultPlan !== undefined ? readFaultPlan(args.faultPlan) : undefined;
    } catch (err) {
      return fail(vscode.l10n.t('SSE Inspector: cannot start the tap: {0}', errorText(err)));
    }
    let profileName = args.profile;
    if (upstream === undefined && profileName === undefined) {
      const picked = await pickUpstream();
      if (!picked) return CANCELLED;
      if ('url' in picked) upstream = picked.url;
      else profileName = picked.profile;
    }
    if (profileName !== undefined) {
      const profile = findProfile(profileName);
      if (!profile) return fail(vscode.l10n.t('SSE Inspector: no usable profile "{0}" in sseInspector.profiles', profileName));
      try {
        upstream = new URL(profile.url).origin;
      } catch {
        return fail(vscode.l10n.t('SSE Inspector: the profile "{0}" has no valid URL', profileName));
      }
      insecureTls = insecureTls || profile.insecureTls === true;
      plan ??= profile.tap?.faultPlan;
      expect ??= profile.tap?.expect;
    }
    let port = args.port;
    if (port === undefined && args.upstream === undefined && args.profile === undefined) {
      const text = await vscode.window.showInputBox({
        title: vscode.l10n.t('SSE Inspector: Start Tap'),
        prompt: vscode.l10n.t('Local port on 127.0.0.1 (empty: a free port)'),
        validateInput: (v) => (v.trim() === '' || (/^\d+$/.test(v.trim()) && Number(v) < 65536) ? undefined : vscode.l10n.t('A port number, or empty')),
      });
      if (text === undefined) return CANCELLED;
      port = text.trim() === '' ? 0 : Number(text);
      if (expect === undefined) {
        expect = await askExpectations();
        if (expect === undefined) return CANCELLED;
      }
    }
    let tap: RunningTap;
    try {
      tap = await taps.start({ upstream: upstream!, ...(port !== undefined ? { port } : {}), ...(insecureTls ? { insecureTls } : {}), ...(plan ? { faultPlan: plan } : {}), ...(expect ? { expect } : {}) });
    } catch (err) {
      return fail(vscode.l10n.t('SSE Inspector: cannot start the tap: {0}', errorText(err)));
    }
    if (!args.quiet) {
      const copy = vscode.l10n.t('Copy Address');
      void vscode.window.showInformationMessage(vscode.l10n.t('SSE Inspector: tap running at {0} → {1}. Point the program\'s base URL there.', tap.proxy.url, tap.proxy.upstream.origin), copy).then((choice) => {
        if (choice === copy) void vscode.env.clipboard.writeText(tap.proxy.url);
      });
    }
    return { ok: true, url: tap.proxy.url, name: tap.origin.name };
  }

  async function stopTap(arg?: { url?: string; all?: boolean }): Promise<boolean> {
    const running = taps.all();
    if (running.length === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('SSE Inspector: no tap is running.'));
      return false;
    }
    if (arg?.all) {
      await taps.stopAll();
      return true;
    }
    const tap = arg?.url !== undefined ? running.find((t) => t.proxy.url === arg.url) : running.length === 1 ? running[0] : await pickTap(running, vscode.l10n.t('Stop which tap?'));
    if (!tap) return false;
    await taps.stop(tap);
    return true;
  }

  /** The running tap's URL (a launch configuration's `${command:sseInspector.tapUrl}`); starts one when none runs. */
  async function tapUrl(): Promise<string | undefined> {
    const running = taps.all();
    if (running.length === 1) return running[0]!.proxy.url;
    if (running.length > 1) return (await pickTap(running, vscode.l10n.t('Which tap?')))?.proxy.url;
    const started = await startTap();
    return started.ok ? started.url : undefined;
  }

  async function applyFault(arg?: { id?: string; fault?: unknown }): Promise<{ ok: true; label: string } | Failure> {
    const live = await deps.targets.resolveLive(arg?.id, vscode.l10n.t('Apply Fault'), {
      accepts: (c) => taps.tapOf(c) !== undefined,
      none: vscode.l10n.t('SSE Inspector: no stream is tapped through a running proxy tap: run "SSE Inspector: Start Tap…" and point the program at it'),
    });
    if ('ok' in live) return live;
    const tap = taps.tapOf(live);
    if (!tap) return fail(vscode.l10n.t('SSE Inspector: "{0}" is not tapped through a running proxy tap (faults need one)', live.label));
    let fault: unknown = arg?.fault;
    if (fault === undefined) {
      fault = await askFault();
      if (fault === undefined) return CANCELLED;
    }
    const problem = faultProblem(fault);
    if (problem) return fail(vscode.l10n.t('SSE Inspector: not a fault: {0}', problem));
    try {
      const label = tap.proxy.faults.apply(live.inspector.source as never, fault as Fault);
      return { ok: true, label };
    } catch (err) {
      if (err instanceof TapFaultError) return fail(vscode.l10n.t('SSE Inspector: {0}', err.message));
      throw err;
    }
  }

  return { startTap, stopTap, tapUrl, applyFault };
}

async function pickUpstream(): Promise<{ url: string } | { profile: string } | undefined> {
  type Item = vscode.QuickPickItem & { profile?: string };
  const items: Item[] = readProfiles().profiles.map((p) => ({ label: p.name, description: originOf(p.url), profile: p.name, ...(p.insecureTls ? { detail: vscode.l10n.t('self-signed certificate accepted') } : {}) }));
  items.push({ label: '$(link) ' + vscode.l10n.t('Enter a URL…') });
  const picked = items.length === 1 ? items[0] : await vscode.window.showQuickPick(items, { title: vscode.l10n.t('SSE Inspector: Start Tap'), placeHolder: vscode.l10n.t('The upstream: where the program\'s requests go') });
  if (!picked) return undefined;
  if (picked.profile !== undefined) return { profile: picked.profile };
  const url = await vscode.window.showInputBox({
    title: vscode.l10n.t('SSE Inspector: Start Tap'),
    prompt: vscode.l10n.t('Upstream URL: origin and optional base path (e.g. http://localhost:3000 or https://api.example.com/v1)'),
    validateInput: (v) => {
      try {
        const u = new URL(v.trim());
        return u.protocol === 'http:' || u.protocol === 'https:' ? undefined : vscode.l10n.t('http:// or https://');
      } catch {
        return vscode.l10n.t('Not a URL');
      }
    },
  });
  return url?.trim() ? { url: url.trim() } : undefined;
}

async function pickTap(running: readonly RunningTap[], placeHolder: string): Promise<RunningTap | undefined> {
  const picked = await vscode.window.showQuickPick(
    running.map((t) => ({ label: t.proxy.url, description: t.upstream, tap: t })),
    { title: 'SSE Inspector', placeHolder },
  );
  return picked?.tap;
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}
