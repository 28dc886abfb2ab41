import { Inject, Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { Viewer, ViewerCarrier } from '../../access/viewer';
import { DomainError, UnauthenticatedError } from '../../platform/errors/domain-errors';
import { toDomainError } from '../../platform/errors/to-domain-error';
import { INVALID_ACCESS_TOKEN } from './access-token';
import { APP_PASSPORT, AppPassport } from './app-passport';
import { bearerToken } from './jwt.strategy';

/**
 * Reads `Authorization: Bearer <accessToken>` once per HTTP request with passport-jwt
 * (JwtStrategy). No header: anonymous. A bad, expired, forged or revoked token is refused
 * with code UNAUTHENTICATED (HTTP 401 under application/graphql-response+json), never
 * silently downgraded to anonymous.
 */
@Injectable()
export class ViewerMiddleware implements NestMiddleware {
  constructor(@Inject(APP_PASSPORT) private readonly passport: AppPassport) {}

  use(req: Request & ViewerCarrier & { viewerError?: DomainError | null }, _res: Response, next: NextFunction): void {
    req.viewer = null;
    req.viewerError = null;
    if (!req.headers.authorization) return next();
    this.passport.authenticate('jwt', { session: false }, (err: unknown, viewer: Viewer | false) => {
      if (viewer) {
        req.viewer = viewer;
        return next();
      }
      // no error: passport-jwt found no Bearer token, or jsonwebtoken refused the one it found
      const domain = err ? toDomainError(err) : bearerToken(req) ? new UnauthenticatedError(INVALID_ACCESS_TOKEN) : null;
      // Not answered here: GraphQL raises it as the request's error, in the media type the
      // client negotiated, so GraphQL clients see extensions.code (see preExecutionError).
      req.viewerError = domain ?? new UnauthenticatedError('The Authorization header must be "Bearer <accessToken>".');
      next();
    })(req, _res, next);
  }
}
