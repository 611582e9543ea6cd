// Every id the extension shares with package.json: commands, the view, the panel type,
// the configuration section. One place, so a rename cannot leave the manifest behind
// (the activation test compares these with package.json's contributes).

export const CONFIG_SECTION = 'sseInspector';

export const COMMANDS = {
  connectUrl: 'sseInspector.connectUrl',
  connectProfile: 'sseInspector.connectProfile',
  disconnect: 'sseInspector.disconnect',
  reconnect: 'sseInspector.reconnect',
  clear: 'sseInspector.clear',
  saveProfile: 'sseInspector.saveProfile',
  setSecret: 'sseInspector.setSecret',
  openPanel: 'sseInspector.openPanel',
} as const;

export type CommandId = (typeof COMMANDS)[keyof typeof COMMANDS];

/** The tree in the SSE Inspector activity bar container. */
export const STREAMS_VIEW = 'sseInspector.streams';

/** registerWebviewPanelSerializer and `onWebviewPanel:` use this. */
export const PANEL_VIEW_TYPE = 'sseInspector.panel';

/** Context key (setContext): true while at least one connection exists. */
export const HAS_CONNECTIONS_CONTEXT = 'sseInspector.hasConnections';
