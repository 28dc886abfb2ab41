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
  @Field(() => Sector, { nullable: true })
  @IsOptional()
  @IsEnum(Sector)
  sector?: Sector | null;

  @Field(() => String, { nullable: true, description: 'Case-insensitive match on name or acronym.' })
  @IsOptional()
  @MaxLength(200, { message: 'search must be at most 200 characters' })
  search?: string | null;
}

@Resolver(() => Organization)
export class OrganizationsResolver {
  constructor(private readonly orgs: OrganizationsService) {}

  @Public()
  @Query(() => OrganizationConnection, { description: 'Organizations by name.' })
  organizations(@Args() args: OrganizationsArgs): Promise<Connection<Organization>> {
    return this.orgs.list({ sector: args.sector, search: args.search }, args);
  }

  @Public()
  @Query(() => Organization, { nullable: true })
  async organization(@Args('id', { type: () => ID }) id: string): Promise<Organization | null> {
    const org = await this.orgs.findById(id);
    return org ? Organization.fromEntity(org) : null;
  }

  @Roles(Role.ADMIN)
  @Mutation(() => Organization)
  createOrganization(@CurrentViewer() viewer: Viewer, @Args('input') input: CreateOrganizationInput): Promise<Organization> {
    return this.orgs.create(viewer, input);
  }
}
