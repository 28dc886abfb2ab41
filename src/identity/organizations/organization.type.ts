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

  /** The columns `fromRow` reads, for queries that join an organization `alias` (`Organization.columnsSql('o', 'o_')`). */
  static columnsSql(alias: string, prefix = ''): string {
    return ['id', 'name', 'acronym', 'sector', 'country', 'email_domains', 'verified', 'member_count', 'created_at'].map((c) => `${alias}.${c} AS ${prefix}${c}`).join(', ');
  }

  /** An organization from a row selected with `columnsSql(alias, prefix)`, without entity hydration. */
  static fromRow(row: Record<string, unknown>, prefix = ''): Organization {
    const o = new Organization();
    o.id = row[`${prefix}id`] as string;
    o.name = row[`${prefix}name`] as string;
    o.acronym = (row[`${prefix}acronym`] as string | null) ?? null;
    o.sector = row[`${prefix}sector`] as Sector;
    o.country = (row[`${prefix}country`] as string | null) ?? null;
    o.emailDomains = (row[`${prefix}email_domains`] as string[] | null) ?? [];
    o.verified = row[`${prefix}verified`] as boolean;
    o.memberCount = Number(row[`${prefix}member_count`]);
    o.createdAt = row[`${prefix}created_at`] as Date;
    return o;
  }

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
