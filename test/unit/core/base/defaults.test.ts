// The core's defaults are the ones the extension's settings promise: a connection made
// without options (the CLI's, a test's, a recording's) behaves like a profile that sets none.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_IDLE_TIMEOUT_MS, DEFAULT_MAX_BYTES, DEFAULT_MAX_RECORDS, DEFAULT_RECONNECT_POLICY } from '../../../../src/core/base/defaults';
import { Inspector } from '../../../../src/core/inspector';
import { BUILTIN_DEFAULTS } from '../../../../src/extension/profile';

interface SettingSchema {
  default: unknown;
}

const settings = (JSON.parse(readFileSync(path.join(__dirname, '../../../../../package.json'), 'utf8')) as { contributes: { configuration: { properties: Record<string, SettingSchema> } } }).contributes.configuration.properties;

describe('core defaults', () => {
  it('are the defaults of the sseInspector.* settings', () => {
    assert.equal(DEFAULT_RECONNECT_POLICY, settings['sseInspector.defaultReconnectPolicy']!.default);
    assert.equal(DEFAULT_IDLE_TIMEOUT_MS, (settings['sseInspector.idleTimeoutSeconds']!.default as number) * 1000);
    assert.equal(DEFAULT_MAX_RECORDS, settings['sseInspector.maxRecords']!.default);
    assert.equal(DEFAULT_MAX_BYTES, (settings['sseInspector.maxBytesMB']!.default as number) * 1024 * 1024);
    assert.deepEqual(BUILTIN_DEFAULTS, { reconnectPolicy: DEFAULT_RECONNECT_POLICY, idleTimeoutMs: DEFAULT_IDLE_TIMEOUT_MS, maxRecords: DEFAULT_MAX_RECORDS, maxBytes: DEFAULT_MAX_BYTES });
  });

  it('give a connection made without a policy the linear policy the setting names, in the connection and in its session', async () => {
    const inspector = new Inspector({ request: { url: 'http://127.0.0.1:9/never-started' } });
    try {
      assert.equal(inspector.connection.policyName, 'linear');
      assert.equal(inspector.session.snapshot().policy, 'linear');
    } finally {
      await inspector.dispose();
    }
  });
});
