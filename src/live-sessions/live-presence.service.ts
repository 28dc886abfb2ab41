import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AppConfig } from '../platform/config/app-config';
import { APP_CONFIG } from '../platform/config/config.module';
import { DomainEventBus } from '../platform/events/domain-event-bus';

/** At most one `live.presence` per session per this many ms (trailing: the latest count is sent). */
export const PRESENCE_THROTTLE_MS = 1000;
const HEARTBEAT_MS = 10_000;
/** A member of an instance that stopped heartbeating (crashed) stops counting after this. */
const EXPIRY_MS = 30_000;
const LOCK_SAFETY_MS = 10_000;

interface Member {
  sessionId: string;
  userId: string;
  socketId: string;
}

/**
 * Who is in each live session now: signed-in users following `session:<id>`, each counted once
 * however many sockets (tabs) they have, on every instance. With REDIS_URL the members are kept
 * in Redis (a sorted set per session, scored by expiry and refreshed by each instance's
 * heartbeat, so a crashed instance's members expire); without it, in memory.
 *
 * When a count may have changed, `live-session.presence-changed` is emitted at most once per
 * second per session, trailing (after the quiet second, with the count as it is then), and by
 * one instance only: the instance that takes the session's throttle lock sends it, and the one
 * that releases it re-arms it if something changed meanwhile. The count is sent only when it
 * differs from the last one sent.
 */
