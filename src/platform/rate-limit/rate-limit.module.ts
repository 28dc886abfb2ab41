import { Global, Logger, Module } from '@nestjs/common';
import { ThrottlerStorage, ThrottlerStorageService } from '@nestjs/throttler';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { AnonymousRequestsMiddleware } from './anonymous-requests.middleware';
import { Cooldowns } from './cooldowns.service';
import { FailureCounter } from './failure-counter.service';
import { RateLimiter } from './rate-limiter.service';

/**
 * Global: `RateLimiter` for named limits (login …), `FailureCounter` (login failures),
 * `Cooldowns` (posting interval, duplicate text: check-and-reserve, releasable) and the
 * @nestjs/throttler storage behind them (`ThrottlerStorage` token): Redis when REDIS_URL is set,
 * memory otherwise. `AnonymousRequestsMiddleware` (mounted by app.factory) limits requests without an access
 * token per IP.
 */
@Global()
@Module({
  providers: [
    {
      provide: ThrottlerStorage,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => {
        if (!config.redisUrl) return new ThrottlerStorageService();
        const storage = new ThrottlerStorageRedisService(config.redisUrl, { maxRetriesPerRequest: 2, connectTimeout: 5000 });
        const logger = new Logger('RateLimitStore');
        storage.redis.on('error', (err: Error) => logger.warn(`redis: ${err.message}`));
        return storage;
      },
    },
    RateLimiter,
    FailureCounter,
    Cooldowns,
    AnonymousRequestsMiddleware,
  ],
  exports: [ThrottlerStorage, RateLimiter, FailureCounter, Cooldowns, AnonymousRequestsMiddleware],
})
export class RateLimitModule {}
