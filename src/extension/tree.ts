// The "Streams" tree in the SSE Inspector activity bar container: saved profiles (with an
// inline Connect) and live connections (state icon, context menu). Refreshed when the
// settings change and when a connection comes, goes or changes state.
import * as vscode from 'vscode';
import { Disposable } from '../core/disposable';
import { redactUrl } from '../core/base/redact';
import type { TreeDescription } from './api';
import type { ConnectionRegistry, LiveConnection } from './connection-registry';
import { COMMANDS } from '../ids';
import type { Profile } from './profile';
import { onProfilesChanged, readProfiles } from './settings';
import { stateLook } from './state-view';
import { stateWord } from './state-words';

/** Tree elements are plain data; menus pass them to commands as `{ name }` / `{ id }`. */
export type StreamNode =
  | { kind: 'group'; group: 'profiles' | 'connections' }
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
      return profiles.length + problems.length + this.connections.size === 0 ? [] : [PROFILES, CONNECTIONS];
    }
    if (node.kind !== 'group') return [];
    if (node.group === 'connections') return this.connections.all().map((c) => ({ kind: 'connection', id: c.id }));
    const { profiles, problems } = readProfiles();
    return [...profiles.map((p): StreamNode => ({ kind: 'profile', name: p.name })), ...problems.map((text): StreamNode => ({ kind: 'problem', text }))];
  }

  getTreeItem(node: StreamNode): vscode.TreeItem {
    switch (node.kind) {
      case 'group':
        return groupItem(node.group, node.group === 'profiles' ? readProfiles().profiles.length : this.connections.size);
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
  const state = c.inspector.connection.state;
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
  item.contextValue = `connection.${state}${paused ? '.paused' : ''}`;
  item.command = { command: COMMANDS.openPanel, title: vscode.l10n.t('Open Panel'), arguments: [{ id: c.id }] };
  return item;
}

function escapeMd(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
