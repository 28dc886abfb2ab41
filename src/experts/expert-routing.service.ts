import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { RecordRules } from '../access/record-rules';
import { isSuspended, Viewer } from '../access/viewer';
import type { PostCreatedEvent } from '../forum/forum.events';
import { ThreadKind } from '../forum/threads/thread-kind.enum';
import { Thread } from '../forum/threads/thread.type';
import { ThreadAccess } from '../forum/threads/thread-access.service';
import { ThreadsRepository } from '../forum/threads/threads.repository';
import { ViewerService } from '../identity/auth/viewer.service';
import { UsersService } from '../identity/users/users.service';
import { AppConfig } from '../platform/config/app-config';
import { APP_CONFIG } from '../platform/config/config.module';
import { BadInputError, ConflictError, ForbiddenError, LockedError, NotFoundError, RateLimitedError, EmailNotVerifiedError } from '../platform/errors/domain-errors';
import { uniqueViolation } from '../platform/errors/pg-errors';
import { DomainEventBus } from '../platform/events/domain-event-bus';
import { OnDomainEvent } from '../platform/events/on-domain-event.decorator';
import { Connection, ConnectionArgs } from '../platform/graphql/pagination/connection.types';
import { pageSize } from '../platform/graphql/pagination/keyset';
import { countriesInTags } from './country-tags';
import { EXPERT_LIMITS } from './expert-limits';
import { ExpertProfile } from './expert-profile.type';
import { ExpertAsksRepository } from './expert-asks.repository';
import { ExpertProfilesRepository } from './expert-profiles.repository';
import { ExpertStatus } from './expert-status.enum';
import { primaryLanguage } from './experts.service';

/** Candidates whose access is checked at once (one viewer query and one thread read per chunk). */
const ACCESS_CHUNK = 200;

/** Serializes one asker's asks (transaction-scoped advisory lock), so the daily cap is exact under concurrency. */
const ASKER_LOCK = 'expert-ask:';

/**
 * Routing questions to experts: `suggestedExperts` (ranked, each candidate checked as a viewer
 * of the thread), `askExpert` (limits from durable rows, exact across instances) and
 * `questionsForMe`; and, on every reply, the expert's first reply after an ask
 * (responsiveness).
 */
