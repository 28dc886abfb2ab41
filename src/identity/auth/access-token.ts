import { FactoryProvider } from '@nestjs/common';
import { createSecretKey, KeyObject } from 'node:crypto';
import { UnauthenticatedError } from '../../platform/errors/domain-errors';
import { AppConfig } from '../../platform/config/app-config';
import { APP_CONFIG } from '../../platform/config/config.module';

export const INVALID_ACCESS_TOKEN = 'The access token is invalid or expired.';

export interface AccessClaims {
  sub: string;
  /** Refresh-token family (login session) this access token belongs to. */
  sid: string;
}

/**
 * How access tokens are signed and verified, built once per app. `verify` is handed as it is
 * to the JwtStrategy (HTTP) and to TokensService.verifyAccessToken (socket handshake).
 *
 * The secret is a symmetric KeyObject, not the string: given a string, jsonwebtoken first tries
 * to read it as a PEM public (verify) or private (sign) key, which throws, and only then makes a
 * secret key of it, on every call (about 5% of the CPU of a signed-in request).
 */
export interface AccessTokenOptions {
  readonly secret: KeyObject;
  readonly verify: { readonly algorithms: ['HS256']; readonly issuer: string; readonly audience: string; readonly ignoreExpiration: false };
  readonly sign: { readonly algorithm: 'HS256'; readonly issuer: string; readonly audience: string; readonly expiresIn: number };
}

export const ACCESS_TOKEN_OPTIONS = Symbol('ACCESS_TOKEN_OPTIONS');

export const accessTokenOptionsProvider: FactoryProvider<AccessTokenOptions> = {
  provide: ACCESS_TOKEN_OPTIONS,
  inject: [APP_CONFIG],
  useFactory: ({ jwtSecret, jwtIssuer: issuer, jwtAudience: audience, accessTokenTtlSeconds }: AppConfig): AccessTokenOptions => ({
    secret: createSecretKey(Buffer.from(jwtSecret, 'utf8')),
    verify: { algorithms: ['HS256'], issuer, audience, ignoreExpiration: false },
    sign: { algorithm: 'HS256', issuer, audience, expiresIn: accessTokenTtlSeconds },
  }),
};

/** What TokensService signs: claims that accessClaims accepts. */
export const accessPayload = (userId: string, loginSessionId: string) => ({ sub: userId, sid: loginSessionId, typ: 'access' });

/**
 * The checks beyond signature, algorithm, iss, aud and exp (jsonwebtoken's): an access token
 * (not another kind of JWT of ours), with a subject and a login session, and an `exp`, since
 * jsonwebtoken accepts a token without one and it must not live forever.
 */
export function accessClaims(payload: unknown): AccessClaims {
  const claims = (payload ?? {}) as { sub?: unknown; sid?: unknown; typ?: unknown; exp?: unknown };
  if (typeof claims.sub !== 'string' || typeof claims.sid !== 'string' || claims.typ !== 'access' || typeof claims.exp !== 'number') {
    throw new UnauthenticatedError(INVALID_ACCESS_TOKEN);
  }
  return { sub: claims.sub, sid: claims.sid };
}
