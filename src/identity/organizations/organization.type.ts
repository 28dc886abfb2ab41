import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Sector } from '../../access/roles';
import { OrganizationEntity } from './organization.entity';
import { Node } from '../../platform/graphql/node.interface';

@ObjectType('Organization', { implements: () => [Node], description: 'A member organization (a ministry, IGO, NGO, university or company); its sector is the sector of its APPROVED members. Public.' })
export class Organization implements Node {
  @Field(() => ID, { description: 'Global id of the organization (a UUID), usable with `node(id:)`.' })
  id: string;

  @Field({ description: 'Full name, unique case-insensitively (2 to 200 characters).' })
  name: string;

  @Field(() => String, { nullable: true, description: 'Short name (for example "UNEP"), 1 to 20 characters; null when it has none.' })
  acronym: string | null;

  @Field(() => Sector, { description: 'Sector of the organization, which its APPROVED members have.' })
  sector: Sector;

  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-2; null for international bodies.' })
  country: string | null;

  @Field(() => [String], { description: 'Verified email domains of the organization (lower-case).' })
  emailDomains: string[];

  @Field({ description: 'Whether the platform vouches for the organization; true for every organization created by an ADMIN.' })
  verified: boolean;

  @Field(() => Int, { description: 'Number of APPROVED memberships.' })
  memberCount: number;

  @Field({ description: 'When the organization was created (ISO-8601, UTC).' })
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
