import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Sector, VisibilityScope } from '../access/roles';
import { Visibility } from '../forum/threads/thread.type';
import { Node } from '../platform/graphql/node.interface';
import { LiveMessageEntity } from './live-message.entity';
import { LiveQuestionEntity } from './live-question.entity';
import { LiveQuestionStatus, LiveSessionStatus } from './live-session.enums';
import { LiveSessionEntity } from './live-session.entity';

@ObjectType('LiveSession', {
  implements: () => [Node],
  description:
    'A live session hosted by experts: RSVPs and questions before it starts, chat and an upvoted question queue while LIVE, and an archive thread once ENDED. Only returned to viewers who may see it (its `visibility`). Real-time events are pushed on the socket.io room `session:<id>`.',
})
export class LiveSession implements Node {
  @Field(() => ID, { description: 'Global id of the session (a UUID), usable with `node(id:)`.' })
  id: string;

  @Field({ description: 'Title, 5 to 200 characters.' })
  title: string;

  @Field({ description: 'Markdown description as written (up to 10,000 characters; may be empty).' })
  description: string;

  @Field({ description: 'HTML rendered from `description` and sanitized on the server.' })
  descriptionHtml: string;

  @Field({ description: 'BCP-47 language tag the session is held in (default "en").' })
  language: string;

  @Field({ description: 'Scheduled start (ISO-8601, UTC).' })
  scheduledStartAt: Date;

  @Field({ description: 'Scheduled end (ISO-8601, UTC), after the start and at most 8 hours later.' })
  scheduledEndAt: Date;

  @Field(() => Date, { nullable: true, description: 'When a host started it; null until LIVE.' })
  startedAt: Date | null;

  @Field(() => Date, { nullable: true, description: 'When it ended (or was cancelled); null before.' })
  endedAt: Date | null;

  @Field(() => LiveSessionStatus, { description: 'SCHEDULED, LIVE, ENDED or CANCELLED.' })
  status: LiveSessionStatus;

  @Field(() => Visibility, { description: 'Who may see the session, its chat, questions and archive thread (the same policy as threads; the scheduler counts as the author).' })
  visibility: Visibility;

  @Field(() => Int, { nullable: true, description: 'Most RSVPs accepted (then `rsvpLiveSession` is `CONFLICT`); null: unlimited.' })
  capacity: number | null;

  @Field(() => Int, { description: 'How many users RSVPed.' })
  rsvpCount: number;

  @Field(() => Int, { description: 'Slow mode: seconds a participant must wait between chat messages (0 to 300; 0: off). Hosts, MODERATOR and ADMIN are exempt.' })
  slowModeSeconds: number;

  @Field(() => String, { nullable: true, description: 'The summary given to `endLiveSession`, in Markdown; null before it ended or when none was given.' })
  summary: string | null;

  @Field({ description: 'When it was scheduled (ISO-8601, UTC).' })
  createdAt: Date;

  topicId: string;
  createdById: string;
  archiveThreadId: string | null;
  visibilityScope: VisibilityScope;
  visibilitySectors: Sector[];

  static fromEntity(e: LiveSessionEntity): LiveSession {
    const s = new LiveSession();
    s.id = e.id;
    s.title = e.title;
    s.description = e.description;
    s.descriptionHtml = e.descriptionHtml;
    s.language = e.language;
    s.scheduledStartAt = e.scheduledStartAt;
    s.scheduledEndAt = e.scheduledEndAt;
    s.startedAt = e.startedAt;
    s.endedAt = e.endedAt;
    s.status = e.status;
    s.visibility = { scope: e.visibilityScope, sectors: e.visibilitySectors ?? [] };
    s.capacity = e.capacity;
    s.rsvpCount = e.rsvpCount;
    s.slowModeSeconds = e.slowModeSeconds;
    s.summary = e.summary;
    s.createdAt = e.createdAt;
    s.topicId = e.topicId;
    s.createdById = e.createdById;
    s.archiveThreadId = e.archiveThreadId;
    s.visibilityScope = e.visibilityScope;
    s.visibilitySectors = e.visibilitySectors ?? [];
    return s;
  }
}

@ObjectType('LiveMessage', {
  implements: () => [Node],
  description: 'A chat message of a live session, in room order (`seq`). Read with `LiveSession.messages`; pushed as `live.message` on `session:<id>`.',
})
export class LiveMessage implements Node {
  @Field(() => ID, { description: 'Global id of the message (a UUID).' })
  id: string;

  @Field(() => Int, { description: 'Its seq in the room `session:<id>` (the seq of its `live.message` event): the chat order, and `afterSeq` for `messages`.' })
  seq: number;

  @Field({ description: 'The message as written (plain text or Markdown, 1 to 2,000 characters).' })
  body: string;

  @Field({ description: 'HTML rendered from `body` and sanitized on the server.' })
  bodyHtml: string;

  @Field({ description: 'When it was sent (ISO-8601, UTC).' })
  createdAt: Date;

  @Field({ description: 'Hidden by moderation: only MODERATOR and ADMIN ever see hidden messages.' })
  hidden: boolean;

  sessionId: string;
  authorId: string;

  static fromEntity(e: LiveMessageEntity): LiveMessage {
    const m = new LiveMessage();
    m.id = e.id;
    m.seq = Number(e.seq);
    m.body = e.body;
    m.bodyHtml = e.bodyHtml;
    m.createdAt = e.createdAt;
    m.hidden = e.hidden;
    m.sessionId = e.sessionId;
    m.authorId = e.authorId;
    return m;
  }
}

@ObjectType('LiveQuestion', {
  implements: () => [Node],
  description: 'A question of a live session\'s queue: asked while SCHEDULED or LIVE, upvoted once per user, and set HIGHLIGHTED, ANSWERED or DISMISSED by hosts and moderators.',
})
export class LiveQuestion implements Node {
  @Field(() => ID, { description: 'Global id of the question (a UUID).' })
  id: string;

  @Field({ description: 'The question as written (1 to 1,000 characters).' })
  body: string;

  @Field({ description: 'HTML rendered from `body` and sanitized on the server.' })
  bodyHtml: string;

  @Field(() => Int, { description: 'How many users upvoted it.' })
  upvotes: number;

  @Field(() => LiveQuestionStatus, { description: 'OPEN, HIGHLIGHTED, ANSWERED or DISMISSED.' })
  status: LiveQuestionStatus;

  @Field(() => String, { nullable: true, description: 'The answer as the host wrote it when marking it ANSWERED (Markdown); null when none.' })
  answer: string | null;

  @Field(() => String, { nullable: true, description: 'HTML rendered from `answer`; null when none.' })
  answerHtml: string | null;

  @Field({ description: 'When it was asked (ISO-8601, UTC).' })
  createdAt: Date;

  @Field(() => Date, { nullable: true, description: 'When it was marked ANSWERED; null otherwise.' })
  answeredAt: Date | null;

  sessionId: string;
  authorId: string;

  static fromEntity(e: LiveQuestionEntity): LiveQuestion {
    const q = new LiveQuestion();
    q.id = e.id;
    q.body = e.body;
    q.bodyHtml = e.bodyHtml;
    q.upvotes = e.upvotes;
    q.status = e.status;
    q.answer = e.answer;
    q.answerHtml = e.answerHtml;
    q.createdAt = e.createdAt;
    q.answeredAt = e.answeredAt;
    q.sessionId = e.sessionId;
    q.authorId = e.authorId;
    return q;
  }
}
