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
  @Field(() => ID, { description: 'Id of the organization.' })
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
  @Query(() => [Membership], { description: "The signed-in user's memberships and requests (ended and rejected ones included), newest first, at most 100. Signed-in users." })
  myMemberships(@CurrentViewer() viewer: Viewer): Promise<Membership[]> {
    return this.memberships.mine(viewer);
  }

  @SignedIn()
  @Query(() => MembershipConnection, {
    description:
      'Memberships and requests of an organization, newest first. For an ORG_ADMIN of that organization or an ADMIN (`FORBIDDEN` for others); `NOT_FOUND` for an unknown organization.',
  })
  organizationMemberships(@CurrentViewer() viewer: Viewer, @Args() args: OrganizationMembershipsArgs): Promise<Connection<Membership>> {
    return this.memberships.listForOrganization(viewer, args.organizationId, args.status, args);
  }

  @SignedIn()
  @Mutation(() => Membership, {
    description:
      'Asks to join an organization (PENDING); its ORG_ADMINs are notified. Signed-in users. Asking again while pending returns the same request. `CONFLICT` when the user already holds an APPROVED membership (of this or another organization); `NOT_FOUND` for an unknown organization.',
  })
  requestMembership(@CurrentViewer() viewer: Viewer, @Args('organizationId', { type: () => ID, description: 'Id of the organization to join.' }) organizationId: string): Promise<Membership> {
    return this.memberships.request(viewer, organizationId);
  }

  @SignedIn()
  @Mutation(() => Membership, {
    description:
      'ORG_ADMIN of the organization, or ADMIN. Approves or rejects a PENDING request; approve=false on an APPROVED membership ends it. ' +
      '`orgRole` (ADMIN only) sets the organization role on approval, e.g. ORG_ADMIN for the first administrator of an organization. ' +
      'Audited; the requester is notified and their access changes at once. `FORBIDDEN` for other callers; `CONFLICT` when the user already holds ' +
      'another APPROVED membership, or the membership is already REJECTED or ended; `NOT_FOUND` for an unknown membership.',
  })
  decideMembership(
    @CurrentViewer() viewer: Viewer,
    @Args('membershipId', { type: () => ID, description: 'Id of the membership (request) to decide.' }) membershipId: string,
    @Args('approve', { description: 'True approves (or keeps approved, e.g. to set `orgRole`); false rejects a request or ends a membership.' }) approve: boolean,
    @Args('orgRole', { type: () => OrgRole, nullable: true, description: 'ADMIN only (`FORBIDDEN` otherwise): the organization role to give when approving; unchanged when omitted.' })
    orgRole?: OrgRole | null,
  ): Promise<Membership> {
    return this.memberships.decide(viewer, membershipId, approve, orgRole);
  }

  @Roles(Role.ADMIN)
  @Mutation(() => Membership, {
    description:
      'Sets the organization role (MEMBER or ORG_ADMIN) of an APPROVED membership; audited. ADMIN only (`FORBIDDEN` otherwise). `CONFLICT` when the membership is not APPROVED; `NOT_FOUND` for an unknown membership.',
  })
  setMembershipRole(
    @CurrentViewer() viewer: Viewer,
    @Args('membershipId', { type: () => ID, description: 'Id of the APPROVED membership.' }) membershipId: string,
    @Args('orgRole', { type: () => OrgRole, description: 'The new organization role.' }) orgRole: OrgRole,
  ): Promise<Membership> {
    return this.memberships.setRole(viewer, membershipId, orgRole);
  }

  @ResolveField(() => User, { description: 'The user who requested or holds the membership.' })
  async user(@Parent() m: Membership, @Loaders() loaders: LoaderRegistry): Promise<User> {
    return (await this.users.load(loaders, m.userId))!;
  }

  @ResolveField(() => Organization, { description: 'The organization.' })
  async organization(@Parent() m: Membership, @Loaders() loaders: LoaderRegistry): Promise<Organization> {
    return (await this.organizations.load(loaders, m.organizationId))!;
  }
}
