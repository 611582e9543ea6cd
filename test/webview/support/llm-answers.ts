// A session whose answers come from the real assembler: the realistic LLM streams of
// test/support/llm-streams.ts parsed into records and folded by MessageAssembler, so the
// webview shows exactly what the core produces for them.
import { MessageAssembler } from '../../../src/core/assemble';
import type { SessionSnapshot } from '../../../src/core/snapshot';
import type { SseRecord } from '../../../src/core/records';
import { RecordFactory, snapshotOf } from './records';

export function llmAnswersSession(streams: string[][], label = 'LLM answers'): SessionSnapshot {
  const f = new RecordFactory(undefined, { method: 'POST', url: 'https://api.example.com/v1/chat/completions', headers: [['Accept', 'text/event-stream']], bodyBytes: 212, authKind: 'bearer' });
  const records: SseRecord[] = [f.open()];
  const assembler = new MessageAssembler();
  for (const frames of streams) {
    for (const frame of frames) {
      const type = /^event: (.*)$/m.exec(frame)?.[1] ?? 'message';
      const data = /^data: (.*)$/m.exec(frame)![1]!;
      const r = f.wait(20).event(type, data);
      records.push(r);
      assembler.observe(r);
    }
    f.wait(500);
  }
  return snapshotOf(records, { label, messages: assembler.list(), at: f.t + 1_000 });
}

/**
 * VS Code's "Light Modern" colours for the variables the panel uses, to set over the dark test
 * theme (through the CSSOM: the panel's CSP forbids inline style sheets, as VS Code's does).
 */
export const LIGHT_THEME_VARS: Record<string, string> = {
  '--vscode-foreground': '#3b3b3b',
  '--vscode-descriptionForeground': '#717171',
  '--vscode-editor-background': '#ffffff',
  '--vscode-sideBar-background': '#f8f8f8',
  '--vscode-panel-border': '#e5e5e5',
  '--vscode-widget-border': '#e5e5e5',
  '--vscode-list-hoverBackground': '#f2f2f2',
  '--vscode-list-activeSelectionBackground': '#e8e8e8',
  '--vscode-list-activeSelectionForeground': '#000000',
  '--vscode-list-inactiveSelectionBackground': '#e4e6f1',
  '--vscode-input-background': '#ffffff',
  '--vscode-input-foreground': '#3b3b3b',
  '--vscode-input-border': '#cecece',
  '--vscode-badge-background': '#cccccc',
  '--vscode-badge-foreground': '#3b3b3b',
  '--vscode-testing-iconPassed': '#388a34',
  '--vscode-editorWarning-foreground': '#bf8803',
  '--vscode-errorForeground': '#f85149',
  '--vscode-textCodeBlock-background': '#f2f2f2',
  '--vscode-panelTitle-activeForeground': '#3b3b3b',
  '--vscode-panelTitle-inactiveForeground': '#717171',
  '--vscode-problemsErrorIcon-foreground': '#e51400',
  '--vscode-problemsWarningIcon-foreground': '#bf8803',
  '--vscode-problemsInfoIcon-foreground': '#1a85ff',
  '--vscode-editorError-foreground': '#e51400',
  '--vscode-symbolIcon-functionForeground': '#652d90',
};
