import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ViewerService } from '../identity/auth/viewer.service';
import { LoaderRegistry } from '../platform/graphql/loaders';
import { AppConfig } from '../platform/config/app-config';
import { APP_CONFIG } from '../platform/config/config.module';
import { UserEntity } from '../identity/users/user.entity';
import { entityColumns, entityFromRow } from '../platform/database/raw-entity';
import { OnDomainEvent } from '../platform/events/on-domain-event.decorator';
import { MailItem, renderDigest, renderInstant } from './mail-templates';
import { MailTransportService } from './mail-transport.service';
import { NotificationContentService } from './notification-content.service';
import { NotificationEntity } from './notification.entity';
import { DEFAULT_EMAIL_MODE, EmailNotificationMode, EmailState } from './notification.enums';
import { Notification } from './notification.type';
import type { NotificationCreatedEvent } from './notifications.events';

/** Attempts before an instant email is given up (FAILED). */
const MAX_ATTEMPTS = 5;
/** A SENDING claim older than this is taken over (its sender died). */
const STALE_CLAIM = "interval '10 minutes'";
/** Digests include what waited at most this long; older waiting rows are skipped. */
const DIGEST_MAX_AGE = "interval '7 days'";
const BATCH = 100;
/** How long a new notification's instant email waits for others to share its batch. */
const INSTANT_BATCH_WINDOW_MS = 50;

interface Recipient {
  user: UserEntity;
  mode: EmailNotificationMode;
}

/**
 * Notification emails. Instant ones are sent after commit (`notification.created`), asynchronously; failures are
 * recorded on the row and retried by a periodic job (which also picks up what a crashed
 * instance left). The daily digest job sends each DAILY_DIGEST user, at most once a day, one
 * email listing what waited. Rows and users are claimed with UPDATE … FOR UPDATE SKIP LOCKED,
 * so several instances never send the same email twice.
 */
