// "New Profile from curl…": the commands the browsers' "Copy as cURL" gives, read into a
// request and then into a profile whose credential goes to SecretStorage.
//
// The commands below are written out exactly as the browsers' generators build them
// (constructed from their source, not captured from a running browser):
// - Chrome / Edge (DevTools NetworkLogView.generateCurlCommand): `curl 'URL'`, one option per
//   line joined with " \<newline>  " (bash) or " ^<newline>  " (cmd); lower-case header names
//   over HTTP/2; the Cookie header as `-b`; `--data-raw` last; `-X` only when the method is not
//   the one curl infers; bash quoting '…', or $'…' with \' \n \r and \uXXXX (also for `!`)
//   when the value has a ' or a control character; cmd quoting ^"…^" where " is ^\^", other
//   specials are ^-escaped (^{ ^& ^%) and [ ] { } in the URL get a backslash for curl's globbing.
// - Firefox (devtools/client/shared/curl.js): `curl 'URL'` then `--compressed` when the
//   response was compressed, `-X POST` unquoted, `-H 'Name: value'` in the request's order
//   (Cookie stays a header), `--data-raw` last; $'…' uses \041 for `!` and \xHH for other
//   non-ASCII below U+0100; on Windows `curl.exe` and the same ^"…^" quoting as Chrome.
import assert from 'node:assert/strict';
import { parseCurlCommand, CurlParseError, looksLikeCurl } from '../../../../src/core/import/curl-command';
import { bashWords, cmdWords, guessDialect } from '../../../../src/core/import/shell-words';
import { defaultProfileName, parseProfile, profileFromCurl, type ProfileFromCurl } from '../../../../src/extension/profile';

const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1LTQyIn0.c2lnbmF0dXJl';

/** Chrome 131 on Linux, "Copy as cURL" of a fetch() POST to a chat stream over HTTP/2. */
const CHROME_BASH = `curl 'https://chat.example.com/api/chat/stream?model=gpt&stream=true' \\
  -H 'accept: text/event-stream' \\
  -H 'accept-language: en-GB,en;q=0.9' \\
  -H 'authorization: Bearer ${JWT}' \\
  -H 'cache-control: no-cache' \\
  -H 'content-type: application/json' \\
  -b 'session=abc123; theme=dark' \\
  -H 'origin: https://chat.example.com' \\
  -H 'priority: u=1, i' \\
  -H 'referer: https://chat.example.com/c/42' \\
  -H 'sec-ch-ua: "Chromium";v="131", "Not_A Brand";v="24"' \\
  -H 'sec-ch-ua-mobile: ?0' \\
  -H 'sec-ch-ua-platform: "Linux"' \\
  -H 'sec-fetch-dest: empty' \\
  -H 'sec-fetch-mode: cors' \\
  -H 'sec-fetch-site: same-origin' \\
  -H 'user-agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36' \\
  --data-raw $'{"message":"It\\'s a test\\u0021\\nSecond line","conversationId":"c-42"}'`;

/** The same request from Chrome on Windows, "Copy as cURL (cmd)". */
const CHROME_CMD = `curl ^"https://chat.example.com/api/chat/stream?model=gpt^&stream=true^" ^
  -H ^"accept: text/event-stream^" ^
  -H ^"authorization: Bearer ${JWT}^" ^
  -H ^"content-type: application/json^" ^
  -b ^"session=abc123; theme=dark^" ^
  -H ^"sec-ch-ua: ^\\^"Chromium^\\^";v=^\\^"131^\\^", ^\\^"Not_A Brand^\\^";v=^\\^"24^\\^"^" ^
  -H ^"user-agent: Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36^" ^
  --data-raw ^"^{^\\^"message^\\^":^\\^"50^% off ^& more^\\^",^\\^"path^\\^":^\\^"C:^\\^\\^\\^\\temp^\\^",^\\^"q^\\^":^\\^"a^%^20b^\\^"^}^"`;

/** Edge 131 on Windows, "Copy as cURL (cmd)" of an EventSource GET to a server with a self-signed certificate. */
const EDGE_CMD = `curl ^"https://localhost:8443/events/^\\[room^\\]?lastEventId=7^" ^
  -H ^"Accept: text/event-stream^" ^
  -H ^"Accept-Language: en-US,en;q=0.9^" ^
  -H ^"Cache-Control: no-cache^" ^
  -H ^"Connection: keep-alive^" ^
  -b ^"connect.sid=s^%^3AxYz.Sig^" ^
  -H ^"Referer: https://localhost:8443/^" ^
  -H ^"Sec-Fetch-Dest: empty^" ^
  -H ^"User-Agent: Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0^" ^
  --insecure`;

