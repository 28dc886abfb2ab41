import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { DataSource } from 'typeorm';
import { RecordRules } from '../../access/record-rules';
import { CurrentViewer, Viewer } from '../../access/viewer';
import { byKey, LoaderRegistry, Loaders } from '../../platform/graphql/loaders';
import { User } from '../users/user.type';

interface AccountRow {
  id: string;
  email: string;
  email_verified_at: Date | null;
  pending_email: string | null;
}

/**
 * The account fields of `User`: the user's own and staff's (`RecordRules.canSeeAccount`), null
 * for everyone else. Read only when allowed, one statement per request for all users asked.
 */
@Resolver(() => User)
export class UserAccountResolver {
  constructor(private readonly dataSource: DataSource) {}

  @ResolveField(() => String, { nullable: true, description: "The account's email address (sign-in, mail). Only the user themselves and ADMINs and (unrestricted) MODERATORs see it; null for others." })
  async email(@Parent() user: User, @CurrentViewer() viewer: Viewer | null, @Loaders() loaders: LoaderRegistry): Promise<string | null> {
    return (await this.account(user, viewer, loaders))?.email ?? null;
  }

  @ResolveField(() => Boolean, {
    nullable: true,
    description:
      'Whether the owner verified the email (followed the mailed link, or reset the password by mail). Until then, with REQUIRE_EMAIL_VERIFICATION on, the account reads PUBLIC content only and cannot post. Visible as `email`; null for others.',
  })
  async emailVerified(@Parent() user: User, @CurrentViewer() viewer: Viewer | null, @Loaders() loaders: LoaderRegistry): Promise<boolean | null> {
    const account = await this.account(user, viewer, loaders);
    return account ? account.email_verified_at !== null : null;
  }

  @ResolveField(() => String, { nullable: true, description: 'A new address asked for with `changeEmail` and not verified yet (null when none). Visible as `email`.' })
  async pendingEmail(@Parent() user: User, @CurrentViewer() viewer: Viewer | null, @Loaders() loaders: LoaderRegistry): Promise<string | null> {
    return (await this.account(user, viewer, loaders))?.pending_email ?? null;
  }

  private account(user: User, viewer: Viewer | null, loaders: LoaderRegistry): Promise<AccountRow | null> {
    if (!RecordRules.canSeeAccount(viewer, user)) return Promise.resolve(null);
    return loaders
      .get<string, AccountRow | null>('user.account', async (ids) => {
        const rows: AccountRow[] = await this.dataSource.query(`SELECT id, email, email_verified_at, pending_email FROM users WHERE id = ANY($1::uuid[])`, [[...ids]]);
        return byKey(ids, rows, (r) => r.id);
      })
      .load(user.id);
  }
}
