import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { SqlPredicate } from '../access/access-policy';
import { BadInputError } from '../platform/errors/domain-errors';
import { Connection } from '../platform/graphql/pagination/connection.types';
import { decodeCursor, encodeCursor, pageSize } from '../platform/graphql/pagination/keyset';
import { FlagEntity } from './flag.entity';
import { targetTopicSql } from './moderation-targets';
import { FlagReason, FlagStatus, FlagTarget } from './moderation.enums';

export interface NewFlag {
  targetType: FlagTarget;
  targetId: string;
  reason: FlagReason;
  note: string | null;
  reporterId: string;
}

/** The `flags` table: every statement on it goes through here. */
@Injectable()
export class FlagsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Serializes a reporter's flags (the daily limit counts rows) until the transaction ends. */
  async lockReporter(manager: EntityManager, reporterId: string): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended('flags:' || $1::text, 0))`, [reporterId]);
  }

  /** The reporter's flags of the last 24 hours: how many, and when the oldest of them was made. */
  async recentByReporter(manager: EntityManager, reporterId: string): Promise<{ count: number; oldest: Date | null }> {
    const rows: { n: number; oldest: Date | null }[] = await manager.query(
      `SELECT count(*)::int AS n, min(created_at) AS oldest FROM flags WHERE reporter_id = $1 AND created_at > now() - interval '1 day'`,
      [reporterId],
    );
    return { count: Number(rows[0].n), oldest: rows[0].oldest ? new Date(rows[0].oldest) : null };
  }

  /** Inserts a flag; null when this reporter already flagged this target. */
  async insert(manager: EntityManager, f: NewFlag): Promise<FlagEntity | null> {
    const rows: { id: string }[] = await manager.query(
      `INSERT INTO flags (target_type, target_id, reason, note, reporter_id) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (reporter_id, target_type, target_id) DO NOTHING RETURNING id`,
      [f.targetType, f.targetId, f.reason, f.note, f.reporterId],
    );
    return rows.length ? manager.getRepository(FlagEntity).findOneByOrFail({ id: rows[0].id }) : null;
  }

  /** How many OPEN flags (one per reporter) the target has. */
  async openCount(manager: EntityManager, targetType: FlagTarget, targetId: string): Promise<number> {
    const rows: { n: number }[] = await manager.query(`SELECT count(*)::int AS n FROM flags WHERE status = 'OPEN' AND target_type = $1 AND target_id = $2`, [targetType, targetId]);
    return Number(rows[0].n);
  }

  lock(manager: EntityManager, id: string): Promise<FlagEntity | null> {
    return manager.getRepository(FlagEntity).createQueryBuilder('f').setLock('pessimistic_write').where('f.id = :id', { id }).getOne();
  }

  /** Resolves every OPEN flag of the target; how many. */
  async resolveOpen(manager: EntityManager, targetType: FlagTarget, targetId: string, status: FlagStatus, resolvedById: string, note: string | null): Promise<number> {
    const [, n]: [unknown, number] = await manager.query(
      `UPDATE flags SET status = $3, resolved_at = now(), resolved_by_id = $4, resolution_note = $5 WHERE status = 'OPEN' AND target_type = $1 AND target_id = $2`,
      [targetType, targetId, status, resolvedById, note],
    );
    return n;
  }

  findById(manager: EntityManager, id: string): Promise<FlagEntity | null> {
    return manager.getRepository(FlagEntity).findOneBy({ id });
  }

  /** The topic of the flag's target (`targetTopicSql`); null for a USER or a target that is gone. */
  async targetTopicId(manager: EntityManager, flagId: string): Promise<string | null> {
    const rows: { topic_id: string | null }[] = await manager.query(`SELECT ${targetTopicSql('f')} AS topic_id FROM flags f WHERE f.id = $1`, [flagId]);
    return rows[0]?.topic_id ?? null;
  }

  /**
   * The queue: flags of one status grouped by target, each group as its oldest flag with the
   * group's size; most-flagged first, then oldest first (keyset on count, created_at, id). Only
   * the targets `scope` admits (SQL on the flag `f`, e.g. a topic-limited moderator's topics).
   */
  async queue<N>(
    status: FlagStatus,
    args: { first?: number | null; after?: string | null },
    map: (row: FlagEntity, count: number) => N,
    scope: SqlPredicate = { sql: 'TRUE', params: {} },
  ): Promise<Connection<N>> {
    const first = pageSize(args);
    let cursor: [number, string, string] | null = null;
    if (args.after) {
      const [n, at, id] = decodeCursor(args.after, 3);
      if (typeof n !== 'number' || typeof at !== 'string' || typeof id !== 'string' || Number.isNaN(Date.parse(at)) || !/^[0-9a-f-]{36}$/i.test(id)) {
        throw new BadInputError('The cursor is not valid for this list.', 'after');
      }
      cursor = [n as number, at as string, id as string];
    }
    // the scope is the same for every flag of a target: the group counts are unchanged by it
    const grouped = `SELECT DISTINCT ON (f.target_type, f.target_id) f.id, f.created_at, count(*) OVER (PARTITION BY f.target_type, f.target_id)::int AS n
                       FROM flags f WHERE f.status = :status AND ${scope.sql} ORDER BY f.target_type, f.target_id, f.created_at, f.id`;
    const [sql, params] = this.dataSource.driver.escapeQueryWithParameters(
      `WITH g AS (${grouped})
       SELECT g.id, g.n, g.created_at FROM g
        WHERE :afterN::int IS NULL OR g.n < :afterN OR (g.n = :afterN AND (g.created_at, g.id) > (:afterAt::timestamptz, :afterId::uuid))
        ORDER BY g.n DESC, g.created_at ASC, g.id ASC LIMIT :limit`,
      { ...scope.params, status, afterN: cursor?.[0] ?? null, afterAt: cursor?.[1] ?? null, afterId: cursor?.[2] ?? null, limit: first + 1 },
    );
    const rows: { id: string; n: number; created_at: Date }[] = await this.dataSource.query(sql, params);
    const page = rows.slice(0, first);
    const entities = page.length ? await this.dataSource.getRepository(FlagEntity).createQueryBuilder('f').where('f.id IN (:...ids)', { ids: page.map((r) => r.id) }).getMany() : [];
    const byId = new Map(entities.map((e) => [e.id, e]));
    const edges = page.map((r) => ({ cursor: encodeCursor([Number(r.n), new Date(r.created_at).toISOString(), r.id]), node: map(byId.get(r.id)!, Number(r.n)) }));
    return {
      edges,
      pageInfo: { hasNextPage: rows.length > first, hasPreviousPage: !!args.after, startCursor: edges[0]?.cursor ?? null, endCursor: edges[edges.length - 1]?.cursor ?? null },
      totalCount: async () => {
        const [countSql, countParams] = this.dataSource.driver.escapeQueryWithParameters(
          `SELECT count(DISTINCT (f.target_type, f.target_id))::int AS n FROM flags f WHERE f.status = :status AND ${scope.sql}`,
          { ...scope.params, status },
        );
        const c: { n: number }[] = await this.dataSource.query(countSql, countParams);
        return Number(c[0].n);
      },
    };
  }
}
