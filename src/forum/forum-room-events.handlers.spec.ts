import { EntityManager } from 'typeorm';
import { Role, Sector, VisibilityScope } from '../access/roles';
import { Viewer } from '../access/viewer';
import type { NewRoomEvent } from '../outbox/room-events';
import type { RoomEventsService } from '../outbox/room-events.service';
import { ForumRoomEvents } from './forum-room-events.handlers';
import { isPostVisible } from './posts/post-visibility';
import type { PostEntity } from './posts/post.entity';
import { ThreadKind } from './threads/thread-kind.enum';
import type { ThreadEntity } from './threads/thread.entity';
import type { ThreadsRepository } from './threads/threads.repository';

const manager = {} as EntityManager;
const AT = new Date('2026-11-30T12:00:00.123Z');
const EDITED = new Date('2026-11-30T13:00:00.456Z');

const thread = (extra: Partial<ThreadEntity> = {}): ThreadEntity =>
  ({
    id: 't1', kind: ThreadKind.QUESTION, title: 'A title', body: 'Body', bodyHtml: '<p>Body</p>', authorId: 'u1', topicId: 'topic1', tags: ['a'],
    visibilityScope: VisibilityScope.PUBLIC, visibilitySectors: [], language: 'en', acceptedPostId: null, locked: false, pinned: false, hidden: false,
    postCount: 1, score: 0, lastActivityAt: AT, lastPosterId: 'u2', createdAt: AT, editedAt: null, idempotencyKey: null, requestHash: null, ...extra,
  }) as ThreadEntity;

const post = (extra: Partial<PostEntity> = {}): PostEntity =>
  ({
    id: 'p1', threadId: 't1', authorId: 'u2', parentId: null, body: 'Secret **text**', bodyHtml: '<p>Secret <strong>text</strong></p>', language: 'en',
    score: 0, accepted: false, deleted: false, deletedAt: null, hidden: false, editCount: 0, createdAt: AT, editedAt: null, idempotencyKey: null, requestHash: null, ...extra,
  }) as PostEntity;

/** ForumRoomEvents with a fake outbox that records what it is asked to append. */
function setup() {
  const appended: NewRoomEvent[] = [];
  const outbox = { append: async (_m: EntityManager, room: string, type: string, data: object) => void appended.push({ room, type, data } as NewRoomEvent) };
  const threads = { findById: async () => thread({ postCount: 4, hiddenPostCount: 1, score: 2, lastPosterId: 'u5' }) };
  return { handlers: new ForumRoomEvents(outbox as unknown as RoomEventsService, threads as unknown as ThreadsRepository), appended };
}

