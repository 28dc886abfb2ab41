import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, IsNull, Repository } from 'typeorm';
import { AccessPolicy } from '../../access/access-policy';
import { Viewer } from '../../access/viewer';
import { BadInputError, ConflictError, NotFoundError } from '../../platform/errors/domain-errors';
import { isUuid, uniqueViolation } from '../../platform/errors/pg-errors';
import { byKey, groupByKey, LoaderRegistry } from '../../platform/graphql/loaders';
import { CreateTopicInput } from './dto/create-topic.input';
import { TopicEntity } from './topic.entity';
import { Topic } from './topic.type';

/** SQL: ids of a topic and all its descendants, for `x.topic_id IN (...)`. */
export const topicSubtreeSql = (param: string) =>
  `(WITH RECURSIVE sub AS (SELECT id FROM topics WHERE id = :${param} UNION ALL SELECT c.id FROM topics c JOIN sub ON c.parent_id = sub.id) SELECT id FROM sub)`;

@Injectable()
export class TopicsService {
  constructor(
    @InjectRepository(TopicEntity) private readonly topics: Repository<TopicEntity>,
    private readonly dataSource: DataSource,
  ) {}

  async roots(): Promise<Topic[]> {
    const rows = await this.topics.find({ where: { parentId: IsNull() }, order: { position: 'ASC', name: 'ASC' } });
    return rows.map(Topic.fromEntity);
  }

  async bySlug(slug: string): Promise<Topic | null> {
    const row = await this.topics.findOne({ where: { slug: slug.trim().toLowerCase() } });
    return row ? Topic.fromEntity(row) : null;
  }

  /** Batched lookup (thread topics, parents). Null for unknown or malformed ids. */
  async load(loaders: LoaderRegistry, id: string | null): Promise<Topic | null> {
    if (!isUuid(id)) return null;
    return loaders
      .get<string, Topic | null>('topic.byId', async (ids) => {
        const rows = await this.topics.find({ where: { id: In([...ids]) } });
        return byKey(ids, rows.map(Topic.fromEntity), (t) => t.id);
      })
      .load(id);
  }

  children(loaders: LoaderRegistry, parentId: string): Promise<Topic[]> {
    return loaders
      .get<string, Topic[]>('topic.children', async (ids) => {
        const rows = await this.topics.find({ where: { parentId: In([...ids]) }, order: { position: 'ASC', name: 'ASC' } });
        return groupByKey(ids, rows.map(Topic.fromEntity), (t) => t.parentId as string);
      })
      .load(parentId);
  }

  /**
   * Threads of this topic and its subtopics that the viewer may see: exactly
   * `threads(filter: {topicId}).totalCount`, because both filter with
   * `AccessPolicy.contentPredicate` (their own SECTORS threads and hidden ones for staff
   * included). Counted with one query for every topic of the request.
   */
  threadCount(loaders: LoaderRegistry, viewer: Viewer | null, topic: Topic): Promise<number> {
    return loaders
      .get<string, number>('topic.threadCount', async (ids) => {
        const visible = AccessPolicy.contentPredicate(viewer, 't');
        const [sql, params] = this.dataSource.driver.escapeQueryWithParameters(
          `WITH RECURSIVE sub AS (
             SELECT id AS root, id FROM topics WHERE id = ANY(:topicIds::uuid[])
             UNION ALL SELECT sub.root, c.id FROM topics c JOIN sub ON c.parent_id = sub.id
           )
           SELECT sub.root AS topic_id, count(*)::int AS n FROM sub JOIN threads t ON t.topic_id = sub.id
            WHERE ${visible.sql} GROUP BY sub.root`,
          { ...visible.params, topicIds: [...ids] },
        );
        const rows: { topic_id: string; n: number }[] = await this.dataSource.query(sql, params);
        return byKey(ids, rows, (r) => r.topic_id).map((r) => Number(r?.n ?? 0));
      })
      .load(topic.id);
  }

  async create(input: CreateTopicInput): Promise<Topic> {
    // validated after trimming: "   " is not a name
    const name = input.name.trim().replace(/\s+/g, ' ');
    if (name.length < 2 || name.length > 80) throw new BadInputError('name must be 2 to 80 characters', 'name');
    const parentId = input.parentId ?? null;
    if (parentId !== null && !isUuid(parentId)) throw new NotFoundError('The parent topic');
    try {
      return await this.dataSource.transaction(async (manager) => {
        if (parentId !== null) {
          const parent = await manager.query(`SELECT id FROM topics WHERE id = $1 FOR KEY SHARE`, [parentId]);
          if (!parent.length) throw new NotFoundError('The parent topic');
        }
        const [{ next }] = await manager.query(
          `SELECT coalesce(max(position) + 1, 0)::int AS next FROM topics WHERE parent_id IS NOT DISTINCT FROM $1`,
          [parentId],
        );
        const repo = manager.getRepository(TopicEntity);
        const saved = await repo.save(
          repo.create({ name, slug: input.slug, description: input.description?.trim() ?? '', parentId, position: next }),
        );
        return Topic.fromEntity(saved);
      });
    } catch (err) {
      if (uniqueViolation(err) === 'topics_slug_key') throw new ConflictError(`The slug "${input.slug}" is taken.`);
      throw err;
    }
  }

  async existsIn(manager: EntityManager, id: string): Promise<boolean> {
    if (!isUuid(id)) return false;
    return (await manager.query(`SELECT 1 FROM topics WHERE id = $1`, [id])).length > 0;
  }

  /**
   * Adds `delta` threads to the total count (`thread_count`) of a topic and its ancestors, in
   * the caller's transaction (thread created or moved). Rows are locked in id order. What a
   * viewer may see is counted at read time (`threadCount`).
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
