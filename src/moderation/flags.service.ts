import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { RecordRules } from '../access/record-rules';
import { Viewer } from '../access/viewer';
import { PostAccess } from '../forum/posts/post-access.service';
import { PostEntity } from '../forum/posts/post.entity';
import { PostsRepository } from '../forum/posts/posts.repository';
import { ThreadAccess } from '../forum/threads/thread-access.service';
import { ThreadEntity } from '../forum/threads/thread.entity';
import { ThreadWriteQueue } from '../forum/threads/thread-write-queue';
import { ThreadsRepository } from '../forum/threads/threads.repository';
import { UsersService } from '../identity/users/users.service';
import { LiveMessageEntity } from '../live-sessions/live-message.entity';
import { LiveSessionAccess } from '../live-sessions/live-session-access.service';
import { LiveMessagesRepository } from '../live-sessions/live-messages.repository';
import { AppConfig } from '../platform/config/app-config';
import { APP_CONFIG } from '../platform/config/config.module';
import { BadInputError, ConflictError, ForbiddenError, NotFoundError, RateLimitedError, EmailNotVerifiedError } from '../platform/errors/domain-errors';
import { DomainEventBus } from '../platform/events/domain-event-bus';
import { Connection } from '../platform/graphql/pagination/connection.types';
import { isUuid } from '../platform/validation/uuid';
import { FLAG_NOTE_MAX, FlagContentInput, ModerationQueueArgs } from './dto/flag-content.input';
import { Flag } from './flag.type';
import { FlagsRepository } from './flags.repository';
import { ModerationLogRepository } from './moderation-log.repository';
import { FlagStatus, FlagTarget, ModerationActionKind } from './moderation.enums';
import { checkReason } from './moderation.service';
import { targetTopicSql } from './moderation-targets';

/** The content a target holds (a reply, a chat message or a thread); null for a user. */
const contentOf = (t: Target): { hidden: boolean } | null => t.post ?? t.message ?? t.thread;

/** Flags a user may make in 24 hours. */
export const FLAGS_PER_DAY = 20;
const DAY_MS = 24 * 3600 * 1000;

/** The flagged content, locked for the transaction (threads, posts and live chat messages; a user has none). */
interface Target {
  thread: ThreadEntity | null;
  post: PostEntity | null;
  message?: LiveMessageEntity | null;
}

const NO_CONTENT: Target = { thread: null, post: null, message: null };

/**
 * Flags and their review. A flag is made once per user and target, at most FLAGS_PER_DAY a day
 * (counted from the rows), only on what the flagger may see; FLAG_AUTO_HIDE_THRESHOLD distinct
 * open flags hide a thread, reply or live chat message at once pending review (logged as AUTO_HIDE, the author
 * notified). `resolveFlag` resolves every open flag of the target: upholding keeps or makes
 * it hidden; rejecting shows again content that only flags hid (its last hide was AUTO_HIDE).
 */
