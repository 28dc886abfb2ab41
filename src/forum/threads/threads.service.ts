import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { isStaff, Sector, VisibilityScope } from '../../access/roles';
import { Viewer } from '../../access/viewer';
import { BadInputError, ForbiddenError, LockedError, NotFoundError } from '../../platform/errors/domain-errors';
import { LoaderRegistry } from '../../platform/graphql/loaders';
import { rooms, RoomEventsService } from '../../outbox/room-events.service';
import { TopicsService } from '../topics/topics.service';
import { idempotentCreate } from '../content/idempotent-create';
import { normalizeLanguage } from '../content/language';
import { renderMarkdown } from '../content/markdown';
import { requestHash } from '../content/request-hash';
import { normalizeTags } from '../content/tags';
import { BODY_MAX, CreateThreadInput, TITLE_MAX, TITLE_MIN, UpdateThreadInput } from './dto/create-thread.input';
import { VisibilityInput } from './dto/visibility.input';
import { ForumNotifier } from './forum-notifier.service';
import { ThreadKind } from './thread-kind.enum';
import { ThreadAccess } from './thread-access.service';
import { ThreadEntity } from './thread.entity';
import { Thread } from './thread.type';

export type { ThreadAccessFields } from './thread-access.service';

/** A thread to insert, already validated and normalized (API and demo seed share this path). */
export interface NewThread {
  kind: ThreadKind;
  title: string;
  body: string;
  authorId: string;
  topicId: string;
  tags: string[];
  visibilityScope: VisibilityScope;
  visibilitySectors: Sector[];
  language: string;
  pinned?: boolean;
  idempotencyKey?: string | null;
  requestHash?: string | null;
  createdAt?: Date | null;
}

export function checkTitle(raw: string): string {
  const title = raw.trim().replace(/\s+/g, ' ');
  if (title.length < TITLE_MIN || title.length > TITLE_MAX) throw new BadInputError(`title must be ${TITLE_MIN} to ${TITLE_MAX} characters`, 'title');
  return title;
}

export function checkBody(raw: string, field = 'body'): string {
  const body = raw.replace(/\s+$/, '');
  if (body.trim().length === 0 || body.length > BODY_MAX) throw new BadInputError(`${field} must be 1 to ${BODY_MAX} characters`, field);
  return body;
}

