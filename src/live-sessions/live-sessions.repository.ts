import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { AccessPolicy } from '../access/access-policy';
import { Sector, VisibilityScope } from '../access/roles';
import { Viewer } from '../access/viewer';
import type { UserSummary } from '../outbox/room-events';
import { Connection, ConnectionArgs } from '../platform/graphql/pagination/connection.types';
import { KeysetKey, paginate } from '../platform/graphql/pagination/keyset';
import { LiveQuestionEntity } from './live-question.entity';
import { LiveQuestionOrder, LiveQuestionStatus, LiveSessionStatus } from './live-session.enums';
import { LiveSessionEntity } from './live-session.entity';

export interface NewSessionRow {
  title: string;
  description: string;
  descriptionHtml: string;
  topicId: string;
  createdById: string;
  language: string;
  scheduledStartAt: Date;
  scheduledEndAt: Date;
  visibilityScope: VisibilityScope;
  visibilitySectors: Sector[];
  capacity: number | null;
  /** Demo seed only. */
  status?: LiveSessionStatus;
  startedAt?: Date | null;
  endedAt?: Date | null;
  summary?: string | null;
}

const SOONEST: KeysetKey<LiveSessionEntity>[] = [
  { expression: 's.scheduled_start_at', direction: 'ASC', value: (s) => s.scheduledStartAt, cast: 'timestamptz' },
  { expression: 's.id', direction: 'ASC', value: (s) => s.id, cast: 'uuid' },
];
const LATEST: KeysetKey<LiveSessionEntity>[] = [
  { expression: 's.scheduled_start_at', direction: 'DESC', value: (s) => s.scheduledStartAt, cast: 'timestamptz' },
  { expression: 's.id', direction: 'DESC', value: (s) => s.id, cast: 'uuid' },
];

/**
 * The live-session tables and their counters (`rsvp_count`, `upvotes`), written here only:
 * sessions, hosts, RSVPs, chat participants, messages, questions and upvotes.
 */
@Injectable()
export class LiveSessionsRepository {
  constructor(private readonly dataSource: DataSource) {}

