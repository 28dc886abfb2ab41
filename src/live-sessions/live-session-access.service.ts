import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AccessPolicy, VisibleResource } from '../access/access-policy';
import { Viewer } from '../access/viewer';
import { NotFoundError } from '../platform/errors/domain-errors';
import { byKey, LoaderRegistry } from '../platform/graphql/loaders';
import { NodeLoader } from '../platform/graphql/node-loaders';
import { isUuid } from '../platform/validation/uuid';
import { LiveMessageEntity } from './live-message.entity';
import { LiveSessionEntity } from './live-session.entity';
import { LiveMessage, LiveSession } from './live-session.type';
import { LiveMessagesRepository } from './live-messages.repository';
import { LiveSessionsRepository } from './live-sessions.repository';

/** What the access policy reads of a session (`sessionResource`). */
export type SessionAccessFields = 'visibilityScope' | 'visibilitySectors' | 'createdById' | 'topicId';

/** A session as the access policy sees it: its visibility, with the scheduler as the author, and its topic. */
export const sessionResource = (s: Pick<LiveSessionEntity, SessionAccessFields>): VisibleResource => ({
  visibilityScope: s.visibilityScope,
  visibilitySectors: s.visibilitySectors,
  authorId: s.createdById,
  topicId: s.topicId,
});

/**
 * The one place to fetch a live session and check it: `liveSession(id)`, `node(id)`, lists
 * (through the SQL twin in the repository), socket rooms `session:<id>`, notifications and
 * everything hanging off a session ask here, and here asks the shared `AccessPolicy`.
 */
@Injectable()
export class LiveSessionAccess {
  constructor(
    private readonly sessions: LiveSessionsRepository,
    private readonly messages: LiveMessagesRepository,
  ) {}

  isVisibleTo(viewer: Viewer | null | undefined, s: Pick<LiveSessionEntity, SessionAccessFields>): boolean {
    return AccessPolicy.canView(viewer, sessionResource(s));
  }

  /** For many viewers at once (socket re-checks, notification recipients): the session is read once. False for malformed or unknown ids. */
  async canViewMany(viewers: readonly (Viewer | null)[], sessionId: string, manager?: EntityManager): Promise<boolean[]> {
    if (!viewers.length) return [];
    const s = isUuid(sessionId) ? await this.sessions.findById(sessionId, manager) : null;
    return viewers.map((viewer) => !!s && this.isVisibleTo(viewer, s));
  }

  async canView(viewer: Viewer | null, sessionId: string, manager?: EntityManager): Promise<boolean> {
    return (await this.canViewMany([viewer], sessionId, manager))[0];
  }

  /** `liveSession(id)`: null when missing, malformed or not visible. */
  async findVisible(viewer: Viewer | null, id: string, manager?: EntityManager): Promise<LiveSession | null> {
    if (!isUuid(id)) return null;
    const e = await this.sessions.findById(id, manager);
    return e && this.isVisibleTo(viewer, e) ? LiveSession.fromEntity(e) : null;
  }

  /** Batched raw lookup (callers check with `isVisibleTo`). */
  load(loaders: LoaderRegistry, id: string): Promise<LiveSessionEntity | null> {
    if (!isUuid(id)) return Promise.resolve(null);
    return loaders
      .get<string, LiveSessionEntity | null>('liveSession.byId', async (ids) => byKey(ids, await this.sessions.findByIds(ids), (r) => r.id))
      .load(id);
  }

  /** Batched, checked: null when the viewer may not see it (also `node(id)` and `Notification.session`). */
  @NodeLoader('LiveSession')
  async loadVisible(loaders: LoaderRegistry, viewer: Viewer | null, id: string): Promise<LiveSession | null> {
    const e = await this.load(loaders, id);
    return e && this.isVisibleTo(viewer, e) ? LiveSession.fromEntity(e) : null;
  }

  /** The rule for a chat message: its session visible to the viewer, and a hidden message for MODERATOR and ADMIN only. */
  isMessageVisibleTo(viewer: Viewer | null | undefined, session: LiveSessionEntity, message: Pick<LiveMessageEntity, 'hidden'>): boolean {
    return this.isVisibleTo(viewer, session) && (!message.hidden || AccessPolicy.canSeeHidden(viewer, { topicId: session.topicId }));
  }

  /** Whether the viewer may (still) see a chat message (idempotent replays of a send). */
  async canViewMessage(viewer: Viewer | null, message: Pick<LiveMessageEntity, 'sessionId' | 'hidden'>, manager?: EntityManager): Promise<boolean> {
    const session = await this.sessions.findById(message.sessionId, manager);
    return !!session && this.isMessageVisibleTo(viewer, session, message);
  }

  /** Batched, checked: a chat message (`node(id)`, the moderation queue); null when the viewer may not see it. */
  async loadVisibleMessage(loaders: LoaderRegistry, viewer: Viewer | null, id: string): Promise<LiveMessage | null> {
    if (!isUuid(id)) return null;
    const row = await loaders.get<string, LiveMessageEntity | null>('liveMessage.byId', async (ids) => byKey(ids, await this.messages.findMessagesByIds(ids), (m) => m.id)).load(id);
    const session = row ? await this.load(loaders, row.sessionId) : null;
    return row && session && this.isMessageVisibleTo(viewer, session, row) ? LiveMessage.fromEntity(row) : null;
  }

  /**
   * Locks a chat message for a write (moderation), with its session and hosts: NOT_FOUND when
   * the message is missing or the viewer may not see it (its session, or a hidden message).
   */
  async lockMessageForWrite(manager: EntityManager, viewer: Viewer | null, messageId: string): Promise<{ message: LiveMessageEntity; session: LiveSessionEntity }> {
    if (!isUuid(messageId)) throw new NotFoundError('The live message');
    const message = await this.messages.lockMessage(manager, messageId);
    const session = message ? await this.sessions.findById(message.sessionId, manager) : null;
    if (!message || !session || !this.isMessageVisibleTo(viewer, session, message)) throw new NotFoundError('The live message');
    session.hostIds = await this.sessions.hostIds(manager, session.id);
    return { message, session };
  }

  /** Locks the session row for a write; NOT_FOUND unless visible to the viewer. Hosts are loaded. */
  async lockVisible(manager: EntityManager, viewer: Viewer | null, id: string): Promise<LiveSessionEntity> {
    if (!isUuid(id)) throw new NotFoundError('The live session');
    const e = await this.sessions.lock(manager, id);
    if (!e || !this.isVisibleTo(viewer, e)) throw new NotFoundError('The live session');
    e.hostIds = await this.sessions.hostIds(manager, e.id);
    return e;
  }
}
