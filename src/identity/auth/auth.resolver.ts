import { UseGuards } from '@nestjs/common';
import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import { Public } from '../../access/access.decorators';
import { AuthPayload } from './auth-payload.type';
import { AuthService } from './auth.service';
import { LoginInput } from './dto/login.input';
import { RegisterInput } from './dto/register.input';
import { LocalAuthGuard, LoginContext } from './local-auth.guard';
import { GraphQLContext } from '../../platform/graphql/loaders';

@Public()
@Resolver()
export class AuthResolver {
  constructor(private readonly auth: AuthService) {}

  @Mutation(() => AuthPayload, {
    description:
      'Creates an account (role MEMBER, no organization) and signs it in. Anyone may call it. The email is not verified yet: a link is mailed to it (`verifyEmail`), and until then (when REQUIRE_EMAIL_VERIFICATION is on) the account reads PUBLIC content only and cannot post. `CONFLICT` when the email (case-insensitive) or the handle is taken; `BAD_USER_INPUT` when an input rule is broken; `RATE_LIMITED` (with `retryAfterSeconds`) after REGISTRATIONS_PER_IP_PER_HOUR calls from the client IP in an hour or REGISTRATIONS_PER_IP_PER_DAY in a day (every call counts, each alias of a document included).',
  })
  register(
    @Args('input', { description: 'The new account: email, password, display name and handle.' }) input: RegisterInput,
    @Context() ctx: GraphQLContext,
  ): Promise<AuthPayload> {
    return this.auth.register(input, ctx.req?.ip);
  }

  /** passport-local (LocalAuthGuard) checks the credentials; `input` is declared here for the schema. */
  @Mutation(() => AuthPayload, {
    description:
      'Signs in with email and password and starts a new session. Anyone may call it. `UNAUTHENTICATED` for an unknown email or a wrong password (the same answer for both); `SUSPENDED` for a suspended account (only with the right password); `RATE_LIMITED` (with `retryAfterSeconds`) after too many failed attempts for the email from the client IP, or too many attempts from the client IP.',
  })
  @UseGuards(LocalAuthGuard)
  login(@Args('input', { description: 'The email and password of the account.' }) _input: LoginInput, @Context() ctx: LoginContext): Promise<AuthPayload> {
    return this.auth.signIn(ctx.authenticatedUser);
  }

  @Mutation(() => AuthPayload, {
    description:
      'Exchanges a refresh token for a new access token and refresh token (the given one is used up). Anyone may call it; call it when a request answers `UNAUTHENTICATED`. `UNAUTHENTICATED` when the refresh token is unknown, expired or already used (reusing one also revokes every token of its session: sign in again); within REFRESH_REUSE_GRACE_SECONDS (30 s) of its use, a used token instead gets the same new pair again, so tabs refreshing at once stay signed in; `SUSPENDED` for a suspended account.',
  })
  refreshSession(@Args('refreshToken', { description: 'The refresh token of the latest `AuthPayload` of the session.' }) refreshToken: string): Promise<AuthPayload> {
    return this.auth.refresh(refreshToken);
  }

  @Mutation(() => Boolean, {
    description:
      'Ends the session of this refresh token: its refresh and access tokens stop working (`UNAUTHENTICATED`) and its sockets are disconnected. Anyone may call it. True when the token was known, false otherwise.',
  })
  logout(@Args('refreshToken', { description: 'A refresh token of the session to end.' }) refreshToken: string): Promise<boolean> {
    return this.auth.logout(refreshToken);
  }
}
