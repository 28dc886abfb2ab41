import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AccessPolicy } from '../access/access-policy';
import { Viewer } from '../access/viewer';
import { BadInputError } from '../platform/errors/domain-errors';
import { Connection } from '../platform/graphql/pagination/connection.types';
import { decodeCursor, KeysetKey, toConnection } from '../platform/graphql/pagination/keyset';
import { isUuid } from '../platform/validation/uuid';
import { prepared } from '../platform/database/prepared';

/** Asks in a rolling window: how many, and when the oldest of them leaves the window. */
export interface AskWindow {
  count: number;
  /** Seconds until the oldest ask in the window is out of it (0 when there is none). */
  secondsUntilOldestExpires: number;
}

/** One row of `questionsForMe`: the thread and its sort keys. */
export interface QuestionRow {
  id: string;
  asked: boolean;
  last_activity_at: Date;
}

const QUESTION_KEYS: KeysetKey<QuestionRow>[] = [
  { expression: 'x.asked', direction: 'DESC', value: (r) => r.asked },
  { expression: 'x.last_activity_at', direction: 'DESC', value: (r) => new Date(r.last_activity_at) },
  { expression: 'x.id', direction: 'DESC', value: (r) => r.id },
];

/**
 * The `expert_asks` table: asks (the durable rows behind the ask limits, exact across
 * instances), the expert's first reply after each (responsiveness), and the routed list
 * `questionsForMe`. Methods that write take the caller's transaction.
 */
@Injectable()
export class ExpertAsksRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Whether the expert was already asked about the thread. */
  async exists(manager: EntityManager, threadId: string, expertId: string): Promise<boolean> {
    return (await manager.query(`SELECT 1 FROM expert_asks WHERE thread_id = $1 AND expert_id = $2`, [threadId, expertId])).length > 0;
  }

  /** Asks about a thread, or by an asker, during the last `windowSeconds`. */
  async window(manager: EntityManager, by: 'thread' | 'asker', id: string, windowSeconds: number): Promise<AskWindow> {
    const column = by === 'thread' ? 'thread_id' : 'asker_id';
    const [row]: { n: number; wait: number | null }[] = await manager.query(
      `SELECT count(*)::int AS n, extract(epoch FROM min(created_at) + make_interval(secs => $2) - now())::float8 AS wait
         FROM expert_asks WHERE ${column} = $1 AND created_at > now() - make_interval(secs => $2)`,
      [id, windowSeconds],
    );
    return { count: Number(row.n), secondsUntilOldestExpires: Math.max(0, Number(row.wait ?? 0)) };
  }

  /** Inserts an ask (a second ask of the same expert about the thread violates `expert_asks_thread_expert_key`). */
  async insert(manager: EntityManager, ask: { threadId: string; expertId: string; askerId: string }): Promise<string> {
    const rows: { id: string }[] = await manager.query(`INSERT INTO expert_asks (thread_id, expert_id, asker_id) VALUES ($1, $2, $3) RETURNING id`, [
      ask.threadId,
      ask.expertId,
      ask.askerId,
    ]);
    return rows[0].id;
  }

  /** The author replied in the thread at `at`: the first reply to each of their pending asks about it. */
  async recordReply(manager: EntityManager, threadId: string, authorId: string, at: Date): Promise<void> {
    await manager.query(prepared(`UPDATE expert_asks SET first_reply_at = $3 WHERE thread_id = $1 AND expert_id = $2 AND first_reply_at IS NULL AND created_at <= $3`), [threadId, authorId, at]);
  }

  /**
   * Responsiveness of each expert (by user id): the median, in whole minutes, of the time from
   * each ask of the last `days` days to their first reply in its thread (an ask still unanswered
   * counts as the time waited so far); null below `minAsks` asks.
   */
  async responsiveness(expertIds: readonly string[], days: number, minAsks: number): Promise<Map<string, number | null>> {
    const rows: { expert_id: string; asks: number; minutes: number | null }[] = await this.dataSource.query(
      `SELECT expert_id, count(*)::int AS asks,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM coalesce(first_reply_at, now()) - created_at)) / 60 AS minutes
         FROM expert_asks
        WHERE expert_id = ANY($1::uuid[]) AND created_at > now() - make_interval(days => $2)
        GROUP BY expert_id`,
      [[...expertIds], days],
    );
    const out = new Map<string, number | null>();
    for (const r of rows) out.set(r.expert_id, Number(r.asks) >= minAsks && r.minutes !== null ? Math.round(Number(r.minutes)) : null);
    return out;
  }

  /**
   * `questionsForMe`: open QUESTION threads (no accepted answer, not locked, not hidden, not
   * the expert's own, not yet replied to by the expert) that the expert may see (the access
   * policy's SQL twin, with the expert as viewer), either asked of them directly or in one of
   * their topics (subtopics included) and languages (primary subtags); asked ones first, then
   * by latest activity, then id. Returns thread ids with their keys.
   */
  async questionsFor(
    expert: Viewer,
    match: { profileId: string; languages: string[] },
    first: number,
    after: string | null,
  ): Promise<Connection<QuestionRow>> {
    const visible = AccessPolicy.contentPredicate(expert, 't');
    const params: Record<string, unknown> = { ...visible.params, me: expert.id, profileId: match.profileId, langs: match.languages };
    const inner = `
      SELECT t.id, t.last_activity_at, (a.id IS NOT NULL) AS asked
        FROM threads t
        LEFT JOIN expert_asks a ON a.thread_id = t.id AND a.expert_id = :me
       WHERE t.kind = 'QUESTION' AND t.accepted_post_id IS NULL AND NOT t.locked AND NOT t.hidden
         AND t.author_id <> :me
         AND ${visible.sql}
         AND NOT EXISTS (SELECT 1 FROM posts p WHERE p.thread_id = t.id AND p.author_id = :me AND NOT p.deleted)
         AND (a.id IS NOT NULL OR (
               t.topic_id IN (WITH RECURSIVE sub AS (SELECT et.topic_id AS id FROM expert_topics et WHERE et.profile_id = :profileId
                                                    UNION SELECT c.id FROM topics c JOIN sub ON c.parent_id = sub.id) SELECT id FROM sub)
               AND lower(split_part(t.language, '-', 1)) = ANY(:langs::text[])))`;
    let keyset = '';
    if (after) {
      const [asked, at, id] = decodeCursor(after, 3);
      if (typeof asked !== 'boolean' || typeof at !== 'string' || !/^\d{4}-\d{2}-\d{2}T/.test(at) || !Number.isFinite(Date.parse(at)) || !isUuid(id)) {
        throw new BadInputError('The cursor is not valid for this list.', 'after');
      }
      keyset = `WHERE (x.asked, x.last_activity_at, x.id) < (:afterAsked::boolean, :afterAt::timestamptz, :afterId::uuid)`;
      Object.assign(params, { afterAsked: asked, afterAt: at, afterId: id });
    }
    const rows: QuestionRow[] =
      first === 0
        ? []
        : await this.run(`SELECT x.* FROM (${inner}) x ${keyset} ORDER BY x.asked DESC, x.last_activity_at DESC, x.id DESC LIMIT :limit`, {
            ...params,
            limit: first + 1,
          });
    const count = async () => Number((await this.run(`SELECT count(*)::int AS n FROM (${inner}) x`, params))[0].n);
    return toConnection(rows, QUESTION_KEYS, first, count, (r) => r, after);
  }

  private run<T = any>(sql: string, params: Record<string, unknown>): Promise<T[]> {
    const [query, values] = this.dataSource.driver.escapeQueryWithParameters(sql, params);
    return this.dataSource.query(query, values);
  }
}
