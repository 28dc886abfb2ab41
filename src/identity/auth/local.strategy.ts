import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-local';
import { UserEntity } from '../users/user.entity';
import { AppPassport, detachedPassport } from './app-passport';
import { AuthService } from './auth.service';

/** What LocalAuthGuard hands passport-local: the `login` input as the body, and the client IP. */
export interface LoginRequest {
  body: { email: string; password: string };
  ip?: string;
}

/** `login` (through LocalAuthGuard): email and password, checked by AuthService.verifyCredentials. */
@Injectable()
export class LocalStrategy extends PassportStrategy(Strategy, 'local') {
  constructor(private readonly auth: AuthService) {
    super({ usernameField: 'email', passReqToCallback: true });
  }

  validate(req: LoginRequest, email: string, password: string): Promise<UserEntity> {
    return this.auth.verifyCredentials(email, password, req.ip);
  }

  /** Registered on its app's passport instead (see app-passport.ts). */
  getPassportInstance(): AppPassport {
    return detachedPassport();
  }
}
