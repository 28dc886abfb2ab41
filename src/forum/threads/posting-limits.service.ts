import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { RecordRules } from '../../access/record-rules';
import { Viewer } from '../../access/viewer';
import { AppConfig } from '../../platform/config/app-config';
import { APP_CONFIG } from '../../platform/config/config.module';
import { RateLimitedError } from '../../platform/errors/domain-errors';
import { Cooldown, CooldownClaim, Cooldowns, NOTHING_HELD } from '../../platform/rate-limit/cooldowns.service';
import { bodyFingerprint } from '../content/body-fingerprint';
import { ThreadsRepository } from './threads.repository';

const DAY_SECONDS = 24 * 3600;

const duration = (seconds: number): string =>
  seconds % 60 === 0 && seconds >= 60 ? `${seconds / 60} minute${seconds === 60 ? '' : 's'}` : `${seconds} second${seconds === 1 ? '' : 's'}`;

/**
 * The posting limits of what a user writes through createThread and postReply (Discourse's
 * defaults as the anchor; values from the configuration, each 0 to turn it off):
 *
 * - an interval between one user's posts, threads and replies alike: POST_INTERVAL_SECONDS (5),
 *   NEW_USER_POST_INTERVAL_SECONDS (30) for users without an APPROVED organization membership;
 * - the same text (`bodyFingerprint`) by the same user refused for DUPLICATE_POST_WINDOW_SECONDS (300);
 * - at most THREADS_PER_DAY (20) new threads per user in a rolling 24 hours.
 *
 * The first two are cooldowns in the rate-limit store (Redis across instances), claimed at once
 * before the write's transaction and released if the write fails; the daily cap counts the
 * author's rows in `threads` under the author's advisory lock, inside the transaction (exact
 * across instances and restarts). MODERATOR and ADMIN are exempt; RATE_LIMITS_ENABLED=false turns
 * them all off. System writes (demo seed, live-session archives) do not come through here.
 */
@Injectable()
export class PostingLimits {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly cooldowns: Cooldowns,
    private readonly threads: ThreadsRepository,
  ) {}

  private applies(viewer: Viewer): boolean {
    return this.config.rateLimitsEnabled && !RecordRules.isExemptFromPostingLimits(viewer);
  }

  /**
   * Claims the duplicate-text and interval cooldowns for a post (thread or reply) about to be
   * written, or throws RATE_LIMITED naming the limit (duplicate first: the more telling answer
   * to a double submit). Call it after the idempotency pre-check (a replay is never limited);
   * `idempotencyKey` lets a concurrent retry of the same request through to the replay.
   */
  async claimPost(viewer: Viewer, body: string, idempotencyKey: string | null): Promise<CooldownClaim> {
    if (!this.applies(viewer)) return NOTHING_HELD;
    const newcomer = RecordRules.postsAsNewcomer(viewer);
    const interval = newcomer ? this.config.newUserPostIntervalSeconds : this.config.postIntervalSeconds;
    const window = this.config.duplicatePostWindowSeconds;
    const cooldowns: Cooldown[] = [
      {
        name: 'post.duplicate',
        key: bodyFingerprint(body),
        seconds: window,
        message: `Duplicate post: you posted the same text less than ${duration(window)} ago. Change it, or wait.`,
      },
      {
        name: 'post.interval',
        key: '',
        seconds: interval,
        message: newcomer
          ? `Posting too fast: one post every ${duration(interval)} until an organization approves your membership.`
          : `Posting too fast: one post every ${duration(interval)}.`,
      },
    ];
    return this.cooldowns.claim(viewer.id, cooldowns, idempotencyKey);
  }

  /**
   * In a new thread's transaction, before the insert: takes the author's creation lock when the
   * daily cap applies (returns whether it does). Check `assertThreadQuota` after looking for a
   * concurrent retry of the same idempotency key, which the lock has let commit first.
   */
  async lockThreadQuota(manager: EntityManager, viewer: Viewer): Promise<boolean> {
    if (!this.applies(viewer) || this.config.threadsPerDay === 0) return false;
    await this.threads.lockAuthorCreations(manager, viewer.id);
    return true;
  }

  /** RATE_LIMITED (retryAfterSeconds: until the oldest counted thread leaves the 24 hours) at THREADS_PER_DAY threads. */
  async assertThreadQuota(manager: EntityManager, viewer: Viewer): Promise<void> {
    const cap = this.config.threadsPerDay;
    const wait = await this.threads.secondsUntilFewerThan(manager, viewer.id, cap, DAY_SECONDS);
    if (wait !== null) throw new RateLimitedError(wait, `Daily thread limit: at most ${cap} new threads in 24 hours.`);
  }
}
