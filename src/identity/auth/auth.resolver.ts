import { UseGuards } from '@nestjs/common';
import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import { Public } from '../../access/access.decorators';
import { AuthPayload } from './auth-payload.type';
import { AuthService } from './auth.service';
import { LoginInput } from './dto/login.input';
import { RegisterInput } from './dto/register.input';
import { LocalAuthGuard, LoginContext } from './local-auth.guard';

@Public()
@Resolver()
export class AuthResolver {
  constructor(private readonly auth: AuthService) {}

  @Mutation(() => AuthPayload)
  register(@Args('input') input: RegisterInput): Promise<AuthPayload> {
    return this.auth.register(input);
  }

  /** passport-local (LocalAuthGuard) checks the credentials; `input` is declared here for the schema. */
  @Mutation(() => AuthPayload)
  @UseGuards(LocalAuthGuard)
  login(@Args('input') _input: LoginInput, @Context() ctx: LoginContext): Promise<AuthPayload> {
    return this.auth.signIn(ctx.authenticatedUser);
  }

  @Mutation(() => AuthPayload)
  refreshSession(@Args('refreshToken') refreshToken: string): Promise<AuthPayload> {
    return this.auth.refresh(refreshToken);
  }

  @Mutation(() => Boolean, { description: 'Revokes the session family of this refresh token.' })
  logout(@Args('refreshToken') refreshToken: string): Promise<boolean> {
    return this.auth.logout(refreshToken);
  }
}
