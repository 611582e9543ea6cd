// The "Streams" tree in the SSE Inspector activity bar container: saved profiles (with an
// inline Connect), live connections (state icon, context menu), and the streams each tap
// found, under the debug session or tap they came through. Refreshed when the settings
// change and when a stream comes, goes or changes state.
import * as vscode from 'vscode';
import { Disposable } from '../core/disposable';
import { redactUrl } from '../core/base/redact';
import type { TreeDescription } from './api';
import type { ConnectionRegistry, LiveConnection } from './connection-registry';
import { COMMANDS } from '../ids';
import type { Profile } from './profile';
import { onProfilesChanged, readProfiles } from './settings';
import { stateLook } from './state-view';
import { cameThrough } from './tapped-streams';
import { stateWord } from './state-words';

/** Tree elements are plain data; menus pass them to commands as `{ name }` / `{ id }`. */
export type StreamNode =
  | { kind: 'group'; group: 'profiles' | 'connections' }
  | { kind: 'taps'; via: 'debug' | 'proxy'; name: string }
  | { kind: 'profile'; name: string }
  | { kind: 'problem'; text: string }
  | { kind: 'connection'; id: string };

const PROFILES: StreamNode = { kind: 'group', group: 'profiles' };
const CONNECTIONS: StreamNode = { kind: 'group', group: 'connections' };

export class StreamsTree extends Disposable implements vscode.TreeDataProvider<StreamNode> {
  private readonly changed = this._register(new vscode.EventEmitter<StreamNode | undefined>());
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly connections: ConnectionRegistry) {
    super();
    this._register(onProfilesChanged(() => this.changed.fire(undefined)));
    this._register(
      connections.onDidChange((c) => {
        if (c.kind !== 'active') this.changed.fire(undefined);
      }),
    );
  }

  getChildren(node?: StreamNode): StreamNode[] {
    if (!node) {
      // Nothing at all: no nodes, so the view shows its welcome (package.json viewsWelcome),
      // which explains the view and offers Connect to URL and Add Profile.
      const { profiles, problems } = readProfiles();
      return profiles.length + problems.length + this.connections.size === 0 ? [] : [PROFILES, CONNECTIONS, ...this.tapGroups()];
    }
    if (node.kind === 'taps') return this.connections.all().filter((c) => cameThrough(c, node)).map((c) => ({ kind: 'connection', id: c.id }));
    if (node.kind !== 'group') return [];
    if (node.group === 'connections') return this.ownConnections().map((c) => ({ kind: 'connection', id: c.id }));
    const { profiles, problems } = readProfiles();
    return [...profiles.map((p): StreamNode => ({ kind: 'profile', name: p.name })), ...problems.map((text): StreamNode => ({ kind: 'problem', text }))];
  }

  getTreeItem(node: StreamNode): vscode.TreeItem {
    switch (node.kind) {
      case 'group':
        return groupItem(node.group, node.group === 'profiles' ? readProfiles().profiles.length : this.ownConnections().length);
      case 'taps':
        return tapGroupItem(node, this.connections.all().filter((c) => cameThrough(c, node)).length);
      case 'profile': {
        const profile = readProfiles().profiles.find((p) => p.name === node.name);
        return profile ? profileItem(profile) : new vscode.TreeItem(node.name);
      }
      case 'problem': {
        const item = new vscode.TreeItem(vscode.l10n.t('Invalid profile'), vscode.TreeItemCollapsibleState.None);
        item.description = node.text;
        item.tooltip = vscode.l10n.t('{0}\n\nFix it in settings (sseInspector.profiles).', node.text);
        item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('editorWarning.foreground'));
        return item;
      }
      case 'connection': {
        const c = this.connections.get(node.id);
        return c ? connectionItem(c) : new vscode.TreeItem(vscode.l10n.t('(closed)'));
      }
    }
  }

  /** Our own connections (tapped streams are under their tap). */
  private ownConnections(): LiveConnection[] {
    return this.connections.all().filter((c) => c.origin.kind === 'connection');
  }

  /** One group per debug session or proxy tap that found a stream, in the order they did. */
  private tapGroups(): StreamNode[] {
    const groups = new Map<string, StreamNode>();
    for (const c of this.connections.all()) {
      if (c.origin.kind !== 'tap') continue;
      const key = `${c.origin.via}\n${c.origin.name}`;
      if (!groups.has(key)) groups.set(key, { kind: 'taps', via: c.origin.via, name: c.origin.name });
    }
    return [...groups.values()];
  }

  /** What the tree shows now, for the test API. */
  describe(): TreeDescription {
    const profiles = readProfiles().profiles;
    return {
      empty: this.getChildren().length === 0,
      profiles: profiles.map((p) => p.name),
      profileClicks: profiles.map((p) => {
        const command = profileItem(p).command;
        return { name: p.name, command: command?.command ?? '', arguments: command?.arguments ?? [] };
      }),
      connections: this.connections.all().map((c) => {
        const item = connectionItem(c);
        return { id: c.id, label: String(item.label), description: String(item.description ?? '') };
      }),
    };
  }
}

