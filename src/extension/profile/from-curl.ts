// A curl command (as a browser copied it) made into a profile: the request's URL, method,
// headers and body go to settings; its credential (Authorization, -u, a cookie, an API-key
// header, a token in the query string) becomes the profile's `auth`, whose secret the caller
// puts in SecretStorage (or memory, for Connect to URL). PURE: no vscode.
import type { CurlRequest } from '../../core/import/curl-command';
import { isSensitiveHeader, urlCarriesSecret } from '../../core/base/redact';
import { PROFILE_METHODS, type Profile, type ProfileAuth, type ProfileMethod } from './types';

export interface ProfileFromCurl {
  /** Secret-free. `auth.secretRef` is left for the caller to name (SecretStorage key or memory key). */
  profile: Profile;
  /** The credential's value (token, password, cookie, key); absent when there is none or it is unknown (-u user). */
  secret?: string;
  /** What was moved, left out or ignored, one line each, for the user to read before saving. */
  notes: string[];
}

/** Headers the client sets itself (and curl would too): a saved copy would only go stale or conflict. */
const CLIENT_HEADERS = new Set(['host', 'content-length', 'connection', 'keep-alive', 'transfer-encoding', 'te', 'upgrade', 'proxy-connection', 'accept-encoding']);

/** Query parameters taken for credentials (the ones redactUrl hides), with a value. */
function sensitiveParams(url: URL): string[] {
  const keys = [...new Set(url.searchParams.keys())];
  return keys.filter((key) => url.searchParams.get(key) !== '' && urlCarriesSecret(`http://x/?${encodeURIComponent(key)}=v`));
}

/** "localhost:8787/events": what the profile is called unless the user says otherwise. */
export function defaultProfileName(url: string): string {
  try {
    const u = new URL(url);
    return `${u.host}${u.pathname === '/' ? '' : u.pathname}`;
  } catch {
    return url;
  }
}

interface Credential {
  auth: ProfileAuth;
  secret?: string;
  /** How it read in the command, for the notes ("the Authorization header"). */
  what: string;
}

export function profileFromCurl(req: CurlRequest, name: string): ProfileFromCurl | string {
  const method = req.method.toUpperCase();
  if (!(PROFILE_METHODS as readonly string[]).includes(method)) return `a ${method} request cannot be a profile (it must be ${PROFILE_METHODS.join(', ')})`;
  let url: URL;
  try {
    url = new URL(req.url);
  } catch {
    return `"${req.url}" is not a URL`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `"${url.protocol}" URLs are not supported (http: or https:)`;

  const notes = [...req.notes];
  const credentials: Credential[] = [];
  const headers: Array<[string, string]> = [];
  let cookie = req.cookie;

  for (const [headerName, value] of req.headers) {
    const lower = headerName.toLowerCase();
    if (CLIENT_HEADERS.has(lower)) {
      notes.push(`${headerName} left out: the inspector's client sets it`);
    } else if (lower === 'authorization') {
      credentials.push(authorizationCredential(value));
    } else if (lower === 'cookie') {
      cookie = cookie ? `${value}; ${cookie}` : value;
    } else if (isSensitiveHeader(headerName)) {
      credentials.push({ auth: { kind: 'header', header: headerName }, secret: value, what: `the ${headerName} header` });
    } else {
      headers.push([headerName, value]);
    }
  }
  if (req.user !== undefined) {
    const colon = req.user.indexOf(':');
    const username = colon >= 0 ? req.user.slice(0, colon) : req.user;
    const cred: Credential = { auth: { kind: 'basic', username }, what: '-u (Basic auth)' };
    if (colon >= 0) cred.secret = req.user.slice(colon + 1);
    else notes.push(`-u ${username} has no password: set it with "SSE Inspector: Set Profile Secret…"`);
    credentials.push(cred);
  }
  if (url.username) {
    credentials.push({ auth: { kind: 'basic', username: decodeURIComponent(url.username) }, secret: decodeURIComponent(url.password), what: 'the user and password in the URL' });
    url.username = '';
    url.password = '';
  }
  if (cookie !== undefined) {
    const pairs = cookie.split(';').map((c) => c.trim()).filter((c) => c !== '');
    const only = pairs.length === 1 ? pairs[0]!.indexOf('=') : -1;
    if (only > 0) {
      credentials.push({ auth: { kind: 'cookie', name: pairs[0]!.slice(0, only) }, secret: pairs[0]!.slice(only + 1), what: `the cookie ${pairs[0]!.slice(0, only)}` });
    } else if (pairs.length > 0) {
      // Several cookies: which is the session is anyone's guess, and all may be. Together they
      // are one credential, sent as the Cookie header from SecretStorage.
      credentials.push({ auth: { kind: 'header', header: 'Cookie' }, secret: pairs.join('; '), what: `the ${pairs.length} cookies` });
    }
  }
  for (const param of sensitiveParams(url)) {
    credentials.push({ auth: { kind: 'query', param }, secret: url.searchParams.get(param) ?? '', what: `the ${param} query parameter` });
    url.searchParams.delete(param);
  }

  const profile: Profile = { name: name.trim(), url: url.toString() };
  if (method !== 'GET') profile.method = method as ProfileMethod;
  if (headers.length > 0) {
    profile.headers = {};
    for (const [n, v] of headers) profile.headers[n] = n in profile.headers ? `${profile.headers[n]}, ${v}` : v;
  }
  if (req.body !== undefined) {
    if (method === 'GET') notes.push('the body of a GET request is left out (GET sends none)');
    else profile.body = req.body;
  }
  if (req.insecure) profile.insecureTls = true;

  const out: ProfileFromCurl = { profile, notes };
  const [first, ...rest] = credentials;
  if (first) {
    profile.auth = first.auth;
    if (first.secret !== undefined) out.secret = first.secret;
    notes.unshift(`${first.what} becomes ${first.auth.kind} auth; its secret goes to SecretStorage, not to settings`);
  }
  // A profile has one credential in SecretStorage; the others must not land in settings in clear.
  for (const other of rest) notes.push(`${other.what} left out: a profile keeps one credential (${first!.what})`);
  return out;
}

/** `Authorization: Bearer x`, `Basic base64(user:pass)`, or another scheme kept whole as a header secret. */
function authorizationCredential(value: string): Credential {
  const m = /^(\S+)\s+(.+)$/.exec(value.trim());
  const scheme = m?.[1]?.toLowerCase();
  if (m && scheme === 'bearer') return { auth: { kind: 'bearer' }, secret: m[2]!.trim(), what: 'the Authorization: Bearer header' };
  if (m && scheme === 'basic') {
    const decoded = Buffer.from(m[2]!.trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon >= 0) return { auth: { kind: 'basic', username: decoded.slice(0, colon) }, secret: decoded.slice(colon + 1), what: 'the Authorization: Basic header' };
  }
  return { auth: { kind: 'header', header: 'Authorization' }, secret: value, what: 'the Authorization header' };
}
