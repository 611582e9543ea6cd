// The first-run walkthrough in the real host: its steps (connect, save a profile, set its
// secret, debug) each offer buttons for commands that exist and complete on commands that
// exist, its pictures ship with the extension, and VS Code opens it by its id.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID, inspectorApi, waitFor } from './helpers';

interface Step {
  id: string;
  title: string;
  description: string;
  media: { svg?: string; image?: string; altText?: string; markdown?: string };
  completionEvents?: string[];
}
interface Walkthrough {
  id: string;
  title: string;
  steps: Step[];
}

function walkthroughs(): Walkthrough[] {
  // As VS Code read it: %keys% replaced by the text of the display language.
  return (vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as { contributes: { walkthroughs?: Walkthrough[] } }).contributes.walkthroughs ?? [];
}

describe('the first-run walkthrough', function () {
  this.timeout(30_000);
  before(async () => {
    await inspectorApi();
  });

  it('has the four steps, each with a button for a registered command, completion on registered commands, and a picture in the package', async () => {
    const [walkthrough, ...others] = walkthroughs();
    assert.equal(others.length, 0);
    assert.equal(walkthrough?.id, 'gettingStarted');
    assert.equal(walkthrough.title, 'Get Started with SSE Inspector');
    assert.deepEqual(walkthrough.steps.map((s) => s.id), ['connect', 'saveProfile', 'setSecret', 'debug']);
    const registered = new Set(await vscode.commands.getCommands(true));
    const extensionPath = vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath;
    for (const step of walkthrough.steps) {
      assert.doesNotMatch(`${step.title}${step.description}${step.media.altText ?? ''}`, /%[\w.]+%/, `${step.id}: every %key% has text`);
      const buttons = [...step.description.matchAll(/\]\(command:([\w.]+)\)/g)].map((m) => m[1]!);
      assert.ok(buttons.length > 0, `${step.id} has a command button`);
      for (const id of buttons) assert.ok(registered.has(id), `${step.id}: its button runs ${id}, a registered command`);
      const events = step.completionEvents ?? [];
      assert.ok(events.length > 0, `${step.id} completes on something`);
      for (const event of events) {
        const command = /^onCommand:(.+)$/.exec(event)?.[1];
        assert.ok(command && registered.has(command), `${step.id}: ${event} names a registered command`);
      }
      // An svg (not an image): VS Code draws it inline with the theme's colours, so a light
      // theme gets a light picture; an image would show the SVG's dark fallbacks everywhere.
      assert.ok(step.media.svg, `${step.id}: its picture is themable svg media`);
      assert.ok(existsSync(join(extensionPath, step.media.svg)), `${step.id}: ${step.media.svg} exists`);
      // Colours as presentation attributes: the page VS Code draws svg media in has a CSP that
      // drops style attributes (a picture styled that way came out black in the light theme).
      assert.doesNotMatch(readFileSync(join(extensionPath, step.media.svg), 'utf8'), /\sstyle=/, `${step.id}: its picture has no style attributes`);
      assert.ok(step.media.altText, `${step.id}: its picture has alt text`);
    }
  });

  // The page's content (the steps, in Chinese) is checked in the real workbench: test/integration-ui/chinese.test.ts.
  it('opens in the workbench by its id', async () => {
    const tabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs);
    const before = tabs().length;
    await vscode.commands.executeCommand('workbench.action.openWalkthrough', `${EXTENSION_ID}#gettingStarted`, false);
    try {
      const tab = await waitFor(() => tabs().length > before && tabs().find((t) => t.isActive), 'the walkthrough editor', 10_000, () => tabs().map((t) => t.label).join(', '));
      // The walkthrough editor is VS Code's Welcome page, opened at our walkthrough.
      assert.match(tab.label, /Welcome|Walkthrough/i);
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  });
});
