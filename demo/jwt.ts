// Real HS256 JWTs, as the seed's servers use (jsonwebtoken there; jose here, which
// bundles without native code). Access tokens and refresh tokens differ by `typ`.
import { SignJWT, jwtVerify } from 'jose';

export interface UserClaims {
  userId: string;
  username: string;
}

export type Verified = { ok: true; claims: UserClaims } | { ok: false; reason: string };

export class TokenIssuer {
  private readonly key: Uint8Array;

  constructor(secret: string) {
    this.key = new TextEncoder().encode(secret);
  }

  async issue(claims: UserClaims, expiresInSec = 3600, typ: 'access' | 'refresh' = 'access'): Promise<string> {
    return new SignJWT({ userId: claims.userId, username: claims.username, typ })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + expiresInSec)
      .sign(this.key);
  }

  async verify(token: string, typ: 'access' | 'refresh' = 'access'): Promise<Verified> {
    try {
      const { payload } = await jwtVerify(token, this.key, { algorithms: ['HS256'] });
      if (payload['typ'] !== typ) return { ok: false, reason: `not an ${typ} token` };
      const userId = payload['userId'];
      const username = payload['username'];
      if (typeof userId !== 'string' || typeof username !== 'string') return { ok: false, reason: 'token without userId/username' };
      return { ok: true, claims: { userId, username } };
    } catch (err) {
      const code = (err as { code?: string }).code;
      return { ok: false, reason: code === 'ERR_JWT_EXPIRED' ? 'token expired' : 'token invalid' };
    }
  }
}

/** The token of an `Authorization: Bearer <jwt>` header, if there is one. */
export function bearerToken(header: string | undefined): string | undefined {
  if (!header || !/^Bearer\s+/i.test(header)) return undefined;
  const token = header.replace(/^Bearer\s+/i, '').trim();
  return token || undefined;
}
