import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AccessPolicy } from '../access/access-policy';
import { RecordRules } from '../access/record-rules';
import { Sector, VisibilityScope } from '../access/roles';
import { Viewer } from '../access/viewer';
import { normalizeLanguage } from '../forum/content/language';
import { renderMarkdown } from '../forum/content/markdown';
import { VisibilityInput } from '../forum/threads/dto/visibility.input';
import { ThreadKind } from '../forum/threads/thread-kind.enum';
import { ThreadsService } from '../forum/threads/threads.service';
import { TopicsRepository } from '../forum/topics/topics.repository';
import { ViewerService } from '../identity/auth/viewer.service';
import { changed, LiveStatusValues, rooms } from '../outbox/room-events';
import { RoomEventsService } from '../outbox/room-events.service';
import { BadInputError, ConflictError, ForbiddenError, NotFoundError } from '../platform/errors/domain-errors';
import { DomainEventBus } from '../platform/events/domain-event-bus';
import { Connection } from '../platform/graphql/pagination/connection.types';
import { isUuid } from '../platform/validation/uuid';
import {
  LiveSessionsArgs,
  ScheduleLiveSessionInput,
  SESSION_DESCRIPTION_MAX,
  SESSION_MAX_CAPACITY,
  SESSION_MAX_HOSTS,
  SESSION_MAX_HOURS,
  SESSION_TITLE_MAX,
  SESSION_TITLE_MIN,
  UpdateLiveSessionInput,
} from './dto/schedule-live-session.input';
import { archiveThreadContent } from './live-archive';
import { sessionResource, LiveSessionAccess, SessionAccessFields } from './live-session-access.service';
import { LiveQuestionOrder, LiveSessionStatus } from './live-session.enums';
import { LiveSessionEntity } from './live-session.entity';
import { LiveSession } from './live-session.type';
import { LiveSessionsRepository } from './live-sessions.repository';
import { normalizeTitle } from '../forum/content/title';

export const SUMMARY_MAX = 10_000;
export const SLOW_MODE_MAX = 300;

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

/**
 * Scheduling, RSVPs and the lifecycle of live sessions (SCHEDULED → LIVE → ENDED, SCHEDULED →
 * CANCELLED), slow mode and muting. Every change runs in one transaction that checks access
 * (`LiveSessionAccess`), asks `RecordRules`, writes through `LiveSessionsRepository`, appends
 * its room events and emits its domain events (notifications listen).
 */
