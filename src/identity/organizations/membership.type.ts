import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { MembershipEntity, MembershipStatus, OrgRole } from './membership.entity';
import { Node } from '../../platform/graphql/node.interface';

registerEnumType(MembershipStatus, {
  name: 'MembershipStatus',
  description: 'Where a membership request stands.',
  valuesMap: {
    PENDING: { description: 'Requested, waiting for an ORG_ADMIN of the organization or an ADMIN to decide.' },
    APPROVED: { description: 'A member of the organization: the user has its sector. A user holds at most one APPROVED membership.' },
    REJECTED: { description: 'Request rejected, or membership ended (`decideMembership` with `approve: false`). The user may request again.' },
  },
});
registerEnumType(OrgRole, {
  name: 'OrgRole',
  description: 'A member\'s role in their organization; ORG_ADMIN members decide the membership requests of their organization. Only an ADMIN sets it.',
  valuesMap: {
    MEMBER: { description: 'An ordinary member of the organization.' },
    ORG_ADMIN: { description: 'Administers the organization\'s memberships: lists, approves and rejects its requests (when APPROVED).' },
  },
});

/** A user's membership (or request) of an organization. `user` and `organization` are field resolvers. */
@ObjectType('Membership', {
  implements: () => [Node],
  description:
    'A user\'s membership of an organization, or their request for one. Seen by the user, ORG_ADMINs of the organization and ADMINs. Every decision is audited.',
})
export class Membership implements Node {
  @Field(() => ID, { description: 'Global id of the membership (a UUID), usable with `node(id:)`.' })
  id: string;

  @Field(() => MembershipStatus, { description: 'PENDING, APPROVED or REJECTED (which also means ended).' })
  status: MembershipStatus;

  @Field(() => OrgRole, { description: 'Role in the organization; MEMBER unless an ADMIN made it ORG_ADMIN (back to MEMBER when the membership ends).' })
  orgRole: OrgRole;

  @Field({ description: 'When the membership was requested (ISO-8601, UTC).' })
  createdAt: Date;

  @Field(() => Date, { nullable: true, description: 'When it was last approved, rejected or ended (ISO-8601, UTC); null while PENDING.' })
  decidedAt: Date | null;

  userId: string;
  organizationId: string;

  static fromEntity(e: MembershipEntity): Membership {
    const m = new Membership();
    m.id = e.id;
    m.status = e.status;
    m.orgRole = e.orgRole;
    m.createdAt = e.createdAt;
    m.decidedAt = e.decidedAt;
    m.userId = e.userId;
    m.organizationId = e.organizationId;
    return m;
  }
}
