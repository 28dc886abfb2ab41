import { AccessPolicy, SqlPredicate } from '../../access/access-policy';
import { Viewer } from '../../access/viewer';
import type { ThreadAccessFields } from '../threads/thread-access.service';
import type { PostEntity } from './post.entity';

/**
 * The one rule for a reply, and its SQL twin: `AccessPolicy.canViewContent` with its thread's
 * visibility and topic, hidden when the reply or its thread is hidden (MODERATOR and ADMIN still see
 * it; a topic-limited MODERATOR in their topics).
 * Deleted replies stay visible as tombstones, except where a reader excludes them (search).
 * `PostAccess` checks single posts with it; lists, counts and search filter with the predicate.
 */
export function isPostVisible(viewer: Viewer | null | undefined, thread: ThreadAccessFields, post: Pick<PostEntity, 'hidden'>): boolean {
  return AccessPolicy.canViewContent(viewer, {
    visibilityScope: thread.visibilityScope,
    visibilitySectors: thread.visibilitySectors,
    authorId: thread.authorId,
    topicId: thread.topicId,
    hidden: thread.hidden || post.hidden,
  });
}

/** SQL twin of `isPostVisible` for posts `p` joined to their thread `t`; `excludeDeleted` drops tombstones. */
export function postVisibilityPredicate(viewer: Viewer | null | undefined, options: { excludeDeleted?: boolean } = {}): SqlPredicate {
  return AccessPolicy.contentPredicate(viewer, 'p', {
    scope: 't.visibility_scope',
    sectors: 't.visibility_sectors',
    author: 't.author_id',
    topic: 't.topic_id',
    hidden: '(t.hidden OR p.hidden)',
    ...(options.excludeDeleted ? { deleted: 'p.deleted' } : {}),
  });
}
