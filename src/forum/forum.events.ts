import type { Viewer } from '../access/viewer';
import type { UserSummary } from '../outbox/room-events';
import type { PostEntity } from './posts/post.entity';
import type { ThreadEntity } from './threads/thread.entity';

/**
 * What the forum tells other features (notifications, experts, moderation, realtime). Emitted
 * by the forum's services inside the transaction of the change, after its rows and counters
 * are written; the entities are as they are after the change.
 */
export interface ThreadCreatedEvent {
  thread: ThreadEntity;
  actorId: string;
}

/** What an edit of a thread may change (`topicId`: moved to another topic). */
export type ThreadEditedField = 'title' | 'body' | 'tags' | 'topicId';

export interface ThreadEditedEvent {
  thread: ThreadEntity;
  /** The body before the edit, when the body changed (mentions compare against it). */
  previousBody: string | null;
  /** What the edit changed (never empty: an edit that changes nothing is not an event). */
  changed: ThreadEditedField[];
  actorId: string;
}

export interface PostCreatedEvent {
  post: PostEntity;
  thread: ThreadEntity;
  /** Author of the post replied to, if any. */
  parentAuthorId: string | null;
  /** The post's author as others see them (rooms, mails). */
  author: UserSummary;
  actorId: string;
  /** Who watched the thread when the reply was stored, as Viewers read in the same statement: they hear of it. */
  watchers: readonly Viewer[];
}

export interface PostEditedEvent {
  post: PostEntity;
  thread: ThreadEntity;
  previousBody: string;
  actorId: string;
}

export interface PostDeletedEvent {
  post: PostEntity;
  thread: ThreadEntity;
  /** The post was the thread's accepted answer (the thread is no longer answered). */
  wasAccepted: boolean;
  actorId: string;
}

export interface PostVotedEvent {
  post: PostEntity;
  thread: ThreadEntity;
  voterId: string;
  /** The vote before and after (-1, 0, 1). */
  previous: number;
  value: number;
}

export interface AnswerAcceptedEvent {
  post: PostEntity;
  thread: ThreadEntity;
  /** The answer accepted before, now no longer accepted. */
  previousPostId: string | null;
  actorId: string;
}

/**
 * A reply was hidden by moderation (a moderator's `hidePost`, flags reaching the auto-hide
 * threshold, or upheld flags) or shown again; the row is written (`post.hidden` is the new
 * value). Emitted by moderation, declared here so that the forum (counters) and the expert
 * network (reputation) below moderation can react in the same transaction.
 */
export interface PostHiddenChangedEvent {
  post: PostEntity;
  thread: ThreadEntity;
  /** The reply is hidden now (true) or visible again (false). */
  hidden: boolean;
  /** Null when flags hid it (the auto-hide threshold). */
  actorId: string | null;
}

/**
 * Who may see a thread may have changed (hidden, moved to a topic or visibility others may not
 * see): realtime re-checks the sockets in its room after commit. Emitted by whoever changed it.
 */
export interface ThreadAccessChangedEvent {
  threadId: string;
}

declare module '../platform/events/domain-events' {
  interface DomainEvents {
    'thread.access-changed': ThreadAccessChangedEvent;
    'thread.created': ThreadCreatedEvent;
    'thread.edited': ThreadEditedEvent;
    'post.created': PostCreatedEvent;
    'post.edited': PostEditedEvent;
    'post.deleted': PostDeletedEvent;
    'post.voted': PostVotedEvent;
    'answer.accepted': AnswerAcceptedEvent;
    'post.hidden-changed': PostHiddenChangedEvent;
  }
}
