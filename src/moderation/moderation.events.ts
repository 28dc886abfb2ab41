import type { PostEntity } from '../forum/posts/post.entity';
import type { ThreadEntity } from '../forum/threads/thread.entity';

/**
 * What moderation tells other features (rooms, realtime, notifications). Emitted inside the
 * transaction of the action, after the rows and the moderation log entry are written.
 */
export interface PostModeratedEvent {
  post: PostEntity;
  thread: ThreadEntity;
  /** The reply is hidden now (hidePost) or visible again (unhidePost). */
  hidden: boolean;
  /** Null when flags hid it (the auto-hide threshold). */
  actorId: string | null;
}

/** What a moderator's change of a thread may change. */
export type ThreadModeratedField = 'locked' | 'pinned' | 'topicId';

export interface ThreadModeratedEvent {
  thread: ThreadEntity;
  /** What changed (never empty). */
  changed: ThreadModeratedField[];
  /** The topic before a move (null unless `topicId` changed). */
  previousTopicId: string | null;
  actorId: string;
}

/**
 * A thread or reply was hidden by flags (auto-hide, `actorId` null) or stays hidden because a
 * moderator upheld its flags: its author is told (MODERATION notification).
 */
export interface ContentFlaggedHiddenEvent {
  targetType: 'THREAD' | 'POST';
  authorId: string;
  /** The thread (of the post), when its author may still see it; null for a hidden thread. */
  threadId: string | null;
  actorId: string | null;
}

declare module '../platform/events/domain-events' {
  interface DomainEvents {
    'post.moderated': PostModeratedEvent;
    'thread.moderated': ThreadModeratedEvent;
    'content.flagged-hidden': ContentFlaggedHiddenEvent;
  }
}
