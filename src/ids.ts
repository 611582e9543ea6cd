// Every id the extension shares with package.json: commands, the view, the panel type,
// the configuration section. One place, so a rename cannot leave the manifest behind
// (the activation test compares these with package.json's contributes). Beside the
// protocol, below both the panel (its view type) and the extension: neither imports the other for it.

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
  addEventBreakpoint: 'sseInspector.addEventBreakpoint',
  resumeCapture: 'sseInspector.resumeCapture',
  saveRecording: 'sseInspector.saveRecording',
  openRecording: 'sseInspector.openRecording',
  replayRecording: 'sseInspector.replayRecording',
  exportJsonl: 'sseInspector.exportJsonl',
  exportHar: 'sseInspector.exportHar',
  copyCurl: 'sseInspector.copyCurl',
  addProfile: 'sseInspector.addProfile',
  removeClosed: 'sseInspector.removeClosed',
  copyFetch: 'sseInspector.copyFetch',
  newProfileFromCurl: 'sseInspector.newProfileFromCurl',
  startTap: 'sseInspector.startTap',
  stopTap: 'sseInspector.stopTap',
  tapUrl: 'sseInspector.tapUrl',
  applyFault: 'sseInspector.applyFault',
  /** Not in the palette: the debug tap's "Reload Page" button, and automation. */
  debugTapReloadPage: 'sseInspector.debugTap.reloadPage',
} as const;

export type CommandId = (typeof COMMANDS)[keyof typeof COMMANDS];

/** The tree in the SSE Inspector activity bar container. */
export const STREAMS_VIEW = 'sseInspector.streams';

/** registerWebviewPanelSerializer and `onWebviewPanel:` use this. */
export const PANEL_VIEW_TYPE = 'sseInspector.panel';

/** Context key (setContext): true while at least one connection exists. */
export const HAS_CONNECTIONS_CONTEXT = 'sseInspector.hasConnections';

/** Context key: true while some connection's capture is paused at an event breakpoint. */
export const CAPTURE_PAUSED_CONTEXT = 'sseInspector.capturePaused';

/** Context key: true while at least one panel (live or recording) is open. */
export const HAS_PANELS_CONTEXT = 'sseInspector.hasPanels';
