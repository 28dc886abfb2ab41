import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AccessPolicy } from '../access/access-policy';
import { RecordRules } from '../access/record-rules';
import { Viewer } from '../access/viewer';
import { idempotentCreate } from '../forum/content/idempotent-create';
import { renderMarkdown } from '../forum/content/markdown';
import { requestHash } from '../forum/content/request-hash';
import { rooms, UserSummary } from '../outbox/room-events';
import { RoomEventsService } from '../outbox/room-events.service';
import { BadInputError, DomainError, ForbiddenError, NotFoundError, RateLimitedError, EmailNotVerifiedError } from '../platform/errors/domain-errors';
import { LoaderRegistry } from '../platform/graphql/loaders';
import { isUuid } from '../platform/validation/uuid';
import { LiveMessageEntity } from './live-message.entity';
import { LiveQuestionEntity } from './live-question.entity';
import { LiveQuestionOrder, LiveQuestionStatus, LiveSessionStatus } from './live-session.enums';
import { LiveSessionEntity } from './live-session.entity';
import { LiveSessionAccess } from './live-session-access.service';
import { LiveMessage, LiveQuestion, LiveSession } from './live-session.type';
import { ChatContext, ChatFacts, LiveMessagesRepository, MessageRow, NewMessage } from './live-messages.repository';
import { LiveSessionsRepository } from './live-sessions.repository';

export const MESSAGE_MAX = 2_000;
export const QUESTION_MAX = 1_000;
export const ANSWER_MAX = 10_000;
export const QUESTIONS_PER_USER = 20;
export const IDEMPOTENCY_KEY_MAX = 200;
export const MESSAGES_DEFAULT = 50;
export const MESSAGES_MAX = 200;
/** Statements storing a chat message that may be refused before the send is (see `storeNew`). */
const SEND_ATTEMPTS = 3;
/** How long an author refused for a mute reads the session first on their next messages. */
const READ_FIRST_MS = 60_000;

/** What a chat message send asks for (GraphQL `sendLiveMessage` and socket `live:message` alike). */
export interface SendLiveMessage {
  sessionId: unknown;
  body: unknown;
  idempotencyKey?: unknown;
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

/** RATE_LIMITED for slow mode (`seconds` between messages), to retry after `waitMs`. */
const slowModeError = (waitMs: number, seconds: number) => new RateLimitedError(waitMs / 1000, `Slow mode: one message every ${seconds} seconds.`);

/**
 * Chat and question queue of live sessions. A chat message is stored with its `live.message`
 * room event, whose seq it takes, in one statement of their own before it is acknowledged; slow
 * mode and mute are product rules (always on), enforced here for both paths.
 */
@Injectable()
export class LiveChatService {
  /**
   * Authors (`<session>/<user>`) refused for slow mode (until it lets them write) or a mute (for
   * READ_FIRST_MS): their next messages read the session first, to be refused without a write.
   */
  private readonly readFirst = new LRUCache<string, true>({ max: 10_000, ttl: READ_FIRST_MS });

  constructor(
    private readonly dataSource: DataSource,
    private readonly sessions: LiveSessionsRepository,
    private readonly chat: LiveMessagesRepository,
    private readonly access: LiveSessionAccess,
    private readonly roomEvents: RoomEventsService,
  ) {}

  // ---------------------------------------------------------------- chat

  async send(viewer: Viewer, request: SendLiveMessage): Promise<LiveMessage> {
    return LiveMessage.fromEntity((await this.store(viewer, request)).saved);
  }

  /** `send`, with the author as rooms show them (the socket ack's `author`): read with a new message, afterwards for a replayed one. */
  async sendWithAuthor(viewer: Viewer, request: SendLiveMessage): Promise<{ message: LiveMessage; author: UserSummary | null }> {
    const { saved, author } = await this.store(viewer, request);
    return { message: LiveMessage.fromEntity(saved), author: author ?? (await this.sessions.summaries(undefined, [saved.authorId])).get(saved.authorId) ?? null };
  }

