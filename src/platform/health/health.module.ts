import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { LifecycleModule } from '../lifecycle/lifecycle.module';
import { DatabaseReachability } from './database-reachability.service';
import { HealthController } from './health.controller';

@Module({
  imports: [TerminusModule.forRoot({ logger: false }), LifecycleModule],
  providers: [DatabaseReachability],
  controllers: [HealthController],
})
export class HealthModule {}
