import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AccessPolicy } from '../../access/access-policy';
import { Viewer } from '../../access/viewer';
import { isUuid } from '../../platform/errors/pg-errors';
import { Connection } from '../../platform/graphql/pagination/connection.types';
import { KeysetKey, paginate } from '../../platform/graphql/pagination/keyset';
import { topicSubtreeSql } from '../topics/topics.service';
import { normalizeTag } from '../content/tags';
import { ThreadsArgs } from './dto/thread-filter.input';
import { ThreadKind, ThreadOrder } from './thread-kind.enum';
import { ThreadEntity } from './thread.entity';
import { Thread } from './thread.type';

const pinned: KeysetKey<ThreadEntity> = { expression: 't.pinned', direction: 'DESC', value: (r) => r.pinned, cast: 'boolean' };
const activity: KeysetKey<ThreadEntity> = { expression: 't.last_activity_at', direction: 'DESC', value: (r) => r.lastActivityAt, cast: 'timestamptz' };
const id: KeysetKey<ThreadEntity> = { expression: 't.id', direction: 'DESC', value: (r) => r.id, cast: 'uuid' };

/** Keyset orders: pinned first (part of the key), then the order's columns, then id. */
export const THREAD_ORDERS: Record<ThreadOrder, KeysetKey<ThreadEntity>[]> = {
  [ThreadOrder.ACTIVITY]: [pinned, activity, id],
  [ThreadOrder.NEWEST]: [pinned, { expression: 't.created_at', direction: 'DESC', value: (r) => r.createdAt, cast: 'timestamptz' }, id],
  [ThreadOrder.TOP]: [pinned, { expression: 't.score', direction: 'DESC', value: (r) => r.score, cast: 'int' }, activity, id],
};

@Injectable()
export class ThreadListService {
  constructor(private readonly dataSource: DataSource) {}

  /** `threads`: only what the viewer may see; hidden threads to MODERATOR and ADMIN only. */
  list(viewer: Viewer | null, args: ThreadsArgs): Promise<Connection<Thread>> {
    const qb = this.dataSource.getRepository(ThreadEntity).createQueryBuilder('t');
    const visible = AccessPolicy.contentPredicate(viewer, 't');
    qb.where(visible.sql, visible.params);
    const f = args.filter ?? {};
    if (f.topicId !== undefined && f.topicId !== null) {
      if (isUuid(f.topicId)) qb.andWhere(`t.topic_id IN ${topicSubtreeSql('filterTopicId')}`, { filterTopicId: f.topicId });
      else qb.andWhere('FALSE');
    }
    if (f.kind) qb.andWhere('t.kind = :filterKind', { filterKind: f.kind });
    if (f.unanswered === true) qb.andWhere(`t.kind = '${ThreadKind.QUESTION}' AND t.accepted_post_id IS NULL`);
    if (f.tag !== undefined && f.tag !== null) {
      // a tag that normalizes to nothing matches nothing (it never drops the filter)
      const tag = normalizeTag(f.tag);
      if (tag) qb.andWhere('t.tags @> ARRAY[:filterTag]::text[]', { filterTag: tag });
      else qb.andWhere('FALSE');
    }
    if (f.authorId !== undefined && f.authorId !== null) {
      if (isUuid(f.authorId)) qb.andWhere('t.author_id = :filterAuthor', { filterAuthor: f.authorId });
      else qb.andWhere('FALSE');
    }
    return paginate(qb, THREAD_ORDERS[args.orderBy ?? ThreadOrder.ACTIVITY], args, Thread.fromEntity);
  }
}