  /** Stores a message with its room event (or finds the one of its idempotency key); `author` is known for a new one. */
  private async store(viewer: Viewer, request: SendLiveMessage): Promise<{ saved: LiveMessageEntity; author: UserSummary | null }> {
    if (!RecordRules.canContribute(viewer)) throw new EmailNotVerifiedError();
    let author: UserSummary | null = null;
    const sessionId = typeof request.sessionId === 'string' ? request.sessionId.toLowerCase() : '';
    if (!isUuid(sessionId)) throw new NotFoundError('The live session');
    if (typeof request.body !== 'string') throw new BadInputError(`body must be 1 to ${MESSAGE_MAX} characters`, 'body');
    const body = request.body.replace(/\s+$/, '');
    if (!body.trim().length || body.length > MESSAGE_MAX) throw new BadInputError(`body must be 1 to ${MESSAGE_MAX} characters`, 'body');
    const rawKey = request.idempotencyKey ?? null;
    if (rawKey !== null && (typeof rawKey !== 'string' || !rawKey.length || rawKey.length > IDEMPOTENCY_KEY_MAX)) {
      throw new BadInputError(`idempotencyKey must be 1 to ${IDEMPOTENCY_KEY_MAX} characters`, 'idempotencyKey');
    }
    const key = rawKey as string | null;
    const hash = key === null ? null : requestHash({ sessionId, body });
    const saved = await idempotentCreate<LiveMessageEntity, LiveMessageEntity>(this.dataSource, {
      key,
      hash,
      subject: 'The live session',
      findExisting: (m) => this.chat.findMessageByKey(m, viewer.id, key ?? ''),
      // One statement storing the message with its room event, whole on its own (`storeNew`).
      transaction: false,
      create: async () => {
        const message = { id: randomUUID(), sessionId, authorId: viewer.id, body, bodyHtml: renderMarkdown(body), idempotencyKey: key, requestHash: hash, createdAt: new Date() };
        const stored = await this.storeNew(viewer, message);
        if (!(stored instanceof Error)) {
          author = stored.author;
          return { entity: stored.entity, created: true, result: stored.entity };
        }
        // A retry of a message stored meanwhile gets it, never the refusal its original caused.
        const existing = key === null ? null : await this.chat.findMessageByKey(this.dataSource.manager, viewer.id, key);
        if (!existing) throw stored;
        return { entity: existing, created: false };
      },
      stillVisible: (m, e) => this.access.canViewMessage(viewer, e, m),
      present: (e) => e,
    });
    return { saved, author };
  }

