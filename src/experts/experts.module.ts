import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PostsModule } from '../forum/posts/posts.module';
import { AuthModule } from '../identity/auth/auth.module';
import { UsersModule } from '../identity/users/users.module';
import { AuditModule } from '../platform/audit/audit.module';
import { ExpertAskEntity } from './expert-ask.entity';
import { ExpertAsksRepository } from './expert-asks.repository';
import { ExpertProfileEntity } from './expert-profile.entity';
import { ExpertProfilesRepository } from './expert-profiles.repository';
import { ExpertRoutingService } from './expert-routing.service';
import { ExpertTopicEntity } from './expert-topic.entity';
import { ExpertsResolver } from './experts.resolver';
import { ExpertsService } from './experts.service';
import { ReputationRepository } from './reputation.repository';
import { ReputationService } from './reputation.service';
import { UserExpertProfileResolver } from './user-expert-profile.resolver';
import { UserReputationEntity } from './user-reputation.entity';

/**
 * The expert network: profiles and their review, the directory, reputation counters (handlers
 * of the forum's events), and routing questions to experts (suggestions, asks, questionsForMe).
 * Stands above the forum and identity; notifications listens to its events.
 */
@Module({
  imports: [TypeOrmModule.forFeature([ExpertProfileEntity, ExpertTopicEntity, UserReputationEntity, ExpertAskEntity]), PostsModule, UsersModule, AuthModule, AuditModule],
  providers: [
    ExpertProfilesRepository,
    ExpertAsksRepository,
    ReputationRepository,
    ExpertsService,
    ExpertRoutingService,
    ReputationService,
    ExpertsResolver,
    UserExpertProfileResolver,
  ],
  exports: [ExpertsService, ReputationService, ExpertProfilesRepository, ReputationRepository],
})
export class ExpertsModule {}
