import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In, IsNull } from 'typeorm';
import { TopicEntity } from './topic.entity';

/** SQL: ids of a topic and all its descendants, for `x.topic_id IN (...)` (`:param` is the topic id). */
export const topicSubtreeSql = (param: string) =>
  `(WITH RECURSIVE sub AS (SELECT id FROM topics WHERE id = :${param} UNION ALL SELECT c.id FROM topics c JOIN sub ON c.parent_id = sub.id) SELECT id FROM sub)`;

/** The columns `Topic.fromRow` reads, for queries that join a thread's topic (`JOIN topics tp ON tp.id = t.topic_id`). */
export const topicColumnsSql = (alias: string, prefix = ''): string =>
  ['id', 'slug', 'name', 'description', 'parent_id', 'thread_count'].map((c) => `${alias}.${c} AS ${prefix}${c}`).join(', ');

/** A topic to insert, validated. */
export interface NewTopicRow {
  name: string;
  slug: string;
  description: string;
  parentId: string | null;
  position: number;
}

const SIBLING_ORDER = { position: 'ASC', name: 'ASC' } as const;

/**
 * The `topics` table and its denormalized `thread_count`. Every SQL statement on topics goes
 * through here; methods that write take the caller's transaction.
 */
@Injectable()
export class TopicsRepository {
  constructor(private readonly dataSource: DataSource) {}

  roots(): Promise<TopicEntity[]> {
    return this.dataSource.getRepository(TopicEntity).find({ where: { parentId: IsNull() }, order: SIBLING_ORDER });
  }

  bySlug(slug: string): Promise<TopicEntity | null> {
    return this.dataSource.getRepository(TopicEntity).findOne({ where: { slug } });
  }

  findByIds(ids: readonly string[]): Promise<TopicEntity[]> {
    return this.dataSource.getRepository(TopicEntity).find({ where: { id: In([...ids]) } });
  }

  /** Children of these topics, in sibling order. */
  childrenOf(parentIds: readonly string[]): Promise<TopicEntity[]> {
    return this.dataSource.getRepository(TopicEntity).find({ where: { parentId: In([...parentIds]) }, order: SIBLING_ORDER });
  }

  async exists(manager: EntityManager, id: string): Promise<boolean> {
    return (await manager.query(`SELECT 1 FROM topics WHERE id = $1`, [id])).length > 0;
  }

  /** Locks a topic against deletion while a child is added under it (FOR KEY SHARE); false when missing. */
  async lockAsParent(manager: EntityManager, id: string): Promise<boolean> {
    return (await manager.query(`SELECT id FROM topics WHERE id = $1 FOR KEY SHARE`, [id])).length > 0;
  }

  /** The position after the last sibling under `parentId` (null: among the roots). */
  async nextPosition(manager: EntityManager, parentId: string | null): Promise<number> {
    const [{ next }] = await manager.query(
      `SELECT coalesce(max(position) + 1, 0)::int AS next FROM topics WHERE parent_id IS NOT DISTINCT FROM $1`,
      [parentId],
    );
    return next;
  }

  insert(manager: EntityManager, topic: NewTopicRow): Promise<TopicEntity> {
    const repo = manager.getRepository(TopicEntity);
    return repo.save(repo.create(topic));
  }

  /** The product's topic tree (seed): inserts a topic unless its slug exists; its id either way. */
  async ensure(manager: EntityManager, topic: NewTopicRow): Promise<string> {
    const rows: { id: string }[] = await manager.query(
      `INSERT INTO topics (slug, name, description, parent_id, position) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (slug) DO UPDATE SET slug = EXCLUDED.slug RETURNING id`,
      [topic.slug, topic.name, topic.description, topic.parentId, topic.position],
    );
    return rows[0].id;
  }

  /** Every topic's id by slug. */
  async idsBySlug(manager: EntityManager): Promise<Map<string, string>> {
    const rows: { id: string; slug: string }[] = await manager.query(`SELECT id, slug FROM topics`);
    return new Map(rows.map((r) => [r.slug, r.id]));
  }

  /**
   * Adds `delta` threads to the total count (`thread_count`) of a topic and its ancestors, in
   * the caller's transaction (thread created or moved). Rows are locked in id order. What a
   * viewer may see is counted at read time (`ThreadsRepository.countVisibleByTopics`).
   */
  async adjustThreadCounts(manager: EntityManager, topicId: string, delta: number): Promise<void> {
    if (delta === 0) return;
    const chain: { id: string }[] = await manager.query(
      `WITH RECURSIVE up AS (
         SELECT id, parent_id FROM topics WHERE id = $1
         UNION ALL SELECT t.id, t.parent_id FROM topics t JOIN up ON t.id = up.parent_id
       )
       SELECT t.id FROM topics t WHERE t.id IN (SELECT id FROM up) ORDER BY t.id FOR NO KEY UPDATE OF t`,
      [topicId],
    );
    const ids = chain.map((r) => r.id);
    if (!ids.length) return;
    await manager.query(`UPDATE topics SET thread_count = thread_count + $2 WHERE id = ANY($1::uuid[])`, [ids, delta]);
  }
}