@Injectable()
export class LiveSessionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly sessions: LiveSessionsRepository,
    private readonly access: LiveSessionAccess,
    private readonly topics: TopicsRepository,
    private readonly threads: ThreadsService,
    private readonly viewers: ViewerService,
    private readonly roomEvents: RoomEventsService,
    private readonly events: DomainEventBus,
  ) {}

  list(viewer: Viewer | null, args: LiveSessionsArgs): Promise<Connection<LiveSession>> {
    if (args.topicId && !isUuid(args.topicId)) throw new BadInputError('topicId is not a valid id.', 'topicId');
    return this.sessions.list(viewer, { status: args.status, topicId: args.topicId }, args).then((c) => ({ ...c, edges: c.edges.map((e) => ({ cursor: e.cursor, node: LiveSession.fromEntity(e.node) })) }));
  }

  // ---------------------------------------------------------------- schedule, update

  async schedule(viewer: Viewer, input: ScheduleLiveSessionInput): Promise<LiveSession> {
    if (!RecordRules.canScheduleLiveSession(viewer, input)) throw new ForbiddenError('Only experts, MODERATOR and ADMIN (of this topic) schedule live sessions.');
    const title = checkTitle(input.title);
    const description = checkDescription(input.description ?? '');
    const { start, end } = checkTimes(new Date(input.scheduledStartAt), new Date(input.scheduledEndAt));
    const capacity = checkCapacity(input.capacity);
    const visibility = checkVisibility(viewer, input.visibility, input.topicId);
    const hostIds = [viewer.id, ...(input.hostIds ?? []).map((id) => id.toLowerCase())].filter((id, i, all) => all.indexOf(id) === i);
    return this.dataSource.transaction(async (manager) => {
      if (!isUuid(input.topicId) || !(await this.topics.exists(manager, input.topicId))) throw new NotFoundError('The topic');
      await this.checkHosts(manager, viewer, hostIds, { ...visibility, createdById: viewer.id, topicId: input.topicId });
      const e = await this.sessions.insert(manager, {
        title,
        description,
        descriptionHtml: renderMarkdown(description),
        topicId: input.topicId,
        createdById: viewer.id,
        language: normalizeLanguage(input.language),
        scheduledStartAt: start,
        scheduledEndAt: end,
        capacity,
        ...visibility,
      });
      await this.sessions.setHosts(manager, e.id, hostIds);
      return LiveSession.fromEntity(e);
    });
  }

  /**
   * Hosts: the scheduler plus others, each a MODERATOR (of the session's topic), an ADMIN or a
   * VERIFIED expert (the expert network's review), and each able to see the session (a SECTORS
   * session's hosts are staff or in a listed sector).
   */
  private async checkHosts(manager: EntityManager, actor: Viewer, hostIds: string[], session: Pick<LiveSessionEntity, SessionAccessFields>): Promise<void> {
    if (hostIds.length > SESSION_MAX_HOSTS) throw new BadInputError(`At most ${SESSION_MAX_HOSTS} hosts.`, 'hostIds');
    if (!hostIds.every(isUuid)) throw new BadInputError('hostIds contains an invalid id.', 'hostIds');
    const viewers = await this.viewers.byUserIds(hostIds, manager);
    const verified = await this.sessions.verifiedExperts(manager, hostIds);
    for (const id of hostIds) {
      const host = viewers.get(id);
      const eligible = !!host && RecordRules.canHostLiveSession({ role: host.role, topicScope: host.topicScope, suspendedUntil: host.suspendedUntil, verifiedExpert: verified.has(id) }, session);
      if (!eligible) {
        if (id === actor.id) throw new ForbiddenError('Only VERIFIED experts, MODERATOR and ADMIN host live sessions.');
        throw new BadInputError('Every host must be a VERIFIED expert, a MODERATOR or an ADMIN.', 'hostIds');
      }
      if (!AccessPolicy.canView(host, sessionResource(session))) throw new BadInputError('Every host must be able to see the session (its sectors).', 'hostIds');
    }
  }

  async update(viewer: Viewer, id: string, input: UpdateLiveSessionInput): Promise<LiveSession> {
    return this.dataSource.transaction(async (manager) => {
      const e = await this.lockManaged(manager, viewer, id);
      if (e.status !== LiveSessionStatus.SCHEDULED) throw new BadInputError('Only a SCHEDULED session can be changed.', 'id');
      const changes: Partial<LiveSessionEntity> = {};
      const fields: (keyof LiveStatusValues)[] = [];
      if (input.title != null) changes.title = checkTitle(input.title);
      if (input.description != null) {
        changes.description = checkDescription(input.description);
        changes.descriptionHtml = renderMarkdown(changes.description);
      }
      if (input.scheduledStartAt != null || input.scheduledEndAt != null) {
        const { start, end } = checkTimes(new Date(input.scheduledStartAt ?? e.scheduledStartAt), new Date(input.scheduledEndAt ?? e.scheduledEndAt));
        if (start.getTime() !== e.scheduledStartAt.getTime()) {
          changes.scheduledStartAt = start;
          changes.reminderSentAt = null; // a moved start re-arms the reminder
        }
        changes.scheduledEndAt = end;
        fields.push('scheduledStartAt', 'scheduledEndAt');
      }
      if (input.capacity !== undefined && input.capacity !== null) {
        const capacity = checkCapacity(input.capacity);
        if (capacity !== null && capacity < e.rsvpCount) throw new BadInputError(`capacity cannot be below the ${e.rsvpCount} RSVPs already accepted.`, 'capacity');
        changes.capacity = capacity;
        fields.push('capacity');
      }
      if (input.title != null) fields.push('title');
      let hostIds = e.hostIds!;
      if (input.hostIds != null) {
        hostIds = [e.createdById, ...input.hostIds.map((h) => h.toLowerCase())].filter((h, i, all) => all.indexOf(h) === i);
        await this.checkHosts(manager, viewer, hostIds.filter((h) => h !== e.createdById), e);
        await this.sessions.setHosts(manager, e.id, hostIds);
        fields.push('hostIds');
      }
      const after = await this.sessions.update(manager, e.id, changes);
      if (fields.length) await this.statusEvent(manager, after, fields);
      return LiveSession.fromEntity(after);
    });
  }

  // ---------------------------------------------------------------- RSVP

  async rsvp(viewer: Viewer, id: string, attending: boolean): Promise<LiveSession> {
    return this.dataSource.transaction(async (manager) => {
      const e = isUuid(id) ? await this.sessions.findById(id, manager) : null;
      if (!e || !this.access.isVisibleTo(viewer, e)) throw new NotFoundError('The live session');
      if (attending) {
        if (e.status !== LiveSessionStatus.SCHEDULED && e.status !== LiveSessionStatus.LIVE) throw new BadInputError('RSVPs are open while the session is SCHEDULED or LIVE.', 'id');
        const outcome = await this.sessions.addRsvp(manager, e.id, viewer.id);
        if (outcome === 'full') throw new ConflictError(`The session is full (${e.capacity} seats).`);
      } else {
        await this.sessions.removeRsvp(manager, e.id, viewer.id);
      }
      return LiveSession.fromEntity((await this.sessions.findById(e.id, manager))!);
    });
  }

  // ---------------------------------------------------------------- transitions

  async start(viewer: Viewer, id: string): Promise<LiveSession> {
    return this.dataSource.transaction(async (manager) => {
      const e = await this.lockManaged(manager, viewer, id);
      this.transition(e, [LiveSessionStatus.SCHEDULED], LiveSessionStatus.LIVE);
      const after = await this.sessions.update(manager, e.id, { status: LiveSessionStatus.LIVE, startedAt: () => 'now()' } as unknown as Partial<LiveSessionEntity>);
      await this.statusEvent(manager, after, ['status', 'startedAt']);
      await this.events.emit(manager, 'live-session.starting', { session: after, rsvpUserIds: await this.sessions.rsvpUserIds(manager, e.id), reason: 'started', actorId: viewer.id });
      return LiveSession.fromEntity(after);
    });
  }

  async cancel(viewer: Viewer, id: string): Promise<LiveSession> {
    return this.dataSource.transaction(async (manager) => {
      const e = await this.lockManaged(manager, viewer, id);
      this.transition(e, [LiveSessionStatus.SCHEDULED], LiveSessionStatus.CANCELLED);
      const after = await this.sessions.update(manager, e.id, { status: LiveSessionStatus.CANCELLED, endedAt: () => 'now()' } as unknown as Partial<LiveSessionEntity>);
      await this.statusEvent(manager, after, ['status', 'endedAt']);
      await this.events.emit(manager, 'live-session.cancelled', { session: after, rsvpUserIds: await this.sessions.rsvpUserIds(manager, e.id), actorId: viewer.id });
      return LiveSession.fromEntity(after);
    });
  }

  /**
   * LIVE → ENDED, and the archive, in one transaction: a DISCUSSION thread in the session's
   * topic with the same visibility (its author is the scheduler, the session's "author" for the
   * policy), written through the forum's own path (`ThreadsService.insertThread`, then
   * `thread.created`), with the summary, the answered questions and their answers, and the
   * unanswered ones listed. Hosts and RSVPs are notified (`live-session.ended`).
   */
  async end(viewer: Viewer, id: string, summary: string | null | undefined): Promise<LiveSession> {
    const text = summary?.trim() ? summary.trim() : null;
    if (text && text.length > SUMMARY_MAX) throw new BadInputError(`summary must be at most ${SUMMARY_MAX} characters.`, 'summary');
    return this.dataSource.transaction(async (manager) => {
      const e = await this.lockManaged(manager, viewer, id);
      this.transition(e, [LiveSessionStatus.LIVE], LiveSessionStatus.ENDED);
      const ended = await this.sessions.update(manager, e.id, { status: LiveSessionStatus.ENDED, endedAt: () => 'now()', summary: text } as unknown as Partial<LiveSessionEntity>);
      const archiveThreadId = await this.archive(manager, ended, viewer.id);
      const after = await this.sessions.update(manager, e.id, { archiveThreadId });
      await this.statusEvent(manager, after, ['status', 'endedAt', 'archiveThreadId']);
      await this.events.emit(manager, 'live-session.ended', {
        session: after,
        hostIds: after.hostIds!,
        rsvpUserIds: await this.sessions.rsvpUserIds(manager, e.id),
        archiveThreadId,
        actorId: viewer.id,
      });
      return LiveSession.fromEntity(after);
    });
  }

  /** Writes the archive thread of an ended session (also used by the demo seed, which emits nothing). */
  async archive(manager: EntityManager, session: LiveSessionEntity, actorId: string | null, footer = ''): Promise<string> {
    const questions = await this.sessions.questions(session.id, LiveQuestionOrder.TOP, null, 'all', manager);
    const hostIds = session.hostIds ?? (await this.sessions.hostIds(manager, session.id));
    const names = await this.sessions.summaries(manager, hostIds);
    const { title, body } = archiveThreadContent(session, session.summary, questions, hostIds.map((h) => names.get(h)?.displayName ?? 'a host'));
    const { entity } = await this.threads.insertThread(manager, {
      kind: ThreadKind.DISCUSSION,
      title,
      body: body + footer,
      authorId: session.createdById,
      topicId: session.topicId,
      tags: ['live-session'],
      visibilityScope: session.visibilityScope,
      visibilitySectors: session.visibilitySectors,
      language: session.language,
    });
    if (actorId) await this.events.emit(manager, 'thread.created', { thread: entity, actorId });
    await this.sessions.update(manager, session.id, { archiveThreadId: entity.id });
    return entity.id;
  }

  // ---------------------------------------------------------------- slow mode, mute

  async setSlowMode(viewer: Viewer, sessionId: string, seconds: number): Promise<LiveSession> {
    if (!Number.isInteger(seconds) || seconds < 0 || seconds > SLOW_MODE_MAX) throw new BadInputError(`seconds must be 0 to ${SLOW_MODE_MAX}.`, 'seconds');
    return this.dataSource.transaction(async (manager) => {
      const e = await this.lockManaged(manager, viewer, sessionId);
      if (e.status === LiveSessionStatus.ENDED || e.status === LiveSessionStatus.CANCELLED) throw new BadInputError('The session is over.', 'sessionId');
      if (e.slowModeSeconds === seconds) return LiveSession.fromEntity(e);
      const after = await this.sessions.update(manager, e.id, { slowModeSeconds: seconds });
      await this.statusEvent(manager, after, ['slowModeSeconds']);
      return LiveSession.fromEntity(after);
    });
  }

  async mute(viewer: Viewer, sessionId: string, userId: string, muted: boolean): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const e = await this.lockManaged(manager, viewer, sessionId);
      const target = isUuid(userId) ? await this.viewers.byUserId(userId.toLowerCase(), manager) : null;
      if (!target) throw new NotFoundError('The user');
      if (!RecordRules.canBeMutedInLiveSession(target, { hostIds: e.hostIds!, topicId: e.topicId })) throw new BadInputError('Hosts, MODERATOR and ADMIN cannot be muted.', 'userId');
      await this.sessions.setMuted(manager, e.id, target.id, muted);
      return true;
    });
  }

  // ---------------------------------------------------------------- helpers

  /** Locks a session the viewer sees and may run (NOT_FOUND, then FORBIDDEN). */
  async lockManaged(manager: EntityManager, viewer: Viewer, id: string): Promise<LiveSessionEntity> {
    const e = await this.access.lockVisible(manager, viewer, id);
    if (!RecordRules.canManageLiveSession(viewer, { hostIds: e.hostIds!, topicId: e.topicId })) throw new ForbiddenError('Only the hosts, MODERATOR and ADMIN (of its topic) run a live session.');
    return e;
  }

  private transition(e: LiveSessionEntity, from: LiveSessionStatus[], to: LiveSessionStatus): void {
    if (!from.includes(e.status)) throw new BadInputError(`A ${e.status} session cannot become ${to}.`, 'id');
  }

  private async statusEvent(manager: EntityManager, e: LiveSessionEntity, fields: (keyof LiveStatusValues)[]): Promise<void> {
    const all: LiveStatusValues = {
      status: e.status,
      startedAt: iso(e.startedAt),
      endedAt: iso(e.endedAt),
      scheduledStartAt: iso(e.scheduledStartAt)!,
      scheduledEndAt: iso(e.scheduledEndAt)!,
      slowModeSeconds: e.slowModeSeconds,
      archiveThreadId: e.archiveThreadId,
      hostIds: e.hostIds ?? [],
      title: e.title,
      capacity: e.capacity,
    };
    const values = Object.fromEntries(fields.map((f) => [f, all[f]])) as Partial<LiveStatusValues>;
    await this.roomEvents.append(manager, rooms.session(e.id), 'live.status', { sessionId: e.id, ...changed(values), status: e.status });
  }
}