/** Firefox 133 on Linux, "Copy as cURL" of an EventSource GET with Basic auth and a cookie. */
const FIREFOX_BASH = `curl 'http://localhost:8787/events?heartbeatMs=500' \\
  --compressed \\
  -H 'User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0' \\
  -H 'Accept: text/event-stream' \\
  -H 'Accept-Language: en-US,en;q=0.5' \\
  -H 'Accept-Encoding: gzip, deflate, br, zstd' \\
  -H 'Referer: http://localhost:8787/' \\
  -H 'Authorization: Basic ZGVtbzpzM2NyZXQh' \\
  -H 'Connection: keep-alive' \\
  -H 'Cookie: sid=f00dbabe' \\
  -H 'Sec-Fetch-Dest: empty' \\
  -H 'Sec-Fetch-Mode: cors' \\
  -H 'Sec-Fetch-Site: same-origin' \\
  -H 'Pragma: no-cache' \\
  -H 'Cache-Control: no-cache'`;

/** Firefox 133, a POST with a body that has a ' , a ! and an é: $'…' with \\041 and \\xe9. */
const FIREFOX_POST = `curl 'http://localhost:8787/api/chat/stream' \\
  --compressed \\
  -X POST \\
  -H 'User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0' \\
  -H 'Accept: text/event-stream' \\
  -H 'Content-Type: application/json' \\
  -H 'Authorization: Bearer demo-token-123' \\
  -H 'Origin: http://localhost:8787' \\
  -H 'Connection: keep-alive' \\
  --data-raw $'{"message":"Caf\\xe9 \\'ol\\xe9\\' \\041"}'`;

/** Firefox 133 on Windows: curl.exe and cmd quoting. */
const FIREFOX_CMD = `curl.exe ^"http://localhost:8787/api/chat/stream^" ^
  -X POST ^
  -H ^"Accept: text/event-stream^" ^
  -H ^"Content-Type: application/json^" ^
  -H ^"X-API-Key: k-777^" ^
  --data-raw ^"^{^\\^"message^\\^":^\\^"two^

lines^\\^"^}^"`;

/** What a one-line input box makes of a pasted command: its line breaks removed. */
const oneLine = (command: string) => command.replace(/\r?\n/g, '');

function mapped(command: string, name = 'p'): ProfileFromCurl {
  const result = profileFromCurl(parseCurlCommand(command), name);
  assert.notEqual(typeof result, 'string', String(result));
  return result as ProfileFromCurl;
}

describe('curl import: shell words', () => {
  it('bash: single, double and $\'…\' quotes, escapes and line continuations', () => {
    assert.deepEqual(bashWords(`curl 'a b' "c \\"d\\" \\$e \\x" f\\ g \\\n  -H $'h\\'i\\tj\\u00e9\\041\\x41\\101'`), [
      'curl', 'a b', 'c "d" $e \\x', 'f g', '-H', "h'i\tj\u00e9!AA",
    ]);
    assert.deepEqual(bashWords("a''b \"\" ''"), ['ab', '', '']);
    assert.throws(() => bashWords("curl 'open"), /single quote/);
    assert.throws(() => bashWords('curl "open'), /double quote/);
    assert.throws(() => bashWords("curl $'open"), /not closed/);
  });

  it('cmd: carets, ^\\^" quotes, ^ line continuations and ^ + two newlines as one newline', () => {
    assert.deepEqual(cmdWords('curl ^"a b^" ^\n  -H ^"x: ^\\^"q^\\^"^" ^"l1^\n\nl2^" ^"50^%^20^& ^<^>^|^"'), ['curl', 'a b', '-H', 'x: "q"', 'l1\nl2', '50%20& <>|']);
    // The browsers write \ as \\ and " as \"; a lone backslash stays.
    assert.deepEqual(cmdWords('x ^"a^\\^\\b^\\^"c^" plain\\path'), ['x', 'a\\b"c', 'plain\\path']);
    assert.equal(guessDialect(CHROME_CMD), 'cmd');
    assert.equal(guessDialect(FIREFOX_CMD), 'cmd');
    assert.equal(guessDialect(CHROME_BASH), 'bash');
  });
});

