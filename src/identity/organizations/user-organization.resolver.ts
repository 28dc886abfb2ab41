import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { GraphQLResolveInfo } from 'graphql';
import { asksFor } from '../../platform/graphql/selection';
import { answerReadAhead } from '../../platform/graphql/read-ahead';
import { Sector } from '../../access/roles';
import { Loaders, LoaderRegistry } from '../../platform/graphql/loaders';
import { User } from '../users/user.type';
import { MembershipsService } from './memberships.service';
import { Organization } from './organization.type';
import { OrganizationsService } from './organizations.service';

/**
 * Whether the operation asks for the organization (or sector) of the user at `userPath` under the
 * field being resolved: a list of authors then reads their memberships in its own statement
 * (`approvedMembershipSql`).
 */
export const asksForOrganization = (info: GraphQLResolveInfo, userPath: string): boolean =>
  asksFor(info, `${userPath}.organization`) || asksFor(info, `${userPath}.sector`);

/** `User.organization` and `User.sector`, from the user's APPROVED membership (batched per request). */
@Resolver(() => User)
export class UserOrganizationResolver {
  constructor(
    private readonly memberships: MembershipsService,
    private readonly organizations: OrganizationsService,
  ) {}

  @ResolveField(() => Organization, { nullable: true, middleware: [answerReadAhead], description: 'The organization of the APPROVED membership; null otherwise.' })
  async organization(@Parent() user: User, @Loaders() loaders: LoaderRegistry): Promise<Organization | null> {
    const m = await this.memberships.loadApproved(loaders, user.id);
    if (!m) return null;
    // read with the membership, in the same statement
    this.organizations.prime(loaders, m.organization);
    return m.organization;
  }

  @ResolveField(() => Sector, { nullable: true, middleware: [answerReadAhead], description: "The sector of the user's organization (APPROVED membership); null otherwise." })
  async sector(@Parent() user: User, @Loaders() loaders: LoaderRegistry): Promise<Sector | null> {
    return (await this.memberships.loadApproved(loaders, user.id))?.sector ?? null;
  }
}