const checkTitle = (raw: string): string => normalizeTitle(raw, SESSION_TITLE_MIN, SESSION_TITLE_MAX);

function checkDescription(raw: string): string {
  const d = raw.replace(/\s+$/, '');
  if (d.length > SESSION_DESCRIPTION_MAX) throw new BadInputError(`description must be at most ${SESSION_DESCRIPTION_MAX} characters`, 'description');
  return d;
}

function checkTimes(start: Date, end: Date): { start: Date; end: Date } {
  if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime())) throw new BadInputError('Invalid times.', 'scheduledStartAt');
  if (start.getTime() <= Date.now()) throw new BadInputError('scheduledStartAt must be in the future.', 'scheduledStartAt');
  if (end.getTime() <= start.getTime()) throw new BadInputError('scheduledEndAt must be after scheduledStartAt.', 'scheduledEndAt');
  if (end.getTime() - start.getTime() > SESSION_MAX_HOURS * 3_600_000) throw new BadInputError(`A session lasts at most ${SESSION_MAX_HOURS} hours.`, 'scheduledEndAt');
  return { start, end };
}

function checkCapacity(capacity: number | null | undefined): number | null {
  if (capacity === null || capacity === undefined) return null;
  if (!Number.isInteger(capacity) || capacity < 1 || capacity > SESSION_MAX_CAPACITY) throw new BadInputError(`capacity must be 1 to ${SESSION_MAX_CAPACITY}.`, 'capacity');
  return capacity;
}

/** The same rule as threads: PUBLIC default; SECTORS needs sectors the scheduler may restrict to. */
function checkVisibility(viewer: Viewer, input: VisibilityInput | null | undefined, topicId: string): { visibilityScope: VisibilityScope; visibilitySectors: Sector[] } {
  const scope = input?.scope ?? VisibilityScope.PUBLIC;
  const sectors = [...new Set(input?.sectors ?? [])].sort();
  if (scope !== VisibilityScope.SECTORS) {
    if (sectors.length) throw new BadInputError('visibility.sectors is only for the SECTORS scope.', 'visibility');
    return { visibilityScope: scope, visibilitySectors: [] };
  }
  if (!sectors.length) throw new BadInputError('A SECTORS session needs at least one sector.', 'visibility');
  if (!RecordRules.canRestrictToSectors(viewer, sectors, { topicId })) throw new ForbiddenError('You may restrict a session to your own sector only.');
  return { visibilityScope: scope, visibilitySectors: sectors };
}