describe('curl import: the browsers\' commands', () => {
  it('Chrome (bash): URL, headers in order, -b cookies, $\'…\' body, POST inferred from --data-raw', () => {
    const req = parseCurlCommand(CHROME_BASH);
    assert.equal(req.url, 'https://chat.example.com/api/chat/stream?model=gpt&stream=true');
    assert.equal(req.method, 'POST');
    assert.equal(req.body, `{"message":"It's a test!\nSecond line","conversationId":"c-42"}`);
    assert.equal(req.cookie, 'session=abc123; theme=dark');
    assert.equal(req.headers.length, 15);
    assert.deepEqual(req.headers[2], ['authorization', `Bearer ${JWT}`]);
    assert.deepEqual(req.headers.find(([n]) => n === 'sec-ch-ua'), ['sec-ch-ua', '"Chromium";v="131", "Not_A Brand";v="24"']);
    assert.equal(req.dialect, 'bash');
  });

  it('Chrome (cmd): the same request through cmd.exe quoting', () => {
    const req = parseCurlCommand(CHROME_CMD);
    assert.equal(req.dialect, 'cmd');
    assert.equal(req.url, 'https://chat.example.com/api/chat/stream?model=gpt&stream=true');
    assert.equal(req.method, 'POST');
    assert.equal(req.body, '{"message":"50% off & more","path":"C:\\\\temp","q":"a%20b"}');
    assert.equal(req.cookie, 'session=abc123; theme=dark');
    assert.deepEqual(req.headers.find(([n]) => n === 'sec-ch-ua'), ['sec-ch-ua', '"Chromium";v="131", "Not_A Brand";v="24"']);
    assert.deepEqual(req.headers.find(([n]) => n === 'authorization'), ['authorization', `Bearer ${JWT}`]);
  });

  it('Edge (cmd): --insecure, the globbing backslashes of [ ] in the URL, a percent-encoded cookie', () => {
    const req = parseCurlCommand(EDGE_CMD);
    assert.equal(req.url, 'https://localhost:8443/events/[room]?lastEventId=7');
    assert.equal(req.method, 'GET');
    assert.equal(req.insecure, true);
    assert.equal(req.cookie, 'connect.sid=s%3AxYz.Sig');
    assert.equal(req.body, undefined);
  });

  it('Firefox (bash): --compressed noted, Cookie and Authorization as headers', () => {
    const req = parseCurlCommand(FIREFOX_BASH);
    assert.equal(req.url, 'http://localhost:8787/events?heartbeatMs=500');
    assert.equal(req.compressed, true);
    assert.ok(req.notes.some((n) => n.includes('--compressed')));
    assert.deepEqual(req.headers.find(([n]) => n === 'Cookie'), ['Cookie', 'sid=f00dbabe']);
  });

  it('Firefox (bash): -X POST unquoted, $\'…\' with \\041 and \\xe9', () => {
    const req = parseCurlCommand(FIREFOX_POST);
    assert.equal(req.method, 'POST');
    assert.equal(req.body, `{"message":"Caf\u00e9 'ol\u00e9' !"}`);
  });

  it('Firefox (Windows cmd): curl.exe, a newline in the body', () => {
    const req = parseCurlCommand(FIREFOX_CMD);
    assert.equal(req.method, 'POST');
    assert.equal(req.url, 'http://localhost:8787/api/chat/stream');
    assert.equal(req.body, '{"message":"two\nlines"}');
  });

  it('pasted into a one-line box (line breaks removed), each reads the same request', () => {
    for (const command of [CHROME_BASH, CHROME_CMD, EDGE_CMD, FIREFOX_BASH, FIREFOX_POST]) {
      const whole = parseCurlCommand(command);
      const flat = parseCurlCommand(oneLine(command));
      assert.deepEqual({ ...flat, notes: [] }, { ...whole, notes: [] }, command.slice(0, 60));
    }
  });

  it('hand-written commands: -XPOST, -sN, -d joined with &, -u, --url, -A, --json; errors name the problem', () => {
    const req = parseCurlCommand(`curl -sN -XPUT --url http://h/x -d a=1 -d 'b=2' -u 'me:p@ss' -A agent/1 -H "X-Trace: 1"`);
    assert.equal(req.method, 'PUT');
    assert.equal(req.url, 'http://h/x');
    assert.equal(req.body, 'a=1&b=2');
    assert.equal(req.user, 'me:p@ss');
    assert.deepEqual(req.headers, [['User-Agent', 'agent/1'], ['X-Trace', '1']]);
    assert.equal(parseCurlCommand('curl localhost:3000/events').url, 'http://localhost:3000/events');
    assert.equal(parseCurlCommand(`curl --json '{"a":1}' http://h/`).method, 'POST');
    assert.equal(parseCurlCommand(`curl http://h/ -d '-1'`).body, '-1');
    assert.throws(() => parseCurlCommand('curl -d @body.json http://h/'), (e: unknown) => e instanceof CurlParseError && /from a file/.test(e.message));
    assert.throws(() => parseCurlCommand('curl -F a=b http://h/'), /form or file upload/);
    assert.throws(() => parseCurlCommand('curl --frobnicate http://h/'), /--frobnicate is not supported/);
    assert.throws(() => parseCurlCommand('curl -H'), /-H needs a value/);
    // Errors do not quote a credential back.
    assert.throws(() => parseCurlCommand("curl -H 'Bearer sekrit-123' http://h/"), (e: unknown) => e instanceof CurlParseError && !e.message.includes('sekrit'));
    assert.throws(() => parseCurlCommand("curl http://h/?token=sekrit-123 http://i/"), (e: unknown) => e instanceof CurlParseError && /2 URLs/.test(e.message) && !e.message.includes('sekrit'));
    assert.throws(() => parseCurlCommand('curl'), /no URL/);
    assert.throws(() => parseCurlCommand("curl 'http://h/"), /not closed/);
    assert.equal(looksLikeCurl('  curl http://h/'), true);
    assert.equal(looksLikeCurl('http://h/curl'), false);
  });
});