@Injectable()
export class LivePresence implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('LivePresence');
  private readonly instanceId = randomUUID();
  private readonly local = new Map<string, Member>();
  private redis: Redis | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private readonly timers = new Set<NodeJS.Timeout>();
  // In-memory mode state (one instance).
  private readonly memLocks = new Set<string>();
  private readonly memGen = new Map<string, number>();
  private readonly memLast = new Map<string, number>();
  private closed = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly events: DomainEventBus,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.redisUrl) {
      this.redis = new Redis(this.config.redisUrl, { maxRetriesPerRequest: 2, connectTimeout: 5000 });
      this.redis.on('error', (err: Error) => this.logger.warn(`redis: ${err.message}`));
      this.heartbeat = setInterval(() => void this.refresh(), HEARTBEAT_MS);
      this.heartbeat.unref();
    }
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    if (this.heartbeat) clearInterval(this.heartbeat);
    for (const t of this.timers) clearTimeout(t);
    const redis = this.redis;
    this.redis = null;
    if (redis) {
      const members = [...this.local.values()];
      await Promise.all(members.map((m) => redis.zrem(this.key(m.sessionId), this.member(m)))).catch(() => undefined);
      await redis.quit().catch(() => redis.disconnect());
    }
  }

  /** A socket of `userId` joined `session:<sessionId>`. */
  async join(sessionId: string, userId: string, socketId: string): Promise<void> {
    const m = { sessionId, userId, socketId };
    this.local.set(this.localKey(m), m);
    try {
      if (this.redis) await this.redis.zadd(this.key(sessionId), Date.now() + EXPIRY_MS, this.member(m));
      await this.changed(sessionId);
    } catch (err) {
      this.logger.warn({ err }, 'presence update failed');
    }
  }

  /** A socket left `session:<sessionId>` (unsubscribed, lost access, disconnected). */
  async leave(sessionId: string, userId: string, socketId: string): Promise<void> {
    const m = { sessionId, userId, socketId };
    if (!this.local.delete(this.localKey(m))) return;
    try {
      if (this.redis) await this.redis.zrem(this.key(sessionId), this.member(m));
      await this.changed(sessionId);
    } catch (err) {
      this.logger.warn({ err }, 'presence update failed');
    }
  }

  /** Participants now (distinct signed-in users across instances). */
  async count(sessionId: string): Promise<number> {
    if (!this.redis) {
      const users = new Set<string>();
      for (const m of this.local.values()) if (m.sessionId === sessionId) users.add(m.userId);
      return users.size;
    }
    const key = this.key(sessionId);
    await this.redis.zremrangebyscore(key, '-inf', Date.now());
    const members = await this.redis.zrange(key, 0, -1);
    return new Set(members.map((s) => s.split('|')[0])).size;
  }

  /** Batched for GraphQL (`participantCount`). */
  async counts(sessionIds: readonly string[]): Promise<number[]> {
    return Promise.all(sessionIds.map((id) => this.count(id).catch(() => 0)));
  }

  // ------------------------------------------------------------ throttled announcement

  private async changed(sessionId: string): Promise<void> {
    if (this.redis) await this.redis.incr(this.genKey(sessionId));
    else this.memGen.set(sessionId, (this.memGen.get(sessionId) ?? 0) + 1);
    await this.arm(sessionId);
  }

  /** Takes the session's throttle lock (one holder across instances) and schedules the trailing send. */
  private async arm(sessionId: string): Promise<void> {
    if (this.closed) return;
    let acquired: boolean;
    if (this.redis) acquired = (await this.redis.set(this.lockKey(sessionId), this.instanceId, 'PX', LOCK_SAFETY_MS, 'NX')) === 'OK';
    else acquired = !this.memLocks.has(sessionId) && !!this.memLocks.add(sessionId);
    if (!acquired) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.flush(sessionId).catch((err) => this.logger.warn({ err }, 'presence announcement failed'));
    }, PRESENCE_THROTTLE_MS);
    this.timers.add(timer);
  }

  private async flush(sessionId: string): Promise<void> {
    if (this.closed) return;
    const redis = this.redis;
    const genBefore = redis ? await redis.get(this.genKey(sessionId)) : String(this.memGen.get(sessionId) ?? 0);
    const count = await this.count(sessionId);
    const last = redis ? await redis.get(this.lastKey(sessionId)) : this.memLast.has(sessionId) ? String(this.memLast.get(sessionId)) : null;
    if (last !== String(count)) {
      if (redis) await redis.set(this.lastKey(sessionId), String(count), 'EX', 86_400);
      else this.memLast.set(sessionId, count);
      await this.events.emit(this.dataSource.manager, 'live-session.presence-changed', { sessionId, participantCount: count });
    }
    if (redis) {
      // Release only our own lock (it may have expired and been taken by another instance).
      await redis.eval(`if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`, 1, this.lockKey(sessionId), this.instanceId);
    } else this.memLocks.delete(sessionId);
    const genAfter = redis ? await redis.get(this.genKey(sessionId)) : String(this.memGen.get(sessionId) ?? 0);
    if (genAfter !== genBefore) await this.arm(sessionId);
  }

  private async refresh(): Promise<void> {
    const redis = this.redis;
    if (!redis || !this.local.size) return;
    const expiry = Date.now() + EXPIRY_MS;
    try {
      const pipeline = redis.pipeline();
      for (const m of this.local.values()) pipeline.zadd(this.key(m.sessionId), expiry, this.member(m));
      await pipeline.exec();
    } catch (err) {
      this.logger.warn({ err }, 'presence heartbeat failed');
    }
  }

  private localKey(m: Member): string {
    return `${m.sessionId}|${m.userId}|${m.socketId}`;
  }

  private member(m: Member): string {
    return `${m.userId}|${this.instanceId}|${m.socketId}`;
  }

  private prefix(): string {
    return `${this.config.realtimeRedisKey}:presence`;
  }

  private key(sessionId: string): string {
    return `${this.prefix()}:members:${sessionId}`;
  }

  private genKey(sessionId: string): string {
    return `${this.prefix()}:gen:${sessionId}`;
  }

  private lockKey(sessionId: string): string {
    return `${this.prefix()}:lock:${sessionId}`;
  }

  private lastKey(sessionId: string): string {
    return `${this.prefix()}:last:${sessionId}`;
  }
}