  /**
   * Stores a new message with its room event, in one statement, or gives the refusal. It is decided
   * on the facts of its session as this instance last read them, and the statement checks them
   * again under its locks (with LIVE, mute and slow mode): a read first only when there are none,
   * they refuse, or the author was just refused (`readFirst`); after the statement refused, a read
   * says why or the message is tried again on the facts read. The idempotency key taken by a
   * concurrent retry gives NOT_FOUND (the caller finds that retry's message).
   */
  private async storeNew(viewer: Viewer, message: NewMessage): Promise<{ entity: LiveMessageEntity; author: UserSummary } | DomainError> {
    const who = `${message.sessionId}/${viewer.id}`;
    const recent = this.readFirst.has(who) ? undefined : this.chat.recentFacts(message.sessionId);
    let facts: ChatFacts | undefined = recent && !this.closedTo(viewer, recent) ? recent : undefined;
    for (let attempt = 1; ; attempt++) {
      let context: ChatContext | null = null;
      if (!facts) {
        const read = await this.chat.chatContext(message.sessionId, viewer.id);
        if (!read) return new NotFoundError('The live session');
        const closed = this.closedTo(viewer, read);
        if (closed) return closed;
        facts = context = read;
      }
      const slowMode = this.slowModeFor(viewer, facts);
      const refusal = context && (context.muted ? new ForbiddenError('You are muted in this session.') : this.slowModeRefusal(slowMode, context.lastMessageAt));
      if (refusal) {
        this.readFirst.set(who, true, { ttl: refusal instanceof RateLimitedError ? refusal.retryAfterSeconds * 1000 : READ_FIRST_MS });
        return refusal;
      }
      // Tried SEND_ATTEMPTS times, refused each time though the read after allowed it (the facts changing each time).
      if (attempt > SEND_ATTEMPTS) return slowMode !== null ? slowModeError(slowMode * 1000, slowMode) : new RateLimitedError(1, 'The session changed while the message was sent; send it again.');
      const event = { messageId: message.id, sessionId: message.sessionId, body: message.body, bodyHtml: message.bodyHtml, createdAt: message.createdAt.toISOString() };
      let stored;
      try {
        stored = await this.roomEvents.storeWithRow<'live.message', MessageRow, 'author'>(rooms.session(message.sessionId), 'live.message', event, this.chat.messageRow(message, facts, slowMode !== null));
      } catch (err) {
        // A concurrent retry with the same key stored it first (nothing of this one was written).
        if (message.idempotencyKey === null || !this.chat.isKeyTaken(err)) throw err;
        return new NotFoundError('The live session');
      }
      if (stored) return { entity: this.chat.messageFromRow(stored.row), author: stored.event.data.author };
      // The gate refused: the facts changed (this instance's were old), the session ended, the
      // author was muted, or another message of theirs passed slow mode meanwhile: read again.
      facts = undefined;
    }
  }

  /** `LiveSession.messages(afterSeq, last)`: the `last` latest messages after `afterSeq`, in order; hidden ones for staff (of the session's topic) only. */
  async messages(viewer: Viewer | null, session: LiveSession, afterSeq: number | null | undefined, last: number | null | undefined): Promise<LiveMessage[]> {
    const n = last ?? MESSAGES_DEFAULT;
    if (!Number.isInteger(n) || n < 0 || n > MESSAGES_MAX) throw new BadInputError(`last must be 0 to ${MESSAGES_MAX}.`, 'last');
    const after = afterSeq ?? 0;
    if (!Number.isInteger(after) || after < 0) throw new BadInputError('afterSeq must be 0 or more.', 'afterSeq');
    if (n === 0) return [];
    const rows = await this.chat.messages(session.id, after, n, AccessPolicy.canSeeHidden(viewer, session));
    return rows.map(LiveMessage.fromEntity);
  }

  // ---------------------------------------------------------------- questions

  async ask(viewer: Viewer, sessionId: string, rawBody: string): Promise<LiveQuestion> {
    if (!RecordRules.canContribute(viewer)) throw new EmailNotVerifiedError();
    const body = rawBody.replace(/\s+$/, '');
    if (!body.trim().length || body.length > QUESTION_MAX) throw new BadInputError(`body must be 1 to ${QUESTION_MAX} characters`, 'body');
    return this.dataSource.transaction(async (manager) => {
      const session = await this.visibleSession(manager, viewer, sessionId);
      this.requireOpen(session);
      const me = await this.sessions.participant(manager, session.id, viewer.id);
      if (me.muted) throw new ForbiddenError('You are muted in this session.');
      if ((await this.sessions.countQuestionsBy(manager, session.id, viewer.id)) >= QUESTIONS_PER_USER) {
        throw new BadInputError(`At most ${QUESTIONS_PER_USER} questions per person and session.`, 'body');
      }
      const q = await this.sessions.insertQuestion(manager, { sessionId: session.id, authorId: viewer.id, body, bodyHtml: renderMarkdown(body) });
      const author = (await this.sessions.summaries(manager, [viewer.id])).get(viewer.id)!;
      await this.roomEvents.append(manager, rooms.session(session.id), 'live.question', {
        questionId: q.id,
        sessionId: session.id,
        author,
        body: q.body,
        bodyHtml: q.bodyHtml,
        upvotes: q.upvotes,
        status: q.status,
        answerHtml: null,
        answeredAt: null,
        createdAt: iso(q.createdAt)!,
      });
      return LiveQuestion.fromEntity(q);
    });
  }

