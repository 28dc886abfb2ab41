import { Logger as NestLogger } from '@nestjs/common';
import type { Logger as TypeOrmLoggerInterface } from 'typeorm';

/**
 * TypeORM's messages through Nest's logger (JSON lines like every other; TypeORM's own loggers
 * write plain text to the console): warnings (a pool error, a slow query) at warn, migrations at
 * info. Query errors are not logged here: the GraphQL error formatter logs them once, counted.
 */
export class TypeOrmNestLogger implements TypeOrmLoggerInterface {
  private readonly logger = new NestLogger('Database');

  constructor(private readonly quiet: boolean) {}

  logQuery(): void {}

  logQueryError(): void {}

  logQuerySlow(time: number, query: string): void {
    if (!this.quiet) this.logger.warn({ ms: time, query: query.slice(0, 200) }, 'slow query');
  }

  logSchemaBuild(): void {}

  logMigration(message: string): void {
    if (!this.quiet) this.logger.log(message);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (this.quiet) return;
    if (level === 'warn') this.logger.warn(String(message));
    else this.logger.debug(String(message));
  }
}
