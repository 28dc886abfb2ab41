import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { MembershipEntity, MembershipStatus, OrgRole } from './membership.entity';
import { Node } from '../../platform/graphql/node.interface';

registerEnumType(MembershipStatus, { name: 'MembershipStatus' });
registerEnumType(OrgRole, { name: 'OrgRole', description: 'ORG_ADMIN members decide the membership requests of their organization.' });

/** A user's membership (or request) of an organization. `user` and `organization` are field resolvers. */
@ObjectType('Membership', { implements: () => [Node] })
export class Membership implements Node {
  @Field(() => ID)
  id: string;

  @Field(() => MembershipStatus)
  status: MembershipStatus;

  @Field(() => OrgRole)
  orgRole: OrgRole;

  @Field()
  createdAt: Date;

  @Field(() => Date, { nullable: true })
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
