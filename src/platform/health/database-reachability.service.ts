import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';

/**
 * "Can this instance reach its database?", answered within READY_DB_TIMEOUT_MS: yes when a pooled
 * connection came back from a request in that time and none was lost since (busy instances never
 * wait for a probe), else
 * when `SELECT 1` answers in that time. One probe at a time, shared by concurrent checks. Slowness
 * under the bound is not a failure: a load balancer must not drop every instance because the
 * database is slow, only an instance that cannot serve.
 */
@Injectable()
export class DatabaseReachability {
  private readonly logger = new Logger('Readiness');
  private lastAnswerAt = 0;
  private reachable = true;
  private probing: Promise<boolean> | null = null;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    const pool = (dataSource.driver as unknown as { master?: { on(event: 'release' | 'remove' | 'error', listener: (err?: unknown) => void): void } }).master;
    pool?.on('release', (err) => {
      if (!err) this.lastAnswerAt = Date.now();
    });
    // a connection lost or closed: the next check asks the database itself
    pool?.on('remove', () => (this.lastAnswerAt = 0));
    pool?.on('error', () => (this.lastAnswerAt = 0));
  }

  /** null when reachable, else why not. */
  async check(): Promise<string | null> {
    if (Date.now() - this.lastAnswerAt < this.config.readyDbTimeoutMs) return null;
    this.probing ??= this.probe().finally(() => (this.probing = null));
    const reachable = await this.probing;
    // one line when readiness changes, not one per probe
    if (reachable !== this.reachable) {
      this.reachable = reachable;
      if (reachable) this.logger.log('database reachable again: ready');
      else this.logger.warn({ timeoutMs: this.config.readyDbTimeoutMs }, 'database unreachable: not ready');
    }
    return reachable ? null : `the database did not answer within ${this.config.readyDbTimeoutMs} ms`;
  }

  private async probe(): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), this.config.readyDbTimeoutMs)));
    const answered = this.dataSource.query('SELECT 1').then(
      () => true,
      () => false,
    );
    try {
      return await Promise.race([answered, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
