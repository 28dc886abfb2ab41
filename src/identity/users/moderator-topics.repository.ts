import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/**
 * SQL expression (for a SELECT on `users <alias>`): the topics a MODERATOR is limited to, with
 * every descendant, as `uuid[]`; NULL when the user is not a MODERATOR or has no limit. Expanded
 * when the viewer is read, not when the limit is written, so a subtopic created later under a
 * moderated topic is covered from the next request on. Evaluated only for MODERATORs: for
 * everyone else the viewer statement costs nothing more.
 */
export const moderatorTopicScopeSql = (alias: string) =>
  `CASE WHEN ${alias}.role = 'MODERATOR' THEN (
     WITH RECURSIVE scope AS (
       SELECT mt.topic_id AS id FROM moderator_topics mt WHERE mt.user_id = ${alias}.id
       UNION SELECT c.id FROM topics c JOIN scope ON c.parent_id = scope.id
     ) SELECT array_agg(id)::text[] FROM scope
   ) END`;

/**
 * The `moderator_topics` table: the topics (roots of subtrees) an ADMIN limited a MODERATOR to.
 * No rows: the moderator moderates every topic. Every statement on it goes through here.
 */
@Injectable()
export class ModeratorTopicsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The user's topics as set (not expanded), in the caller's transaction when given. */
  async topicIdsOf(userId: string, manager: EntityManager = this.dataSource.manager): Promise<string[]> {
    const rows: { topic_id: string }[] = await manager.query(`SELECT topic_id FROM moderator_topics WHERE user_id = $1 ORDER BY topic_id`, [userId]);
    return rows.map((r) => r.topic_id);
  }

  /** The topics as set of each user (batched for `User.moderatedTopics`); users without any are absent. */
  async topicIdsOfMany(userIds: readonly string[]): Promise<Map<string, string[]>> {
    const rows: { user_id: string; topic_id: string }[] = await this.dataSource.query(
      `SELECT user_id, topic_id FROM moderator_topics WHERE user_id = ANY($1::uuid[]) ORDER BY user_id, topic_id`,
      [[...userIds]],
    );
    const map = new Map<string, string[]>();
    for (const r of rows) map.set(r.user_id, [...(map.get(r.user_id) ?? []), r.topic_id]);
    return map;
  }

  /** Replaces the user's topics (empty: no limit) in the caller's transaction. */
  async replace(manager: EntityManager, userId: string, topicIds: readonly string[]): Promise<void> {
    await manager.query(`DELETE FROM moderator_topics WHERE user_id = $1`, [userId]);
    if (topicIds.length) {
      await manager.query(`INSERT INTO moderator_topics (user_id, topic_id) SELECT $1, unnest($2::uuid[])`, [userId, [...topicIds]]);
    }
  }
}
