import { CanActivate, ExecutionContext, Inject, Injectable, ValidationPipe } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { BadInputError } from '../../platform/errors/domain-errors';
import { GraphQLContext } from '../../platform/graphql/loaders';
import { UserEntity } from '../users/user.entity';
import { APP_PASSPORT, AppPassport } from './app-passport';
import { LoginInput } from './dto/login.input';
import { LoginRequest } from './local.strategy';

/** The GraphQL context of `login` once LocalAuthGuard has let it through. */
export interface LoginContext extends GraphQLContext {
  authenticatedUser: UserEntity;
}

/**
 * `login`: runs passport-local (LocalStrategy) on this app's passport with the mutation's `input`
 * as the request body, and leaves the user in the context as `authenticatedUser`.
 * Guards run before pipes, so `input` is validated here first, as the global ValidationPipe
 * would: over-long credentials are BAD_USER_INPUT before they count against the throttle.
 */
@Injectable()
export class LocalAuthGuard implements CanActivate {
  private readonly validation = new ValidationPipe({ transform: true });

  constructor(@Inject(APP_PASSPORT) private readonly passport: AppPassport) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const gql = GqlExecutionContext.create(context);
    const ctx = gql.getContext<LoginContext>();
    const input: LoginInput = await this.validation.transform(gql.getArgs<{ input: unknown }>().input, { type: 'body', metatype: LoginInput });
    const req: LoginRequest = { body: input, ip: ctx.req?.ip };
    ctx.authenticatedUser = await new Promise<UserEntity>((resolve, reject) => {
      this.passport.authenticate('local', { session: false }, (err: unknown, user: UserEntity | false) => {
        try {
          resolve(this.handleRequest(err, user));
        } catch (refusal) {
          reject(refusal);
        }
      })(req, {}, reject);
    });
    return true;
  }

  /**
   * Errors of verifyCredentials (RATE_LIMITED, UNAUTHENTICATED, SUSPENDED) reach the client as they
   * are. No user without an error is passport-local's "Missing credentials" (an empty string).
   */
  private handleRequest(err: unknown, user: UserEntity | false): UserEntity {
    if (err) throw err;
    if (!user) throw new BadInputError('email and password must not be empty.');
    return user;
  }
}
