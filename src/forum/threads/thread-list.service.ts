import { Injectable } from '@nestjs/common';
import { Viewer } from '../../access/viewer';
import { UsersService } from '../../identity/users/users.service';
import { LoaderRegistry } from '../../platform/graphql/loaders';
import { Connection } from '../../platform/graphql/pagination/connection.types';
import { Topic } from '../topics/topic.type';
import { TopicsService } from '../topics/topics.service';
import { ThreadsArgs } from './dto/thread-filter.input';
import { Thread } from './thread.type';
import { ThreadsRepository, ThreadWithRefs } from './threads.repository';

/** Lists of threads and their counts, filtered in SQL by the same rule as `ThreadAccess`. */
@Injectable()
export class ThreadListService {
  constructor(
    private readonly threads: ThreadsRepository,
    private readonly users: UsersService,
    private readonly topics: TopicsService,
  ) {}

  /** `threads`: only what the viewer may see; hidden threads to MODERATOR and ADMIN only. */
  list(loaders: LoaderRegistry, viewer: Viewer | null, args: ThreadsArgs): Promise<Connection<Thread>> {
    return this.threads.list(viewer, args, (row) => this.present(loaders, row));
  }

  /**
   * A thread read with its author and topic (a list's row, `thread(id)`), already checked by
   * the caller: the author and topic go to the request's loaders, so that `Thread.author` and
   * `Thread.topic` cost no statement (both are public).
   */
  present(loaders: LoaderRegistry, row: ThreadWithRefs): Thread {
    if (row.author) this.users.prime(loaders, row.author);
    this.topics.prime(loaders, row.topic);
    return Thread.fromEntity(row);
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