@Injectable()
export class FlagsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly flags: FlagsRepository,
    private readonly threadAccess: ThreadAccess,
    private readonly postAccess: PostAccess,
    private readonly threads: ThreadsRepository,
    private readonly posts: PostsRepository,
    private readonly users: UsersService,
    private readonly liveAccess: LiveSessionAccess,
    private readonly liveMessages: LiveMessagesRepository,
    private readonly log: ModerationLogRepository,
    private readonly events: DomainEventBus,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly turns: ThreadWriteQueue,
  ) {}

  async flag(viewer: Viewer, input: FlagContentInput): Promise<Flag> {
    if (!RecordRules.canContribute(viewer)) throw new EmailNotVerifiedError();
    const note = input.note?.trim() || null;
    if (note && note.length > FLAG_NOTE_MAX) throw new BadInputError(`note must be at most ${FLAG_NOTE_MAX} characters`, 'note');
    // a flagged user is checked before the transaction: on the embedded database a transaction
    // must never wait on a second connection
    if (input.targetType === FlagTarget.USER) {
      const user = isUuid(input.targetId) ? await this.users.findById(input.targetId) : null;
      if (!user) throw new NotFoundError('The user');
      if (user.id === viewer.id) throw new BadInputError('You cannot flag yourself.', 'targetId');
    }
    // a flag locks its thread's row like a reply: it waits for the thread's turn (`ThreadWriteQueue`)
    const threadId = await this.threadOf(input.targetType, input.targetId);
    const record = () => this.dataSource.transaction(async (manager) => {
      const target = await this.lockTarget(manager, viewer, input.targetType, input.targetId, threadId);
      await this.flags.lockReporter(manager, viewer.id);
      const recent = await this.flags.recentByReporter(manager, viewer.id);
      if (recent.count >= FLAGS_PER_DAY) {
        const retry = recent.oldest ? (recent.oldest.getTime() + DAY_MS - Date.now()) / 1000 : 60;
        throw new RateLimitedError(retry, `At most ${FLAGS_PER_DAY} flags a day.`);
      }
      const flag = await this.flags.insert(manager, { targetType: input.targetType, targetId: input.targetId, reason: input.reason, note, reporterId: viewer.id });
      if (!flag) throw new ConflictError('You already flagged this.');
      const count = await this.flags.openCount(manager, input.targetType, input.targetId);
      const content = contentOf(target);
      if (content && !content.hidden && count >= this.config.flagAutoHideThreshold) {
        await this.setHidden(manager, target, true, null);
        await this.log.append(manager, { actorId: null, action: ModerationActionKind.AUTO_HIDE, targetType: input.targetType, targetId: input.targetId, reason: `${count} flags`, details: { flags: count } });
        await this.notifyAuthor(manager, target, null);
      }
      return Flag.fromEntity(flag, count);
    });
    return threadId === null ? record() : this.turns.inTurn(threadId, viewer.id, record);
  }

  /** The thread whose row a flag on this target locks (null: none, or no such target: `lockTarget` says NOT_FOUND). */
  private async threadOf(type: FlagTarget, id: string): Promise<string | null> {
    if (!isUuid(id)) return null;
    if (type === FlagTarget.THREAD) return id;
    if (type === FlagTarget.POST) return this.posts.threadIdOf(this.dataSource.manager, id);
    return null;
  }

  /** The queue; a topic-limited MODERATOR sees the targets in their topics only (no USER flags). */
  queue(viewer: Viewer, args: ModerationQueueArgs): Promise<Connection<Flag>> {
    if (!RecordRules.canModerateContent(viewer)) throw new ForbiddenError('Only MODERATOR and ADMIN review flags.');
    const scope = RecordRules.moderatesInPredicate(viewer, targetTopicSql('f'));
    return this.flags.queue(args.status ?? FlagStatus.OPEN, args, (row, n) => Flag.fromEntity(row, n), scope);
  }

  async resolve(viewer: Viewer, flagId: string, uphold: boolean, rawNote: string | null | undefined): Promise<Flag> {
    if (!RecordRules.canModerateContent(viewer)) throw new ForbiddenError('Only MODERATOR and ADMIN review flags.');
    const note = checkReason(rawNote, false);
    if (!isUuid(flagId)) throw new NotFoundError('The flag');
    return this.dataSource.transaction(async (manager) => {
      const peek = await this.flags.findById(manager, flagId);
      if (!peek) throw new NotFoundError('The flag');
      if (!RecordRules.canModerateIn(viewer, await this.flags.targetTopicId(manager, peek.id))) {
        // a topic-limited MODERATOR outside their topics: what a member gets (NOT_FOUND for a target they may not see)
        if (peek.targetType !== FlagTarget.USER) {
          await this.lockTarget(manager, viewer, peek.targetType, peek.targetId).catch((err: unknown) => {
            throw err instanceof NotFoundError || err instanceof BadInputError ? new NotFoundError('The flag') : err;
          });
        }
        throw new ForbiddenError('This flag is about something outside the topics you moderate.');
      }
      // Content first, then the flag (the order `flag` uses).
      // A target since deleted (or a user) has no content to hide or show.
      const target = await this.lockTarget(manager, viewer, peek.targetType, peek.targetId).catch((err: unknown) => {
        if (err instanceof NotFoundError || err instanceof BadInputError) return { ...NO_CONTENT };
        throw err;
      });
      const flag = await this.flags.lock(manager, flagId);
      if (!flag) throw new NotFoundError('The flag');
      if (flag.status !== FlagStatus.OPEN) return Flag.fromEntity(flag);
      const status = uphold ? FlagStatus.UPHELD : FlagStatus.REJECTED;
      const resolved = await this.flags.resolveOpen(manager, flag.targetType, flag.targetId, status, viewer.id, note);
      const content = contentOf(target);
      if (content && uphold) {
        if (!content.hidden) await this.setHidden(manager, target, true, viewer.id);
        await this.notifyAuthor(manager, target, viewer.id);
      } else if (content && !uphold && content.hidden && (await this.log.lastHideWasAuto(manager, flag.targetId))) {
        await this.setHidden(manager, target, false, viewer.id);
      }
      await this.log.append(manager, {
        actorId: viewer.id,
        action: uphold ? ModerationActionKind.UPHOLD_FLAGS : ModerationActionKind.REJECT_FLAGS,
        targetType: flag.targetType,
        targetId: flag.targetId,
        reason: note,
        details: { flags: resolved },
      });
      return Flag.fromEntity((await this.flags.findById(manager, flag.id))!, resolved);
    });
  }

  /** The target as the viewer may see it, locked; NOT_FOUND otherwise. `threadId`: a post's thread, already read (`threadOf`). */
  private async lockTarget(manager: EntityManager, viewer: Viewer, type: FlagTarget, id: string, threadId: string | null = null): Promise<Target> {
    switch (type) {
      case FlagTarget.THREAD:
        return { thread: await this.threadAccess.lockVisible(manager, viewer, id), post: null };
      case FlagTarget.POST: {
        const { post, thread } = await this.postAccess.lockForWrite(manager, viewer, id, { threadId: threadId ?? undefined });
        return { thread, post };
      }
      case FlagTarget.LIVE_MESSAGE: {
        const { message } = await this.liveAccess.lockMessageForWrite(manager, viewer, id);
        return { thread: null, post: null, message };
      }
      case FlagTarget.USER:
        // checked before the transaction (see flag())
        return { ...NO_CONTENT };
      default:
        throw new BadInputError('This kind of target cannot be flagged.', 'targetType');
    }
  }

  private async setHidden(manager: EntityManager, target: Target, hidden: boolean, actorId: string | null): Promise<void> {
    if (target.post) {
      const post = await this.posts.setHidden(manager, target.post.id, hidden);
      target.post = post;
      await this.events.emit(manager, 'post.hidden-changed', { post, thread: target.thread!, hidden, actorId });
    } else if (target.message) {
      const message = await this.liveMessages.setMessageHidden(manager, target.message.id, hidden);
      target.message = message;
      await this.events.emit(manager, 'live-message.hidden-changed', { message, hidden, actorId });
    } else if (target.thread) {
      const thread = await this.threads.setModerated(manager, target.thread.id, { hidden });
      target.thread = thread;
      await this.events.emit(manager, 'thread.moderated', { thread, changed: ['hidden'], previousTopicId: null, actorId });
      if (hidden) await this.events.emit(manager, 'thread.access-changed', { threadId: thread.id });
    }
  }

  private async notifyAuthor(manager: EntityManager, target: Target, actorId: string | null): Promise<void> {
    if (target.post) {
      await this.events.emit(manager, 'content.flagged-hidden', { targetType: 'POST', authorId: target.post.authorId, threadId: target.post.threadId, sessionId: null, actorId });
    } else if (target.message) {
      await this.events.emit(manager, 'content.flagged-hidden', { targetType: 'LIVE_MESSAGE', authorId: target.message.authorId, threadId: null, sessionId: target.message.sessionId, actorId });
    } else if (target.thread) {
      await this.events.emit(manager, 'content.flagged-hidden', { targetType: 'THREAD', authorId: target.thread.authorId, threadId: null, sessionId: null, actorId });
    }
  }
}
