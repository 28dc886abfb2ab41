import type { ThreadEntity } from '../forum/threads/thread.entity';

/**
 * What moderation tells other features (rooms, realtime, notifications). Emitted inside the
 * transaction of the action, after the rows and the moderation log entry are written.
 * (A reply hidden or shown again is the forum's `post.hidden-changed`; a chat message hidden
 * or shown again is live sessions' `live-message.hidden-changed`: floors below moderation react
 * to those.)
 */

/** What a moderator's change of a thread may change. */
export type ThreadModeratedField = 'locked' | 'pinned' | 'topicId' | 'hidden';

export interface ThreadModeratedEvent {
  thread: ThreadEntity;
  /** What changed (never empty). */
  changed: ThreadModeratedField[];
  /** The topic before a move (null unless `topicId` changed). */
  previousTopicId: string | null;
  /** Null when flags hid it (the auto-hide threshold). */
  actorId: string | null;
}

/**
 * A thread, reply or live chat message was hidden by flags (auto-hide, `actorId` null) or stays
 * hidden because a moderator upheld its flags: its author is told (MODERATION notification).
 */
export interface ContentFlaggedHiddenEvent {
  targetType: 'THREAD' | 'POST' | 'LIVE_MESSAGE';
  authorId: string;
  /** The thread (of the post), when its author may still see it; null for a hidden thread and for a chat message. */
  threadId: string | null;
  /** The live session of a chat message; null otherwise. */
  sessionId: string | null;
  actorId: string | null;
}

declare module '../platform/events/domain-events' {
  interface DomainEvents {
    'thread.moderated': ThreadModeratedEvent;
    'content.flagged-hidden': ContentFlaggedHiddenEvent;
  }
}
