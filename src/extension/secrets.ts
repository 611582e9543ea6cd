// Where secret values live: VS Code's SecretStorage (the OS keychain on desktop) for
// profiles, and memory for an ad-hoc "Connect to URL" credential until the user saves it
// as a profile. Nothing here ever writes a secret to settings, logs or records.
import { randomUUID } from 'node:crypto';
import type * as vscode from 'vscode';
import { MEMORY_SECRET_PREFIX } from './profile';

export class SecretVault {
  private readonly memory = new Map<string, string>();

  constructor(private readonly storage: vscode.SecretStorage) {}

  /** Keeps a secret for this window only; returns the key that stands for it. */
  keepInMemory(value: string): string {
    const key = `${MEMORY_SECRET_PREFIX}${randomUUID()}`;
    this.memory.set(key, value);
    return key;
  }

  async get(key: string): Promise<string | undefined> {
    if (key.startsWith(MEMORY_SECRET_PREFIX)) return this.memory.get(key);
    return this.storage.get(key);
  }

  /** The values of the keys that are set (unset keys are simply absent). */
  async getMany(keys: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const key of keys) {
      const value = await this.get(key);
      if (value !== undefined) out.set(key, value);
    }
    return out;
  }

  async store(key: string, value: string): Promise<void> {
    if (key.startsWith(MEMORY_SECRET_PREFIX)) this.memory.set(key, value);
    else await this.storage.store(key, value);
  }

  /** In-memory secrets (of ad-hoc connections), for saving them as a profile. */
  get memorySecrets(): ReadonlyMap<string, string> {
    return this.memory;
  }

  forgetMemory(key: string): void {
    this.memory.delete(key);
  }
}
