import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { UnavailableStatusPlugin } from '../errors/unavailable-status.plugin';
import { LifecycleModule } from '../lifecycle/lifecycle.module';
import { DatabaseReachability } from './database-reachability.service';
import { HealthController } from './health.controller';

@Module({
  imports: [TerminusModule.forRoot({ logger: false }), LifecycleModule],
  providers: [DatabaseReachability, UnavailableStatusPlugin],
  controllers: [HealthController],
})
export class HealthModule {}
