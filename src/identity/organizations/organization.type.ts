import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Sector } from '../../access/roles';
import { OrganizationEntity } from './organization.entity';
import { Node } from '../../platform/graphql/node.interface';

@ObjectType('Organization', { implements: () => [Node], description: 'A member organization; its sector is the sector of its approved members.' })
export class Organization implements Node {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  @Field(() => String, { nullable: true })
  acronym: string | null;

  @Field(() => Sector)
  sector: Sector;

  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-2; null for international bodies.' })
  country: string | null;

  @Field(() => [String], { description: 'Verified email domains of the organization (lower-case).' })
  emailDomains: string[];

  @Field()
  verified: boolean;

  @Field(() => Int, { description: 'Number of APPROVED memberships.' })
  memberCount: number;

  @Field()
  createdAt: Date;

  static fromEntity(e: OrganizationEntity): Organization {
    const o = new Organization();
    o.id = e.id;
    o.name = e.name;
    o.acronym = e.acronym;
    o.sector = e.sector;
    o.country = e.country;
    o.emailDomains = e.emailDomains;
    o.verified = e.verified;
    o.memberCount = e.memberCount;
    o.createdAt = e.createdAt;
    return o;
  }
}
