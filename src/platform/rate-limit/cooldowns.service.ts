import { Inject, Injectable, Logger } from '@nestjs/common';
import { ThrottlerStorage } from '@nestjs/throttler';
import { createHash, randomBytes } from 'node:crypto';
import type Redis from 'ioredis';
import { RateLimitedError } from '../errors/domain-errors';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';

/** One cooldown to claim: while it runs, another claim of the same name and key is refused. */
export interface Cooldown {
  /** Stable, unique name; part of the storage key (`post.interval`). */
  name: string;
  /** What is held, beside the subject ('' for the subject alone); hashed before it is stored. */
  key: string;
  /** Length of the cooldown; 0: this one is off. */
  seconds: number;
  /** Client message when refused (RATE_LIMITED, with retryAfterSeconds the time left). */
  message: string;
}

/** What a successful claim holds. */
export interface CooldownClaim {
  /** Gives this claim's cooldowns back (the action did not happen); those of other claims stay. */
  release(): Promise<void>;
}

/** The claim of an action no cooldown applies to. */
export const NOTHING_HELD: CooldownClaim = { release: async () => undefined };

/**
 * All or nothing: refused (1-based index of the first held key, and its ms left) when a key is
 * held by another claim; otherwise every free key is set with this claim's value. A key held by
 * the same group (`<group>|…`, a retry of the same action) does not refuse and is left as it is.
 * ARGV: group ('' for none), value, then the ms of each key.
 */
const CLAIM_SCRIPT = `local group = ARGV[1]
for i, k in ipairs(KEYS) do
  local held = redis.call('GET', k)
  if held and not (group ~= '' and string.sub(held, 1, #group + 1) == group .. '|') then
    return {i, redis.call('PTTL', k)}
  end
end
for i, k in ipairs(KEYS) do
  if not redis.call('GET', k) then redis.call('SET', k, ARGV[2], 'PX', ARGV[i + 2]) end
end
return {0, 0}`;

/** Deletes the keys that still hold this claim's value. */
const RELEASE_SCRIPT = `for _, k in ipairs(KEYS) do
  if redis.call('GET', k) == ARGV[1] then redis.call('DEL', k) end
end
return 0`;

/**
 * Cooldowns (posting interval, duplicate text …): check-and-reserve in one atomic step, so
 * concurrent requests cannot slip past (a Lua script on Redis when REDIS_URL is set, shared by
 * instances; a synchronous map otherwise). A claim can be released when the action fails, and
 * only its own holds go. Time-based: off with RATE_LIMITS_ENABLED=false. Fails open (logged) if
 * the store is unreachable, as the other limiters do.
 */
@Injectable()
export class Cooldowns {
  private readonly logger = new Logger('Cooldowns');
  private readonly memory = new Map<string, { value: string; expiresAt: number }>();
  private readonly redis: Redis | null;

  constructor(
    @Inject(ThrottlerStorage) storage: ThrottlerStorage,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.redis = ((storage as unknown as { redis?: Redis }).redis as Redis | undefined) ?? null;
  }

  /**
   * Claims every cooldown of `subject` (a user) at once, or none: throws RATE_LIMITED for the
   * first one still running. `group` (e.g. an idempotency key) marks retries of one action: a
   * cooldown held by the same group does not refuse it.
   */
  async claim(subject: string, cooldowns: readonly Cooldown[], group: string | null = null): Promise<CooldownClaim> {
    const active = this.config.rateLimitsEnabled ? cooldowns.filter((c) => c.seconds > 0) : [];
    if (!active.length) return NOTHING_HELD;
    const keys = active.map((c) => this.storageKey(subject, c));
    const groupTag = group === null ? '' : digest(`${subject}\n${group}`);
    const value = `${groupTag}|${randomBytes(9).toString('base64url')}`;
    const ttls = active.map((c) => c.seconds * 1000);
    let refused: [number, number];
    try {
      refused = this.redis ? await this.claimRedis(keys, groupTag, value, ttls) : this.claimMemory(keys, groupTag, value, ttls);
    } catch (err) {
      this.logger.warn({ err, cooldowns: active.map((c) => c.name) }, 'rate-limit store unavailable; allowing the action');
      return NOTHING_HELD;
    }
    const [index, msLeft] = refused;
    if (index > 0) throw new RateLimitedError(Math.max(1, msLeft) / 1000, active[index - 1].message);
    return { release: () => this.release(keys, value) };
  }

  private async release(keys: string[], value: string): Promise<void> {
    try {
      if (this.redis) {
        await this.redis.eval(RELEASE_SCRIPT, keys.length, ...keys, value);
        return;
      }
      for (const k of keys) if (this.memory.get(k)?.value === value) this.memory.delete(k);
    } catch (err) {
      this.logger.warn({ err }, 'rate-limit store unavailable; cooldown not released');
    }
  }

  private async claimRedis(keys: string[], group: string, value: string, ttls: number[]): Promise<[number, number]> {
    const [index, ms] = (await this.redis!.eval(CLAIM_SCRIPT, keys.length, ...keys, group, value, ...ttls.map(String))) as [number, number];
    return [Number(index), Number(ms)];
  }

  /** The same as CLAIM_SCRIPT, synchronously (one event-loop turn: atomic for this instance). */
  private claimMemory(keys: string[], group: string, value: string, ttls: number[]): [number, number] {
    const now = Date.now();
    for (let i = 0; i < keys.length; i++) {
      const held = this.memory.get(keys[i]);
      if (!held || held.expiresAt <= now) continue;
      if (group !== '' && held.value.startsWith(`${group}|`)) continue;
      return [i + 1, held.expiresAt - now];
    }
    keys.forEach((k, i) => {
      const held = this.memory.get(k);
      if (!held || held.expiresAt <= now) this.memory.set(k, { value, expiresAt: now + ttls[i] });
    });
    if (this.memory.size > 100_000) for (const [k, e] of this.memory) if (e.expiresAt <= now) this.memory.delete(k);
    return [0, 0];
  }

  /** `{…}` is a Redis hash tag: one subject's keys share a slot, so the script may touch them together in a cluster. */
  private storageKey(subject: string, c: Cooldown): string {
    return `${this.config.rateLimitKeyPrefix}:cd:{${digest(subject)}}:${c.name}:${digest(c.key)}`;
  }
}

const digest = (s: string): string => createHash('sha256').update(s).digest('base64url').slice(0, 32);
