import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { ShutdownCoordinator } from '../lifecycle/shutdown-coordinator.service';
import { DatabaseReachability } from './database-reachability.service';

@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly database: DatabaseReachability,
    private readonly shutdown: ShutdownCoordinator,
  ) {}

  /** The process is up and answers HTTP (no dependency checked: restart it only when this fails). */
  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /**
   * Can this instance serve: not shutting down, and the database reachable within
   * READY_DB_TIMEOUT_MS. 503 otherwise (a load balancer stops sending it requests).
   */
  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([
      () => {
        const indicator = this.indicators.check('shutdown');
        return this.shutdown.draining ? indicator.down({ message: 'shutting down' }) : indicator.up();
      },
      async () => {
        const indicator = this.indicators.check('database');
        const problem = await this.database.check();
        return problem ? indicator.down({ message: problem }) : indicator.up();
      },
    ]);
  }
}
