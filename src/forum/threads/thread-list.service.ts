import { Injectable } from '@nestjs/common';
import { Viewer } from '../../access/viewer';
import { LoaderRegistry } from '../../platform/graphql/loaders';
import { Connection } from '../../platform/graphql/pagination/connection.types';
import { Topic } from '../topics/topic.type';
import { ThreadsArgs } from './dto/thread-filter.input';
import { Thread } from './thread.type';
import { ThreadsRepository } from './threads.repository';

/** Lists of threads and their counts, filtered in SQL by the same rule as `ThreadAccess`. */
@Injectable()
export class ThreadListService {
  constructor(private readonly threads: ThreadsRepository) {}

  /** `threads`: only what the viewer may see; hidden threads to MODERATOR and ADMIN only. */
  list(viewer: Viewer | null, args: ThreadsArgs): Promise<Connection<Thread>> {
    return this.threads.list(viewer, args, Thread.fromEntity);
  }

  /**
   * `Topic.threadCount`: threads of this topic and its subtopics that the viewer may see,
   * exactly `threads(filter: {topicId}).totalCount` (their own SECTORS threads and hidden ones
   * for staff included). Counted with one query for every topic of the request.
   */
  threadCount(loaders: LoaderRegistry, viewer: Viewer | null, topic: Pick<Topic, 'id'>): Promise<number> {
    return loaders.get<string, number>('topic.threadCount', (ids) => this.threads.countVisibleByTopics(viewer, ids)).load(topic.id);
  }
}