describe('curl import: into a profile', () => {
  it('Chrome: the Bearer token goes to the secret, the other cookies are left out (a profile keeps one credential)', () => {
    const { profile, secret, notes } = mapped(CHROME_BASH, 'Chat');
    assert.equal(secret, JWT);
    assert.deepEqual(profile.auth, { kind: 'bearer' });
    assert.equal(profile.method, 'POST');
    assert.equal(profile.url, 'https://chat.example.com/api/chat/stream?model=gpt&stream=true');
    assert.equal(profile.body, `{"message":"It's a test!\nSecond line","conversationId":"c-42"}`);
    assert.equal(profile.headers?.['content-type'], 'application/json');
    assert.equal(profile.headers?.['user-agent']?.startsWith('Mozilla/5.0'), true);
    // No credential is left in what goes to settings.
    const settings = JSON.stringify(profile);
    for (const s of [JWT, 'abc123']) assert.ok(!settings.includes(s), `${s} in ${settings}`);
    assert.ok(notes.some((n) => /2 cookies left out/.test(n)), notes.join('\n'));
    // The result is a valid profile once the caller names the secret's key.
    assert.equal(typeof parseProfile({ ...profile, auth: { ...profile.auth, secretRef: 'k' } }), 'object');
  });

  it('Firefox: Authorization: Basic becomes basic auth with the user name; Accept-Encoding and Connection are dropped', () => {
    const { profile, secret, notes } = mapped(FIREFOX_BASH);
    assert.deepEqual(profile.auth, { kind: 'basic', username: 'demo' });
    assert.equal(secret, 's3cret!');
    assert.equal(profile.headers?.['Accept-Encoding'], undefined);
    assert.equal(profile.headers?.['Connection'], undefined);
    assert.equal(profile.headers?.['Pragma'], 'no-cache');
    assert.ok(!JSON.stringify(profile).includes('f00dbabe'));
    assert.ok(notes.some((n) => /cookie sid left out/.test(n)), notes.join('\n'));
    assert.equal(profile.method, undefined); // GET is the default
  });

  it('Edge: one cookie becomes cookie auth; --insecure becomes insecureTls', () => {
    const { profile, secret } = mapped(EDGE_CMD);
    assert.deepEqual(profile.auth, { kind: 'cookie', name: 'connect.sid' });
    assert.equal(secret, 's%3AxYz.Sig');
    assert.equal(profile.insecureTls, true);
  });

  it('-u user:password is basic auth; an API-key header is header auth; a token in the query string is query auth', () => {
    const basic = mapped(`curl -u 'alice:pa:ss' http://h/events`);
    assert.deepEqual(basic.profile.auth, { kind: 'basic', username: 'alice' });
    assert.equal(basic.secret, 'pa:ss');
    const userOnly = mapped(`curl -u alice http://h/events`);
    assert.equal(userOnly.secret, undefined);
    assert.ok(userOnly.notes.some((n) => /Set Profile Secret/.test(n)));
    const key = mapped(FIREFOX_CMD);
    assert.deepEqual(key.profile.auth, { kind: 'header', header: 'X-API-Key' });
    assert.equal(key.secret, 'k-777');
    const query = mapped(`curl 'http://h/events?room=1&token=t-123'`);
    assert.deepEqual(query.profile.auth, { kind: 'query', param: 'token' });
    assert.equal(query.secret, 't-123');
    assert.equal(query.profile.url, 'http://h/events?room=1');
    const inUrl = mapped(`curl 'http://bob:hunter2@h/events'`);
    assert.deepEqual(inUrl.profile.auth, { kind: 'basic', username: 'bob' });
    assert.equal(inUrl.secret, 'hunter2');
    assert.equal(inUrl.profile.url, 'http://h/events');
  });

  it('a method a profile cannot hold is an error; the default name is host and path', () => {
    assert.match(String(profileFromCurl(parseCurlCommand('curl -X DELETE http://h/x'), 'p')), /DELETE request cannot be a profile/);
    assert.match(String(profileFromCurl(parseCurlCommand('curl ftp://h/x'), 'p')), /not supported/);
    assert.equal(defaultProfileName('http://localhost:8787/events?x=1'), 'localhost:8787/events');
    assert.equal(defaultProfileName('https://h.example/'), 'h.example');
  });
});
