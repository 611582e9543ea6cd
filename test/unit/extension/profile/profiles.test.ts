// Profiles: validation of settings, `${env:…}` and secret resolution into Inspector
// options, saving a connection as a profile, the 401 refresh hook, and that the JSON
// schema in package.json and the parser agree on every field.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  BUILTIN_DEFAULTS,
  expandTemplate,
  formatHeaderLine,
  jsonPathGet,
  labelFor,
  makeRefreshHook,
  MEMORY_SECRET_PREFIX,
  parseHeaderLine,
  parseProfile,
  parseProfiles,
  ProfileError,
  profileToSave,
  resolveProfile,
  secretKeysOf,
  upsertProfile,
  urlProblem,
  type FetchLike,
  type Profile,
} from '../../../../src/extension/profile';
import { describeBreakpoint, parseBreakpoint } from '../../../../src/core/breakpoint-parse';
import { Inspector } from '../../../../src/core/inspector';
import { POLICY_PRESETS } from '../../../../src/core/base/reconnect';

const defaults = BUILTIN_DEFAULTS;
const noSecrets = new Map<string, string>();
const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.payload.signature';

function resolve(profile: Profile, env: Record<string, string> = {}, secrets: Map<string, string> = noSecrets) {
  return resolveProfile(profile, { env, secrets, defaults });
}

function throwsProfileError(fn: () => unknown, code: ProfileError['code'], message: RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof ProfileError, `a ProfileError, got ${String(err)}`);
    assert.equal(err.code, code);
    assert.match(err.message, message);
    return true;
  });
}

