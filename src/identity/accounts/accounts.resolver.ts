import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import { Public, SignedIn } from '../../access/access.decorators';
import { CurrentViewer, Viewer } from '../../access/viewer';
import { GraphQLContext } from '../../platform/graphql/loaders';
import { User } from '../users/user.type';
import { AccountsService } from './accounts.service';

const LINK = '`BAD_USER_INPUT` (field `token`) when the token is unknown, already used or expired, all alike.';

@Resolver()
export class AccountsResolver {
  constructor(private readonly accounts: AccountsService) {}

  @Public()
  @Mutation(() => User, {
    description: `Verifies an email address with the token of the link mailed to it (valid EMAIL_VERIFICATION_TTL_HOURS, 48 h; single use). For a new account, its email becomes verified: it may read MEMBERS content and post. For a \`changeEmail\` link, the new address replaces the old one (verified). Anyone may call it (the link may be opened signed out). ${LINK} \`CONFLICT\` when another account took the new address meanwhile.`,
  })
  verifyEmail(@Args('token', { description: 'The token of the verification link.' }) token: string): Promise<User> {
    return this.accounts.verifyEmail(token);
  }

  @SignedIn()
  @Mutation(() => Boolean, {
    description:
      'Mails the verification link again (a new token; earlier links stop working): to the pending address of a `changeEmail`, else to the unverified email. False when there is nothing to verify. Signed-in users. `RATE_LIMITED` after ACCOUNT_MAILS_PER_HOUR mails for the account in an hour.',
  })
  resendVerificationEmail(@CurrentViewer() viewer: Viewer): Promise<boolean> {
    return this.accounts.resendVerification(viewer);
  }

  @Public()
  @Mutation(() => Boolean, {
    description:
      'Mails a password-reset link (valid PASSWORD_RESET_TTL_MINUTES, 60 min; single use) when the address belongs to an account. Always true, the same for known and unknown addresses: it reveals nothing. Anyone may call it. At most ACCOUNT_MAILS_PER_HOUR mails per account and hour (further requests are answered true and mail nothing); `RATE_LIMITED` after LOGIN_MAX_ATTEMPTS_PER_IP requests from the client IP per LOGIN_THROTTLE_WINDOW_SECONDS.',
  })
  requestPasswordReset(@Args('email', { description: 'The email address of the account.' }) email: string, @Context() ctx: GraphQLContext): Promise<boolean> {
    return this.accounts.requestPasswordReset(email, ctx.req?.ip);
  }

  @Public()
  @Mutation(() => Boolean, {
    description: `Sets a new password with the token of a reset link. Every session of the account ends (its refresh and access tokens stop working, its sockets are disconnected): sign in again. The email counts as verified (the link proved the mailbox). Anyone may call it. ${LINK} \`BAD_USER_INPUT\` (field \`newPassword\`) unless 10 to 256 characters.`,
  })
  resetPassword(
    @Args('token', { description: 'The token of the reset link.' }) token: string,
    @Args('newPassword', { description: 'The new password, 10 to 256 characters.' }) newPassword: string,
  ): Promise<boolean> {
    return this.accounts.resetPassword(token, newPassword);
  }

  @SignedIn()
  @Mutation(() => Boolean, {
    description:
      "Changes the signed-in user's password. The account's other sessions end; this one stays signed in. A notice is mailed. `BAD_USER_INPUT` (field `password`) for a wrong current password, (field `newPassword`) unless 10 to 256 characters; `RATE_LIMITED` after LOGIN_MAX_ATTEMPTS_PER_ACCOUNT wrong passwords in a window.",
  })
  changePassword(
    @CurrentViewer() viewer: Viewer,
    @Args('currentPassword', { description: 'The current password.' }) currentPassword: string,
    @Args('newPassword', { description: 'The new password, 10 to 256 characters.' }) newPassword: string,
  ): Promise<boolean> {
    return this.accounts.changePassword(viewer, currentPassword, newPassword);
  }

  @SignedIn()
  @Mutation(() => User, {
    description:
      "Asks to change the signed-in user's email: a verification link goes to the new address and a notice to the current one. The current email stays in force (sign-in, mail, `emailVerified`) until the link is followed (`verifyEmail`); until then the new one is `pendingEmail`. Asking again replaces it; asking for the current address cancels it. `CONFLICT` when another account has the address; `BAD_USER_INPUT` for a wrong password (field `password`) or an invalid address (field `newEmail`); `RATE_LIMITED` as `resendVerificationEmail`.",
  })
  changeEmail(
    @CurrentViewer() viewer: Viewer,
    @Args('newEmail', { description: 'The new email address.' }) newEmail: string,
    @Args('password', { description: 'The current password, to confirm.' }) password: string,
  ): Promise<User> {
    return this.accounts.changeEmail(viewer, newEmail, password);
  }
}
