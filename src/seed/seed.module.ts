import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PostsModule } from '../forum/posts/posts.module';
import { ExpertsModule } from '../experts/experts.module';
import { LiveSessionsModule } from '../live-sessions/live-sessions.module';
import { AuthModule } from '../identity/auth/auth.module';
import { ModerationModule } from '../moderation/moderation.module';
import { DemoFlagsSeeder } from './demo-flags.seeder';
import { SeedMarkerEntity } from './seed-marker.entity';
import { SeedService } from './seed.service';

@Module({
  imports: [TypeOrmModule.forFeature([SeedMarkerEntity]), PostsModule, ExpertsModule, LiveSessionsModule, ModerationModule, AuthModule],
  providers: [SeedService, DemoFlagsSeeder],
})
export class SeedModule {}
