import { Injectable } from '@nestjs/common';
import { Viewer } from '../../access/viewer';
import { UsersService } from '../../identity/users/users.service';
import { MembershipsService } from '../../identity/organizations/memberships.service';
import { LoaderRegistry } from '../../platform/graphql/loaders';
import { Connection } from '../../platform/graphql/pagination/connection.types';
import { Topic } from '../topics/topic.type';
import { TopicsService } from '../topics/topics.service';
import { ThreadsArgs } from './dto/thread-filter.input';
import { Thread } from './thread.type';
import { setReadAhead } from '../../platform/graphql/read-ahead';
import { ThreadAccess } from './thread-access.service';
import { ThreadRefsOptions, ThreadsRepository, ThreadWithRefs } from './threads.repository';

/** Lists of threads and their counts, filtered in SQL by the same rule as `ThreadAccess`. */
@Injectable()
export class ThreadListService {
  constructor(
    private readonly threads: ThreadsRepository,
    private readonly users: UsersService,
    private readonly topics: TopicsService,
    private readonly memberships: MembershipsService,
    private readonly access: ThreadAccess,
  ) {}

  /**
   * `threads`: only what the viewer may see; hidden threads to MODERATOR and ADMIN only. `read`
   * says what the request will ask of the page (its totalCount, the authors' organizations), so
   * that the page's statement reads it too.
   */
  list(loaders: LoaderRegistry, viewer: Viewer | null, args: ThreadsArgs, read: ThreadRefsOptions & { totalCount?: boolean } = {}): Promise<Connection<Thread>> {
    return this.threads.list(viewer, args, (row) => this.present(loaders, viewer, row), read);
  }

  /**
   * A thread read with its author and topic (a list's row, `thread(id)`), already checked by
   * the caller: the author (with their organization, when read) and topic go to the request's
   * loaders, so that `Thread.author` and `Thread.topic` cost no statement (all are public), and
   * so does the thread, which its replies' checks (`PostAccess`, `Post.thread`) read again.
   */
  present(loaders: LoaderRegistry, viewer: Viewer | null, row: ThreadWithRefs): Thread {
    if (row.author) {
      this.users.prime(loaders, row.author);
      if (row.authorMembership !== undefined) this.memberships.primeApproved(loaders, row.author, row.authorMembership);
    }
    this.topics.prime(loaders, row.topic);
    // a row without its bodies serves this list only (Post.thread or node(id) may ask for them)
    if (!row.withoutBodies) this.access.prime(loaders, row);
    const thread = Thread.fromEntity(row);
    // what Thread.author, Thread.topic and Thread.postCount would answer, without their resolvers' per-call cost
    setReadAhead(thread, { author: row.author, topic: row.topic, postCount: this.access.postCountFor(viewer, thread) });
    return thread;
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
