import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Viewer } from '../access/viewer';
import { ThreadAccess, ThreadAccessFields } from '../forum/threads/thread-access.service';
import { LiveSessionAccess } from '../live-sessions/live-session-access.service';
import { ViewerService } from '../identity/auth/viewer.service';
import { rooms } from '../outbox/room-events';
import { RoomEventsService } from '../outbox/room-events.service';
import { BadInputError } from '../platform/errors/domain-errors';
import { DomainEventBus } from '../platform/events/domain-event-bus';
import { TransactionHooksService } from '../platform/events/transaction-hooks.service';
import { Connection, ConnectionArgs } from '../platform/graphql/pagination/connection.types';
import { KeysetKey, paginate } from '../platform/graphql/pagination/keyset';
import { isUuid } from '../platform/validation/uuid';
import { byKey, LoaderRegistry } from '../platform/graphql/loaders';
import { NotificationSettingsEntity } from './notification-settings.entity';
import { NotificationEntity } from './notification.entity';
import { DEFAULT_EMAIL_MODE, EmailNotificationMode, EmailState, NotificationType } from './notification.enums';
import { Notification, NotificationSettings } from './notification.type';
import { NodeLoader } from '../platform/graphql/node-loaders';
import { prepared } from '../platform/database/prepared';

export interface NotifyRequest {
  type: NotificationType;
  recipientIds: string[];
  /** Viewers of (some of) the recipients, read in the caller's transaction: the others are read here. */
  recipientViewers?: readonly Viewer[];
  actorId: string | null;
  threadId?: string | null;
  /**
   * The thread of `threadId` as the caller's transaction holds it, read under its row lock
   * (`ThreadAccess.lockVisible`): recipients are checked against it instead of reading it again.
   */
  lockedThread?: (ThreadAccessFields & { id: string }) | null;
  postId?: string | null;
  /** A live session: recipients who may not see it are dropped (`LiveSessionAccess`). */
  sessionId?: string | null;
  membershipId?: string | null;
}

const ORDER: KeysetKey<NotificationEntity>[] = [
  { expression: 'n.created_at', direction: 'DESC', value: (n) => n.createdAt, cast: 'timestamptz' },
  { expression: 'n.id', direction: 'DESC', value: (n) => n.id, cast: 'uuid' },
];

const MAX_MARK_IDS = 500;

const EMAIL_STATE_FOR: Record<EmailNotificationMode, EmailState> = {
  [EmailNotificationMode.OFF]: EmailState.NONE,
  [EmailNotificationMode.INSTANT]: EmailState.PENDING,
  [EmailNotificationMode.DAILY_DIGEST]: EmailState.DIGEST,
};

/** `EMAIL_STATE_FOR` in SQL: the email state of a new notification for the email mode `mode` (an SQL expression). */
const EMAIL_STATE_SQL = (mode: string): string =>
  `(CASE ${mode} ${Object.entries(EMAIL_STATE_FOR)
    .map(([m, state]) => `WHEN '${m}' THEN '${state}'`)
    .join(' ')} END)::notification_email_state`;

/** New notifications, each recipient's email state following their preference, read in the same statement. */
const INSERT_NOTIFICATIONS = `INSERT INTO notifications (recipient_id, email_state, type, actor_id, thread_id, post_id, session_id, membership_id)
       SELECT r.recipient_id, ${EMAIL_STATE_SQL('coalesce(s.email_mode, $2::email_notification_mode)')}, $3, $4, $5, $6, $7, $8
         FROM unnest($1::uuid[]) AS r(recipient_id)
         LEFT JOIN notification_settings s ON s.user_id = r.recipient_id
       ON CONFLICT DO NOTHING
       RETURNING id, recipient_id, email_state, created_at`;

interface InsertedRow {
  id: string;
  recipient_id: string;
  email_state: EmailState;
  created_at: Date;
}

/**
 * The inbox: stores notifications and pushes them (socket `notification.created` in the
 * recipient's user room; `notification.created` domain event, on which the mailer sends
 * instant emails after commit). Who is notified of what is decided by the handlers beside
 * it (forum and membership events), inside the transaction of the change.
 */
@Injectable()
export class NotificationsService {
  private readonly logger = new Logger('Notifications');

  constructor(
    private readonly dataSource: DataSource,
    private readonly viewers: ViewerService,
    private readonly threads: ThreadAccess,
    private readonly sessions: LiveSessionAccess,
    private readonly roomEvents: RoomEventsService,
    private readonly hooks: TransactionHooksService,
    private readonly events: DomainEventBus,
  ) {}

