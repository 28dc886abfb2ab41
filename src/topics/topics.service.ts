import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, IsNull, Repository } from 'typeorm';
import { AccessPolicy } from '../access/access-policy';
import { Sector, VisibilityScope } from '../access/roles';
import { Viewer } from '../access/viewer';
import { ConflictError, NotFoundError } from '../common/errors/domain-errors';
import { isUuid, uniqueViolation } from '../common/errors/pg-errors';
import { byKey, groupByKey, LoaderRegistry } from '../common/loaders';
import { CreateTopicInput } from './dto/create-topic.input';
import { TopicEntity } from './topic.entity';
import { Topic } from './topic.type';

export interface CountedVisibility {
  visibilityScope: VisibilityScope;
  visibilitySectors: Sector[];
}

/** SQL: ids of a topic and all its descendants, for `x.topic_id IN (...)`. */
export const topicSubtreeSql = (param: string) =>
  `(WITH RECURSIVE sub AS (SELECT id FROM topics WHERE id = :${param} UNION ALL SELECT c.id FROM topics c JOIN sub ON c.parent_id = sub.id) SELECT id FROM sub)`;

/** The audiences a thread counts for in topic_thread_counts. */
export function audiencesOf(v: CountedVisibility): string[] {
  if (v.visibilityScope === VisibilityScope.PUBLIC) return ['PUBLIC'];
  if (v.visibilityScope === VisibilityScope.MEMBERS) return ['MEMBERS'];
  return [...new Set(v.visibilitySectors)].sort();
}

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
   * Threads of this topic and its subtopics that the viewer may see (hidden ones excluded):
   * staff see every thread; members PUBLIC + MEMBERS + those restricted to their sector;
   * anonymous (and suspended) viewers PUBLIC only. Read from denormalized counters, batched.
   */
  async threadCount(loaders: LoaderRegistry, viewer: Viewer | null, topic: Topic): Promise<number> {
    if (AccessPolicy.canSeeHidden(viewer)) return topic.totalThreadCount;
    const audiences = ['PUBLIC'];
    if (AccessPolicy.isActiveMember(viewer)) {
      audiences.push('MEMBERS');
      if (viewer.sector) audiences.push(viewer.sector);
    }
    return loaders
      .get<string, number>(`topic.threadCount:${audiences.join(',')}`, async (ids) => {
        const rows: { topic_id: string; n: number }[] = await this.dataSource.query(
          `SELECT topic_id, sum(thread_count)::int AS n FROM topic_thread_counts WHERE topic_id = ANY($1::uuid[]) AND audience = ANY($2::text[]) GROUP BY topic_id`,
          [ids, audiences],
        );
        return byKey(ids, rows, (r) => r.topic_id).map((r) => r?.n ?? 0);
      })
      .load(topic.id);
  }

  async create(input: CreateTopicInput): Promise<Topic> {
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
          repo.create({ name: input.name.trim(), slug: input.slug, description: input.description?.trim() ?? '', parentId, position: next }),
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
   * Adds `delta` threads of this visibility to a topic and its ancestors, in the caller's
   * transaction (thread created, moved, hidden or shown). Rows are locked in id order.
   */
  async adjustThreadCounts(manager: EntityManager, topicId: string, visibility: CountedVisibility, delta: number): Promise<void> {
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
    await manager.query(
      `INSERT INTO topic_thread_counts AS c (topic_id, audience, thread_count)
       SELECT t.id, a.audience, $3::int FROM unnest($1::uuid[]) AS t(id) CROSS JOIN unnest($2::text[]) AS a(audience)
        ORDER BY 1, 2
       ON CONFLICT (topic_id, audience) DO UPDATE SET thread_count = c.thread_count + EXCLUDED.thread_count`,
      [ids, audiencesOf(visibility), delta],
    );
  }
}
