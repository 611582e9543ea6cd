// How commands report: a failure is shown to the user and returned as an outcome the
// caller (a menu, the panel, a test) can check, never thrown.
import * as vscode from 'vscode';

export type Failure = { ok: false; error: string };

export function fail(message: string, level: 'error' | 'info' = 'error'): Failure {
  if (level === 'info') void vscode.window.showInformationMessage(message);
  else void vscode.window.showErrorMessage(message);
  return { ok: false, error: message };
}

export const CANCELLED: Failure = { ok: false, error: 'cancelled' };

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** An input box's validateInput from a parser that throws: its message, or undefined when it parses. */
export function validatedBy(parse: (value: string) => unknown): (value: string) => string | undefined {
  return (value) => {
    try {
      parse(value);
      return undefined;
    } catch (err) {
      return errorText(err);
    }
  };
}
