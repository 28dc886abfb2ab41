import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { RecordRules } from '../../access/record-rules';
import { VisibilityScope } from '../../access/roles';
import { Viewer } from '../../access/viewer';
import { BadInputError, ForbiddenError, LockedError, NotFoundError, EmailNotVerifiedError } from '../../platform/errors/domain-errors';
import { DomainEventBus } from '../../platform/events/domain-event-bus';
import { isUuid } from '../../platform/validation/uuid';
import { LoaderRegistry } from '../../platform/graphql/loaders';
import { TopicsRepository } from '../topics/topics.repository';
import { idempotentCreate } from '../content/idempotent-create';
import { normalizeLanguage } from '../content/language';
import { renderMarkdown } from '../content/markdown';
import { requestHash } from '../content/request-hash';
import { normalizeTags } from '../content/tags';
import { BODY_MAX, CreateThreadInput, TITLE_MAX, TITLE_MIN, UpdateThreadInput } from './dto/create-thread.input';
import { VisibilityInput } from './dto/visibility.input';
import { ThreadKind } from './thread-kind.enum';
import { ThreadAccess } from './thread-access.service';
import { ThreadEntity } from './thread.entity';
import { Thread } from './thread.type';
import { NewThreadRow, ThreadEdit, ThreadsRepository } from './threads.repository';
import { PostingLimits } from './posting-limits.service';
import type { ThreadEditedField } from '../forum.events';
import { normalizeTitle } from '../content/title';

/** A thread to insert, already validated and normalized (API and demo seed share this path); rendered on insert. */
export type NewThread = Omit<NewThreadRow, 'bodyHtml'>;

export const checkTitle = (raw: string): string => normalizeTitle(raw, TITLE_MIN, TITLE_MAX);

export function checkBody(raw: string, field = 'body'): string {
  const body = raw.replace(/\s+$/, '');
  if (body.trim().length === 0 || body.length > BODY_MAX) throw new BadInputError(`${field} must be 1 to ${BODY_MAX} characters`, field);
  return body;
}

