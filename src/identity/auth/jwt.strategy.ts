import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { Viewer } from '../../access/viewer';
import { ACCESS_TOKEN_OPTIONS, accessClaims, AccessTokenOptions } from './access-token';
import { AppPassport, detachedPassport } from './app-passport';
import { ViewerService } from './viewer.service';

/** `Authorization: Bearer <accessToken>`; null when the header is absent or not of that form. */
export const bearerToken = ExtractJwt.fromAuthHeaderAsBearerToken();

/**
 * Access tokens on HTTP (ViewerMiddleware). passport-jwt verifies signature, pinned algorithm,
 * iss, aud and exp with ACCESS_TOKEN_OPTIONS (the socket handshake verifies with the same object);
 * validate checks the claims and loads the Viewer, refusing ended sessions.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    @Inject(ACCESS_TOKEN_OPTIONS) access: AccessTokenOptions,
    private readonly viewers: ViewerService,
  ) {
    // jsonwebtoken takes the secret KeyObject as it is (passport-jwt's type only names string | Buffer)
    super({ ...access.verify, secretOrKey: access.secret as unknown as Buffer, jwtFromRequest: bearerToken });
  }

  async validate(payload: unknown): Promise<Viewer> {
    return this.viewers.fromClaims(accessClaims(payload));
  }

  /** Registered on its app's passport instead (see app-passport.ts). */
  getPassportInstance(): AppPassport {
    return detachedPassport();
  }
}