function groupItem(group: 'profiles' | 'connections', count: number): vscode.TreeItem {
  const item = new vscode.TreeItem(group === 'profiles' ? vscode.l10n.t('Profiles') : vscode.l10n.t('Connections'), vscode.TreeItemCollapsibleState.Expanded);
  item.id = `group:${group}`;
  item.description = String(count);
  item.contextValue = `group.${group}`;
  item.iconPath = new vscode.ThemeIcon(group === 'profiles' ? 'bookmark' : 'radio-tower');
  return item;
}

function tapGroupItem(node: { via: 'debug' | 'proxy'; name: string }, count: number): vscode.TreeItem {
  const item = new vscode.TreeItem(node.name, vscode.TreeItemCollapsibleState.Expanded);
  item.id = `taps:${node.via}:${node.name}`;
  item.description = node.via === 'debug' ? vscode.l10n.t('debug session · {0}', count) : vscode.l10n.t('tap · {0}', count);
  item.tooltip = node.via === 'debug' ? vscode.l10n.t('Event streams the program of debug session "{0}" received', node.name) : vscode.l10n.t('Event streams that went through the tap {0}', node.name);
  item.contextValue = `taps.${node.via}`;
  item.iconPath = new vscode.ThemeIcon(node.via === 'debug' ? 'debug-alt' : 'arrow-swap');
  return item;
}

function profileItem(p: Profile): vscode.TreeItem {
  const item = new vscode.TreeItem(p.name, vscode.TreeItemCollapsibleState.None);
  item.id = `profile:${p.name}`;
  const url = redactUrl(p.url);
  item.description = `${p.method ?? 'GET'} ${url}`;
  const auth = p.auth && p.auth.kind !== 'none' ? `\n\n${vscode.l10n.t('Auth: {0}, secret "{1}" in SecretStorage', p.auth.kind, p.auth.secretRef ?? vscode.l10n.t('(none)'))}` : '';
  item.tooltip = new vscode.MarkdownString(`**${escapeMd(p.name)}**\n\n\`${p.method ?? 'GET'} ${url}\`${escapeMd(auth)}`);
  item.iconPath = new vscode.ThemeIcon(p.auth && p.auth.kind !== 'none' ? 'lock' : 'plug');
  // `profile.secret` enables "Set Profile Secret…" in its context menu.
  item.contextValue = p.auth && p.auth.kind !== 'none' ? 'profile.secret' : 'profile';
  // A click connects (or shows the profile's panel if it is already connected).
  item.command = { command: COMMANDS.connectProfile, title: vscode.l10n.t('Connect'), arguments: [{ name: p.name }] };
  return item;
}

function connectionItem(c: LiveConnection): vscode.TreeItem {
  const state = c.inspector.source.state;
  const look = stateLook(state);
  const word = stateWord(state);
  const item = new vscode.TreeItem(c.label, vscode.TreeItemCollapsibleState.None);
  item.id = `connection:${c.id}`;
  const paused = c.capture.paused;
  item.description = paused ? vscode.l10n.t('{0} · paused at #{1}', word, paused.seq) : word;
  const stats = c.inspector.session.totals;
  item.tooltip = `${c.label}: ${word}\n${c.spec.method ?? 'GET'} ${redactUrl(c.spec.url)}\n${vscode.l10n.t('{0} events, {1} reconnects', stats.events, stats.reconnects)}`;
  item.iconPath = new vscode.ThemeIcon(look.icon, look.color ? new vscode.ThemeColor(look.color) : undefined);
  // `.paused` adds "Resume Capture" to its context menu; the regexes on `connection.<state>` still match.
  // A tapped stream is `tap.<state>`: no Reconnect Now, no Save as Profile (the program makes its requests).
  item.contextValue = `${c.origin.kind === 'tap' ? 'tap' : 'connection'}.${state}${paused ? '.paused' : ''}`;
  item.command = { command: COMMANDS.openPanel, title: vscode.l10n.t('Open Panel'), arguments: [{ id: c.id }] };
  return item;
}

function escapeMd(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
