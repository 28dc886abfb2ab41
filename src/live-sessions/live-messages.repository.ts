import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { LRUCache } from 'lru-cache';
import { Sector, VisibilityScope } from '../access/roles';
import type { SequencedRow } from '../outbox/room-events.service';
import { prepared } from '../platform/database/prepared';
import { uniqueViolation } from '../platform/errors/pg-errors';
import { LiveMessageEntity } from './live-message.entity';
import { LiveSessionEntity } from './live-session.entity';
import { LiveSessionStatus } from './live-session.enums';
import type { SessionAccessFields } from './live-session-access.service';

/** A `live_messages` row as a raw statement returns it (`MESSAGE_COLUMNS`). */
export interface MessageRow {
  id: string;
  session_id: string;
  author_id: string;
  /** A string from a statement's columns, a number through `row_to_json`. */
  seq: string | number;
  body: string;
  body_html: string;
  hidden: boolean;
  idempotency_key: string | null;
  request_hash: string | null;
  /** A Date from a statement's columns, a string through `row_to_json`. */
  created_at: Date | string;
}
const MESSAGE_COLUMNS = 'id, session_id, author_id, seq, body, body_html, hidden, idempotency_key, request_hash, created_at';

const toMessageEntity = (r: MessageRow): LiveMessageEntity =>
  Object.assign(new LiveMessageEntity(), {
    id: r.id,
    sessionId: r.session_id,
    authorId: r.author_id,
    seq: String(r.seq),
    body: r.body,
    bodyHtml: r.body_html,
    hidden: r.hidden,
    idempotencyKey: r.idempotency_key,
    requestHash: r.request_hash,
    createdAt: new Date(r.created_at),
  });

/**
 * What a chat message is decided on about its session: what the access policy reads of it, its
 * status and slow mode, and its hosts (slow mode's exemption).
 */
export type ChatFacts = Pick<LiveSessionEntity, 'id' | 'status' | 'slowModeSeconds' | SessionAccessFields> & { hostIds: string[] };

/** What sending a chat message reads when this instance has no facts of the session, or they refuse (`chatContext`). */
export type ChatContext = ChatFacts & {
  /** The author is muted in the session. */
  muted: boolean;
  /** When the author last wrote under slow mode. */
  lastMessageAt: Date | null;
};

/** A chat message about to be stored (`messageRow`). */
export type NewMessage = Pick<LiveMessageEntity, 'id' | 'sessionId' | 'authorId' | 'body' | 'bodyHtml' | 'idempotencyKey' | 'requestHash' | 'createdAt'>;

/**
 * The facts the statement storing a message checks again, by column: every field the access
 * policy reads (typed from `sessionResource`'s, so a field it gains must be added here) and slow mode.
 */
const CHECKED: Record<SessionAccessFields | 'slowModeSeconds', string> = {
  visibilityScope: 'visibility_scope',
  visibilitySectors: 'visibility_sectors',
  createdById: 'created_by_id',
  topicId: 'topic_id',
  slowModeSeconds: 'slow_mode_seconds',
};
const CHECKED_KEYS = Object.keys(CHECKED) as (keyof typeof CHECKED)[];
/** Their parameters follow the message's (`$4` to `$11`); then whether the author hosts the session. */
const param = (key: keyof typeof CHECKED) => `$${12 + CHECKED_KEYS.indexOf(key)}`;
const HOSTS_PARAM = `$${12 + CHECKED_KEYS.length}`;
/** The session row when it is LIVE and the facts still hold (`$5` the session, `$6` the author); the guards share-lock it. */
const LIVE_AS_DECIDED = `SELECT 1 FROM live_sessions WHERE id = $5 AND status = 'LIVE'
   AND ${CHECKED_KEYS.map((key) => `${CHECKED[key]} = ${param(key)}`).join(' AND ')}
   AND EXISTS (SELECT 1 FROM live_session_hosts WHERE session_id = $5 AND user_id = $6) = ${HOSTS_PARAM}`;

/** Sessions whose facts an instance keeps (the most recently used). */
const RECENT_SESSIONS = 1_000;

/** Live chat messages: sending (what it reads, the row stored with its event), moderation, reads. */
@Injectable()
export class LiveMessagesRepository {
  /**
   * The facts of the sessions this instance last read (`chatContext`), by id. Never trusted: the
   * statement storing a message checks that they still hold (`messageRow`), so an old copy costs
   * a refusal and a fresh read, never a wrong decision.
   */
  private readonly recent = new LRUCache<string, ChatFacts>({ max: RECENT_SESSIONS });

  constructor(private readonly dataSource: DataSource) {}

  /** The facts of a session as this instance last read them (undefined: not read lately). */
  recentFacts(sessionId: string): ChatFacts | undefined {
    return this.recent.get(sessionId);
  }