  /** Sets or clears the viewer's upvote; exact under concurrency (unique row + counter in one transaction). */
  async upvote(viewer: Viewer, questionId: string, upvote: boolean): Promise<LiveQuestion & { viewerUpvotedNow: boolean }> {
    if (!RecordRules.canContribute(viewer)) throw new EmailNotVerifiedError();
    return this.dataSource.transaction(async (manager) => {
      const q = isUuid(questionId) ? await this.sessions.findQuestion(questionId, manager) : null;
      if (!q) throw new NotFoundError('The question');
      const session = await this.visibleSession(manager, viewer, q.sessionId, 'The question');
      if (q.status === LiveQuestionStatus.DISMISSED && q.authorId !== viewer.id && !RecordRules.canManageLiveSession(viewer, { hostIds: await this.sessions.hostIds(manager, session.id), topicId: session.topicId })) {
        throw new NotFoundError('The question');
      }
      this.requireOpen(session);
      if (!RecordRules.canUpvoteLiveQuestion(viewer, q)) throw new ForbiddenError('You cannot upvote your own question.');
      const { upvotes, changed } = await this.sessions.setUpvote(manager, q.id, viewer.id, upvote);
      if (changed) {
        await this.roomEvents.append(manager, rooms.session(session.id), 'live.question.updated', { questionId: q.id, sessionId: session.id, fields: ['upvotes'], upvotes });
      }
      return Object.assign(LiveQuestion.fromEntity({ ...q, upvotes }), { viewerUpvotedNow: upvote });
    });
  }

  /** Hosts, MODERATOR and ADMIN set a question's status (ANSWERED with an optional answer). */
  async moderate(viewer: Viewer, questionId: string, status: LiveQuestionStatus, answer: string | null | undefined): Promise<LiveQuestion> {
    const text = answer?.trim() ? answer.trim() : null;
    if (text && status !== LiveQuestionStatus.ANSWERED) throw new BadInputError('An answer goes with the ANSWERED status only.', 'answer');
    if (text && text.length > ANSWER_MAX) throw new BadInputError(`answer must be at most ${ANSWER_MAX} characters.`, 'answer');
    return this.dataSource.transaction(async (manager) => {
      const q = isUuid(questionId) ? await this.sessions.lockQuestion(manager, questionId) : null;
      if (!q) throw new NotFoundError('The question');
      const session = await this.visibleSession(manager, viewer, q.sessionId, 'The question');
      if (!RecordRules.canManageLiveSession(viewer, { hostIds: await this.sessions.hostIds(manager, session.id), topicId: session.topicId })) {
        throw new ForbiddenError('Only the hosts, MODERATOR and ADMIN (of its topic) moderate questions.');
      }
      this.requireOpen(session);
      const answered = status === LiveQuestionStatus.ANSWERED;
      const after = await this.sessions.updateQuestion(manager, q.id, {
        status,
        answer: answered ? (text ?? q.answer) : null,
        answerHtml: answered ? (text ? renderMarkdown(text) : q.answerHtml) : null,
        answered: answered ? (q.status === LiveQuestionStatus.ANSWERED ? undefined : true) : false,
      });
      await this.roomEvents.append(manager, rooms.session(session.id), 'live.question.updated', {
        questionId: q.id,
        sessionId: session.id,
        fields: ['status', 'answerHtml', 'answeredAt'],
        status: after.status,
        answerHtml: after.answerHtml,
        answeredAt: iso(after.answeredAt),
      });
      return LiveQuestion.fromEntity(after);
    });
  }