@Injectable()
export class ThreadsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly topics: TopicsService,
    private readonly roomEvents: RoomEventsService,
    private readonly notifier: ForumNotifier,
    private readonly access: ThreadAccess,
  ) {}

  // ---------------------------------------------------------------- create

  async create(viewer: Viewer, input: CreateThreadInput): Promise<Thread> {
    if (input.kind === ThreadKind.ANNOUNCEMENT && !isStaff(viewer.role)) throw new ForbiddenError('Only MODERATOR and ADMIN post announcements.');
    const visibility = this.checkVisibility(viewer, input.visibility);
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
      findExisting: (m) => m.getRepository(ThreadEntity).findOne({ where: { authorId: viewer.id, idempotencyKey: key ?? '' } }),
      create: async (manager) => {
        if (!(await this.topics.existsIn(manager, data.topicId))) throw new NotFoundError('The topic');
        const { entity, created } = await this.insertThread(manager, data);
        if (!created) return { entity, created };
        await this.notifier.mentions(manager, { body: entity.body, actorId: viewer.id, threadId: entity.id });
        return { entity, created, result: Thread.fromEntity(entity) };
      },
      stillVisible: async (_m, e) => this.access.isVisibleTo(viewer, e),
      present: Thread.fromEntity,
    });
  }

  /**
   * Inserts a thread with its counters (topic counts, author watching) in the caller's
   * transaction. With an idempotency key already used by this author, inserts nothing and
   * returns the existing row (`created: false`); concurrent retries wait on the unique index.
   */
  async insertThread(manager: EntityManager, t: NewThread): Promise<{ entity: ThreadEntity; created: boolean }> {
    const inserted: { id: string }[] = await manager.query(
      `INSERT INTO threads (kind, title, body, body_html, author_id, topic_id, tags, visibility_scope, visibility_sectors, language,
                            pinned, idempotency_key, request_hash, created_at, last_activity_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7::text[], $8, $9::sector[], $10, $11, $12, $13, coalesce($14::timestamptz, now()), coalesce($14::timestamptz, now()))
       ON CONFLICT (author_id, idempotency_key) DO NOTHING
       RETURNING id`,
      [
        t.kind, t.title, t.body, renderMarkdown(t.body), t.authorId, t.topicId, t.tags, t.visibilityScope, t.visibilitySectors, t.language,
        t.pinned ?? false, t.idempotencyKey ?? null, t.requestHash ?? null, t.createdAt ?? null,
      ],
    );
    const repo = manager.getRepository(ThreadEntity);
    if (!inserted.length) {
      return { entity: await repo.findOneOrFail({ where: { authorId: t.authorId, idempotencyKey: t.idempotencyKey ?? '' } }), created: false };
    }
    const id = inserted[0].id;
    await this.topics.adjustThreadCounts(manager, t.topicId, +1);
    await manager.query(`INSERT INTO thread_watchers (thread_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [id, t.authorId]);
    return { entity: await repo.findOneOrFail({ where: { id } }), created: true };
  }

  /**
   * PUBLIC (default) and MEMBERS for anyone signed in. SECTORS needs at least one sector;
   * MODERATOR and ADMIN may name any sectors, everyone else only their own (approved) sector,
   * so nobody opens a restricted space for a sector they do not belong to.
   */
  private checkVisibility(viewer: Viewer, input: VisibilityInput | null | undefined): Pick<NewThread, 'visibilityScope' | 'visibilitySectors'> {
    const scope = input?.scope ?? VisibilityScope.PUBLIC;
    const sectors = [...new Set(input?.sectors ?? [])].sort();
    if (scope !== VisibilityScope.SECTORS) {
      if (sectors.length) throw new BadInputError('visibility.sectors is only for the SECTORS scope.', 'visibility');
      return { visibilityScope: scope, visibilitySectors: [] };
    }
    if (!sectors.length) throw new BadInputError('A SECTORS thread needs at least one sector.', 'visibility');
    if (!isStaff(viewer.role)) {
      if (!viewer.sector) throw new ForbiddenError('Only members with an approved organization membership may post sector-restricted threads.');
      if (sectors.some((s) => s !== viewer.sector)) throw new ForbiddenError(`You may restrict a thread to your own sector (${viewer.sector}) only.`);
    }
    return { visibilityScope: scope, visibilitySectors: sectors };
  }

  // ---------------------------------------------------------------- update, watch

  /** Author, MODERATOR or ADMIN; locked threads only by staff. Sets editedAt when something changed. */
  async update(viewer: Viewer, id: string, input: UpdateThreadInput): Promise<Thread> {
    return this.dataSource.transaction(async (manager) => {
      const e = await this.access.lockVisible(manager, viewer, id);
      const staff = isStaff(viewer.role);
      if (e.authorId !== viewer.id && !staff) throw new ForbiddenError('Only the author, a MODERATOR or an ADMIN may edit this thread.');
      if (e.locked && !staff) throw new LockedError();
      const changes: Partial<ThreadEntity> = {};
      const fields: string[] = [];
      if (input.title !== undefined && input.title !== null) {
        const title = checkTitle(input.title);
        if (title !== e.title) {
          changes.title = title;
          fields.push('title');
        }
      }
      const previousBody = e.body;
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
        if (!(await this.topics.existsIn(manager, input.topicId))) throw new NotFoundError('The topic');
        await this.topics.adjustThreadCounts(manager, e.topicId, -1);
        await this.topics.adjustThreadCounts(manager, input.topicId, +1);
        changes.topicId = input.topicId;
        fields.push('topic');
      }
      if (!fields.length) return Thread.fromEntity(e);
      const [{ now }] = await manager.query(`SELECT now() AS now`);
      changes.editedAt = new Date(now);
      await manager.getRepository(ThreadEntity).update({ id: e.id }, changes);
      await this.roomEvents.append(manager, rooms.thread(e.id), 'thread.updated', { threadId: e.id, fields: [...fields, 'editedAt'] });
      if (changes.body) await this.notifier.mentions(manager, { body: changes.body, previousBody, actorId: viewer.id, threadId: e.id });
      return Thread.fromEntity(await manager.getRepository(ThreadEntity).findOneOrFail({ where: { id: e.id } }));
    });
  }

  async setWatching(viewer: Viewer, threadId: string, watching: boolean): Promise<Thread> {
    return this.dataSource.transaction(async (manager) => {
      const thread = await this.access.findVisible(viewer, threadId, manager);
      if (!thread) throw new NotFoundError('The thread');
      if (watching) {
        await manager.query(`INSERT INTO thread_watchers (thread_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [thread.id, viewer.id]);
      } else {
        await manager.query(`DELETE FROM thread_watchers WHERE thread_id = $1 AND user_id = $2`, [thread.id, viewer.id]);
      }
      return thread;
    });
  }

  /** Whether the viewer watches the thread (false when anonymous), batched per request. */
  viewerWatching(loaders: LoaderRegistry, viewer: Viewer | null, threadId: string): Promise<boolean> {
    if (!viewer) return Promise.resolve(false);
    return loaders
      .get<string, boolean>(`thread.watching:${viewer.id}`, async (ids) => {
        const rows: { thread_id: string }[] = await this.dataSource.query(
          `SELECT thread_id FROM thread_watchers WHERE user_id = $1 AND thread_id = ANY($2::uuid[])`,
          [viewer.id, ids],
        );
        const set = new Set(rows.map((r) => r.thread_id));
        return ids.map((id) => set.has(id));
      })
      .load(threadId);
  }
}