describe('ForumRoomEvents (room payloads from the forum domain events)', () => {
  it('post.created carries what a client renders: ids, author summary, bodyHtml, createdAt', async () => {
    const { handlers, appended } = setup();
    const author = { id: 'u2', handle: 'ana', displayName: 'Ana' };
    await handlers.onPostCreated({ post: post({ parentId: 'p0' }), thread: thread(), parentAuthorId: 'u3', author, actorId: 'u2', watchers: [] }, manager);
    expect(appended).toEqual([
      {
        room: 'thread:t1',
        type: 'post.created',
        data: { postId: 'p1', threadId: 't1', parentId: 'p0', authorId: 'u2', author, bodyHtml: '<p>Secret <strong>text</strong></p>', createdAt: AT.toISOString() },
      },
    ]);
  });

  it('an edit carries the new bodyHtml and editedAt, and fields lists exactly them', async () => {
    const { handlers, appended } = setup();
    await handlers.onPostEdited({ post: post({ editedAt: EDITED }), thread: thread(), previousBody: 'Old', actorId: 'u2' }, manager);
    expect(appended[0].data).toEqual({ postId: 'p1', threadId: 't1', bodyHtml: '<p>Secret <strong>text</strong></p>', editedAt: EDITED.toISOString(), fields: ['bodyHtml', 'editedAt'] });
  });

  it('nothing about a hidden reply is broadcast: neither an edit (its text), a vote nor a deletion', async () => {
    const { handlers, appended } = setup();
    const hidden = post({ hidden: true, editedAt: EDITED, score: 4 });
    const member: Viewer = { id: 'm', role: Role.MEMBER, sector: Sector.NGO, organizationId: null, orgRole: null, suspendedUntil: null } as Viewer;
    expect(isPostVisible(member, thread(), hidden)).toBe(false);
    await handlers.onPostEdited({ post: hidden, thread: thread(), previousBody: 'Old', actorId: 'mod' }, manager);
    await handlers.onPostVoted({ post: hidden, thread: thread(), voterId: 'mod', previous: 0, value: 1 }, manager);
    await handlers.onPostDeleted({ post: { ...hidden, deleted: true }, thread: thread(), wasAccepted: false, actorId: 'mod' }, manager);
    expect(appended).toEqual([]);
    // the same changes of a visible reply are broadcast
    await handlers.onPostEdited({ post: post({ editedAt: EDITED }), thread: thread(), previousBody: 'Old', actorId: 'u2' }, manager);
    expect(appended.map((e) => e.type)).toEqual(['post.updated']);
  });

  it('a reply hidden or shown again: the thread counters members see now (read back in the transaction), nothing for a deleted reply', async () => {
    const { handlers, appended } = setup();
    await handlers.onPostHiddenChanged({ post: post({ hidden: true }), thread: thread(), hidden: true, actorId: 'mod' }, manager);
    await handlers.onPostHiddenChanged({ post: post({ hidden: true, deleted: true }), thread: thread(), hidden: true, actorId: 'mod' }, manager);
    expect(appended).toEqual([
      {
        room: 'thread:t1',
        type: 'thread.updated',
        data: { threadId: 't1', postCount: 4, score: 2, lastActivityAt: AT.toISOString(), lastPosterId: 'u5', fields: ['postCount', 'score', 'lastActivityAt', 'lastPosterId'] },
      },
    ]);
  });

  it('a vote carries the new score', async () => {
    const { handlers, appended } = setup();
    await handlers.onPostVoted({ post: post({ score: 3 }), thread: thread({ score: 3 }), voterId: 'u9', previous: -1, value: 1 }, manager);
    expect(appended).toEqual([{ room: 'thread:t1', type: 'post.updated', data: { postId: 'p1', threadId: 't1', score: 3, fields: ['score'] } }]);
  });

  it('a deletion is a post.deleted, then the thread counters (and the lost answer when it was accepted)', async () => {
    const { handlers, appended } = setup();
    const after = thread({ postCount: 0, score: 0, lastActivityAt: AT, lastPosterId: null, acceptedPostId: null });
    await handlers.onPostDeleted({ post: post({ deleted: true }), thread: after, wasAccepted: false, actorId: 'u2' }, manager);
    await handlers.onPostDeleted({ post: post({ deleted: true }), thread: after, wasAccepted: true, actorId: 'u2' }, manager);
    expect(appended.map((e) => e.type)).toEqual(['post.deleted', 'thread.updated', 'post.deleted', 'thread.updated']);
    expect(appended[0].data).toEqual({ postId: 'p1', threadId: 't1' });
    const counters = { threadId: 't1', postCount: 0, score: 0, lastActivityAt: AT.toISOString(), lastPosterId: null };
    expect(appended[1].data).toEqual({ ...counters, fields: ['postCount', 'score', 'lastActivityAt', 'lastPosterId'] });
    expect(appended[3].data).toEqual({
      ...counters,
      acceptedAnswerId: null,
      answered: false,
      fields: ['postCount', 'score', 'lastActivityAt', 'lastPosterId', 'acceptedAnswerId', 'answered'],
    });
  });

  it('an accepted answer and a thread edit carry exactly the changed values', async () => {
    const { handlers, appended } = setup();
    await handlers.onAnswerAccepted({ post: post({ accepted: true }), thread: thread({ acceptedPostId: 'p1' }), previousPostId: null, actorId: 'u1' }, manager);
    await handlers.onThreadEdited({ thread: thread({ title: 'New title', editedAt: EDITED }), previousBody: null, changed: ['title'], actorId: 'u1' }, manager);
    await handlers.onThreadEdited(
      { thread: thread({ bodyHtml: '<p>New</p>', tags: ['b'], topicId: 'topic2', editedAt: EDITED }), previousBody: 'Body', changed: ['body', 'tags', 'topicId'], actorId: 'u1' },
      manager,
    );
    expect(appended.map((e) => e.data)).toEqual([
      { threadId: 't1', acceptedAnswerId: 'p1', answered: true, fields: ['acceptedAnswerId', 'answered'] },
      { threadId: 't1', title: 'New title', editedAt: EDITED.toISOString(), fields: ['title', 'editedAt'] },
      { threadId: 't1', bodyHtml: '<p>New</p>', tags: ['b'], topicId: 'topic2', editedAt: EDITED.toISOString(), fields: ['bodyHtml', 'tags', 'topicId', 'editedAt'] },
    ]);
  });
});
