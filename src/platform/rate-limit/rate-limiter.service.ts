import { Inject, Injectable, Logger } from '@nestjs/common';
import { ThrottlerStorage } from '@nestjs/throttler';
import { createHash } from 'node:crypto';
import { RateLimitedError } from '../errors/domain-errors';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { RateLimit, RateLimitOutcome } from './rate-limit.types';

/**
 * The one rate limiter: named limits over @nestjs/throttler's storage (in memory for a single
 * instance, Redis when REDIS_URL is set so instances share counts). Keys are hashed, so no
 * email or IP is stored in clear. If the store is unreachable it fails open (logged): a Redis
 * outage must not take sign-in down with it.
 */
@Injectable()
export class RateLimiter {
  private readonly logger = new Logger('RateLimiter');

  constructor(
    @Inject(ThrottlerStorage) private readonly storage: ThrottlerStorage,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Whether a limit is in force (time-based ones are off with RATE_LIMITS_ENABLED=false). */
  isActive(limit: RateLimit): boolean {
    return this.config.rateLimitsEnabled || limit.timeBased === false;
  }

  /** Counts one hit of `key` against `limit` and reports whether it is allowed. */
  async hit(limit: RateLimit, key: string): Promise<RateLimitOutcome> {
    if (!this.isActive(limit)) return { allowed: true, hits: 0, retryAfterSeconds: 0 };
    const windowMs = limit.windowSeconds * 1000;
    const blockMs = (limit.blockSeconds ?? limit.windowSeconds) * 1000;
    try {
      const record = await this.storage.increment(this.storageKey(limit, key), windowMs, limit.limit, blockMs, limit.name);
      return {
        allowed: !record.isBlocked,
        hits: record.totalHits,
        retryAfterSeconds: record.isBlocked ? Math.max(1, record.timeToBlockExpire) : 0,
      };
    } catch (err) {
      this.logger.warn({ err, limit: limit.name }, 'rate-limit store unavailable; allowing the request');
      return { allowed: true, hits: 0, retryAfterSeconds: 0 };
    }
  }

  /** Counts one hit and throws RATE_LIMITED (with retryAfterSeconds) when over the limit. */
  async consume(limit: RateLimit, key: string): Promise<void> {
    const outcome = await this.hit(limit, key);
    if (!outcome.allowed) throw new RateLimitedError(outcome.retryAfterSeconds, limit.message);
  }

  private storageKey(limit: RateLimit, key: string): string {
    const digest = createHash('sha256').update(key).digest('base64url').slice(0, 32);
    return `${this.config.rateLimitKeyPrefix}:${limit.name}:${digest}`;
  }
}
