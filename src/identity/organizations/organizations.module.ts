import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../../platform/audit/audit.module';
import { UsersModule } from '../users/users.module';
import { MembershipEntity } from './membership.entity';
import { MembershipsResolver } from './memberships.resolver';
import { MembershipsService } from './memberships.service';
import { OrganizationEntity } from './organization.entity';
import { OrganizationsResolver } from './organizations.resolver';
import { OrganizationsService } from './organizations.service';
import { UserOrganizationResolver } from './user-organization.resolver';

@Module({
  imports: [TypeOrmModule.forFeature([OrganizationEntity, MembershipEntity]), AuditModule, UsersModule],
  providers: [OrganizationsService, MembershipsService, OrganizationsResolver, MembershipsResolver, UserOrganizationResolver],
  exports: [OrganizationsService, MembershipsService],
})
export class OrganizationsModule {}