  /**
   * What sending a chat message needs, in one read: the session's facts, whether the author is
   * muted there and when they last wrote under slow mode (no participant row yet: neither). Null
   * when the session or the author is gone. The facts are kept as the session's recent ones.
   */
  async chatContext(sessionId: string, userId: string): Promise<ChatContext | null> {
    type Row = {
      status: LiveSessionStatus; slow_mode_seconds: number; visibility_scope: VisibilityScope; visibility_sectors: Sector[]; created_by_id: string; topic_id: string;
      host_ids: string[]; muted: boolean | null; last_message_at: Date | null;
    };
    const rows: Row[] = await this.dataSource.query(
      prepared(`SELECT s.status, s.slow_mode_seconds, s.visibility_scope, s.visibility_sectors::text[] AS visibility_sectors, s.created_by_id, s.topic_id,
                       ARRAY(SELECT h.user_id FROM live_session_hosts h WHERE h.session_id = s.id ORDER BY h.user_id) AS host_ids, p.muted, p.last_message_at
                  FROM live_sessions s JOIN users u ON u.id = $2 LEFT JOIN live_session_participants p ON p.session_id = s.id AND p.user_id = $2
                 WHERE s.id = $1`),
      [sessionId, userId],
    );
    if (!rows.length) return null;
    const r = rows[0];
    const facts: ChatFacts = {
      id: sessionId,
      status: r.status,
      slowModeSeconds: r.slow_mode_seconds,
      visibilityScope: r.visibility_scope,
      visibilitySectors: r.visibility_sectors,
      createdById: r.created_by_id,
      topicId: r.topic_id,
      hostIds: r.host_ids,
    };
    this.recent.set(sessionId, facts);
    return { ...facts, muted: r.muted === true, lastMessageAt: r.last_message_at ? new Date(r.last_message_at) : null };
  }

  /**
   * A chat message as the row `RoomEventsService.storeWithRow` stores with its `live.message`
   * event (the message takes the event's seq; the event's `author` is read with it). Its gate:
   * the session is still LIVE (its row share-locked, so a session that is ending is waited for and
   * then refuses), its `facts` still hold (`CHECKED`, and whether the author hosts it: what the
   * message was decided on) and the author is not muted; with `slowMode`, the author's participant
   * row also records the message's time, only if their last one is at least the session's slow
   * mode old (checked and written under the row's lock, so of two messages at once only one
   * passes, and a mute is never overtaken). Nothing is stored when the gate refuses. A key already
   * used makes the statement fail (`isKeyTaken`).
   */
  messageRow(m: NewMessage, facts: ChatFacts, slowMode: boolean): SequencedRow & { eventData: { author: string } } {
    return {
      guard: !slowMode
        ? `${LIVE_AS_DECIDED} AND NOT EXISTS (SELECT 1 FROM live_session_participants WHERE session_id = $5 AND user_id = $6 AND muted) FOR SHARE`
        : `INSERT INTO live_session_participants AS p (session_id, user_id, last_message_at) SELECT $5, $6, now() WHERE EXISTS (${LIVE_AS_DECIDED} FOR SHARE)
             ON CONFLICT (session_id, user_id) DO UPDATE SET last_message_at = now()
              WHERE NOT p.muted AND (p.last_message_at IS NULL OR p.last_message_at <= now() - make_interval(secs => ${param('slowModeSeconds')}::int))
             RETURNING 1`,
      insert: `INSERT INTO live_messages (id, session_id, author_id, body, body_html, idempotency_key, request_hash, created_at, seq)
               SELECT $4::uuid, $5::uuid, $6::uuid, $7::text, $8::text, $9::text, $10::text, $11::timestamptz, next.seq FROM next
               RETURNING ${MESSAGE_COLUMNS}`,
      eventData: { author: `SELECT json_build_object('id', u.id, 'handle', u.handle, 'displayName', u.display_name) FROM users u WHERE u.id = $6` },
      params: [
        m.id, m.sessionId, m.authorId, m.body, m.bodyHtml, m.idempotencyKey, m.requestHash, m.createdAt,
        ...CHECKED_KEYS.map((key) => facts[key]),
        facts.hostIds.includes(m.authorId),
      ],
    };
  }

  /** The entity of a row `messageRow` stored (as `storeWithRow` returns it). */
  messageFromRow(row: MessageRow): LiveMessageEntity {
    return toMessageEntity(row);
  }

  /** Whether `err` is the author's idempotency key already taken (a concurrent retry stored it first). */
  isKeyTaken(err: unknown): boolean {
    return uniqueViolation(err) === 'live_messages_author_idempotency_key';
  }

  /** A message, read and locked for a write (moderation hides it); null when there is none. */
  lockMessage(manager: EntityManager, id: string): Promise<LiveMessageEntity | null> {
    return manager.getRepository(LiveMessageEntity).createQueryBuilder('m').setLock('for_no_key_update').where('m.id = :id', { id }).getOne();
  }

  /** Moderation hides a message or shows it again; the row after. */
  async setMessageHidden(manager: EntityManager, id: string, hidden: boolean): Promise<LiveMessageEntity> {
    await manager.query('UPDATE live_messages SET hidden = $2 WHERE id = $1', [id, hidden]);
    return manager.getRepository(LiveMessageEntity).findOneByOrFail({ id });
  }

  /** Messages by id, for `node(id)`. */
  findMessagesByIds(ids: readonly string[]): Promise<LiveMessageEntity[]> {
    return this.dataSource.getRepository(LiveMessageEntity).findBy({ id: In([...ids]) });
  }

  findMessageByKey(manager: EntityManager, authorId: string, key: string): Promise<LiveMessageEntity | null> {
    return manager.getRepository(LiveMessageEntity).findOne({ where: { authorId, idempotencyKey: key } });
  }

  /** Messages with seq > afterSeq (hidden ones only with `withHidden`), the `last` latest of them, in seq order. */
  async messages(sessionId: string, afterSeq: number, last: number, withHidden: boolean): Promise<LiveMessageEntity[]> {
    const qb = this.dataSource
      .getRepository(LiveMessageEntity)
      .createQueryBuilder('m')
      .where('m.session_id = :sessionId AND m.seq > :afterSeq', { sessionId, afterSeq })
      .orderBy('m.seq', 'DESC')
      .limit(last);
    if (!withHidden) qb.andWhere('m.hidden = false');
    return (await qb.getMany()).reverse();
  }
}