@Injectable()
export class ThreadsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly threads: ThreadsRepository,
    private readonly topics: TopicsRepository,
    private readonly access: ThreadAccess,
    private readonly events: DomainEventBus,
    private readonly limits: PostingLimits,
  ) {}

  // ---------------------------------------------------------------- create

  async create(viewer: Viewer, input: CreateThreadInput): Promise<Thread> {
    if (!RecordRules.canContribute(viewer)) throw new EmailNotVerifiedError();
    if (input.kind === ThreadKind.ANNOUNCEMENT && !RecordRules.canPostAnnouncement(viewer, input)) throw new ForbiddenError('Only MODERATOR and ADMIN (of this topic) post announcements.');
    const visibility = this.checkVisibility(viewer, input.visibility, input.topicId);
    const data: NewThread = {
      kind: input.kind,
      title: checkTitle(input.title),
      body: checkBody(input.body),
      authorId: viewer.id,
      topicId: input.topicId,
      tags: normalizeTags(input.tags),
      ...visibility,
      language: normalizeLanguage(input.language),
    };
    const key = input.idempotencyKey ?? null;
    if (key !== null) {
      const { authorId: _a, ...payload } = data;
      data.idempotencyKey = key;
      data.requestHash = requestHash(payload as unknown as Record<string, unknown>);
    }
    return idempotentCreate<ThreadEntity, Thread>(this.dataSource, {
      key,
      hash: data.requestHash ?? null,
      subject: 'The thread',
      findExisting: (m) => this.threads.findByIdempotencyKey(m, viewer.id, key ?? ''),
      claim: () => this.limits.claimPost(viewer, data.body, key),
      create: async (manager) => {
        if (!isUuid(data.topicId) || !(await this.topics.exists(manager, data.topicId))) throw new NotFoundError('The topic');
        if (await this.limits.lockThreadQuota(manager, viewer)) {
          // a concurrent retry of this key committed while we waited for the lock: a replay, never refused
          const again = key === null ? null : await this.threads.findByIdempotencyKey(manager, viewer.id, key);
          if (again) return { entity: again, created: false };
          await this.limits.assertThreadQuota(manager, viewer);
        }
        const { entity, created } = await this.insertThread(manager, data);
        if (!created) return { entity, created };
        await this.events.emit(manager, 'thread.created', { thread: entity, actorId: viewer.id });
        return { entity, created, result: Thread.fromEntity(entity) };
      },
      stillVisible: async (_m, e) => this.access.isVisibleTo(viewer, e),
      present: Thread.fromEntity,
    });
  }

  /**
   * Inserts a thread with its counters (topic counts, author watching) in the caller's
   * transaction; emits nothing (the demo seed uses it too). With an idempotency key already
   * used by this author, inserts nothing and returns the existing row (`created: false`).
   */
  async insertThread(manager: EntityManager, t: NewThread): Promise<{ entity: ThreadEntity; created: boolean }> {
    const inserted = await this.threads.insert(manager, { ...t, bodyHtml: renderMarkdown(t.body) });
    if (!inserted.created) return inserted;
    await this.topics.adjustThreadCounts(manager, t.topicId, +1);
    await this.threads.addWatcher(manager, inserted.entity.id, t.authorId);
    return inserted;
  }

  /**
   * PUBLIC (default) and MEMBERS for anyone signed in. SECTORS needs at least one sector;
   * MODERATOR and ADMIN may name any sectors, everyone else only their own (approved) sector,
   * so nobody opens a restricted space for a sector they do not belong to.
   */
  private checkVisibility(viewer: Viewer, input: VisibilityInput | null | undefined, topicId: string): Pick<NewThread, 'visibilityScope' | 'visibilitySectors'> {
    const scope = input?.scope ?? VisibilityScope.PUBLIC;
    const sectors = [...new Set(input?.sectors ?? [])].sort();
    if (scope !== VisibilityScope.SECTORS) {
      if (sectors.length) throw new BadInputError('visibility.sectors is only for the SECTORS scope.', 'visibility');
      return { visibilityScope: scope, visibilitySectors: [] };
    }
    if (!sectors.length) throw new BadInputError('A SECTORS thread needs at least one sector.', 'visibility');
    if (!RecordRules.canRestrictToSectors(viewer, sectors, { topicId })) {
      if (!viewer.sector) throw new ForbiddenError('Only members with an approved organization membership may post sector-restricted threads.');
      throw new ForbiddenError(`You may restrict a thread to your own sector (${viewer.sector}) only.`);
    }
    return { visibilityScope: scope, visibilitySectors: sectors };
  }

  // ---------------------------------------------------------------- update, watch

  /** Author, MODERATOR or ADMIN; locked threads only by staff. Sets editedAt when something changed. */
  async update(viewer: Viewer, id: string, input: UpdateThreadInput): Promise<Thread> {
    return this.dataSource.transaction(async (manager) => {
      const e = await this.access.lockVisible(manager, viewer, id);
      if (!RecordRules.canEditContent(viewer, e)) throw new ForbiddenError('Only the author, a MODERATOR or an ADMIN may edit this thread.');
      if (e.locked && !RecordRules.canWriteWhenLocked(viewer, e)) throw new LockedError();
      const changes: ThreadEdit = {};
      const fields: ThreadEditedField[] = [];
      if (input.title !== undefined && input.title !== null) {
        const title = checkTitle(input.title);
        if (title !== e.title) {
          changes.title = title;
          fields.push('title');
        }
      }
      if (input.body !== undefined && input.body !== null) {
        const body = checkBody(input.body);
        if (body !== e.body) {
          changes.body = body;
          changes.bodyHtml = renderMarkdown(body);
          fields.push('body');
        }
      }
      if (input.tags !== undefined && input.tags !== null) {
        const tags = normalizeTags(input.tags);
        if (tags.join(',') !== e.tags.join(',')) {
          changes.tags = tags;
          fields.push('tags');
        }
      }
      if (input.topicId !== undefined && input.topicId !== null && input.topicId !== e.topicId) {
        if (!isUuid(input.topicId) || !(await this.topics.exists(manager, input.topicId))) throw new NotFoundError('The topic');
        if (!RecordRules.canEditThreadTopic(viewer, e, input.topicId)) throw new ForbiddenError('Only its author, or a moderator of both topics, may move this thread.');
        await this.topics.adjustThreadCounts(manager, e.topicId, -1);
        await this.topics.adjustThreadCounts(manager, input.topicId, +1);
        changes.topicId = input.topicId;
        fields.push('topicId');
      }
      if (!fields.length) return Thread.fromEntity(e);
      const thread = await this.threads.edit(manager, e.id, changes);
      await this.events.emit(manager, 'thread.edited', { thread, previousBody: changes.body !== undefined ? e.body : null, changed: fields, actorId: viewer.id });
      return Thread.fromEntity(thread);
    });
  }

  async setWatching(viewer: Viewer, threadId: string, watching: boolean): Promise<Thread> {
    return this.dataSource.transaction(async (manager) => {
      const thread = await this.access.findVisible(viewer, threadId, manager);
      if (!thread) throw new NotFoundError('The thread');
      if (watching) await this.threads.addWatcher(manager, thread.id, viewer.id);
      else await this.threads.removeWatcher(manager, thread.id, viewer.id);
      return thread;
    });
  }

  /** Whether the viewer watches the thread (false when anonymous), batched per request. */
  viewerWatching(loaders: LoaderRegistry, viewer: Viewer | null, threadId: string): Promise<boolean> {
    if (!viewer) return Promise.resolve(false);
    return loaders
      .get<string, boolean>(`thread.watching:${viewer.id}`, async (ids) => {
        const watched = await this.threads.watchedAmong(viewer.id, ids);
        return ids.map((id) => watched.has(id));
      })
      .load(threadId);
  }
}