  /** `LiveSession.questions(orderBy, status)`: DISMISSED ones only for managers and their authors. */
  async questions(viewer: Viewer | null, session: LiveSession, order: LiveQuestionOrder, status: LiveQuestionStatus | null | undefined): Promise<LiveQuestion[]> {
    const manages = viewer ? RecordRules.canManageLiveSession(viewer, { hostIds: await this.sessions.hostIds(undefined, session.id), topicId: session.topicId }) : false;
    const rows = await this.sessions.questions(session.id, order, status ?? null, manages ? 'all' : { authorId: viewer?.id ?? null });
    return rows.map(LiveQuestion.fromEntity);
  }

  viewerUpvoted(loaders: LoaderRegistry, viewer: Viewer | null, questionId: string): Promise<boolean> {
    if (!viewer) return Promise.resolve(false);
    return loaders
      .get<string, boolean>(`liveQuestion.upvoted:${viewer.id}`, async (ids) => {
        const set = await this.sessions.upvotedAmong(viewer.id, ids);
        return ids.map((id) => set.has(id));
      })
      .load(questionId);
  }

  viewerHasRsvp(loaders: LoaderRegistry, viewer: Viewer | null, sessionId: string): Promise<boolean> {
    if (!viewer) return Promise.resolve(false);
    return loaders
      .get<string, boolean>(`liveSession.rsvp:${viewer.id}`, async (ids) => {
        const set = await this.sessions.rsvpedAmong(viewer.id, ids);
        return ids.map((id) => set.has(id));
      })
      .load(sessionId);
  }

  hostIds(loaders: LoaderRegistry, sessionId: string): Promise<string[]> {
    return loaders.get<string, string[]>('liveSession.hosts', (ids) => this.sessions.hostIdsOf(ids)).load(sessionId);
  }

  /** Why the viewer may not write in the session's chat now (NOT_FOUND, BAD_USER_INPUT); null when they may, but for mute and slow mode. */
  private closedTo(viewer: Viewer, facts: ChatFacts): DomainError | null {
    if (!this.access.isVisibleTo(viewer, facts)) return new NotFoundError('The live session');
    if (facts.status !== LiveSessionStatus.LIVE) return new BadInputError('Chat is open while the session is LIVE.', 'sessionId');
    return null;
  }

  /**
   * The slow mode holding the viewer back in a session, in seconds; null when it is off or they
   * are exempt (its hosts, MODERATOR and ADMIN of its topic). It counts from the first message
   * written while it is on: only then is the author's time recorded.
   */
  private slowModeFor(viewer: Viewer, facts: ChatFacts): number | null {
    const exempt = RecordRules.canManageLiveSession(viewer, { hostIds: facts.hostIds, topicId: facts.topicId });
    return facts.slowModeSeconds > 0 && !exempt ? facts.slowModeSeconds : null;
  }

  /** RATE_LIMITED with the time left when slow mode (`seconds`, null: off or exempt) holds the author back. */
  private slowModeRefusal(seconds: number | null, lastMessageAt: Date | null): RateLimitedError | null {
    if (seconds === null || !lastMessageAt) return null;
    const wait = lastMessageAt.getTime() + seconds * 1000 - Date.now();
    return wait > 0 ? slowModeError(wait, seconds) : null;
  }

  private async visibleSession(manager: EntityManager, viewer: Viewer, sessionId: string, subject = 'The live session'): Promise<LiveSessionEntity> {
    const s = isUuid(sessionId) ? await this.sessions.findById(sessionId, manager) : null;
    if (!s || !this.access.isVisibleTo(viewer, s)) throw new NotFoundError(subject);
    return s;
  }

  private requireOpen(session: LiveSessionEntity): void {
    if (session.status !== LiveSessionStatus.SCHEDULED && session.status !== LiveSessionStatus.LIVE) {
      throw new BadInputError('Questions are open while the session is SCHEDULED or LIVE.', 'sessionId');
    }
  }
}

export type { LiveQuestionEntity };
