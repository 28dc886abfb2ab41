import { Args, ArgsType, Field, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { IsEnum, IsOptional, MaxLength } from 'class-validator';
import { Public, Roles } from '../../access/access.decorators';
import { Role, Sector } from '../../access/roles';
import { CurrentViewer, Viewer } from '../../access/viewer';
import { Connection, ConnectionArgs, ConnectionType } from '../../platform/graphql/pagination/connection.types';
import { CreateOrganizationInput } from './dto/create-organization.input';
import { Organization } from './organization.type';
import { OrganizationsService } from './organizations.service';

export const OrganizationConnection = ConnectionType(Organization);

@ArgsType()
class OrganizationsArgs extends ConnectionArgs {
  @Field(() => Sector, { nullable: true, description: 'Only organizations of this sector; all sectors when omitted.' })
  @IsOptional()
  @IsEnum(Sector)
  sector?: Sector | null;

  @Field(() => String, { nullable: true, description: 'Case-insensitive substring match on name or acronym, at most 200 characters.' })
  @IsOptional()
  @MaxLength(200, { message: 'search must be at most 200 characters' })
  search?: string | null;
}

@Resolver(() => Organization)
export class OrganizationsResolver {
  constructor(private readonly orgs: OrganizationsService) {}

  @Public()
  @Query(() => OrganizationConnection, { description: 'Organizations, ordered by name. Anyone may call it.' })
  organizations(@Args() args: OrganizationsArgs): Promise<Connection<Organization>> {
    return this.orgs.list({ sector: args.sector, search: args.search }, args);
  }

  @Public()
  @Query(() => Organization, { nullable: true, description: 'One organization by id; null when there is none. Anyone may call it.' })
  async organization(@Args('id', { type: () => ID, description: 'Id of the organization.' }) id: string): Promise<Organization | null> {
    const org = await this.orgs.findById(id);
    return org ? Organization.fromEntity(org) : null;
  }

  @Roles(Role.ADMIN)
  @Mutation(() => Organization, {
    description: 'Creates a verified organization; audited. ADMIN only (`FORBIDDEN` otherwise). `CONFLICT` when the name is taken (case-insensitive).',
  })
  createOrganization(
    @CurrentViewer() viewer: Viewer,
    @Args('input', { description: 'Name, acronym, sector, country and email domains of the organization.' }) input: CreateOrganizationInput,
  ): Promise<Organization> {
    return this.orgs.create(viewer, input);
  }
}
