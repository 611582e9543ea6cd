// The "SSE Inspector" log channel: one line per lifecycle record of every connection.
// Each line is scrubbed of the connection's secrets before it is written, as a second
// line of defence behind the core's redaction (a server may echo a token in an error).
import type * as vscode from 'vscode';
import { scrubSecrets } from '../core/base/redact';
import type { LiveConnection } from './connection-registry';
import { describeLifecycle } from './lifecycle';

export class LifecycleLog {
  constructor(private readonly channel: vscode.LogOutputChannel) {}

  /** Logs `connection`'s lifecycle until the returned disposable is disposed. */
  attach(connection: LiveConnection): vscode.Disposable {
    return connection.inspector.source.onRecord((record) => {
      const line = describeLifecycle(record);
      if (line) this.write(connection, line.level, line.text);
    });
  }

  /** A line about a connection that is not a record (e.g. why it could not start). */
  write(connection: Pick<LiveConnection, 'label' | 'secrets'>, level: 'info' | 'warn' | 'error', text: string): void {
    this.channel[level](scrubSecrets(`[${connection.label}] ${text}`, [...connection.secrets]));
  }
}
