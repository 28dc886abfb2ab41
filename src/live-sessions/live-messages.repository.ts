import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { UserSummary } from '../outbox/room-events';
import type { SeqClaim } from '../outbox/room-events.service';
import { prepared } from '../platform/database/prepared';
import { entityColumns, entityFromRow } from '../platform/database/raw-entity';
import { LiveMessageEntity } from './live-message.entity';
import { LiveSessionEntity } from './live-session.entity';

/** A `live_messages` row as a raw statement returns it (`MESSAGE_COLUMNS`). */
interface MessageRow {
  id: string;
  session_id: string;
  author_id: string;
  seq: string | null;
  body: string;
  body_html: string;
  hidden: boolean;
  idempotency_key: string | null;
  request_hash: string | null;
  created_at: Date;
}
const MESSAGE_COLUMNS = 'id, session_id, author_id, seq, body, body_html, hidden, idempotency_key, request_hash, created_at';

const toMessageEntity = (r: MessageRow): LiveMessageEntity =>
  Object.assign(new LiveMessageEntity(), {
    id: r.id,
    sessionId: r.session_id,
    authorId: r.author_id,
    seq: r.seq === null ? null : String(r.seq),
    body: r.body,
    bodyHtml: r.body_html,
    hidden: r.hidden,
    idempotencyKey: r.idempotency_key,
    requestHash: r.request_hash,
    createdAt: new Date(r.created_at),
  });

