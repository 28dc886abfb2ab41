import { Inject, Injectable, Logger } from '@nestjs/common';
import { ThrottlerStorage } from '@nestjs/throttler';
import { createHash } from 'node:crypto';
import type Redis from 'ioredis';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { RateLimit } from './rate-limit.types';

/** INCR with the window set on the first failure; returns [count, ms until the window ends]. */
const INCR_SCRIPT = `local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return {n, redis.call('PTTL', KEYS[1])}`;

/**
 * Counts failures of something (sign-in attempts for an account), where a success wipes the
 * count: `attempt` counts one attempt up front (so concurrent guesses cannot slip past the
 * limit) and says whether it may proceed; `succeeded` resets the key. The window starts at the
 * first failure. Same store as RateLimiter: Redis when REDIS_URL is set (shared by instances),
 * memory otherwise; fails open if the store is unreachable.
 */
@Injectable()
export class FailureCounter {
  private readonly logger = new Logger('FailureCounter');
  private readonly memory = new Map<string, { count: number; expiresAt: number }>();
  private readonly redis: Redis | null;

  constructor(
    @Inject(ThrottlerStorage) storage: ThrottlerStorage,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.redis = ((storage as unknown as { redis?: Redis }).redis as Redis | undefined) ?? null;
  }

  /** Counts an attempt; `retryAfterSeconds > 0` when the key already had `limit` failures in its window. */
  async attempt(limit: RateLimit, key: string): Promise<{ allowed: boolean; retryAfterSeconds: number }> {
    if (!this.config.rateLimitsEnabled && limit.timeBased !== false) return { allowed: true, retryAfterSeconds: 0 };
    const windowMs = limit.windowSeconds * 1000;
    try {
      const [count, ttlMs] = this.redis ? await this.incrRedis(this.storageKey(limit, key), windowMs) : this.incrMemory(this.storageKey(limit, key), windowMs);
      if (count <= limit.limit) return { allowed: true, retryAfterSeconds: 0 };
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(ttlMs / 1000)) };
    } catch (err) {
      this.logger.warn({ err, limit: limit.name }, 'rate-limit store unavailable; allowing the attempt');
      return { allowed: true, retryAfterSeconds: 0 };
    }
  }

  /** The attempt succeeded: the key starts afresh. */
  async succeeded(limit: RateLimit, key: string): Promise<void> {
    const k = this.storageKey(limit, key);
    try {
      if (this.redis) await this.redis.del(k);
      else this.memory.delete(k);
    } catch (err) {
      this.logger.warn({ err, limit: limit.name }, 'rate-limit store unavailable; count not reset');
    }
  }

  private async incrRedis(key: string, windowMs: number): Promise<[number, number]> {
    const [count, ttl] = (await this.redis!.eval(INCR_SCRIPT, 1, key, String(windowMs))) as [number, number];
    return [Number(count), Number(ttl)];
  }

  private incrMemory(key: string, windowMs: number): [number, number] {
    const now = Date.now();
    let entry = this.memory.get(key);
    if (!entry || entry.expiresAt <= now) {
      entry = { count: 0, expiresAt: now + windowMs };
      this.memory.set(key, entry);
    }
    entry.count++;
    if (this.memory.size > 100_000) for (const [k, e] of this.memory) if (e.expiresAt <= now) this.memory.delete(k);
    return [entry.count, entry.expiresAt - now];
  }

  private storageKey(limit: RateLimit, key: string): string {
    const digest = createHash('sha256').update(key).digest('base64url').slice(0, 32);
    return `${this.config.rateLimitKeyPrefix}:fail:${limit.name}:${digest}`;
  }
}
