import { adminToken } from '../support/orgs';
import { sqlLog } from '../support/sql-count';
import { startTestApp, TestApp } from '../support/test-app';
import { registerUser, TestUser, withAdmin } from '../support/users';
import { ACCEPT_ANSWER as ACCEPT, EDIT_POST as EDIT, POST_FIELDS, VOTE_POST as VOTE, WATCH_THREAD } from '../support/documents';
import { createThread, createThreadRaw, errorCode, reply, replyRaw, setRole, topicId } from '../support/forum';

const DELETE = `mutation($id: ID!) { deletePost(id: $id) { ${POST_FIELDS} revisions { version body } } }`;
const THREAD_POSTS = `query($id: ID!, $first: Int, $after: String) { thread(id: $id) { id postCount score lastActivityAt lastPoster { id }
  posts(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ${POST_FIELDS} } } } } }`;

describe('forum: replies, votes, accepted answers (e2e)', () => {
  let t: TestApp;
  let admin: string;
  let asker: TestUser;
  let answerer: TestUser;
  let voter: TestUser;
  let topic: string;

  beforeAll(async () => {
    t = await startTestApp(withAdmin());
    admin = await adminToken(t);
    asker = await registerUser(t, 'asker');
    answerer = await registerUser(t, 'answerer');
    voter = await registerUser(t, 'voter');
    topic = await topicId(t, 'direct-smelting-borax');
  });

  afterAll(async () => {
    await t?.close();
  });

  const question = () => createThread(t, asker.accessToken, { topicId: topic, kind: 'QUESTION' });

  describe('postReply', () => {
    it('replies, renders Markdown, updates postCount, lastActivityAt and the last poster, and stores a post.created event', async () => {
      const thread = await question();
      const post = await reply(t, answerer.accessToken, { threadId: thread.id, body: 'Use **borax** 1:1. <script>x()</script> [x](javascript:void(0))' });
      expect(post).toMatchObject({ score: 0, viewerVote: 0, accepted: false, deleted: false, hidden: false, editedAt: null, parent: null, author: { id: answerer.id }, thread: { id: thread.id } });
      expect(post.bodyHtml).toContain('<strong>borax</strong>');
      expect(post.bodyHtml).not.toMatch(/<script|javascript:/);
      const after = (await t.gqlOk(THREAD_POSTS, { id: thread.id })).thread;
      expect(after.postCount).toBe(1);
      expect(after.lastPoster.id).toBe(answerer.id);
      expect(after.lastActivityAt).toBe(post.createdAt);
      expect(after.posts.edges.map((e: any) => e.node.id)).toEqual([post.id]);
      const events = await t.db.query<{ type: string; data: any }>(`SELECT type, data FROM room_events WHERE room = $1`, [`thread:${thread.id}`]);
      // render-ready: the author as rooms show them, the sanitized HTML and the creation time
      expect(events).toEqual([
        {
          type: 'post.created',
          data: {
            postId: post.id,
            threadId: thread.id,
            parentId: null,
            authorId: answerer.id,
            author: { id: answerer.id, handle: answerer.handle, displayName: `Test ${answerer.handle}` },
            bodyHtml: post.bodyHtml,
            createdAt: post.createdAt,
          },
        },
      ]);
    });

    it('a nested reply names a parent of the same thread; another thread\'s post is BAD_USER_INPUT, an unknown one NOT_FOUND', async () => {
      const thread = await question();
      const other = await question();
      const top = await reply(t, answerer.accessToken, { threadId: thread.id });
      const nested = await reply(t, asker.accessToken, { threadId: thread.id, parentId: top.id });
      expect(nested.parent.id).toBe(top.id);
      const foreign = await reply(t, answerer.accessToken, { threadId: other.id });
      expect(errorCode(await replyRaw(t, asker.accessToken, { threadId: thread.id, parentId: foreign.id }))).toBe('BAD_USER_INPUT');
      expect(errorCode(await replyRaw(t, asker.accessToken, { threadId: thread.id, parentId: '00000000-0000-4000-8000-000000000000' }))).toBe('NOT_FOUND');
      expect(errorCode(await replyRaw(t, asker.accessToken, { threadId: thread.id, parentId: 'garbage' }))).toBe('BAD_USER_INPUT');
      expect(errorCode(await replyRaw(t, asker.accessToken, { threadId: '00000000-0000-4000-8000-000000000000' }))).toBe('NOT_FOUND');
      expect(errorCode(await replyRaw(t, asker.accessToken, { threadId: thread.id, body: '' }))).toBe('BAD_USER_INPUT');
      expect(errorCode(await replyRaw(t, asker.accessToken, { threadId: thread.id, body: 'x'.repeat(50_001) }))).toBe('BAD_USER_INPUT');
      expect(errorCode(await replyRaw(t, '', { threadId: thread.id }))).toBe('UNAUTHENTICATED');
    });

    it('a locked thread refuses replies with LOCKED (and edits by non-staff)', async () => {
      const thread = await question();
      const post = await reply(t, answerer.accessToken, { threadId: thread.id });
      await t.db.query(`UPDATE threads SET locked = true WHERE id = $1`, [thread.id]);
      expect(errorCode(await replyRaw(t, answerer.accessToken, { threadId: thread.id }))).toBe('LOCKED');
      expect(errorCode(await t.gql(EDIT, { id: post.id, body: 'changed' }, answerer.accessToken))).toBe('LOCKED');
      expect((await t.gqlOk(`query($id: ID!) { thread(id: $id) { locked postCount } }`, { id: thread.id })).thread).toEqual({ locked: true, postCount: 1 });
    });

    it('idempotencyKey: same key and payload return the original post; a different payload is IDEMPOTENCY_CONFLICT; 10 concurrent retries create one post', async () => {
      const thread = await question();
      const a = await reply(t, answerer.accessToken, { threadId: thread.id, body: 'Once', idempotencyKey: 'reply-1' });
      const b = await reply(t, answerer.accessToken, { threadId: thread.id, body: 'Once', idempotencyKey: 'reply-1' });
      expect(b.id).toBe(a.id);
      expect(errorCode(await replyRaw(t, answerer.accessToken, { threadId: thread.id, body: 'Twice', idempotencyKey: 'reply-1' }))).toBe('IDEMPOTENCY_CONFLICT');
      const results = await Promise.all(Array.from({ length: 10 }, () => replyRaw(t, asker.accessToken, { threadId: thread.id, body: 'Concurrent', idempotencyKey: 'reply-2' })));
      for (const r of results) expect(r.errors).toBeUndefined();
      expect(new Set(results.map((r) => r.data!.postReply.id)).size).toBe(1);
      const [{ n }] = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM posts WHERE thread_id = $1`, [thread.id]);
      expect(n).toBe(2);
      expect((await t.gqlOk(THREAD_POSTS, { id: thread.id })).thread.postCount).toBe(2);
    });

    it('idempotent replay checks visibility like createThread: NOT_FOUND once the thread or the post is no longer visible', async () => {
      const thread = await question();
      const input = { threadId: thread.id, body: 'Replayed', idempotencyKey: 'replay-visibility' };
      const first = await reply(t, answerer.accessToken, input);
      expect((await reply(t, answerer.accessToken, input)).id).toBe(first.id);
      await t.db.query(`UPDATE posts SET hidden = true WHERE id = $1`, [first.id]);
      expect(errorCode(await replyRaw(t, answerer.accessToken, input))).toBe('NOT_FOUND');
      await t.db.query(`UPDATE posts SET hidden = false WHERE id = $1`, [first.id]);
      await t.db.query(`UPDATE threads SET hidden = true WHERE id = $1`, [thread.id]);
      expect(errorCode(await replyRaw(t, answerer.accessToken, input))).toBe('NOT_FOUND');
      // a different payload is still a conflict first (same order as createThread)
      expect(errorCode(await replyRaw(t, answerer.accessToken, { ...input, body: 'Other' }))).toBe('IDEMPOTENCY_CONFLICT');
      // createThread: the same shared path
      const threadInput = { topicId: topic, title: 'Replay visibility thread', body: 'Body', idempotencyKey: 'thread-replay-visibility' };
      const created = await createThread(t, asker.accessToken, threadInput);
      await t.db.query(`UPDATE threads SET hidden = true WHERE id = $1`, [created.id]);
      expect(errorCode(await createThreadRaw(t, asker.accessToken, threadInput))).toBe('NOT_FOUND');
    });

    it('keeps postCount exact under 40 concurrent replies from many clients', async () => {
      const thread = await question();
      const clients = [answerer, voter, asker, await registerUser(t, 'crowd-a'), await registerUser(t, 'crowd-b')];
      const results = await Promise.all(Array.from({ length: 40 }, (_, i) => replyRaw(t, clients[i % clients.length].accessToken, { threadId: thread.id, body: `Reply number ${i}` })));
      for (const r of results) expect(r.errors).toBeUndefined();
      const [{ n }] = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM posts WHERE thread_id = $1`, [thread.id]);
      expect(n).toBe(40);
      const after = (await t.gqlOk(THREAD_POSTS, { id: thread.id, first: 100 })).thread;
      expect(after.postCount).toBe(40);
      expect(after.posts.totalCount).toBe(40);
      const [{ last }] = await t.db.query<{ last: Date }>(`SELECT max(created_at) AS last FROM posts WHERE thread_id = $1`, [thread.id]);
      expect(after.lastActivityAt).toBe(new Date(last).toISOString());
    });
  });

  describe('postReply SQL', () => {
    let log: ReturnType<typeof sqlLog>;
    let measurement = 0;

    beforeAll(() => {
      log = sqlLog(t);
    });

    /** The statements of the transaction of one postReply, from START TRANSACTION to COMMIT. */
    const transactionOf = async (token: string, threadId: string): Promise<string[]> => {
      const tag = `m-${++measurement}`;
      const res = await log.gql(tag, `mutation($input: PostReplyInput!) { postReply(input: $input) { id } }`, { input: { threadId, body: `Measured reply ${measurement}` } }, token);
      expect(res.errors).toBeUndefined();
      const all = log.entries.filter((e) => e.tag === tag).map((e) => e.sql.split(/\s+/).slice(0, 3).join(' '));
      const begin = all.findIndex((s) => s.startsWith('START TRANSACTION'));
      const commit = all.findIndex((s) => s.startsWith('COMMIT'));
      expect(begin).toBeGreaterThanOrEqual(0);
      return all.slice(begin, commit + 1);
    };

    it('stores a reply to a QUESTION in 8 statements from BEGIN to COMMIT, however many watch the thread', async () => {
      const thread = await question();
      const one = await transactionOf(answerer.accessToken, thread.id);
      // BEGIN; lock the thread; the reply with its author, the thread's counters and its watchers' Viewers;
      // the expert ask's first reply; the REPLY notifications (with email modes); the answer's reputation;
      // the room events; COMMIT
      expect(one).toHaveLength(8);
      const watchers = await Promise.all(['sql-w1', 'sql-w2', 'sql-w3'].map((p) => registerUser(t, p)));
      for (const w of watchers) await t.gqlOk(WATCH_THREAD, { id: thread.id, w: true }, w.accessToken);
      expect(await transactionOf(voter.accessToken, thread.id)).toEqual(one);
      const [{ n }] = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM notifications WHERE thread_id = $1 AND type = 'REPLY'`, [thread.id]);
      // REPLY to the thread's author (its first watcher) for the first reply, to the author and the three new watchers for the second
      expect(n).toBe(1 + 4);
    });

    it('stores a reply to a DISCUSSION in 6: no answer to count, no expert asked', async () => {
      const discussion = await createThread(t, asker.accessToken, { topicId: topic, kind: 'DISCUSSION' });
      expect(await transactionOf(answerer.accessToken, discussion.id)).toHaveLength(6);
    });
  });

  describe('editPost and deletePost', () => {
    it('editPost keeps every earlier version in revisions, oldest first', async () => {
      const thread = await question();
      const post = await reply(t, answerer.accessToken, { threadId: thread.id, body: 'Version one' });
      const v2 = (await t.gqlOk(EDIT, { id: post.id, body: 'Version *two*' }, answerer.accessToken)).editPost;
      expect(v2.body).toBe('Version *two*');
      expect(v2.bodyHtml).toBe('<p>Version <em>two</em></p>');
      expect(v2.editedAt).not.toBeNull();
      const v3 = (await t.gqlOk(EDIT, { id: post.id, body: 'Version three' }, admin)).editPost;
      expect(v3.revisions.map((r: any) => [r.version, r.body])).toEqual([
        [1, 'Version one'],
        [2, 'Version *two*'],
      ]);
      expect(v3.revisions[0].createdAt).toBe(post.createdAt);
      expect(v3.revisions[0].editor.id).toBe(answerer.id);
      expect(v3.revisions[1].createdAt).toBe(v2.editedAt);
      expect(v3.revisions[1].editedAt).toBe(v3.editedAt);
      expect(v3.revisions[1].editor.id).not.toBe(answerer.id);
      // an unchanged body is not a new version; others may not edit
      expect((await t.gqlOk(EDIT, { id: post.id, body: 'Version three' }, answerer.accessToken)).editPost.revisions).toHaveLength(2);
      expect(errorCode(await t.gql(EDIT, { id: post.id, body: 'Vandalism' }, voter.accessToken))).toBe('FORBIDDEN');
      expect(errorCode(await t.gql(EDIT, { id: post.id, body: '' }, answerer.accessToken))).toBe('BAD_USER_INPUT');
      expect(errorCode(await t.gql(EDIT, { id: '00000000-0000-4000-8000-000000000000', body: 'x' }, answerer.accessToken))).toBe('NOT_FOUND');
      const events = await t.db.query<{ type: string; data: any }>(`SELECT type, data FROM room_events WHERE room = $1 AND type = 'post.updated' ORDER BY seq`, [`thread:${thread.id}`]);
      expect(events).toHaveLength(2);
      // the changed values, and `fields` naming exactly them
      expect(events[0].data).toEqual({ postId: post.id, threadId: thread.id, bodyHtml: v2.bodyHtml, editedAt: v2.editedAt, fields: ['bodyHtml', 'editedAt'] });
      expect(events[1].data).toEqual({ postId: post.id, threadId: thread.id, bodyHtml: v3.bodyHtml, editedAt: v3.editedAt, fields: ['bodyHtml', 'editedAt'] });
    });

    it('deletePost is a soft delete: a tombstone (deleted, empty body, no author) in lists for everyone; counters and last poster recomputed', async () => {
      const thread = await question();
      const keep = await reply(t, answerer.accessToken, { threadId: thread.id, body: 'Keep me' });
      const gone = await reply(t, voter.accessToken, { threadId: thread.id, body: 'Delete me' });
      const child = await reply(t, asker.accessToken, { threadId: thread.id, parentId: gone.id, body: 'Child of the deleted one' });
      await t.gqlOk(VOTE, { id: gone.id, v: 1 }, answerer.accessToken);
      expect(errorCode(await t.gql(DELETE, { id: gone.id }, answerer.accessToken))).toBe('FORBIDDEN');
      const deleted = (await t.gqlOk(DELETE, { id: gone.id }, voter.accessToken)).deletePost;
      expect(deleted).toMatchObject({ id: gone.id, deleted: true, body: '', bodyHtml: '', revisions: [], author: null });
      const rows = await t.db.query<{ deleted: boolean; body: string }>(`SELECT deleted, body FROM posts WHERE id = $1`, [gone.id]);
      expect(rows).toEqual([{ deleted: true, body: '' }]);
      for (const token of [voter.accessToken, null]) {
        const seen = (await t.gqlOk(THREAD_POSTS, { id: thread.id }, token)).thread;
        expect(seen.postCount).toBe(2);
        expect(seen.score).toBe(0);
        expect(seen.posts.totalCount).toBe(3);
        expect(seen.posts.edges.map((e: any) => [e.node.id, e.node.deleted, e.node.body, e.node.author?.id ?? null, e.node.parent?.id ?? null])).toEqual([
          [keep.id, false, 'Keep me', answerer.id, null],
          [gone.id, true, '', null, null],
          [child.id, false, 'Child of the deleted one', asker.id, gone.id],
        ]);
      }
      const staff = (await t.gqlOk(THREAD_POSTS, { id: thread.id }, admin)).thread;
      expect(staff.posts.edges.map((e: any) => [e.node.id, e.node.deleted, e.node.body, e.node.author?.id])).toEqual([
        [keep.id, false, 'Keep me', answerer.id],
        [gone.id, true, '', voter.id],
        [child.id, false, 'Child of the deleted one', asker.id],
      ]);
      // staff can still read what was deleted, in revisions
      expect((await t.gqlOk(`query($id: ID!) { thread(id: $id) { posts { edges { node { id revisions { body } } } } } }`, { id: thread.id }, admin)).thread.posts.edges[1].node.revisions).toEqual([{ body: 'Delete me' }]);
      // deleting again returns it; editing, voting on or replying to it is NOT_FOUND
      expect((await t.gqlOk(DELETE, { id: gone.id }, voter.accessToken)).deletePost.deleted).toBe(true);
      expect(errorCode(await t.gql(EDIT, { id: gone.id, body: 'Back' }, voter.accessToken))).toBe('NOT_FOUND');
      expect(errorCode(await t.gql(VOTE, { id: gone.id, v: 1 }, answerer.accessToken))).toBe('NOT_FOUND');
      expect(errorCode(await replyRaw(t, answerer.accessToken, { threadId: thread.id, parentId: gone.id }))).toBe('NOT_FOUND');
      // the last poster and activity follow the latest remaining reply
      let now = (await t.gqlOk(THREAD_POSTS, { id: thread.id }, voter.accessToken)).thread;
      expect(now.lastPoster).toEqual({ id: asker.id });
      expect(now.lastActivityAt).toBe(child.createdAt);
      await t.gqlOk(DELETE, { id: child.id }, asker.accessToken);
      now = (await t.gqlOk(THREAD_POSTS, { id: thread.id }, voter.accessToken)).thread;
      expect(now.lastPoster).toEqual({ id: answerer.id });
      expect(now.lastActivityAt).toBe(keep.createdAt);
      expect(now.postCount).toBe(1);
      await t.gqlOk(DELETE, { id: keep.id }, answerer.accessToken);
      now = (await t.gqlOk(THREAD_POSTS, { id: thread.id }, voter.accessToken)).thread;
      expect(now.lastPoster).toBeNull();
      expect(now.lastActivityAt).toBe(thread.createdAt);
      expect(now.postCount).toBe(0);
      const [exact] = await t.db.query<{ ok: boolean }>(`SELECT t.post_count = (SELECT count(*) FROM posts p WHERE p.thread_id = t.id AND NOT p.deleted)
        AND t.score = (SELECT coalesce(sum(p.score), 0) FROM posts p WHERE p.thread_id = t.id AND NOT p.deleted) AS ok FROM threads t WHERE t.id = $1`, [thread.id]);
      expect(exact.ok).toBe(true);
      const types = (await t.db.query<{ type: string }>(`SELECT type FROM room_events WHERE room = $1 ORDER BY seq`, [`thread:${thread.id}`])).map((e) => e.type);
      expect(types).toContain('post.deleted');
    });

    it('hidden replies (or replies of a hidden thread) are listed for MODERATOR and ADMIN only', async () => {
      const thread = await question();
      const shown = await reply(t, answerer.accessToken, { threadId: thread.id, body: 'Shown' });
      const hidden = await reply(t, voter.accessToken, { threadId: thread.id, body: 'Hidden' });
      await t.db.query(`UPDATE posts SET hidden = true WHERE id = $1`, [hidden.id]);
      const ids = async (token: string | null) => (await t.gqlOk(THREAD_POSTS, { id: thread.id }, token)).thread.posts;
      expect((await ids(voter.accessToken)).edges.map((e: any) => e.node.id)).toEqual([shown.id]);
      expect((await ids(voter.accessToken)).totalCount).toBe(1);
      expect((await ids(admin)).edges.map((e: any) => e.node.id)).toEqual([shown.id, hidden.id]);
      expect((await ids(admin)).totalCount).toBe(2);
      // staff may edit a hidden reply: the room hears nothing of it (its members may not see it), a visible reply's edit it does
      const edited = (await t.gqlOk(EDIT, { id: hidden.id, body: 'Hidden, edited' }, admin)).editPost;
      expect(edited.body).toBe('Hidden, edited');
      await t.gqlOk(EDIT, { id: shown.id, body: 'Shown, edited' }, admin);
      const events = await t.db.query<{ data: any }>(`SELECT data FROM room_events WHERE room = $1 AND type = 'post.updated'`, [`thread:${thread.id}`]);
      expect(events.map((e) => e.data.postId)).toEqual([shown.id]);
      expect(JSON.stringify(events)).not.toContain('Hidden, edited');
    });
  });

  describe('votes', () => {
    it('+1/-1 per user, 0 clears; score and viewerVote; thread score follows; not on your own post', async () => {
      const thread = await question();
      const post = await reply(t, answerer.accessToken, { threadId: thread.id });
      expect((await t.gqlOk(VOTE, { id: post.id, v: 1 }, voter.accessToken)).votePost).toEqual({ id: post.id, score: 1, viewerVote: 1 });
      expect((await t.gqlOk(VOTE, { id: post.id, v: 1 }, voter.accessToken)).votePost.score).toBe(1);
      expect((await t.gqlOk(VOTE, { id: post.id, v: 1 }, asker.accessToken)).votePost).toEqual({ id: post.id, score: 2, viewerVote: 1 });
      expect((await t.gqlOk(VOTE, { id: post.id, v: -1 }, voter.accessToken)).votePost).toEqual({ id: post.id, score: 0, viewerVote: -1 });
      expect((await t.gqlOk(THREAD_POSTS, { id: thread.id }, voter.accessToken)).thread.score).toBe(0);
      expect((await t.gqlOk(VOTE, { id: post.id, v: 0 }, voter.accessToken)).votePost).toEqual({ id: post.id, score: 1, viewerVote: 0 });
      const seen = (await t.gqlOk(THREAD_POSTS, { id: thread.id }, asker.accessToken)).thread;
      expect(seen.score).toBe(1);
      expect(seen.posts.edges[0].node).toMatchObject({ score: 1, viewerVote: 1 });
      expect((await t.gqlOk(THREAD_POSTS, { id: thread.id })).thread.posts.edges[0].node.viewerVote).toBe(0);
      expect(errorCode(await t.gql(VOTE, { id: post.id, v: 1 }, answerer.accessToken))).toBe('FORBIDDEN');
      expect(errorCode(await t.gql(VOTE, { id: post.id, v: 2 }, voter.accessToken))).toBe('BAD_USER_INPUT');
      expect(errorCode(await t.gql(VOTE, { id: post.id, v: 1 }))).toBe('UNAUTHENTICATED');
      const [{ n }] = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM post_votes WHERE post_id = $1`, [post.id]);
      expect(n).toBe(1);
      // each vote that changed the score tells the room the new score (a repeated vote changes nothing)
      const events = await t.db.query<{ data: any }>(`SELECT data FROM room_events WHERE room = $1 AND type = 'post.updated' ORDER BY seq`, [`thread:${thread.id}`]);
      expect(events.map((e) => e.data)).toEqual([1, 2, 0, 1].map((score) => ({ postId: post.id, threadId: thread.id, score, fields: ['score'] })));
    });

    it('keeps the score exact under concurrent votes', async () => {
      const thread = await question();
      const post = await reply(t, answerer.accessToken, { threadId: thread.id });
      const voters = await Promise.all(Array.from({ length: 8 }, (_, i) => registerUser(t, `v${i}`)));
      const results = await Promise.all(voters.flatMap((v, i) => [t.gql(VOTE, { id: post.id, v: i % 2 ? -1 : 1 }, v.accessToken), t.gql(VOTE, { id: post.id, v: 1 }, v.accessToken)]));
      for (const r of results) expect(r.errors).toBeUndefined();
      const [{ sum }] = await t.db.query<{ sum: number }>(`SELECT coalesce(sum(value), 0)::int AS sum FROM post_votes WHERE post_id = $1`, [post.id]);
      const [{ score }] = await t.db.query<{ score: number }>(`SELECT score FROM posts WHERE id = $1`, [post.id]);
      const [{ tscore }] = await t.db.query<{ tscore: number }>(`SELECT score AS tscore FROM threads WHERE id = $1`, [thread.id]);
      expect(score).toBe(sum);
      expect(tscore).toBe(sum);
    });
  });

  describe('acceptAnswer', () => {
    it('the thread author accepts; accepting another replaces it; answered and acceptedAnswer follow', async () => {
      const thread = await question();
      const first = await reply(t, answerer.accessToken, { threadId: thread.id, body: 'First answer' });
      const second = await reply(t, voter.accessToken, { threadId: thread.id, body: 'Second answer' });
      expect(errorCode(await t.gql(ACCEPT, { id: first.id }, voter.accessToken))).toBe('FORBIDDEN');
      const accepted = (await t.gqlOk(ACCEPT, { id: first.id }, asker.accessToken)).acceptAnswer;
      expect(accepted).toEqual({ id: thread.id, answered: true, acceptedAnswer: { id: first.id, accepted: true, author: { id: answerer.id } } });
      const replaced = (await t.gqlOk(ACCEPT, { id: second.id }, asker.accessToken)).acceptAnswer;
      expect(replaced.acceptedAnswer.id).toBe(second.id);
      const posts = (await t.gqlOk(THREAD_POSTS, { id: thread.id })).thread.posts.edges.map((e: any) => [e.node.id, e.node.accepted]);
      expect(posts).toEqual([
        [first.id, false],
        [second.id, true],
      ]);
      const events = await t.db.query<{ data: any }>(`SELECT data FROM room_events WHERE room = $1 AND type = 'thread.updated' ORDER BY seq`, [`thread:${thread.id}`]);
      expect(events).toHaveLength(2);
      expect(events[0].data).toEqual({ threadId: thread.id, acceptedAnswerId: first.id, answered: true, fields: ['acceptedAnswerId', 'answered'] });
      expect(events[1].data).toEqual({ threadId: thread.id, acceptedAnswerId: second.id, answered: true, fields: ['acceptedAnswerId', 'answered'] });
    });

    it('MODERATOR and ADMIN may accept; only on QUESTION threads; deleting the accepted answer un-answers', async () => {
      const thread = await question();
      const post = await reply(t, answerer.accessToken, { threadId: thread.id });
      const mod = await registerUser(t, 'acc-mod');
      await setRole(t, mod.id, 'MODERATOR');
      expect((await t.gqlOk(ACCEPT, { id: post.id }, mod.accessToken)).acceptAnswer.answered).toBe(true);
      await t.gqlOk(DELETE, { id: post.id }, answerer.accessToken);
      expect((await t.gqlOk(`query($id: ID!) { thread(id: $id) { answered acceptedAnswer { id } } }`, { id: thread.id })).thread).toEqual({ answered: false, acceptedAnswer: null });
      // the room hears the thread's new counters, and that it is no longer answered
      const [last] = await t.db.query<{ data: any }>(`SELECT data FROM room_events WHERE room = $1 AND type = 'thread.updated' ORDER BY seq DESC LIMIT 1`, [`thread:${thread.id}`]);
      expect(last.data).toEqual({
        threadId: thread.id,
        postCount: 0,
        score: 0,
        lastActivityAt: thread.createdAt,
        lastPosterId: null,
        acceptedAnswerId: null,
        answered: false,
        fields: ['postCount', 'score', 'lastActivityAt', 'lastPosterId', 'acceptedAnswerId', 'answered'],
      });
      const discussion = await createThread(t, asker.accessToken, { topicId: topic, kind: 'DISCUSSION' });
      const dpost = await reply(t, answerer.accessToken, { threadId: discussion.id });
      expect(errorCode(await t.gql(ACCEPT, { id: dpost.id }, asker.accessToken))).toBe('BAD_USER_INPUT');
      expect(errorCode(await t.gql(ACCEPT, { id: 'nope' }, asker.accessToken))).toBe('BAD_USER_INPUT');
    });
  });

  describe('notifications', () => {
    const types = async (user: TestUser) =>
      (await t.gqlOk(`{ notifications(first: 100) { edges { node { type thread { id } post { id } actor { id } } } } }`, {}, user.accessToken)).notifications.edges.map((e: any) => e.node);

    it('REPLY to watchers (the author watches) and the parent post author, MENTION once per post, ANSWER_ACCEPTED to the answerer', async () => {
      const [author, watcher, parentAuthor, mentioned, replier] = await Promise.all(['n-author', 'n-watcher', 'n-parent', 'n-mentioned', 'n-replier'].map((p) => registerUser(t, p)));
      const thread = await createThread(t, author.accessToken, { topicId: topic, kind: 'QUESTION' });
      await t.gqlOk(WATCH_THREAD, { id: thread.id, w: true }, watcher.accessToken);
      const parent = await reply(t, parentAuthor.accessToken, { threadId: thread.id, body: 'Top-level answer' });
      const nested = await reply(t, replier.accessToken, { threadId: thread.id, parentId: parent.id, body: `Agree, @${mentioned.handle} and @${mentioned.handle.toUpperCase()} and @nobody-here know more.` });
      await t.gqlOk(ACCEPT, { id: nested.id }, author.accessToken);

      const replyTo = (n: any[]) => n.filter((x) => x.type === 'REPLY' && x.post?.id === nested.id).length;
      expect(replyTo(await types(author))).toBe(1);
      expect(replyTo(await types(watcher))).toBe(1);
      expect(replyTo(await types(parentAuthor))).toBe(1);
      const forMentioned = await types(mentioned);
      expect(forMentioned.filter((x: any) => x.type === 'MENTION')).toEqual([{ type: 'MENTION', thread: { id: thread.id }, post: { id: nested.id }, actor: { id: replier.id } }]);
      const forReplier = await types(replier);
      expect(forReplier.filter((x: any) => x.type === 'ANSWER_ACCEPTED')).toEqual([{ type: 'ANSWER_ACCEPTED', thread: { id: thread.id }, post: { id: nested.id }, actor: { id: author.id } }]);
      expect(forReplier.filter((x: any) => x.type === 'REPLY')).toEqual([]);
      // editing keeps earlier mentions quiet and notifies only new ones
      await t.gqlOk(EDIT, { id: nested.id, body: `@${mentioned.handle} and @${watcher.handle}` }, replier.accessToken);
      expect((await types(mentioned)).filter((x: any) => x.type === 'MENTION')).toHaveLength(1);
      expect((await types(watcher)).filter((x: any) => x.type === 'MENTION')).toHaveLength(1);
      // unwatching stops REPLY notifications
      await t.gqlOk(WATCH_THREAD, { id: thread.id, w: false }, watcher.accessToken);
      const later = await reply(t, replier.accessToken, { threadId: thread.id, body: 'One more' });
      expect((await types(watcher)).filter((x: any) => x.post?.id === later.id)).toEqual([]);
      expect((await types(author)).filter((x: any) => x.post?.id === later.id)).toHaveLength(1);
    });
  });

  describe('posts connection', () => {
    it('pages oldest first with stable keyset cursors; first > 100 is BAD_USER_INPUT', async () => {
      const thread = await question();
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) ids.push((await reply(t, answerer.accessToken, { threadId: thread.id, body: `Post ${i}` })).id);
      const p1 = (await t.gqlOk(THREAD_POSTS, { id: thread.id, first: 2 })).thread.posts;
      expect(p1.totalCount).toBe(5);
      expect(p1.pageInfo.hasNextPage).toBe(true);
      const p2 = (await t.gqlOk(THREAD_POSTS, { id: thread.id, first: 2, after: p1.pageInfo.endCursor })).thread.posts;
      const p3 = (await t.gqlOk(THREAD_POSTS, { id: thread.id, first: 2, after: p2.pageInfo.endCursor })).thread.posts;
      expect([...p1.edges, ...p2.edges, ...p3.edges].map((e: any) => e.node.id)).toEqual(ids);
      expect(p3.pageInfo.hasNextPage).toBe(false);
      // a new reply does not shift the pages already handed out
      await reply(t, voter.accessToken, { threadId: thread.id, body: 'Late' });
      const again = (await t.gqlOk(THREAD_POSTS, { id: thread.id, first: 2, after: p1.pageInfo.endCursor })).thread.posts;
      expect(again.edges.map((e: any) => e.node.id)).toEqual(ids.slice(2, 4));
      expect(errorCode(await t.gql(THREAD_POSTS, { id: thread.id, first: 101 }))).toBe('BAD_USER_INPUT');
      expect(errorCode(await t.gql(THREAD_POSTS, { id: thread.id, first: 2, after: 'not-a-cursor' }))).toBe('BAD_USER_INPUT');
    });
  });
});