  /**
   * Notifies each recipient once (duplicates and the actor removed), only about what that
   * recipient may see now: thread and post notifications through the forum's `ThreadAccess`,
   * with the recipient's current Viewer, inside the caller's transaction. Per-post types
   * (REPLY, MENTION, ANSWER_ACCEPTED) are stored at most once per recipient and post.
   */
  async notify(manager: EntityManager, request: NotifyRequest): Promise<void> {
    const recipients = [...new Set(request.recipientIds)].filter((id) => isUuid(id) && id !== request.actorId);
    if (!recipients.length) return;
    if (!this.hooks.inTransaction(manager)) return manager.transaction((tx) => this.notify(tx, request));
    const viewers = new Map((request.recipientViewers ?? []).map((v) => [v.id, v]));
    const unread = recipients.filter((id) => !viewers.has(id));
    if (unread.length) for (const [id, v] of await this.viewers.byUserIds(unread, manager)) viewers.set(id, v);
    const known = recipients.filter((id) => viewers.has(id));
    const visible = await this.maySeeMany(known.map((id) => viewers.get(id)!), request, manager);
    const allowed = known.filter((_, i) => visible[i]);
    if (!allowed.length) return;

    const rows: InsertedRow[] = await manager.query(
      prepared(INSERT_NOTIFICATIONS),
      [
        allowed,
        DEFAULT_EMAIL_MODE,
        request.type,
        request.actorId,
        request.threadId ?? null,
        request.postId ?? null,
        request.sessionId ?? null,
        request.membershipId ?? null,
      ],
    );
    if (!rows.length) return;

    // Ids only: the event stays in the recipient's room for replay even if they later lose
    // access to what it is about; the API resolves (or hides) actor and content when read.
    await this.roomEvents.appendMany(
      manager,
      rows.map((row) => ({
        room: rooms.user(row.recipient_id),
        type: 'notification.created' as const,
        data: {
          id: row.id,
          type: request.type,
          actorId: request.actorId,
          threadId: request.threadId ?? null,
          postId: request.postId ?? null,
          sessionId: request.sessionId ?? null,
          membershipId: request.membershipId ?? null,
          readAt: null,
          createdAt: new Date(row.created_at).toISOString(),
        },
      })),
    );
    await this.events.emit(manager, 'notification.created', { ids: rows.map((r) => r.id) });
  }

  /** Whether each viewer may see what a notification is about: one batched check for the thread, one for the session. */
  private async maySeeMany(viewers: Viewer[], about: Pick<NotifyRequest, 'threadId' | 'lockedThread' | 'postId' | 'sessionId'>, manager: EntityManager): Promise<boolean[]> {
    if (about.postId && !about.threadId) {
      this.logger.warn('a post notification without its threadId was dropped');
      return viewers.map(() => false);
    }
    // A live session (one batched check), and its thread when there is one too (the archive).
    const bySession = about.sessionId ? await this.sessions.canViewMany(viewers, about.sessionId, manager) : viewers.map(() => true);
    if (!about.threadId) return bySession;
    const byThread =
      about.lockedThread?.id === about.threadId ? this.threads.visibleToMany(viewers, about.lockedThread) : await this.threads.canViewMany(viewers, about.threadId, manager);
    return viewers.map((_, i) => bySession[i] && byThread[i]);
  }

  /**
   * The viewer's own notifications `n` that they are shown: none about a thread or reply that
   * moderation hid from them (`ThreadAccess.notHiddenByModerationSql`); such a notification is
   * left out of the list, the unread count, `markNotificationsRead` and `node(id)` while the
   * content is hidden, and comes back (read or unread as it was) when it is shown again. A
   * notification about what the recipient merely lost access to stays, its content null.
   */
  private shown(viewer: Viewer): { sql: string; params: Record<string, unknown> } {
    const notHidden = this.threads.notHiddenByModerationSql(viewer, { threadId: 'n.thread_id', postId: 'n.post_id' });
    return { sql: `n.recipient_id = :nRecipient AND ${notHidden.sql}`, params: { ...notHidden.params, nRecipient: viewer.id } };
  }