describe('profiles: reading settings', () => {
  it('refuses a bad lastEventId, connectTimeoutMs or reconnect.minDelayMs, naming the field', () => {
    assert.equal(parseProfile({ name: 'a', url: 'http://x', lastEventId: 'a\nb' }), '"lastEventId" cannot hold a line break or NUL (an SSE id never does)');
    assert.equal(parseProfile({ name: 'a', url: 'http://x', lastEventId: 7 }), '"lastEventId" must be a string');
    assert.equal(parseProfile({ name: 'a', url: 'http://x', connectTimeoutMs: -1 }), '"connectTimeoutMs" must be a number ≥ 0');
    assert.equal(parseProfile({ name: 'a', url: 'http://x', reconnect: { minDelayMs: 'soon' } }), '"reconnect.minDelayMs" must be a number ≥ 0');
  });

  it('keeps valid profiles, skips invalid ones with a problem naming them', () => {
    const { profiles, problems } = parseProfiles([
      { name: 'ok', url: 'http://localhost/events', method: 'post' },
      { name: 'no-url' },
      { name: 'bad-auth', url: 'http://x', auth: { kind: 'oauth' } },
      'nonsense',
      { name: 'ok', url: 'http://other' },
    ]);
    assert.deepEqual(profiles, [{ name: 'ok', url: 'http://localhost/events', method: 'POST' }]);
    assert.equal(problems.length, 4);
    assert.match(problems[0]!, /profile "no-url": "url"/);
    assert.match(problems[1]!, /profile "bad-auth": "auth.kind" must be one of none, bearer/);
    assert.match(problems[2]!, /profile #4: not an object/);
    assert.match(problems[3]!, /profile "ok": another profile has the same name/);
  });

  it('treats a missing setting as no profiles and a non-array as a problem', () => {
    assert.deepEqual(parseProfiles(undefined), { profiles: [], problems: [] });
    assert.equal(parseProfiles({ name: 'x' }).problems.length, 1);
  });

  it('rejects out-of-range numbers and wrong types with the field name', () => {
    assert.match(String(parseProfile({ name: 'a', url: 'http://x', reconnect: { jitter: 2 } })), /reconnect.jitter/);
    assert.match(String(parseProfile({ name: 'a', url: 'http://x', reconnect: { baseMs: -1 } })), /reconnect.baseMs/);
    assert.match(String(parseProfile({ name: 'a', url: 'http://x', headers: { A: 1 } })), /"headers"/);
    assert.match(String(parseProfile({ name: 'a', url: 'http://x', heartbeat: { eventNames: 'ping' } })), /heartbeat.eventNames/);
  });

  it('parses every field of package.json\'s profile schema, and the schema declares every field the parser reads', () => {
    const full: Profile = {
      name: 'full',
      url: 'https://api.example.com/stream?x=${env:X}',
      method: 'PUT',
      headers: { 'X-Client': 'web' },
      body: '{"q":1}',
      auth: { kind: 'basic', param: 'p', name: 'n', header: 'h', username: 'u', secretRef: 'full.basic' },
      refresh: { url: 'https://api.example.com/refresh', method: 'POST', headers: { A: 'b' }, body: '{}', tokenJsonPath: 'data.token' },
      reconnect: { policy: 'exponential', baseMs: 100, capMs: 1000, maxAttempts: 3, jitter: 0.5, honourServerRetry: false, minDelayMs: 400 },
      heartbeat: { expectedIntervalMs: 5000, idleTimeoutMs: 20000, eventNames: ['ping'] },
      insecureTls: true,
      lastEventId: 'start-7',
      connectTimeoutMs: 5000,
      connectOnDebug: true,
      launchConfigurations: ['Launch server'],
      breakpoints: [{ id: 'done', eventType: 'message', text: 'x', jsonPath: 'choices[0].finish_reason', equals: 'stop', pauseDebugSession: true, enabled: false }],
      merge: { jsonPath: 'delta.text' },
      expectJson: true,
      tap: { faultPlan: [{ at: { afterEvents: 3 }, do: { kind: 'end', reset: true } }], expect: { policy: { fixedMs: 3000 }, heartbeatTimeoutMs: 60000, toleranceMs: 300, honourRetryField: true, honourRetryAfter: false } },
    };
    // The schema spells a fixed policy as "fixed:MS"; parsed, it is { fixedMs }.
    assert.deepEqual(parseProfile({ ...full, tap: { ...full.tap, expect: { ...full.tap!.expect, policy: 'fixed:3000' } } }), full);

    const manifest = JSON.parse(readFileSync(join(__dirname, '../../../../../package.json'), 'utf8'));
    const schema = manifest.contributes.configuration.properties['sseInspector.profiles'].items;
    const keys = (o: object) => Object.keys(o).sort();
    assert.deepEqual(keys(schema.properties), keys(full));
    assert.deepEqual(keys(schema.properties.tap.properties.expect.properties), keys(full.tap!.expect!), 'schema of tap.expect');
    assert.equal(schema.properties.tap.properties.expect.additionalProperties, false);
    for (const nested of ['auth', 'refresh', 'reconnect', 'heartbeat', 'merge', 'tap'] as const) {
      assert.deepEqual(keys(schema.properties[nested].properties), keys(full[nested]!), `schema of ${nested}`);
      assert.equal(schema.properties[nested].additionalProperties, false, `${nested} rejects unknown fields`);
    }
    const breakpointSchema = schema.properties.breakpoints.items;
    assert.deepEqual(keys(breakpointSchema.properties), keys(full.breakpoints![0]!), 'schema of a breakpoint');
    assert.equal(breakpointSchema.additionalProperties, false, 'a breakpoint rejects unknown fields');
    assert.deepEqual(breakpointSchema.anyOf, [{ required: ['eventType'] }, { required: ['text'] }, { required: ['jsonPath'] }], 'what to stop at is required');
    assert.equal(schema.additionalProperties, false);
    assert.deepEqual(schema.properties.auth.properties.kind.enum, ['none', 'bearer', 'query', 'cookie', 'basic', 'header']);
    assert.deepEqual(schema.properties.reconnect.properties.policy.enum, ['fixed', 'linear', 'exponential', 'none']);
    // The secretRef field refuses a pasted token, so a secret cannot sneak into settings.json.
    const secretRefPattern = new RegExp(schema.properties.auth.properties.secretRef.pattern);
    assert.equal(secretRefPattern.test('demo.token'), true);
    assert.equal(secretRefPattern.test(TOKEN), false);
  });
});

describe('profiles: templates and headers', () => {
  it('substitutes ${env:NAME}, and names an unset variable and where it was used', () => {
    assert.equal(expandTemplate('http://${env:HOST}:${env:PORT}/e', { env: { HOST: 'h', PORT: '1' } }, 'url'), 'http://h:1/e');
    throwsProfileError(() => expandTemplate('${env:NOPE_NOT_SET}', { env: {} }, 'the URL of "x"'), 'env', /Environment variable NOPE_NOT_SET is not set \(used in the URL of "x"\)/);
  });

  it('allows ${secret:KEY} only where secrets are given, and names a missing key', () => {
    throwsProfileError(() => expandTemplate('${secret:k}', { env: {} }, 'the URL'), 'template', /not allowed in the URL/);
    const secrets = new Map([['k', 'v']]);
    assert.equal(expandTemplate('{"t":"${secret:k}"}', { env: {}, secrets }, 'body'), '{"t":"v"}');
    throwsProfileError(() => expandTemplate('${secret:other}', { env: {}, secrets }, 'body'), 'missing-secret', /"other" is not set/);
  });

  it('parses and formats the "Name: value; Name2: value2" header shorthand', () => {
    assert.deepEqual(parseHeaderLine(''), {});
    assert.deepEqual(parseHeaderLine(' X-A: 1 ;Accept-Language: en-GB, en ; '), { 'X-A': '1', 'Accept-Language': 'en-GB, en' });
    assert.deepEqual(parseHeaderLine('X-Url: http://a/b'), { 'X-Url': 'http://a/b' }, 'a colon in the value is kept');
    assert.equal(formatHeaderLine({ A: '1', B: '2' }), 'A: 1; B: 2');
    assert.throws(() => parseHeaderLine('no colon here'), /not a header/);
    assert.throws(() => parseHeaderLine('Bad Name: 1'), /not a valid header name/);
  });

  it('reads JSON paths', () => {
    const json = { token: 't', data: { list: [{ access: 'a' }] } };
    assert.equal(jsonPathGet(json, 'token'), 't');
    assert.equal(jsonPathGet(json, 'data.list[0].access'), 'a');
    assert.equal(jsonPathGet(json, '$.data.list.0.access'), 'a');
    assert.equal(jsonPathGet(json, 'data.missing.x'), undefined);
  });

  it('checks URLs the way the prompt validates them', () => {
    assert.equal(urlProblem('http://127.0.0.1:8787/events'), undefined);
    assert.match(String(urlProblem('localhost:3000/events')), /http: and https:|Not a URL/);
    assert.match(String(urlProblem('ws://host/socket')), /Only http: and https:/);
    assert.match(String(urlProblem('not a url')), /Not a URL/);
  });
});

describe('profiles: resolving into a request', () => {
  it('fills in the defaults: GET, the default policy and idle timeout, the buffer bounds', () => {
    const { options, secrets } = resolve({ name: 'Public', url: 'http://localhost:8787/events' });
    assert.deepEqual(options.request, { url: 'http://localhost:8787/events', method: 'GET', headers: {}, auth: { kind: 'none' } });
    assert.equal(options.label, 'Public');
    assert.equal(options.reconnect?.kind, defaults.reconnectPolicy);
    assert.equal(options.heartbeat?.idleTimeoutMs, defaults.idleTimeoutMs);
    assert.equal(options.maxRecords, defaults.maxRecords);
    assert.equal(options.maxBytes, defaults.maxBytes);
    assert.deepEqual(secrets, []);
  });

  it('resolves ${env:…} in the URL, headers and body at connect time', () => {
    const env = { API_HOST: '127.0.0.1:9000', TENANT: 'acme', MSG: 'hi' };
    const { options } = resolve(
      { name: 'e', url: 'http://${env:API_HOST}/events', method: 'POST', headers: { 'X-Tenant': '${env:TENANT}' }, body: '{"message":"${env:MSG}"}' },
      env,
    );
    assert.equal(options.request.url, 'http://127.0.0.1:9000/events');
    assert.deepEqual(options.request.headers, { 'X-Tenant': 'acme' });
    assert.equal(options.request.body, '{"message":"hi"}');
  });

  it('fails with a clear error naming an unknown variable, wherever it is', () => {
    throwsProfileError(() => resolve({ name: 'p', url: 'http://${env:SSE_TEST_UNSET_HOST}/e' }), 'env', /SSE_TEST_UNSET_HOST is not set \(used in the URL of "p"\)/);
    throwsProfileError(() => resolve({ name: 'p', url: 'http://h/e', headers: { 'X-K': '${env:SSE_UNSET_K}' } }), 'env', /SSE_UNSET_K .*header X-K of "p"/);
    throwsProfileError(() => resolve({ name: 'p', url: 'not a url' }), 'url', /p: Not a URL/);
  });

  it('drops the body of a GET (fetch would refuse it)', () => {
    assert.equal(resolve({ name: 'g', url: 'http://h/e', body: '{}' }).options.request.body, undefined);
  });

  it('applies the profile\'s reconnect and heartbeat settings over the defaults', () => {
    const { options } = resolve({
      name: 'r',
      url: 'http://h/e',
      reconnect: { policy: 'exponential', baseMs: 200, capMs: 2000, maxAttempts: 2, jitter: 0.1, honourServerRetry: false, minDelayMs: 400 },
      heartbeat: { expectedIntervalMs: 1000, idleTimeoutMs: 0, eventNames: ['ping'] },
      insecureTls: true,
      lastEventId: 'start-7',
      connectTimeoutMs: 5000,
    });
    assert.deepEqual(options.reconnect, { kind: 'exponential', baseMs: 200, capMs: 2000, maxAttempts: 2, jitter: 0.1, honourServerRetry: false, minDelayMs: 400 });
    assert.equal(options.lastEventId, 'start-7', 'the starting Last-Event-ID');
    assert.equal(options.headersTimeoutMs, 5000, 'the connect timeout');
    assert.equal(options.heartbeat?.idleTimeoutMs, 0, '0 turns the idle timeout off');
    assert.equal(options.heartbeat?.expectedIntervalMs, 1000);
    assert.deepEqual(options.heartbeat?.eventNames, ['ping']);
    assert.equal(options.request.insecureTls, true);
  });

  it('passes the profile\'s heartbeat to the core whole, under its own names, and the session runs by it', async () => {
    const heartbeat = { expectedIntervalMs: 1000, idleTimeoutMs: 0, eventNames: ['ping'] };
    const { options } = resolve({ name: 'h', url: 'http://h/e', heartbeat });
    assert.deepEqual(options.heartbeat, heartbeat, 'not flattened or renamed on the way');
    const inspector = new Inspector(options);
    try {
      const state = inspector.session.snapshot().heartbeat;
      assert.deepEqual(state.heartbeatEvents, ['ping']);
      assert.equal(state.expectedIntervalMs, 1000);
      assert.equal(state.expectedSource, 'configured');
      assert.equal(state.idleTimeoutMs, 0);
    } finally {
      await inspector.dispose();
    }
  });

  it('passes the profile\'s reconnect fields over the named policy without dropping the preset\'s others', () => {
    const { options } = resolve({ name: 'r', url: 'http://h/e', reconnect: { policy: 'exponential', capMs: 2000 } });
    assert.deepEqual(options.reconnect, { ...POLICY_PRESETS.exponential, capMs: 2000 });
  });

  it('takes credentials from the secrets by secretRef, for every auth kind, and lists them for scrubbing', () => {
    const secrets = new Map([['k', TOKEN]]);
    const auth = (a: Omit<NonNullable<Profile['auth']>, 'secretRef'>) => resolve({ name: 'a', url: 'http://h/e', auth: { ...a, secretRef: 'k' } }, {}, secrets);
    assert.deepEqual(auth({ kind: 'bearer' }).options.request.auth, { kind: 'bearer', token: TOKEN });
    assert.deepEqual(auth({ kind: 'query' }).options.request.auth, { kind: 'query', param: 'token', value: TOKEN });
    assert.deepEqual(auth({ kind: 'cookie', name: 'sid' }).options.request.auth, { kind: 'cookie', name: 'sid', value: TOKEN });
    assert.deepEqual(auth({ kind: 'header', header: 'X-API-Key' }).options.request.auth, { kind: 'header', header: 'X-API-Key', value: TOKEN });
    const basic = auth({ kind: 'basic', username: 'ann' });
    assert.deepEqual(basic.options.request.auth, { kind: 'basic', username: 'ann', password: TOKEN });
    assert.ok(basic.secrets.includes(TOKEN));
    assert.ok(basic.secrets.includes(Buffer.from(`ann:${TOKEN}`).toString('base64')), 'the encoded Basic value is scrubbed too');
    assert.deepEqual(auth({ kind: 'bearer' }).secrets, [TOKEN]);
  });

  it('reports a missing secret with its key (the extension then offers to set it)', () => {
    throwsProfileError(() => resolve({ name: 'Secure', url: 'http://h/e', auth: { kind: 'bearer', secretRef: 'demo.token' } }), 'missing-secret', /"demo.token" for profile "Secure" is not set/);
    const err = (() => {
      try {
        resolve({ name: 'Secure', url: 'http://h/e', auth: { kind: 'bearer', secretRef: 'demo.token' } });
      } catch (e) {
        return e as ProfileError;
      }
      return undefined;
    })();
    assert.equal(err?.ref, 'demo.token');
    throwsProfileError(() => resolve({ name: 'x', url: 'http://h/e', auth: { kind: 'bearer' } }), 'auth', /no "auth.secretRef"/);
    throwsProfileError(() => resolve({ name: 'x', url: 'http://h/e', auth: { kind: 'cookie', secretRef: 'k' } }, {}, new Map([['k', 'v']])), 'auth', /auth.name/);
  });

  it('lists every SecretStorage key a profile needs (auth and refresh templates)', () => {
    const p: Profile = {
      name: 'p',
      url: 'http://h/e',
      auth: { kind: 'bearer', secretRef: 'p.token' },
      refresh: { url: 'http://h/refresh', body: '{"refreshToken":"${secret:p.refresh}"}', headers: { 'X-Key': '${secret:p.key}' } },
    };
    assert.deepEqual(secretKeysOf(p).sort(), ['p.key', 'p.refresh', 'p.token']);
    assert.deepEqual(secretKeysOf({ name: 'n', url: 'http://h', auth: { kind: 'none', secretRef: 'unused' } }), []);
  });

  it('labels a connection by profile name, else by host', () => {
    assert.equal(labelFor({ name: 'Chat', url: 'http://h:1/e' }), 'Chat');
    assert.equal(labelFor({ name: '', url: 'http://127.0.0.1:8787/events' }), '127.0.0.1:8787');
  });
});

describe('profiles: saving a connection', () => {
  it('moves an in-memory secret to a SecretStorage key; the settings entry holds only the key', () => {
    const memoryKey = `${MEMORY_SECRET_PREFIX}abc`;
    const adHoc: Profile = { name: '', url: 'http://h/secure/events', auth: { kind: 'bearer', secretRef: memoryKey } };
    const { profile, secretsToStore } = profileToSave(adHoc, '  My Stream ', new Map([[memoryKey, TOKEN]]));
    assert.deepEqual(profile, { name: 'My Stream', url: 'http://h/secure/events', auth: { kind: 'bearer', secretRef: 'sseInspector.My-Stream.bearer' } });
    assert.deepEqual([...secretsToStore], [['sseInspector.My-Stream.bearer', TOKEN]]);
    assert.ok(!JSON.stringify(profile).includes(TOKEN));
    assert.equal(adHoc.auth?.secretRef, memoryKey, 'the source is not modified');
  });

  it('keeps a SecretStorage key as it is, and writes no undefined fields', () => {
    const { profile, secretsToStore } = profileToSave({ name: 'a', url: 'http://h', body: undefined, auth: { kind: 'bearer', secretRef: 'a.token' } }, 'b', new Map());
    assert.deepEqual(profile, { name: 'b', url: 'http://h', auth: { kind: 'bearer', secretRef: 'a.token' } });
    assert.equal(secretsToStore.size, 0);
  });

  it('replaces a profile of the same name, else appends, leaving the others untouched', () => {
    const list = [{ name: 'a', url: 'http://a' }, { weird: true }];
    assert.deepEqual(upsertProfile(list, { name: 'a', url: 'http://a2' }), [{ name: 'a', url: 'http://a2' }, { weird: true }]);
    assert.deepEqual(upsertProfile(list, { name: 'c', url: 'http://c' }), [...list, { name: 'c', url: 'http://c' }]);
  });
});

describe('profiles: the 401 refresh hook', () => {
  const REFRESH = 'refresh-secret-value';

  function fakeFetch(answer: { status: number; body: string }) {
    const calls: Array<{ url: string; init: Parameters<FetchLike>[1] }> = [];
    const fetch: FetchLike = async (url, init) => {
      calls.push({ url, init });
      return { ok: answer.status < 300, status: answer.status, statusText: answer.status < 300 ? 'OK' : 'Bad Request', text: async () => answer.body };
    };
    return { fetch, calls };
  }

  it('posts the body template with secrets and env substituted, and returns credentials of the same kind', async () => {
    const { fetch, calls } = fakeFetch({ status: 200, body: JSON.stringify({ data: { token: 'fresh-token' } }) });
    const tokens: string[] = [];
    const hook = makeRefreshHook({
      refresh: { url: 'http://${env:H}/api/auth/refresh', body: '{"refreshToken":"${secret:r}"}', tokenJsonPath: 'data.token' },
      auth: { kind: 'header', header: 'X-API-Key', secretRef: 'k' },
      env: { H: 'h:1' },
      secrets: new Map([['r', REFRESH]]),
      fetch,
      onToken: (t) => void tokens.push(t),
    });
    assert.deepEqual(await hook({ status: 401, body: '' }), { kind: 'header', header: 'X-API-Key', value: 'fresh-token' });
    assert.equal(calls[0]?.url, 'http://h:1/api/auth/refresh');
    assert.equal(calls[0]?.init.method, 'POST');
    assert.equal(calls[0]?.init.body, `{"refreshToken":"${REFRESH}"}`);
    assert.equal(calls[0]?.init.headers['Content-Type'], 'application/json');
    assert.deepEqual(tokens, ['fresh-token']);
  });

  it('fails with the status, never echoing the refresh secret', async () => {
    const { fetch } = fakeFetch({ status: 400, body: `invalid refresh token ${REFRESH}` });
    const hook = makeRefreshHook({ refresh: { url: 'http://h/r', body: '${secret:r}' }, auth: { kind: 'bearer', secretRef: 'k' }, env: {}, secrets: new Map([['r', REFRESH]]), fetch, onToken: () => undefined });
    await assert.rejects(hook({ status: 401, body: '' }), (err: Error) => {
      assert.match(err.message, /HTTP 400/);
      assert.ok(!err.message.includes(REFRESH), err.message);
      return true;
    });
  });

  it('fails clearly when the answer has no token at the path', async () => {
    const { fetch } = fakeFetch({ status: 200, body: '{"accessToken":"x"}' });
    const hook = makeRefreshHook({ refresh: { url: 'http://h/r' }, auth: { kind: 'bearer', secretRef: 'k' }, env: {}, secrets: new Map(), fetch, onToken: () => undefined });
    await assert.rejects(hook({ status: 401, body: '' }), /no string at "token"/);
  });
});

describe('profiles: debugging, event breakpoints, merge and diagnostics', () => {
  const base = { name: 'p', url: 'http://localhost/events' };

  it('reads event breakpoints, numbering those without an id', () => {
    const parsed = parseProfile({ ...base, breakpoints: [{ eventType: 'heartbeat' }, { id: 'fin', jsonPath: '$.choices[0]["finish_reason"]', equals: 'stop', pauseDebugSession: true }, { text: 'error', enabled: false }] });
    assert.ok(typeof parsed !== 'string', String(parsed));
    assert.deepEqual(parsed.breakpoints, [
      { id: 'bp-1', eventType: 'heartbeat' },
      { id: 'fin', jsonPath: '$.choices[0]["finish_reason"]', equals: 'stop', pauseDebugSession: true },
      { id: 'bp-3', text: 'error', enabled: false },
    ]);
  });

  it('refuses a breakpoint that is unusable, naming it and the field', () => {
    const problem = (breakpoints: unknown) => String(parseProfile({ ...base, breakpoints }));
    assert.match(problem({ eventType: 'x' }), /"breakpoints" must be an array/);
    assert.match(problem([{ pauseDebugSession: true }]), /"breakpoints\[0\]" needs "eventType", "text" or "jsonPath"/);
    assert.match(problem([{ eventType: 'a' }, { jsonPath: 'a..b' }]), /"breakpoints\[1\]" "jsonPath": Invalid JSON path "a\.\.b"/);
    assert.match(problem([{ text: 'a', equals: '1' }]), /"breakpoints\[0\]" "equals" needs "jsonPath"/);
    assert.match(problem([{ eventType: 'a', enabled: 'no' }]), /"breakpoints\[0\]" "enabled" must be true or false/);
    assert.match(problem([{ eventType: 1 }]), /"eventType" must be a string/);
    assert.match(problem([{ eventType: '' }]), /"eventType" must not be empty/);
    assert.match(problem([{ id: 'x', eventType: 'a' }, { id: 'x', text: 'b' }]), /"breakpoints\[1\]" has the id "x" of another breakpoint/);
    // The skipped profile is reported by name, like any other invalid profile.
    assert.match(parseProfiles([{ ...base, breakpoints: [{}] }]).problems[0]!, /^profile "p": "breakpoints\[0\]"/);
  });

  it('parses one breakpoint as the command and the panel send it, and describes it for the UI', () => {
    assert.deepEqual(parseBreakpoint({ eventType: 'done', pauseDebugSession: true }, 'bp-9'), { id: 'bp-9', eventType: 'done', pauseDebugSession: true });
    assert.equal(describeBreakpoint({ id: 'a', jsonPath: 'x.y', equals: '3', pauseDebugSession: true }), 'x.y = 3 (pauses the debug session)');
    assert.equal(describeBreakpoint({ id: 'a', eventType: 'ping', text: 'k' }), 'event "ping" and data contains "k"');
  });

  it('checks launchConfigurations and connectOnDebug', () => {
    assert.deepEqual((parseProfile({ ...base, launchConfigurations: [' Launch server '], connectOnDebug: false }) as Profile).launchConfigurations, ['Launch server']);
    assert.match(String(parseProfile({ ...base, launchConfigurations: 'Launch server' })), /"launchConfigurations" must be an array of launch configuration names/);
    assert.match(String(parseProfile({ ...base, launchConfigurations: ['ok', ''] })), /"launchConfigurations"/);
    assert.match(String(parseProfile({ ...base, connectOnDebug: 'yes' })), /"connectOnDebug" must be true or false/);
  });

  it('validates merge.jsonPath and expectJson, and resolves them into the inspector options', () => {
    assert.match(String(parseProfile({ ...base, merge: { jsonPath: 'choices[0' } })), /"merge.jsonPath": Invalid JSON path "choices\[0"/);
    assert.match(String(parseProfile({ ...base, merge: 'delta.text' })), /"merge.jsonPath" must be a JSON path/);
    assert.match(String(parseProfile({ ...base, expectJson: 'true' })), /"expectJson" must be true or false/);
    const profile = parseProfile({ ...base, merge: { jsonPath: ' out.token ' }, expectJson: true }) as Profile;
    assert.deepEqual(profile.merge, { jsonPath: 'out.token' });
    const { options } = resolve(profile);
    assert.equal(options.mergeJsonPath, 'out.token');
    assert.deepEqual(options.diagnostics, { expectJson: true });
    const plain = resolve({ ...base, expectJson: false }).options;
    assert.equal(plain.mergeJsonPath, undefined);
    assert.equal(plain.diagnostics, undefined);
  });
  it('reads tap.faultPlan, refusing a bad step with its number', () => {
    const plan = [{ at: { afterEvents: 3 }, do: { kind: 'end', reset: true } }, { at: '10s', do: { kind: 'refuse', status: 503, count: 2, retryAfterSec: 1 } }];
    assert.deepEqual((parseProfile({ ...base, tap: { faultPlan: plan } }) as Profile).tap, { faultPlan: plan });
    assert.deepEqual((parseProfile({ ...base, tap: {} }) as Profile).tap, {});
    assert.match(String(parseProfile({ ...base, tap: { faultPlan: [{ at: 'soon', do: { kind: 'end' } }] } })), /"tap.faultPlan": Fault plan: step 1: "at" must be a time/);
    assert.match(String(parseProfile({ ...base, tap: [] })), /"tap" must be an object/);
  });
});