@Injectable()
export class ExpertRoutingService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly profiles: ExpertProfilesRepository,
    private readonly asks: ExpertAsksRepository,
    private readonly threads: ThreadAccess,
    private readonly threadRows: ThreadsRepository,
    private readonly viewers: ViewerService,
    private readonly users: UsersService,
    private readonly events: DomainEventBus,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Experts to ask about a QUESTION the viewer may see (NOT_FOUND otherwise), best first (see
   * `ExpertProfilesRepository.rankForThread`); never the question's author nor the viewer, and
   * never an expert who may not see the thread (each candidate's current Viewer is checked with
   * `ThreadAccess.canViewMany`).
   */
  async suggest(viewer: Viewer | null, threadId: string, rawFirst: number | null | undefined): Promise<ExpertProfile[]> {
    const S = EXPERT_LIMITS.suggestions;
    const first = rawFirst ?? S.default;
    if (!Number.isInteger(first) || first < 0 || first > S.max) throw new BadInputError(`first must be between 0 and ${S.max}.`, 'first');
    const thread = await this.threads.findVisible(viewer, threadId);
    if (!thread) throw new NotFoundError('The thread');
    if (thread.kind !== ThreadKind.QUESTION) throw new BadInputError('Experts are suggested for QUESTION threads only.', 'threadId');
    if (first === 0) return [];
    const asker = await this.users.findById(thread.authorId);
    const countries = [...new Set([...countriesInTags(thread.tags), ...(asker?.country ? [asker.country] : [])])];
    const ranked = await this.profiles.rankForThread({
      topicId: thread.topicId,
      language: primaryLanguage(thread.language),
      countries,
      excludeUserIds: [thread.authorId, ...(viewer ? [viewer.id] : [])],
      responsivenessDays: EXPERT_LIMITS.responsiveness.days,
      responsivenessMinAsks: EXPERT_LIMITS.responsiveness.minAsks,
    });
    const chosen: string[] = [];
    for (let i = 0; i < ranked.length && chosen.length < first; i += ACCESS_CHUNK) {
      const chunk = ranked.slice(i, i + ACCESS_CHUNK);
      const viewers = await this.viewers.byUserIds(chunk.map((c) => c.user_id));
      const present = chunk.filter((c) => viewers.has(c.user_id));
      const visible = await this.threads.canViewMany(present.map((c) => viewers.get(c.user_id)!), thread.id);
      for (const [j, c] of present.entries()) if (visible[j] && chosen.length < first) chosen.push(c.id);
    }
    if (!chosen.length) return [];
    const rows = new Map((await this.profiles.findByIds(chosen)).map((r) => [r.id, r]));
    return chosen.filter((id) => rows.has(id)).map((id) => ExpertProfile.fromRow(rows.get(id)!));
  }

  /**
   * Asks an expert (profile id or user id) to answer a QUESTION thread; they get an
   * EXPERT_REQUEST notification. In order: NOT_FOUND when the viewer may not see the thread or
   * the expert's profile; BAD_USER_INPUT for a thread that is not a QUESTION, for oneself, the
   * question's author, an expert who is not VERIFIED, not available, suspended, or who may not
   * see the thread; LOCKED for a locked thread; CONFLICT when this expert was already asked
   * about this thread; RATE_LIMITED (with retryAfterSeconds) past 3 asks about the thread or 10
   * asks by the viewer in 24 hours.
   */
  async ask(viewer: Viewer, threadId: string, expertId: string): Promise<boolean> {
    if (!RecordRules.canContribute(viewer)) throw new EmailNotVerifiedError();
    const A = EXPERT_LIMITS.asks;
    try {
      return await this.dataSource.transaction(async (manager) => {
        // the asker first, then the thread: every ask takes its locks in this order
        await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [ASKER_LOCK + viewer.id]);
        const thread = await this.threads.lockVisible(manager, viewer, threadId);
        if (thread.kind !== ThreadKind.QUESTION) throw new BadInputError('Experts can be asked about QUESTION threads only.', 'threadId');
        const profile = await this.profiles.findByIdOrUserId(manager, expertId);
        if (!profile || !RecordRules.canSeeExpertProfile(viewer, { userId: profile.user_id, status: profile.status })) throw new NotFoundError('The expert');
        if (!RecordRules.canAskExpert(viewer, { userId: profile.user_id })) throw new BadInputError('You cannot ask yourself.', 'expertId');
        if (profile.user_id === thread.authorId) throw new BadInputError('This expert wrote the question.', 'expertId');
        if (profile.status !== ExpertStatus.VERIFIED) throw new BadInputError('Only VERIFIED experts can be asked.', 'expertId');
        if (!profile.available_for_questions) throw new BadInputError('This expert is not taking questions at the moment.', 'expertId');
        const expert = await this.viewers.byUserId(profile.user_id, manager);
        if (!expert || isSuspended(expert)) throw new BadInputError('This expert is not taking questions at the moment.', 'expertId');
        // the asker sees the thread, so saying that the expert does not reveals nothing to them
        const [expertSees] = await this.threads.canViewMany([expert], thread.id, manager);
        if (!expertSees) throw new BadInputError('This expert cannot see the thread (its visibility does not include them).', 'expertId');
        if (thread.locked) throw new LockedError('This thread is locked: an expert could not answer it.');
        if (await this.asks.exists(manager, thread.id, profile.user_id)) throw new ConflictError('This expert was already asked about this thread.');
        const perThread = await this.asks.window(manager, 'thread', thread.id, A.windowSeconds);
        if (perThread.count >= A.perThread) {
          throw new RateLimitedError(perThread.secondsUntilOldestExpires, `A thread may have at most ${A.perThread} expert asks in 24 hours; try again later.`);
        }
        if (this.config.rateLimitsEnabled) {
          const perAsker = await this.asks.window(manager, 'asker', viewer.id, A.windowSeconds);
          if (perAsker.count >= A.perAsker) {
            throw new RateLimitedError(perAsker.secondsUntilOldestExpires, `You may ask experts at most ${A.perAsker} times in 24 hours; try again later.`);
          }
        }
        const askId = await this.asks.insert(manager, { threadId: thread.id, expertId: profile.user_id, askerId: viewer.id });
        await this.events.emit(manager, 'expert.asked', { askId, threadId: thread.id, expertId: profile.user_id, actorId: viewer.id });
        return true;
      });
    } catch (err) {
      if (uniqueViolation(err) === 'expert_asks_thread_expert_key') throw new ConflictError('This expert was already asked about this thread.');
      throw err;
    }
  }

  /**
   * The viewer's routed questions (a VERIFIED expert only: FORBIDDEN otherwise): see
   * `ExpertAsksRepository.questionsFor`. Threads are read through the forum's repository.
   */
  async questionsFor(viewer: Viewer, args: ConnectionArgs): Promise<Connection<Thread>> {
    const first = pageSize(args);
    const own = (await this.profiles.findByUserIds([viewer.id]))[0];
    if (!own || own.status !== ExpertStatus.VERIFIED) throw new ForbiddenError('Questions are routed to VERIFIED experts only: apply with applyAsExpert.');
    const languages = [...new Set(own.languages.map(primaryLanguage))];
    const page = await this.asks.questionsFor(viewer, { profileId: own.id, languages }, first, args.after ?? null);
    const ids = page.edges.map((e) => e.node.id);
    const threads = new Map((ids.length ? await this.threadRows.findByIds(ids) : []).map((t) => [t.id, t]));
    return {
      ...page,
      edges: page.edges.filter((e) => threads.has(e.node.id)).map((e) => ({ cursor: e.cursor, node: Thread.fromEntity(threads.get(e.node.id)!) })),
    };
  }

  /**
   * A reply: if its author was asked about the thread and had not replied yet, this is the first
   * reply (responsiveness). Experts are asked about QUESTION threads only, and a thread's kind
   * never changes: a reply elsewhere has no ask to look for.
   */
  @OnDomainEvent('post.created')
  async onReply({ post, thread }: PostCreatedEvent, manager: EntityManager): Promise<void> {
    if (thread.kind !== ThreadKind.QUESTION) return;
    await this.asks.recordReply(manager, thread.id, post.authorId, new Date(post.createdAt));
  }
}
