import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { RecordRules } from '../access/record-rules';
import { Viewer } from '../access/viewer';
import { PostAccess } from '../forum/posts/post-access.service';
import { Post } from '../forum/posts/post.type';
import { PostsRepository } from '../forum/posts/posts.repository';
import { ThreadAccess } from '../forum/threads/thread-access.service';
import { ThreadEntity } from '../forum/threads/thread.entity';
import { Thread } from '../forum/threads/thread.type';
import { ThreadsRepository } from '../forum/threads/threads.repository';
import { TopicsRepository } from '../forum/topics/topics.repository';
import { User } from '../identity/users/user.type';
import { UsersService } from '../identity/users/users.service';
import { LiveSessionAccess } from '../live-sessions/live-session-access.service';
import { LiveMessage } from '../live-sessions/live-session.type';
import { LiveMessagesRepository } from '../live-sessions/live-messages.repository';
import { BadInputError, ForbiddenError, NotFoundError } from '../platform/errors/domain-errors';
import { DomainEventBus } from '../platform/events/domain-event-bus';
import { Connection, ConnectionArgs } from '../platform/graphql/pagination/connection.types';
import { isUuid } from '../platform/validation/uuid';
import { ModerationAction } from './moderation-action.type';
import { ModerationLogRepository, NewModerationAction } from './moderation-log.repository';
import { FlagTarget, ModerationActionKind } from './moderation.enums';
import type { ThreadModeratedField } from './moderation.events';
import { targetTopicSql } from './moderation-targets';

export const REASON_MAX = 1000;

/** A required reason: trimmed, 1 to REASON_MAX characters. */
export function checkReason(raw: string | null | undefined, required: boolean): string | null {
  const reason = (raw ?? '').trim();
  if (!reason.length) {
    if (required) throw new BadInputError('A reason is required.', 'reason');
    return null;
  }
  if (reason.length > REASON_MAX) throw new BadInputError(`reason must be at most ${REASON_MAX} characters`, 'reason');
  return reason;
}

/**
 * Moderators' actions on content and accounts. Each runs in one transaction: it fetches and
 * checks the record through the forum's (or identity's) own access API, asks `RecordRules`,
 * writes through the owner's repository or service, appends the moderation log entry, and
 * emits domain events (room events, socket re-checks and notifications follow from those).
 * An action that changes nothing (hiding a hidden post) writes nothing and is not logged.
 */
