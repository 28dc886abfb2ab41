import { Args, ArgsType, Field, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { IsEnum, IsOptional } from 'class-validator';
import { Roles, SignedIn } from '../../access/access.decorators';
import { Role } from '../../access/roles';
import { CurrentViewer, Viewer } from '../../access/viewer';
import { Loaders, LoaderRegistry } from '../../platform/graphql/loaders';
import { Connection, ConnectionArgs, ConnectionType } from '../../platform/graphql/pagination/connection.types';
import { User } from '../users/user.type';
import { UsersService } from '../users/users.service';
import { MembershipStatus, OrgRole } from './membership.entity';
import { Membership } from './membership.type';
import { MembershipsService } from './memberships.service';
import { Organization } from './organization.type';
import { OrganizationsService } from './organizations.service';

export const MembershipConnection = ConnectionType(Membership);

@ArgsType()
class OrganizationMembershipsArgs extends ConnectionArgs {
  @Field(() => ID)
  organizationId: string;

  @Field(() => MembershipStatus, { nullable: true, description: 'Only this status (e.g. PENDING requests); all when omitted.' })
  @IsOptional()
  @IsEnum(MembershipStatus)
  status?: MembershipStatus | null;
}

@Resolver(() => Membership)
export class MembershipsResolver {
  constructor(
    private readonly memberships: MembershipsService,
    private readonly organizations: OrganizationsService,
    private readonly users: UsersService,
  ) {}

  @SignedIn()
  @Query(() => [Membership], { description: "The signed-in user's memberships and requests, newest first." })
  myMemberships(@CurrentViewer() viewer: Viewer): Promise<Membership[]> {
    return this.memberships.mine(viewer);
  }

  @SignedIn()
  @Query(() => MembershipConnection, { description: 'Memberships of an organization, newest first. ORG_ADMIN of that organization, or ADMIN.' })
  organizationMemberships(@CurrentViewer() viewer: Viewer, @Args() args: OrganizationMembershipsArgs): Promise<Connection<Membership>> {
    return this.memberships.listForOrganization(viewer, args.organizationId, args.status, args);
  }

  @SignedIn()
  @Mutation(() => Membership, { description: 'Asks to join an organization (PENDING). Asking again while pending returns the same request.' })
  requestMembership(@CurrentViewer() viewer: Viewer, @Args('organizationId', { type: () => ID }) organizationId: string): Promise<Membership> {
    return this.memberships.request(viewer, organizationId);
  }

  @SignedIn()
  @Mutation(() => Membership, {
    description:
      'ORG_ADMIN of the organization, or ADMIN. Approves or rejects a PENDING request; approve=false on an APPROVED membership ends it. ' +
      '`orgRole` (ADMIN only) sets the organization role on approval, e.g. ORG_ADMIN for the first administrator of an organization.',
  })
  decideMembership(
    @CurrentViewer() viewer: Viewer,
    @Args('membershipId', { type: () => ID }) membershipId: string,
    @Args('approve') approve: boolean,
    @Args('orgRole', { type: () => OrgRole, nullable: true }) orgRole?: OrgRole | null,
  ): Promise<Membership> {
    return this.memberships.decide(viewer, membershipId, approve, orgRole);
  }

  @Roles(Role.ADMIN)
  @Mutation(() => Membership, { description: 'ADMIN: sets the organization role (MEMBER or ORG_ADMIN) of an APPROVED membership.' })
  setMembershipRole(
    @CurrentViewer() viewer: Viewer,
    @Args('membershipId', { type: () => ID }) membershipId: string,
    @Args('orgRole', { type: () => OrgRole }) orgRole: OrgRole,
  ): Promise<Membership> {
    return this.memberships.setRole(viewer, membershipId, orgRole);
  }

  @ResolveField(() => User)
  async user(@Parent() m: Membership, @Loaders() loaders: LoaderRegistry): Promise<User> {
    return (await this.users.load(loaders, m.userId))!;
  }

  @ResolveField(() => Organization)
  async organization(@Parent() m: Membership, @Loaders() loaders: LoaderRegistry): Promise<Organization> {
    return (await this.organizations.load(loaders, m.organizationId))!;
  }
}
