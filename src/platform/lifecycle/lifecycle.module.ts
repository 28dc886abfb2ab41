import { Global, Module } from '@nestjs/common';
import { ShutdownCoordinator } from './shutdown-coordinator.service';

/** The graceful shutdown's coordinator, for main.ts, readiness and whatever accepts work. */
@Global()
@Module({
  providers: [ShutdownCoordinator],
  exports: [ShutdownCoordinator],
})
export class LifecycleModule {}