@Injectable()
export class ModerationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly posts: PostsRepository,
    private readonly postAccess: PostAccess,
    private readonly threads: ThreadsRepository,
    private readonly threadAccess: ThreadAccess,
    private readonly topics: TopicsRepository,
    private readonly users: UsersService,
    private readonly liveAccess: LiveSessionAccess,
    private readonly liveMessages: LiveMessagesRepository,
    private readonly log: ModerationLogRepository,
    private readonly events: DomainEventBus,
  ) {}

  // ---------------------------------------------------------------- log

  /** The log; a topic-limited MODERATOR sees the entries whose target is now in their topics (no USER entries). */
  moderationLog(viewer: Viewer, targetId: string | null | undefined, args: ConnectionArgs): Promise<Connection<ModerationAction>> {
    this.mayModerate(viewer);
    return this.log.list(targetId, args, ModerationAction.fromEntity, RecordRules.moderatesInPredicate(viewer, targetTopicSql('a')));
  }

  // ---------------------------------------------------------------- posts

  async setPostHidden(viewer: Viewer, postId: string, hidden: boolean, rawReason: string | null): Promise<Post> {
    this.mayModerate(viewer);
    const reason = checkReason(rawReason, hidden);
    return this.dataSource.transaction(async (manager) => {
      const { post, thread } = await this.postAccess.lockForWrite(manager, viewer, postId, { allowDeleted: true });
      this.mayModerateIn(viewer, thread.topicId);
      if (post.hidden === hidden) return Post.fromEntity(post);
      const after = await this.posts.setHidden(manager, post.id, hidden);
      await this.record(manager, viewer, {
        action: hidden ? ModerationActionKind.HIDE_POST : ModerationActionKind.UNHIDE_POST,
        targetType: FlagTarget.POST,
        targetId: post.id,
        reason,
        details: { threadId: thread.id },
      });
      await this.events.emit(manager, 'post.hidden-changed', { post: after, thread, hidden, actorId: viewer.id });
      return Post.fromEntity(after);
    });
  }

  // ---------------------------------------------------------------- threads

  /**
   * Hides a thread (with its replies) from everyone but MODERATOR and ADMIN, or shows it again;
   * sockets following its room are re-checked at once. `Topic.threadCount` is counted per viewer
   * through the access policy, so it follows without a counter change.
   */
  setThreadHidden(viewer: Viewer, id: string, hidden: boolean, rawReason: string | null): Promise<Thread> {
    const reason = checkReason(rawReason, hidden);
    return this.changeThread(viewer, id, (e) =>
      e.hidden === hidden
        ? null
        : { changes: { hidden }, fields: ['hidden'], action: hidden ? ModerationActionKind.HIDE_THREAD : ModerationActionKind.UNHIDE_THREAD, reason },
    );
  }

  lockThread(viewer: Viewer, id: string, locked: boolean, rawReason: string | null | undefined): Promise<Thread> {
    const reason = checkReason(rawReason, false);
    return this.changeThread(viewer, id, (e) =>
      e.locked === locked
        ? null
        : { changes: { locked }, fields: ['locked'], action: locked ? ModerationActionKind.LOCK_THREAD : ModerationActionKind.UNLOCK_THREAD, reason },
    );
  }

  pinThread(viewer: Viewer, id: string, pinned: boolean): Promise<Thread> {
    return this.changeThread(viewer, id, (e) =>
      e.pinned === pinned
        ? null
        : { changes: { pinned }, fields: ['pinned'], action: pinned ? ModerationActionKind.PIN_THREAD : ModerationActionKind.UNPIN_THREAD, reason: null },
    );
  }

  /** Moves a thread to another topic: the thread counts of both topics (and their ancestors) follow. */
  moveThread(viewer: Viewer, id: string, topicId: string): Promise<Thread> {
    return this.changeThread(viewer, id, async (e, manager) => {
      if (!isUuid(topicId) || !(await this.topics.exists(manager, topicId))) throw new NotFoundError('The topic');
      if (!RecordRules.canMoveThread(viewer, e.topicId, topicId)) throw new ForbiddenError('You may move threads only into topics you moderate.');
      if (e.topicId === topicId) return null;
      await this.topics.adjustThreadCounts(manager, e.topicId, -1);
      await this.topics.adjustThreadCounts(manager, topicId, +1);
      return { changes: { topicId }, fields: ['topicId'], action: ModerationActionKind.MOVE_THREAD, reason: null, details: { fromTopicId: e.topicId, toTopicId: topicId } };
    });
  }

  private async changeThread(
    viewer: Viewer,
    id: string,
    decide: (
      e: ThreadEntity,
      manager: EntityManager,
    ) =>
      | Promise<ThreadChange | null>
      | ThreadChange
      | null,
  ): Promise<Thread> {
    this.mayModerate(viewer);
    return this.dataSource.transaction(async (manager) => {
      const e = await this.threadAccess.lockVisible(manager, viewer, id);
      this.mayModerateIn(viewer, e.topicId);
      const change = await decide(e, manager);
      if (!change) return Thread.fromEntity(e);
      const thread = await this.threads.setModerated(manager, e.id, change.changes);
      await this.record(manager, viewer, { action: change.action, targetType: FlagTarget.THREAD, targetId: e.id, reason: change.reason, details: change.details });
      const moved = change.fields.includes('topicId');
      await this.events.emit(manager, 'thread.moderated', { thread, changed: change.fields, previousTopicId: moved ? e.topicId : null, actorId: viewer.id });
      if (moved || (change.fields.includes('hidden') && thread.hidden)) await this.events.emit(manager, 'thread.access-changed', { threadId: thread.id });
      return Thread.fromEntity(thread);
    });
  }

  // ---------------------------------------------------------------- live chat

  /**
   * Hides a live chat message (MODERATOR, ADMIN, or a host of its session: `RecordRules.canHideLiveMessage`)
   * or shows it again (MODERATOR and ADMIN); the session's room is told, and a hidden message's
   * text leaves the room's stored events.
   */
  async setLiveMessageHidden(viewer: Viewer, messageId: string, hidden: boolean, rawReason: string | null): Promise<LiveMessage> {
    if (!hidden) this.mayModerate(viewer);
    const reason = checkReason(rawReason, hidden);
    return this.dataSource.transaction(async (manager) => {
      const { message, session } = await this.liveAccess.lockMessageForWrite(manager, viewer, messageId);
      if (hidden && !RecordRules.canHideLiveMessage(viewer, { hostIds: session.hostIds ?? [], topicId: session.topicId })) {
        throw new ForbiddenError('Only the hosts of the session, MODERATOR and ADMIN may hide its messages.');
      }
      if (!hidden) this.mayModerateIn(viewer, session.topicId);
      if (message.hidden === hidden) return LiveMessage.fromEntity(message);
      const after = await this.liveMessages.setMessageHidden(manager, message.id, hidden);
      await this.record(manager, viewer, {
        action: hidden ? ModerationActionKind.HIDE_LIVE_MESSAGE : ModerationActionKind.UNHIDE_LIVE_MESSAGE,
        targetType: FlagTarget.LIVE_MESSAGE,
        targetId: message.id,
        reason,
        details: { sessionId: session.id },
      });
      await this.events.emit(manager, 'live-message.hidden-changed', { message: after, hidden, actorId: viewer.id });
      return LiveMessage.fromEntity(after);
    });
  }

  // ---------------------------------------------------------------- users

  /** Suspends a user until `until` (in the future): their tokens and sockets stop working at once. */
  suspendUser(viewer: Viewer, userId: string, until: Date, rawReason: string): Promise<User> {
    const reason = checkReason(rawReason, true);
    if (!(until instanceof Date) || Number.isNaN(until.getTime()) || until.getTime() <= Date.now()) {
      throw new BadInputError('until must be a time in the future.', 'until');
    }
    return this.setSuspension(viewer, userId, until, reason);
  }

  unsuspendUser(viewer: Viewer, userId: string): Promise<User> {
    return this.setSuspension(viewer, userId, null, null);
  }

  private async setSuspension(viewer: Viewer, userId: string, until: Date | null, reason: string | null): Promise<User> {
    this.mayModerate(viewer);
    if (!RecordRules.canModerateUsers(viewer)) throw new ForbiddenError('Suspensions are for ADMIN and MODERATORs not limited to topics.');
    if (!isUuid(userId)) throw new NotFoundError('The user');
    return this.dataSource.transaction(async (manager) => {
      const target = await this.users.lockUser(manager, userId);
      if (!target) throw new NotFoundError('The user');
      if (!RecordRules.canSuspendUser(viewer, target)) throw new ForbiddenError('You may not suspend this user (staff suspend members and experts; only an ADMIN suspends a MODERATOR; nobody an ADMIN or themselves).');
      if (until === null && target.suspendedUntil === null) return User.fromEntity(target);
      const after = await this.users.setSuspension(manager, target.id, until);
      await this.record(manager, viewer, {
        action: until ? ModerationActionKind.SUSPEND_USER : ModerationActionKind.UNSUSPEND_USER,
        targetType: FlagTarget.USER,
        targetId: target.id,
        reason,
        details: { before: target.suspendedUntil ? new Date(target.suspendedUntil).toISOString() : null, until: until ? until.toISOString() : null },
      });
      return User.fromEntity(after!);
    });
  }

  // ---------------------------------------------------------------- helpers

  private mayModerate(viewer: Viewer): void {
    if (!RecordRules.canModerateContent(viewer)) throw new ForbiddenError('Only MODERATOR and ADMIN may moderate.');
  }

  /** After the record was found visible: FORBIDDEN unless the viewer moderates its topic (a topic-limited MODERATOR elsewhere). */
  private mayModerateIn(viewer: Viewer, topicId: string): void {
    if (!RecordRules.canModerateIn(viewer, topicId)) throw new ForbiddenError('You moderate other topics: here you act as a member.');
  }

  private record(manager: EntityManager, viewer: Viewer, entry: Omit<NewModerationAction, 'actorId'>): Promise<void> {
    return this.log.append(manager, { actorId: viewer.id, ...entry });
  }
}

interface ThreadChange {
  changes: Partial<Pick<ThreadEntity, 'locked' | 'pinned' | 'topicId' | 'hidden'>>;
  fields: ThreadModeratedField[];
  action: ModerationActionKind;
  reason: string | null;
  details?: Record<string, unknown>;
}