@Injectable()
export class NotificationMailerService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('NotificationMailer');
  private readonly inFlight = new Set<Promise<unknown>>();
  private timers: NodeJS.Timeout[] = [];
  private readonly running = new Set<string>();
  /** Committed notifications whose instant email waits for the next batch (`onCreated`). */
  private readonly queued = new Set<string>();
  private instantTimer: NodeJS.Timeout | null = null;
  private flushing = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly transport: MailTransportService,
    private readonly content: NotificationContentService,
    private readonly viewers: ViewerService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * New notifications committed: their instant emails go out in the background, a moment later,
   * together with those of other transactions meanwhile (one batch of statements for many
   * emails; the request that created them does not wait). The rows are already stored as
   * PENDING: should this instance stop before the batch runs, the retry job sends them.
   */
  @OnDomainEvent('notification.created', { phase: 'afterCommit' })
  onCreated({ ids }: NotificationCreatedEvent): void {
    for (const id of ids) this.queued.add(id);
    this.scheduleInstant();
  }

  onApplicationBootstrap(): void {
    const every = (seconds: number, name: string, job: () => Promise<unknown>) => {
      const timer = setInterval(() => this.track(this.once(name, job)), seconds * 1000);
      timer.unref();
      this.timers.push(timer);
    };
    every(this.config.mailRetrySeconds, 'retry', () => this.retryPending());
    every(this.config.mailDigestCheckSeconds, 'digest', () => this.sendDigests());
  }

  async onModuleDestroy(): Promise<void> {
    this.timers.forEach(clearInterval);
    this.timers = [];
    // what is queued goes out now rather than at the next start's retry
    if (this.instantTimer) {
      clearTimeout(this.instantTimer);
      this.instantTimer = null;
      this.track(this.flushInstant());
    }
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
  }

  /** A flush of the queued instant emails, unless one is due or running (it takes what arrives meanwhile). */
  private scheduleInstant(): void {
    if (this.instantTimer || this.flushing || !this.queued.size) return;
    this.instantTimer = setTimeout(() => {
      this.instantTimer = null;
      this.track(this.flushInstant());
    }, INSTANT_BATCH_WINDOW_MS);
    this.instantTimer.unref();
  }

  /** Sends the queued instant emails, BATCH at a time. */
  private async flushInstant(): Promise<void> {
    this.flushing = true;
    try {
      while (this.queued.size) {
        const ids = [...this.queued].slice(0, BATCH);
        for (const id of ids) this.queued.delete(id);
        await this.sendInstant(ids);
      }
    } finally {
      this.flushing = false;
      this.scheduleInstant();
    }
  }

  /** Sends the instant emails of these new notifications (those still PENDING). */
  async sendInstant(ids: string[]): Promise<void> {
    const claimed = await this.claim(`id = ANY($1::uuid[]) AND email_state = 'PENDING'`, [ids]);
    await this.deliverInstant(claimed);
  }

  /** Retries instant emails that failed or were left behind; returns how many were claimed. */
  async retryPending(): Promise<number> {
    const claimed = await this.claim(
      `(email_state = 'PENDING' AND coalesce(email_claimed_at, created_at) < now() - $1::int * interval '1 second')
        OR (email_state = 'SENDING' AND email_claimed_at < now() - ${STALE_CLAIM})`,
      [this.config.mailRetrySeconds],
    );
    await this.deliverInstant(claimed);
    return claimed.length;
  }

  /** Sends the digests that are due (a day after the previous one); returns how many users got one. */
  async sendDigests(): Promise<number> {
    let sent = 0;
    for (;;) {
      // UPDATE answers [rows, affected] through TypeORM.
      const [due]: [{ user_id: string; previous: Date | null }[], number] = await this.dataSource.query(
        `WITH due AS (
           SELECT s.user_id, s.last_digest_at FROM notification_settings s
            WHERE s.email_mode = 'DAILY_DIGEST'
              AND (s.last_digest_at IS NULL OR s.last_digest_at <= now() - interval '1 day')
              AND EXISTS (SELECT 1 FROM notifications n WHERE n.recipient_id = s.user_id AND n.email_state = 'DIGEST')
            ORDER BY s.last_digest_at NULLS FIRST
            LIMIT ${BATCH}
            FOR UPDATE SKIP LOCKED)
         UPDATE notification_settings s SET last_digest_at = now()
           FROM due WHERE s.user_id = due.user_id
         RETURNING s.user_id, due.last_digest_at AS previous`,
      );
      for (const user of due) if (await this.sendDigest(user.user_id, user.previous)) sent++;
      if (due.length < BATCH) return sent;
    }
  }

  // ---- instant ---------------------------------------------------------------------

  /**
   * Sends the claimed rows' emails: their recipients, viewers and contents are read for the whole
   * batch at once (per-batch loaders), and rows are settled by outcome in one statement each.
   */
  private async deliverInstant(rows: NotificationEntity[]): Promise<void> {
    if (!rows.length) return;
    const recipients = await this.recipients(rows.map((r) => r.recipientId));
    const viewers = await this.viewers.byUserIds([...recipients.keys()]);
    const loaders = new LoaderRegistry();
    const items = await Promise.all(
      rows.map(async (row) => {
        const recipient = recipients.get(row.recipientId);
        const viewer = viewers.get(row.recipientId);
        if (!recipient || !viewer || recipient.mode !== EmailNotificationMode.INSTANT) return null;
        const item = await this.content.describe(loaders, viewer, Notification.fromEntity(row));
        return item && { row, recipient, item };
      }),
    );
    await this.finish(
      rows.filter((_, i) => !items[i]).map((r) => r.id),
      EmailState.SKIPPED,
    );
    const done = new Map<EmailState, string[]>();
    for (const entry of items) {
      if (!entry) continue;
      const { row, recipient, item } = entry;
      try {
        const outcome = await this.transport.send({ to: recipient.user.email, ...renderInstant(recipient.user.displayName, item, this.content.settingsLink()) });
        const state = outcome === 'SENT' ? EmailState.SENT : EmailState.LOGGED;
        done.set(state, [...(done.get(state) ?? []), row.id]);
      } catch (err) {
        const gaveUp = row.emailAttempts >= MAX_ATTEMPTS;
        this.logger.warn({ err, notificationId: row.id, attempt: row.emailAttempts }, gaveUp ? 'email failed; giving up' : 'email failed; will retry');
        await this.finish([row.id], gaveUp ? EmailState.FAILED : EmailState.PENDING, err);
      }
    }
    for (const [state, ids] of done) await this.finish(ids, state);
  }

  // ---- digest ----------------------------------------------------------------------

  private async sendDigest(userId: string, previous: Date | null): Promise<boolean> {
    await this.dataSource.query(
      `UPDATE notifications SET email_state = 'SKIPPED' WHERE recipient_id = $1 AND email_state = 'DIGEST' AND created_at < now() - ${DIGEST_MAX_AGE}`,
      [userId],
    );
    const rows = await this.claim(`recipient_id = $1 AND email_state = 'DIGEST'`, [userId]);
    if (!rows.length) return false;
    const recipient = (await this.recipients([userId])).get(userId);
    const viewer = (await this.viewers.byUserIds([userId])).get(userId);
    const ids = rows.map((r) => r.id);
    if (!recipient || !viewer || recipient.mode !== EmailNotificationMode.DAILY_DIGEST) {
      await this.finish(ids, EmailState.SKIPPED);
      return false;
    }
    const loaders = new LoaderRegistry();
    const items: { id: string; item: MailItem }[] = [];
    const hidden: string[] = [];
    for (const row of rows.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())) {
      const item = await this.content.describe(loaders, viewer, Notification.fromEntity(row));
      if (item) items.push({ id: row.id, item });
      else hidden.push(row.id);
    }
    await this.finish(hidden, EmailState.SKIPPED);
    if (!items.length) return false;
    const included = items.map((i) => i.id);
    try {
      const mail = renderDigest(
        recipient.user.displayName,
        items.map((i) => i.item),
        this.content.settingsLink(),
      );
      const outcome = await this.transport.send({ to: recipient.user.email, ...mail });
      await this.finish(included, outcome === 'SENT' ? EmailState.SENT : EmailState.LOGGED);
      return true;
    } catch (err) {
      this.logger.warn({ err, userId }, 'digest email failed; it will be retried at the next run');
      await this.finish(included, EmailState.DIGEST, err);
      await this.dataSource.query('UPDATE notification_settings SET last_digest_at = $2 WHERE user_id = $1', [userId, previous]);
      return false;
    }
  }

  // ---- shared ----------------------------------------------------------------------

  /** Claims up to BATCH waiting rows matching `where` (rows another sender holds are skipped). */
  private async claim(where: string, params: unknown[]): Promise<NotificationEntity[]> {
    const manager = this.dataSource.manager;
    const [raw]: [Record<string, unknown>[], number] = await manager.query(
      `UPDATE notifications SET email_state = 'SENDING', email_claimed_at = now(), email_attempts = email_attempts + 1
        WHERE id IN (SELECT id FROM notifications WHERE ${where} ORDER BY created_at LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
       RETURNING ${entityColumns(manager, NotificationEntity)}`,
      params,
    );
    return raw.map((row) => entityFromRow(manager, NotificationEntity, row));
  }

  /** Settles claimed rows (only those still claimed: SENDING). */
  private async finish(ids: string[], state: EmailState, err?: unknown): Promise<void> {
    if (!ids.length) return;
    const sent = state === EmailState.SENT || state === EmailState.LOGGED;
    const error = err ? String((err as Error)?.message ?? err).slice(0, 500) : null;
    await this.dataSource.query(
      `UPDATE notifications SET email_state = $2, email_error = $3, emailed_at = CASE WHEN $4 THEN now() ELSE emailed_at END
        WHERE id = ANY($1::uuid[]) AND email_state = 'SENDING'`,
      [ids, state, error, sent],
    );
  }

  /** The recipients (those that still exist) with their email preference, in one statement. */
  private async recipients(userIds: string[]): Promise<Map<string, Recipient>> {
    const manager = this.dataSource.manager;
    const rows: (Record<string, unknown> & { email_mode: EmailNotificationMode | null })[] = await manager.query(
      `SELECT ${entityColumns(manager, UserEntity, 'u')}, s.email_mode
         FROM users u LEFT JOIN notification_settings s ON s.user_id = u.id
        WHERE u.id = ANY($1::uuid[])`,
      [[...new Set(userIds)]],
    );
    return new Map(
      rows.map((row) => {
        const user = entityFromRow(manager, UserEntity, row);
        return [user.id, { user, mode: row.email_mode ?? DEFAULT_EMAIL_MODE }];
      }),
    );
  }

  private async once(name: string, job: () => Promise<unknown>): Promise<void> {
    if (this.running.has(name)) return;
    this.running.add(name);
    try {
      await job();
    } catch (err) {
      this.logger.warn({ err }, `${name} job failed`);
    } finally {
      this.running.delete(name);
    }
  }

  private track(work: Promise<unknown>): void {
    const tracked = work.catch((err) => this.logger.error({ err }, 'notification email work failed'));
    this.inFlight.add(tracked);
    void tracked.finally(() => this.inFlight.delete(tracked));
  }
}