  /** Batched: one notification of the viewer's own (`node(id)`); null for anyone else's, and while moderation hides what it is about. */
  @NodeLoader('Notification')
  loadOwn(loaders: LoaderRegistry, viewer: Viewer | null, id: string): Promise<Notification | null> {
    if (!viewer || !isUuid(id)) return Promise.resolve(null);
    return loaders
      .get<string, Notification | null>(`notification.own:${viewer.id}`, async (ids) => {
        const shown = this.shown(viewer);
        const rows = await this.dataSource
          .getRepository(NotificationEntity)
          .createQueryBuilder('n')
          .where(shown.sql, shown.params)
          .andWhere('n.id IN (:...nIds)', { nIds: [...ids] })
          .getMany();
        return byKey(ids, rows.map(Notification.fromEntity), (n) => n.id);
      })
      .load(id);
  }

  list(viewer: Viewer, unreadOnly: boolean, args: ConnectionArgs): Promise<Connection<Notification>> {
    const shown = this.shown(viewer);
    const qb = this.dataSource.getRepository(NotificationEntity).createQueryBuilder('n').where(shown.sql, shown.params);
    if (unreadOnly) qb.andWhere('n.read_at IS NULL');
    return paginate(qb, ORDER, args, Notification.fromEntity);
  }

  async unreadCount(viewer: Viewer): Promise<number> {
    const rows: { n: number }[] = await this.query(`SELECT count(*)::int AS n FROM notifications n WHERE :shown AND n.read_at IS NULL`, viewer, {});
    return rows[0].n;
  }

  /** Marks the viewer's notifications read (all when `ids` is null); returns how many changed. */
  async markRead(viewer: Viewer, ids: string[] | null | undefined): Promise<number> {
    if (ids && ids.length > MAX_MARK_IDS) throw new BadInputError(`At most ${MAX_MARK_IDS} ids at a time.`, 'ids');
    if (ids && !ids.length) return 0;
    // Ids that are not UUIDs cannot be the viewer's notifications: they change nothing.
    const wanted = ids ? ids.filter(isUuid) : null;
    if (wanted && !wanted.length) return 0;
    const result: [unknown[], number] = await this.query(
      `UPDATE notifications n SET read_at = now()
        WHERE :shown AND n.read_at IS NULL AND (:wanted::uuid[] IS NULL OR n.id = ANY(:wanted::uuid[]))`,
      viewer,
      { wanted },
    );
    return result[1];
  }

  /** Runs SQL on `notifications n` where `:shown` stands for the viewer's shown notifications (`shown`). */
  private query<T>(sql: string, viewer: Viewer, params: Record<string, unknown>): Promise<T> {
    const shown = this.shown(viewer);
    const [text, values] = this.dataSource.driver.escapeQueryWithParameters(sql.replace(':shown', `(${shown.sql})`), { ...shown.params, ...params });
    return this.dataSource.query(text, values);
  }

  async settings(viewer: Viewer): Promise<NotificationSettings> {
    const row = await this.dataSource.getRepository(NotificationSettingsEntity).findOne({ where: { userId: viewer.id } });
    return { emailMode: row?.emailMode ?? DEFAULT_EMAIL_MODE };
  }

  /**
   * Sets the email preference. Choosing DAILY_DIGEST starts the day: the first digest comes a
   * day later. Emails still waiting that the new mode no longer wants are skipped.
   */
  async updateSettings(viewer: Viewer, emailMode: EmailNotificationMode): Promise<NotificationSettings> {
    return this.dataSource.transaction(async (manager) => {
      const previous: { email_mode: EmailNotificationMode }[] = await manager.query(
        'SELECT email_mode FROM notification_settings WHERE user_id = $1 FOR UPDATE',
        [viewer.id],
      );
      const before = previous[0]?.email_mode ?? DEFAULT_EMAIL_MODE;
      await manager.query(
        `INSERT INTO notification_settings (user_id, email_mode, last_digest_at)
         VALUES ($1, $2::email_notification_mode, CASE WHEN $2::email_notification_mode = 'DAILY_DIGEST' THEN now() END)
         ON CONFLICT (user_id) DO UPDATE SET email_mode = EXCLUDED.email_mode, updated_at = now(),
           last_digest_at = CASE WHEN notification_settings.email_mode = 'DAILY_DIGEST' THEN notification_settings.last_digest_at ELSE EXCLUDED.last_digest_at END`,
        [viewer.id, emailMode],
      );
      if (before !== emailMode) {
        const dropped = [EmailState.PENDING, EmailState.DIGEST].filter((state) => state !== EMAIL_STATE_FOR[emailMode]);
        await manager.query(`UPDATE notifications SET email_state = 'SKIPPED' WHERE recipient_id = $1 AND email_state = ANY($2::notification_email_state[])`, [
          viewer.id,
          dropped,
        ]);
      }
      return { emailMode };
    });
  }

}
