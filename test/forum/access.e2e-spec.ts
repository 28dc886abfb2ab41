import { Role, Sector } from '../../src/access/roles';
import { Viewer } from '../../src/access/viewer';
import { ThreadAccess } from '../../src/forum/threads/thread-access.service';
import { adminToken, joinSector } from '../support/orgs';
import { connectSocket } from '../support/sockets';
import { startTestApp, TestApp } from '../support/test-app';
import { registerUser, TestUser, withAdmin } from '../support/users';
import { CREATE_TOPIC } from '../support/documents';
import { createThread, errorCode, reply, replyRaw, setRole } from '../support/forum';

const THREAD = `query($id: ID!) { thread(id: $id) { id hidden posts { edges { node { id hidden parent { id } } } } } }`;
const LIST = `query($filter: ThreadFilter) { threads(filter: $filter, first: 100) { totalCount edges { node { id hidden } } } }`;
const SEARCH = `query($q: String!) { search(query: $q, first: 50) { totalCount edges { node { rank snippet thread { id } post { id hidden } } } } }`;

describe('forum: access policy in threads, lists, mutations and search (e2e)', () => {
  let t: TestApp;
  let admin: string;
  let gov: TestUser;
  let gov2: TestUser;
  let ngo: TestUser;
  let outsider: TestUser;
  let moderator: TestUser;
  let topic: string;
  let pub: any;
  let members: any;
  let sectors: any;
  let sectorReply: any;

  beforeAll(async () => {
    t = await startTestApp(withAdmin());
    admin = await adminToken(t);
    [gov, gov2, ngo, outsider, moderator] = await Promise.all(['gov', 'gov-two', 'ngo', 'outsider', 'moderator'].map((p) => registerUser(t, p)));
    await joinSector(t, admin, gov, 'GOVERNMENT');
    await joinSector(t, admin, gov2, 'GOVERNMENT');
    await joinSector(t, admin, ngo, 'NGO');
    await setRole(t, moderator.id, 'MODERATOR');
    topic = (await t.gqlOk(CREATE_TOPIC, { input: { name: 'Access', slug: 'access' } }, admin)).createTopic.id;
    pub = await createThread(t, ngo.accessToken, { topicId: topic, title: 'Public thread on retorts', body: 'Everyone may read this.' });
    members = await createThread(t, ngo.accessToken, { topicId: topic, title: 'Members thread on retorts', body: 'Signed-in members only.', visibility: { scope: 'MEMBERS' } });
    sectors = await createThread(t, gov.accessToken, {
      topicId: topic,
      title: 'Border seizures of smuggled mercury',
      body: 'Seizure figures mention the word xylocarpine only here.',
      visibility: { scope: 'SECTORS', sectors: ['GOVERNMENT'] },
    });
    sectorReply = await reply(t, gov2.accessToken, { threadId: sectors.id, body: 'Our customs data says quokkamercury.' });
  });

  afterAll(async () => {
    await t?.close();
  });

  const seesThread = async (id: string, token?: string) => (await t.gqlOk(THREAD, { id }, token)).thread !== null;
  const listed = async (token?: string) => (await t.gqlOk(LIST, { filter: { topicId: topic } }, token)).threads.edges.map((e: any) => e.node.id);

  it('thread(id) follows the policy: PUBLIC anyone, MEMBERS signed in, SECTORS the sector, its author and staff', async () => {
    const table: [string, string | undefined, boolean, boolean, boolean][] = [
      ['anonymous', undefined, true, false, false],
      ['outsider (no sector)', outsider.accessToken, true, true, false],
      ['NGO member', ngo.accessToken, true, true, false],
      ['GOVERNMENT member', gov2.accessToken, true, true, true],
      ['author', gov.accessToken, true, true, true],
      ['MODERATOR', moderator.accessToken, true, true, true],
      ['ADMIN', admin, true, true, true],
    ];
    for (const [who, token, p, m, s] of table) {
      expect([who, await seesThread(pub.id, token), await seesThread(members.id, token), await seesThread(sectors.id, token)]).toEqual([who, p, m, s]);
    }
  });

  it('threads lists only what the viewer may see (totalCount too)', async () => {
    expect(await listed()).toEqual([pub.id]);
    expect(new Set(await listed(outsider.accessToken))).toEqual(new Set([pub.id, members.id]));
    expect(new Set(await listed(gov2.accessToken))).toEqual(new Set([pub.id, members.id, sectors.id]));
    expect((await t.gqlOk(LIST, { filter: { topicId: topic } }, ngo.accessToken)).threads.totalCount).toBe(2);
    expect((await t.gqlOk(LIST, { filter: { topicId: topic, authorId: gov.id } }, outsider.accessToken)).threads.totalCount).toBe(0);
  });

  it('mutations on a thread the viewer may not see are NOT_FOUND, exactly like a missing one', async () => {
    const token = outsider.accessToken;
    const calls: [string, Record<string, unknown>][] = [
      [`mutation($id: ID!) { updateThread(id: $id, input: { title: "Leaked title" }) { id } }`, { id: sectors.id }],
      [`mutation($id: ID!) { watchThread(threadId: $id, watching: true) { id } }`, { id: sectors.id }],
      [`mutation($id: ID!) { editPost(id: $id, body: "x") { id } }`, { id: sectorReply.id }],
      [`mutation($id: ID!) { deletePost(id: $id) { id } }`, { id: sectorReply.id }],
      [`mutation($id: ID!) { votePost(postId: $id, value: 1) { id } }`, { id: sectorReply.id }],
      [`mutation($id: ID!) { acceptAnswer(postId: $id) { id } }`, { id: sectorReply.id }],
    ];
    for (const [query, vars] of calls) {
      const res = await t.gql(query, vars, token);
      expect([query, errorCode(res)]).toEqual([query, 'NOT_FOUND']);
      expect(res.errors?.[0].message).not.toMatch(/Border|seizure/i);
    }
    expect(errorCode(await replyRaw(t, token, { threadId: sectors.id }))).toBe('NOT_FOUND');
    expect(errorCode(await replyRaw(t, ngo.accessToken, { threadId: sectors.id }))).toBe('NOT_FOUND');
    expect(errorCode(await replyRaw(t, token, { threadId: pub.id, parentId: sectorReply.id }))).toBe('NOT_FOUND');
    expect(errorCode(await replyRaw(t, gov2.accessToken, { threadId: pub.id, parentId: sectorReply.id }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await replyRaw(t, outsider.accessToken, { threadId: members.id }))).toBeUndefined();
    expect(errorCode(await replyRaw(t, '', { threadId: members.id }))).toBe('UNAUTHENTICATED');
    const [{ n }] = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM posts WHERE thread_id = $1`, [sectors.id]);
    expect(n).toBe(1);
  });

  it('search: a word only in a SECTORS thread finds nothing for outsiders and the thread for insiders', async () => {
    const hits = async (q: string, token?: string) => (await t.gqlOk(SEARCH, { q }, token)).search;
    for (const token of [undefined, outsider.accessToken, ngo.accessToken]) {
      const res = await hits('xylocarpine', token);
      expect(res.edges).toEqual([]);
      expect(res.totalCount).toBe(0);
      expect((await hits('quokkamercury', token)).totalCount).toBe(0);
    }
    for (const token of [gov2.accessToken, gov.accessToken, moderator.accessToken, admin]) {
      const res = await hits('xylocarpine', token);
      expect(res.edges.map((e: any) => [e.node.thread.id, e.node.post])).toEqual([[sectors.id, null]]);
      expect(res.edges[0].node.snippet).toContain('<mark>xylocarpine</mark>');
      const inReply = await hits('quokkamercury', token);
      expect(inReply.edges.map((e: any) => e.node.post?.id)).toEqual([sectorReply.id]);
    }
  });

  it('a suspended member reads like an anonymous one (and cannot post)', async () => {
    const suspended = await registerUser(t, 'suspended');
    await joinSector(t, admin, suspended, 'GOVERNMENT');
    expect(await seesThread(sectors.id, suspended.accessToken)).toBe(true);
    await t.db.query(`UPDATE users SET suspended_until = now() + interval '1 day' WHERE id = $1`, [suspended.id]);
    expect(await seesThread(sectors.id, suspended.accessToken)).toBe(false);
    expect(await seesThread(members.id, suspended.accessToken)).toBe(false);
    expect((await t.gqlOk(SEARCH, { q: 'xylocarpine' }, suspended.accessToken)).search.totalCount).toBe(0);
    expect(errorCode(await replyRaw(t, suspended.accessToken, { threadId: pub.id }))).toBe('SUSPENDED');
  });

  describe('hidden content (moderation hides it; set directly here)', () => {
    let hiddenThread: any;
    let visibleThread: any;
    let hiddenPost: any;
    let child: any;

    beforeAll(async () => {
      hiddenThread = await createThread(t, ngo.accessToken, { topicId: topic, title: 'Hidden thread about zirconite', body: 'zirconite' });
      visibleThread = await createThread(t, ngo.accessToken, { topicId: topic, title: 'Visible thread with hidden reply' });
      hiddenPost = await reply(t, outsider.accessToken, { threadId: visibleThread.id, body: 'Spam about jadeitemercury' });
      child = await reply(t, ngo.accessToken, { threadId: visibleThread.id, parentId: hiddenPost.id, body: 'Reply to spam' });
      await t.db.query(`UPDATE threads SET hidden = true WHERE id = $1`, [hiddenThread.id]);
      await t.db.query(`UPDATE posts SET hidden = true WHERE id = $1`, [hiddenPost.id]);
    });

    it('members never see hidden threads or posts: not in thread(id), lists, search, parents', async () => {
      for (const token of [undefined, ngo.accessToken, outsider.accessToken]) {
        expect(await seesThread(hiddenThread.id, token)).toBe(false);
        expect(await listed(token)).not.toContain(hiddenThread.id);
        expect((await t.gqlOk(SEARCH, { q: 'zirconite' }, token)).search.totalCount).toBe(0);
        expect((await t.gqlOk(SEARCH, { q: 'jadeitemercury' }, token)).search.totalCount).toBe(0);
        const posts = (await t.gqlOk(THREAD, { id: visibleThread.id }, token)).thread.posts.edges.map((e: any) => e.node);
        expect(posts).toEqual([{ id: child.id, hidden: false, parent: null }]);
      }
      expect(errorCode(await replyRaw(t, ngo.accessToken, { threadId: hiddenThread.id }))).toBe('NOT_FOUND');
      expect(errorCode(await t.gql(`mutation($id: ID!) { votePost(postId: $id, value: 1) { id } }`, { id: hiddenPost.id }, ngo.accessToken))).toBe('NOT_FOUND');
    });

    it('MODERATOR and ADMIN see them, marked hidden: true', async () => {
      for (const token of [moderator.accessToken, admin]) {
        expect((await t.gqlOk(THREAD, { id: hiddenThread.id }, token)).thread.hidden).toBe(true);
        const inList = (await t.gqlOk(LIST, { filter: { topicId: topic } }, token)).threads.edges.find((e: any) => e.node.id === hiddenThread.id);
        expect(inList.node.hidden).toBe(true);
        expect((await t.gqlOk(SEARCH, { q: 'zirconite' }, token)).search.totalCount).toBe(1);
        const hit = (await t.gqlOk(SEARCH, { q: 'jadeitemercury' }, token)).search.edges[0].node;
        expect(hit.post).toEqual({ id: hiddenPost.id, hidden: true });
        const posts = (await t.gqlOk(THREAD, { id: visibleThread.id }, token)).thread.posts.edges.map((e: any) => e.node);
        expect(posts).toEqual([
          { id: hiddenPost.id, hidden: true, parent: null },
          { id: child.id, hidden: false, parent: { id: hiddenPost.id } },
        ]);
      }
    });
  });

  it('ThreadAccess.canView (rooms and notifications) applies the same rule', async () => {
    const threads = t.app.get(ThreadAccess);
    const viewer = (id: string, role: Role, sector: Sector | null): Viewer => ({ id, role, sector, organizationId: null, orgRole: null, suspendedUntil: null });
    expect(await threads.canView(null, pub.id)).toBe(true);
    expect(await threads.canView(null, members.id)).toBe(false);
    expect(await threads.canView(viewer(outsider.id, Role.MEMBER, null), members.id)).toBe(true);
    expect(await threads.canView(viewer(outsider.id, Role.MEMBER, null), sectors.id)).toBe(false);
    expect(await threads.canView(viewer(ngo.id, Role.MEMBER, Sector.NGO), sectors.id)).toBe(false);
    expect(await threads.canView(viewer(gov2.id, Role.MEMBER, Sector.GOVERNMENT), sectors.id)).toBe(true);
    expect(await threads.canView(viewer(gov.id, Role.MEMBER, null), sectors.id)).toBe(true);
    expect(await threads.canView(viewer(moderator.id, Role.MODERATOR, null), sectors.id)).toBe(true);
    expect(await threads.canView(viewer(moderator.id, Role.MODERATOR, null), 'not-a-uuid')).toBe(false);
    expect(await threads.canView(viewer(moderator.id, Role.MODERATOR, null), '00000000-0000-4000-8000-000000000000')).toBe(false);
  });

  it('socket subscribe to thread:<id> uses it: NOT_FOUND for outsiders, events for insiders', async () => {
    const insider = await connectSocket(t.baseUrl, gov2.accessToken);
    const stranger = await connectSocket(t.baseUrl, ngo.accessToken);
    try {
      expect(await stranger.call('subscribe', { room: `thread:${sectors.id}` })).toMatchObject({ ok: false, error: 'NOT_FOUND' });
      expect(await insider.call('subscribe', { room: `thread:${sectors.id}` })).toMatchObject({ ok: true });
      const post = await reply(t, gov.accessToken, { threadId: sectors.id, body: 'Live update' });
      await insider.until(() => insider.events.some((e) => e.type === 'post.created' && e.data.postId === post.id), 'post.created');
      expect(stranger.events).toEqual([]);
    } finally {
      insider.close();
      stranger.close();
    }
  });
});
