import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { RecordRules } from '../access/record-rules';
import { Role } from '../access/roles';
import { Viewer } from '../access/viewer';
import { Topic } from '../forum/topics/topic.type';
import { TopicsRepository } from '../forum/topics/topics.repository';
import { TopicsService } from '../forum/topics/topics.service';
import { ModeratorTopicsRepository } from '../identity/users/moderator-topics.repository';
import { User } from '../identity/users/user.type';
import { UsersService } from '../identity/users/users.service';
import { BadInputError, ForbiddenError, NotFoundError } from '../platform/errors/domain-errors';
import { DomainEventBus } from '../platform/events/domain-event-bus';
import { LoaderRegistry } from '../platform/graphql/loaders';
import { isUuid } from '../platform/validation/uuid';
import { ModerationLogRepository } from './moderation-log.repository';
import { FlagTarget, ModerationActionKind } from './moderation.enums';

/** Topics one MODERATOR may be limited to (each with its subtopics). */
export const MODERATOR_TOPICS_MAX = 50;

/**
 * Topic moderators: an ADMIN limits a MODERATOR to some topics (`setModeratorTopics`); the
 * viewer loader expands them (subtopics included) on every request, and the access policy and
 * record rules do the rest. The limit is stored by identity (`ModeratorTopicsRepository`, read
 * with the viewer); deciding and logging it is moderation's.
 */
@Injectable()
export class ModeratorTopicsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly moderatorTopics: ModeratorTopicsRepository,
    private readonly topicRows: TopicsRepository,
    private readonly topics: TopicsService,
    private readonly log: ModerationLogRepository,
    private readonly events: DomainEventBus,
  ) {}

  /**
   * Limits a MODERATOR to these topics (subtopics included), or lifts the limit (empty list),
   * in one transaction with its moderation log entry (SET_MODERATOR_TOPICS); the user's
   * requests and sockets follow at once (`user.access-changed`). Setting the same topics again
   * changes nothing and is not logged.
   */
  async set(viewer: Viewer, userId: string, rawTopicIds: readonly string[]): Promise<User> {
    if (!RecordRules.canSetModeratorTopics(viewer)) throw new ForbiddenError('Only an ADMIN limits moderators to topics.');
    const topicIds = [...new Set(rawTopicIds.map((id) => id.toLowerCase()))].sort();
    if (topicIds.length > MODERATOR_TOPICS_MAX) throw new BadInputError(`At most ${MODERATOR_TOPICS_MAX} topics.`, 'topicIds');
    if (!topicIds.every(isUuid)) throw new NotFoundError('The topic');
    if (!isUuid(userId)) throw new NotFoundError('The user');
    // topics are read before the transaction: on the embedded database a transaction must never
    // wait on a second connection (and topics are never deleted)
    if (topicIds.length && (await this.topicRows.findByIds(topicIds)).length !== topicIds.length) throw new NotFoundError('The topic');
    return this.dataSource.transaction(async (manager) => {
      const user = await this.users.lockUser(manager, userId);
      if (!user) throw new NotFoundError('The user');
      if (user.role !== Role.MODERATOR) throw new BadInputError(`Only a MODERATOR can be limited to topics (this user is ${user.role}).`, 'userId');
      const before = await this.moderatorTopics.topicIdsOf(user.id, manager);
      if (before.join(',') === topicIds.join(',')) return User.fromEntity(user);
      await this.moderatorTopics.replace(manager, user.id, topicIds);
      await this.log.append(manager, {
        actorId: viewer.id,
        action: ModerationActionKind.SET_MODERATOR_TOPICS,
        targetType: FlagTarget.USER,
        targetId: user.id,
        reason: null,
        details: { before, after: topicIds },
      });
      await this.events.emit(manager, 'user.access-changed', { userId: user.id });
      return User.fromEntity(user);
    });
  }

  /**
   * `User.moderatedTopics`: the topics a MODERATOR is limited to, as set (not expanded), by name;
   * null for other roles, for an unrestricted MODERATOR, and for viewers who may not see it.
   */
  async moderatedTopics(loaders: LoaderRegistry, viewer: Viewer | null, user: User): Promise<Topic[] | null> {
    if (user.role !== Role.MODERATOR || !RecordRules.canSeeModeratorTopics(viewer, user)) return null;
    const ids = await loaders
      .get<string, string[]>('user.moderatorTopics', async (userIds) => {
        const byUser = await this.moderatorTopics.topicIdsOfMany(userIds);
        return userIds.map((id) => byUser.get(id) ?? []);
      })
      .load(user.id);
    if (!ids.length) return null;
    const topics = (await Promise.all(ids.map((id) => this.topics.load(loaders, id)))).filter((t): t is Topic => t !== null);
    return topics.sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  }
}