  private m(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  // ------------------------------------------------------------ sessions

  async insert(manager: EntityManager, row: NewSessionRow): Promise<LiveSessionEntity> {
    const repo = manager.getRepository(LiveSessionEntity);
    const saved = await repo.save(repo.create({ ...row, status: row.status ?? LiveSessionStatus.SCHEDULED }));
    return repo.findOneByOrFail({ id: saved.id });
  }

  findById(id: string, manager?: EntityManager): Promise<LiveSessionEntity | null> {
    return this.m(manager).getRepository(LiveSessionEntity).findOne({ where: { id } });
  }

  findByIds(ids: readonly string[]): Promise<LiveSessionEntity[]> {
    return this.dataSource.getRepository(LiveSessionEntity).find({ where: { id: In([...ids]) } });
  }

  lock(manager: EntityManager, id: string): Promise<LiveSessionEntity | null> {
    return manager.getRepository(LiveSessionEntity).createQueryBuilder('s').setLock('for_no_key_update').where('s.id = :id', { id }).getOne();
  }

  async update(manager: EntityManager, id: string, changes: Partial<LiveSessionEntity>): Promise<LiveSessionEntity> {
    const { hostIds: _h, ...columns } = changes;
    if (Object.keys(columns).length) await manager.getRepository(LiveSessionEntity).update({ id }, columns);
    const e = await manager.getRepository(LiveSessionEntity).findOneByOrFail({ id });
    e.hostIds = await this.hostIds(manager, id);
    return e;
  }

  async setHosts(manager: EntityManager, sessionId: string, userIds: string[]): Promise<void> {
    await manager.query('DELETE FROM live_session_hosts WHERE session_id = $1', [sessionId]);
    await manager.query(
      `INSERT INTO live_session_hosts (session_id, user_id, position)
       SELECT $1, u, (o - 1)::smallint FROM unnest($2::uuid[]) WITH ORDINALITY AS h(u, o)`,
      [sessionId, userIds],
    );
  }

  async hostIds(manager: EntityManager | undefined, sessionId: string): Promise<string[]> {
    const rows: { user_id: string }[] = await this.m(manager).query('SELECT user_id FROM live_session_hosts WHERE session_id = $1 ORDER BY position, user_id', [sessionId]);
    return rows.map((r) => r.user_id);
  }

  async hostIdsOf(sessionIds: readonly string[]): Promise<string[][]> {
    const rows: { session_id: string; user_id: string }[] = await this.dataSource.query(
      'SELECT session_id, user_id FROM live_session_hosts WHERE session_id = ANY($1::uuid[]) ORDER BY position, user_id',
      [sessionIds],
    );
    return sessionIds.map((id) => rows.filter((r) => r.session_id === id).map((r) => r.user_id));
  }

  /** Sessions the viewer may see (the policy's SQL twin), soonest first (ENDED and CANCELLED: latest first). */
  list(viewer: Viewer | null, filter: { status?: LiveSessionStatus | null; topicId?: string | null }, args: ConnectionArgs): Promise<Connection<LiveSessionEntity>> {
    const qb = this.dataSource.getRepository(LiveSessionEntity).createQueryBuilder('s');
    const p = AccessPolicy.visibilityPredicate(viewer, 's', { author: 's.created_by_id' });
    qb.where(p.sql, p.params);
    if (filter.status) qb.andWhere('s.status = :status', { status: filter.status });
    if (filter.topicId) qb.andWhere('s.topic_id = :topicId', { topicId: filter.topicId });
    const past = filter.status === LiveSessionStatus.ENDED || filter.status === LiveSessionStatus.CANCELLED;
    return paginate(qb, past ? LATEST : SOONEST, args);
  }

  // ------------------------------------------------------------ RSVPs

  /**
   * Adds an RSVP within capacity: the conditional UPDATE of the counter takes the session row
   * lock and re-checks `rsvp_count < capacity` after it, so concurrent RSVPs never exceed it.
   * Returns 'added', 'already' or 'full' (then nothing changed once the caller rolls back).
   */
  async addRsvp(manager: EntityManager, sessionId: string, userId: string): Promise<'added' | 'already' | 'full'> {
    const inserted: unknown[] = await manager.query(
      'INSERT INTO live_session_rsvps (session_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING user_id',
      [sessionId, userId],
    );
    if (!inserted.length) return 'already';
    const [rows]: [unknown[], number] = await manager.query(
      `UPDATE live_sessions SET rsvp_count = rsvp_count + 1
        WHERE id = $1 AND (capacity IS NULL OR rsvp_count < capacity) RETURNING rsvp_count`,
      [sessionId],
    );
    return rows.length ? 'added' : 'full';
  }

  async removeRsvp(manager: EntityManager, sessionId: string, userId: string): Promise<void> {
    const [deleted]: [unknown[], number] = await manager.query('DELETE FROM live_session_rsvps WHERE session_id = $1 AND user_id = $2 RETURNING user_id', [sessionId, userId]);
    if (deleted.length) await manager.query('UPDATE live_sessions SET rsvp_count = rsvp_count - 1 WHERE id = $1', [sessionId]);
  }

  async rsvpUserIds(manager: EntityManager, sessionId: string): Promise<string[]> {
    const rows: { user_id: string }[] = await manager.query('SELECT user_id FROM live_session_rsvps WHERE session_id = $1', [sessionId]);
    return rows.map((r) => r.user_id);
  }

  async rsvpedAmong(userId: string, sessionIds: readonly string[]): Promise<Set<string>> {
    const rows: { session_id: string }[] = await this.dataSource.query(
      'SELECT session_id FROM live_session_rsvps WHERE user_id = $1 AND session_id = ANY($2::uuid[])',
      [userId, sessionIds],
    );
    return new Set(rows.map((r) => r.session_id));
  }

  // ------------------------------------------------------------ participants (mute, slow mode)

  /**
   * The viewer's participant row, created when missing, locked (FOR UPDATE) until the end of the
   * transaction (a question checks the author's count under it). One statement (the row read, or
   * inserted); a second one only when a concurrent transaction inserted the row between the two.
   */
  async participant(manager: EntityManager, sessionId: string, userId: string): Promise<{ muted: boolean; lastMessageAt: Date | null }> {
    type Row = { muted: boolean; last_message_at: Date | null };
    let rows: Row[] = await manager.query(
      `WITH existing AS (
         SELECT muted, last_message_at FROM live_session_participants WHERE session_id = $1 AND user_id = $2 FOR UPDATE
       ), created AS (
         INSERT INTO live_session_participants (session_id, user_id) SELECT $1, $2 WHERE NOT EXISTS (SELECT 1 FROM existing)
         ON CONFLICT DO NOTHING RETURNING muted, last_message_at
       )
       SELECT muted, last_message_at FROM existing UNION ALL SELECT muted, last_message_at FROM created`,
      [sessionId, userId],
    );
    if (!rows.length) {
      rows = await manager.query(`SELECT muted, last_message_at FROM live_session_participants WHERE session_id = $1 AND user_id = $2 FOR UPDATE`, [sessionId, userId]);
    }
    return { muted: rows[0].muted, lastMessageAt: rows[0].last_message_at ? new Date(rows[0].last_message_at) : null };
  }

  async setMuted(manager: EntityManager, sessionId: string, userId: string, muted: boolean): Promise<void> {
    await manager.query(
      `INSERT INTO live_session_participants (session_id, user_id, muted) VALUES ($1, $2, $3)
       ON CONFLICT (session_id, user_id) DO UPDATE SET muted = EXCLUDED.muted`,
      [sessionId, userId, muted],
    );
  }

  async isMuted(sessionId: string, userId: string): Promise<boolean> {
    const rows: { muted: boolean }[] = await this.dataSource.query('SELECT muted FROM live_session_participants WHERE session_id = $1 AND user_id = $2', [sessionId, userId]);
    return rows[0]?.muted ?? false;
  }

  // ------------------------------------------------------------ questions

  findQuestionsByIds(ids: readonly string[]): Promise<LiveQuestionEntity[]> {
    return this.dataSource.getRepository(LiveQuestionEntity).find({ where: { id: In([...ids]) } });
  }

  async insertQuestion(manager: EntityManager, q: Pick<LiveQuestionEntity, 'sessionId' | 'authorId' | 'body' | 'bodyHtml'>): Promise<LiveQuestionEntity> {
    const repo = manager.getRepository(LiveQuestionEntity);
    const saved = await repo.save(repo.create(q));
    return repo.findOneByOrFail({ id: saved.id });
  }

  countQuestionsBy(manager: EntityManager, sessionId: string, authorId: string): Promise<number> {
    return manager.getRepository(LiveQuestionEntity).countBy({ sessionId, authorId });
  }

  findQuestion(id: string, manager?: EntityManager): Promise<LiveQuestionEntity | null> {
    return this.m(manager).getRepository(LiveQuestionEntity).findOne({ where: { id } });
  }

  lockQuestion(manager: EntityManager, id: string): Promise<LiveQuestionEntity | null> {
    return manager.getRepository(LiveQuestionEntity).createQueryBuilder('q').setLock('for_no_key_update').where('q.id = :id', { id }).getOne();
  }

  async updateQuestion(manager: EntityManager, id: string, changes: Partial<Pick<LiveQuestionEntity, 'status' | 'answer' | 'answerHtml'>> & { answered?: boolean }): Promise<LiveQuestionEntity> {
    const { answered, ...columns } = changes;
    const repo = manager.getRepository(LiveQuestionEntity);
    await repo.update({ id }, { ...columns, ...(answered === undefined ? {} : { answeredAt: answered ? () => 'now()' : null }) });
    return repo.findOneByOrFail({ id });
  }

  /**
   * Sets or clears the user's upvote: the unique (question, user) row and the counter change
   * in the same transaction, so concurrent upvotes never lose a count. Returns the new count.
   */
  async setUpvote(manager: EntityManager, questionId: string, userId: string, upvote: boolean): Promise<{ upvotes: number; changed: boolean }> {
    const changedRows: unknown[] = upvote
      ? await manager.query('INSERT INTO live_question_upvotes (question_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING user_id', [questionId, userId])
      : (await manager.query('DELETE FROM live_question_upvotes WHERE question_id = $1 AND user_id = $2 RETURNING user_id', [questionId, userId]))[0];
    if (!changedRows.length) {
      const rows: { upvotes: number }[] = await manager.query('SELECT upvotes FROM live_questions WHERE id = $1', [questionId]);
      return { upvotes: rows[0].upvotes, changed: false };
    }
    const [rows]: [{ upvotes: number }[], number] = await manager.query(
      'UPDATE live_questions SET upvotes = upvotes + $2 WHERE id = $1 RETURNING upvotes',
      [questionId, upvote ? 1 : -1],
    );
    return { upvotes: rows[0].upvotes, changed: true };
  }

  /** The session's questions (DISMISSED ones only with `withDismissedOf`: all for managers, own for an author). */
  async questions(
    sessionId: string,
    order: LiveQuestionOrder,
    status: LiveQuestionStatus | null,
    dismissed: 'all' | { authorId: string | null },
    manager?: EntityManager,
  ): Promise<LiveQuestionEntity[]> {
    const qb = this.m(manager).getRepository(LiveQuestionEntity).createQueryBuilder('q').where('q.session_id = :sessionId', { sessionId });
    if (status) qb.andWhere('q.status = :status', { status });
    if (dismissed !== 'all') qb.andWhere(`(q.status <> 'DISMISSED' OR q.author_id = :me)`, { me: dismissed.authorId ?? '00000000-0000-0000-0000-000000000000' });
    if (order === LiveQuestionOrder.TOP) qb.orderBy('q.upvotes', 'DESC').addOrderBy('q.created_at', 'ASC').addOrderBy('q.id', 'ASC');
    else qb.orderBy('q.created_at', 'DESC').addOrderBy('q.id', 'DESC');
    return qb.limit(500).getMany();
  }

  async upvotedAmong(userId: string, questionIds: readonly string[]): Promise<Set<string>> {
    const rows: { question_id: string }[] = await this.dataSource.query(
      'SELECT question_id FROM live_question_upvotes WHERE user_id = $1 AND question_id = ANY($2::uuid[])',
      [userId, questionIds],
    );
    return new Set(rows.map((r) => r.question_id));
  }

  // ------------------------------------------------------------ people

  /** Users as rooms show them. */
  async summaries(manager: EntityManager | undefined, ids: readonly string[]): Promise<Map<string, UserSummary>> {
    if (!ids.length) return new Map();
    const rows: { id: string; handle: string; display_name: string }[] = await this.m(manager).query(
      'SELECT id, handle, display_name FROM users WHERE id = ANY($1::uuid[])',
      [[...new Set(ids)]],
    );
    return new Map(rows.map((r) => [r.id, { id: r.id, handle: r.handle, displayName: r.display_name }]));
  }

  /** Users among `ids` with a VERIFIED expert profile (the expert network's review). */
  async verifiedExperts(manager: EntityManager, ids: readonly string[]): Promise<Set<string>> {
    const rows: { user_id: string }[] = await manager.query(
      `SELECT user_id FROM expert_profiles WHERE status = 'VERIFIED' AND user_id = ANY($1::uuid[])`,
      [[...ids]],
    );
    return new Set(rows.map((r) => r.user_id));
  }

  // ------------------------------------------------------------ reminders

  /**
   * Claims sessions whose reminder is due (SCHEDULED, not reminded, starting within `leadMinutes`),
   * locked with FOR UPDATE SKIP LOCKED: another instance polling at the same time skips them,
   * and the caller marks them sent in the same transaction as the notifications.
   */
  async claimDueReminders(manager: EntityManager, leadMinutes: number, limit: number): Promise<LiveSessionEntity[]> {
    const rows: { id: string }[] = await manager.query(
      `SELECT id FROM live_sessions
        WHERE status = 'SCHEDULED' AND reminder_sent_at IS NULL
          AND scheduled_start_at <= now() + make_interval(mins => $1::int)
        ORDER BY scheduled_start_at
        LIMIT $2
        FOR UPDATE SKIP LOCKED`,
      [leadMinutes, limit],
    );
    if (!rows.length) return [];
    await manager.query('UPDATE live_sessions SET reminder_sent_at = now() WHERE id = ANY($1::uuid[])', [rows.map((r) => r.id)]);
    return manager.getRepository(LiveSessionEntity).find({ where: { id: In(rows.map((r) => r.id)) } });
  }
}
