// Entry point of the panel's webview bundle (out/webview/main.js, loaded by the page that
// src/panel/html.ts builds). Tells the host it is ready; the host answers with a snapshot.
import { PROTOCOL_VERSION } from '../src/protocol';
import { InspectorApp } from './app';
import { loadPanelL10n } from './l10n';
import { HostLink } from './vscode-api';

function start(): void {
  const root = document.getElementById('app');
  if (!root) throw new Error('SSE Inspector: #app is missing from the panel page');
  // Before the app builds its first string.
  loadPanelL10n();
  const link = new HostLink();
  const app = new InspectorApp(root, link);
  window.addEventListener('message', app.onMessage);
  window.addEventListener('pagehide', () => {
    window.removeEventListener('message', app.onMessage);
    app.dispose();
  });
  link.post({ type: 'ready', version: PROTOCOL_VERSION });
}

start();