/** Live chat messages: sending (with what it needs to read), publishing, moderation, reads. */
@Injectable()
export class LiveMessagesRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * What sending a chat message needs, in one read: the session, and whether the author is muted
   * there and when they last wrote under slow mode (no participant row yet: neither).
   */
  async chatContext(sessionId: string, userId: string): Promise<{ session: LiveSessionEntity; muted: boolean; lastMessageAt: Date | null } | null> {
    const manager = this.dataSource.manager;
    this.chatContextSql ??= `SELECT ${entityColumns(manager, LiveSessionEntity, 's')}, p.muted AS participant_muted, p.last_message_at AS participant_last_message_at
         FROM live_sessions s LEFT JOIN live_session_participants p ON p.session_id = s.id AND p.user_id = $2
        WHERE s.id = $1`;
    const rows: (Record<string, unknown> & { participant_muted: boolean | null; participant_last_message_at: Date | null })[] = await manager.query(prepared(this.chatContextSql), [sessionId, userId]);
    if (!rows.length) return null;
    const row = rows[0];
    return {
      session: entityFromRow(manager, LiveSessionEntity, row),
      muted: row.participant_muted === true,
      lastMessageAt: row.participant_last_message_at ? new Date(row.participant_last_message_at) : null,
    };
  }

  private chatContextSql: string | null = null;

  /**
   * Stores a chat message (without its seq: see `messageSeqClaim`), with the author as rooms
   * show them, in one statement. With `slowModeSeconds`, the author's participant row is the
   * gate: it records the message's time only if their last one is at least that old (checked
   * and written under the row's lock, so two messages at once cannot both pass), and the
   * message is stored only then (`slowed` otherwise). A key that a concurrent retry already
   * used gives that retry's row (`created: false`).
   */
  async insertMessage(
    m: Pick<LiveMessageEntity, 'sessionId' | 'authorId' | 'body' | 'bodyHtml' | 'idempotencyKey' | 'requestHash'>,
    slowModeSeconds: number | null,
  ): Promise<{ entity: LiveMessageEntity; created: true; author: UserSummary } | { entity: LiveMessageEntity; created: false } | { slowed: true }> {
    const params: unknown[] = [m.sessionId, m.authorId, m.body, m.bodyHtml, m.idempotencyKey, m.requestHash];
    const insert = `INSERT INTO live_messages (session_id, author_id, body, body_html, idempotency_key, request_hash)`;
    const rows: (MessageRow & { handle: string; display_name: string; passed: boolean })[] =
      slowModeSeconds === null
        ? await this.dataSource.query(
            prepared(`WITH inserted AS (
               ${insert} VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (author_id, idempotency_key) DO NOTHING
               RETURNING ${MESSAGE_COLUMNS}
             )
             SELECT i.*, u.handle, u.display_name, true AS passed FROM inserted i JOIN users u ON u.id = i.author_id`),
            params,
          )
        : await this.dataSource.query(
            prepared(`WITH gate AS (
               INSERT INTO live_session_participants AS p (session_id, user_id, last_message_at) VALUES ($1, $2, now())
               ON CONFLICT (session_id, user_id) DO UPDATE SET last_message_at = now()
                WHERE p.last_message_at IS NULL OR p.last_message_at <= now() - make_interval(secs => $7)
               RETURNING 1
             ), inserted AS (
               ${insert} SELECT $1::uuid, $2::uuid, $3::text, $4::text, $5::text, $6::text WHERE EXISTS (SELECT 1 FROM gate)
               ON CONFLICT (author_id, idempotency_key) DO NOTHING
               RETURNING ${MESSAGE_COLUMNS}
             )
             SELECT i.*, u.handle, u.display_name, EXISTS (SELECT 1 FROM gate) AS passed
               FROM (SELECT 1) one LEFT JOIN inserted i ON true LEFT JOIN users u ON u.id = i.author_id`),
            [...params, slowModeSeconds],
          );
    const row = rows[0];
    if (row?.id) return { entity: toMessageEntity(row), created: true, author: { id: row.author_id, handle: row.handle, displayName: row.display_name } };
    if (row && !row.passed) return { slowed: true };
    const entity = await this.dataSource.getRepository(LiveMessageEntity).findOneByOrFail({ authorId: m.authorId, idempotencyKey: m.idempotencyKey ?? '' });
    return { entity, created: false };
  }

  /** The message row that takes the seq of its `live.message` event (`RoomEventsService.publishClaimed`). */
  messageSeqClaim(id: string): SeqClaim {
    return { table: 'live_messages', id };
  }

  /** A stored message (its seq given), read and locked for a write (moderation hides it); null when there is none. */
  lockMessage(manager: EntityManager, id: string): Promise<LiveMessageEntity | null> {
    return manager.getRepository(LiveMessageEntity).createQueryBuilder('m').setLock('for_no_key_update').where('m.id = :id AND m.seq IS NOT NULL', { id }).getOne();
  }

  /** Moderation hides a message or shows it again; the row after. */
  async setMessageHidden(manager: EntityManager, id: string, hidden: boolean): Promise<LiveMessageEntity> {
    await manager.query('UPDATE live_messages SET hidden = $2 WHERE id = $1', [id, hidden]);
    return manager.getRepository(LiveMessageEntity).findOneByOrFail({ id });
  }

  /** Stored messages (a seq given) by id, for `node(id)`. */
  findMessagesByIds(ids: readonly string[]): Promise<LiveMessageEntity[]> {
    return this.dataSource.getRepository(LiveMessageEntity).createQueryBuilder('m').where('m.id IN (:...ids) AND m.seq IS NOT NULL', { ids: [...ids] }).getMany();
  }

  findMessageByKey(manager: EntityManager, authorId: string, key: string): Promise<LiveMessageEntity | null> {
    return manager.getRepository(LiveMessageEntity).findOne({ where: { authorId, idempotencyKey: key } });
  }

  /** Messages with seq > afterSeq (hidden ones only with `withHidden`), the `last` latest of them, in seq order. */
  async messages(sessionId: string, afterSeq: number, last: number, withHidden: boolean): Promise<LiveMessageEntity[]> {
    const qb = this.dataSource
      .getRepository(LiveMessageEntity)
      .createQueryBuilder('m')
      .where('m.session_id = :sessionId AND m.seq IS NOT NULL AND m.seq > :afterSeq', { sessionId, afterSeq })
      .orderBy('m.seq', 'DESC')
      .limit(last);
    if (!withHidden) qb.andWhere('m.hidden = false');
    return (await qb.getMany()).reverse();
  }
}
