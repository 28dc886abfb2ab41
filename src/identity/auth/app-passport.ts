import * as passport from 'passport';

/**
 * This app's own passport instance, holding LocalStrategy and JwtStrategy (see AuthModule).
 *
 * @nestjs/passport registers strategies on passport's process-wide singleton, and its AuthGuard
 * authenticates with that singleton: with several app instances in one process (the e2e tests
 * run two instances side by side) the app built last would check every app's logins and tokens
 * against its own database and rate limits. LocalAuthGuard and ViewerMiddleware use this one.
 */
export type AppPassport = passport.Authenticator;
export const APP_PASSPORT = Symbol('APP_PASSPORT');

export const createAppPassport = (...strategies: passport.Strategy[]): AppPassport =>
  strategies.reduce((instance, strategy) => instance.use(strategy), new passport.Authenticator());

/** For our PassportStrategy subclasses' `getPassportInstance`: not the process-wide singleton. */
export const detachedPassport = (): AppPassport => new passport.Authenticator();
