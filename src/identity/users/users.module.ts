import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../../platform/audit/audit.module';
import { BootstrapAdminService } from './bootstrap-admin.service';
import { ModeratorTopicEntity } from './moderator-topic.entity';
import { ModeratorTopicsRepository } from './moderator-topics.repository';
import { UserEntity } from './user.entity';
import { UsersResolver } from './users.resolver';
import { UsersService } from './users.service';

@Module({
  imports: [TypeOrmModule.forFeature([UserEntity, ModeratorTopicEntity]), AuditModule],
  providers: [UsersService, UsersResolver, BootstrapAdminService, ModeratorTopicsRepository],
  exports: [UsersService, ModeratorTopicsRepository],
})
export class UsersModule {}
