import { adminToken, joinSector } from '../support/orgs';
import { startTestApp, TestApp } from '../support/test-app';
import { registerUser, TestUser, withAdmin } from '../support/users';
import { CREATE_TOPIC, THREAD_FIELDS, WATCH_THREAD } from '../support/documents';
import { createThread, createThreadRaw, errorCode, setRole, topicId } from '../support/forum';

const UPDATE = `mutation($id: ID!, $input: UpdateThreadInput!) { updateThread(id: $id, input: $input) { ${THREAD_FIELDS} } }`;
const THREAD = `query($id: ID!) { thread(id: $id) { ${THREAD_FIELDS} viewerWatching } }`;

describe('forum: topics and threads (e2e)', () => {
  let t: TestApp;
  let admin: string;
  let alice: TestUser;
  let bob: TestUser;
  let retorts: string;

  beforeAll(async () => {
    t = await startTestApp(withAdmin());
    admin = await adminToken(t);
    alice = await registerUser(t, 'alice');
    bob = await registerUser(t, 'bob');
    retorts = await topicId(t, 'retorts');
  });

  afterAll(async () => {
    await t?.close();
  });

  describe('topics', () => {
    it('seeds the topic tree from the product brief: 7 roots with children, in order', async () => {
      const data = await t.gqlOk(`{ topics { slug name parent { id } children { slug parent { slug } } } }`);
      expect(data.topics.map((x: any) => x.slug)).toEqual([
        'mercury-free-processing',
        'reducing-releases',
        'health',
        'environment',
        'policy',
        'finance-and-markets',
        'community-and-organization',
      ]);
      const processing = data.topics[0];
      expect(processing.parent).toBeNull();
      expect(processing.children.map((c: any) => c.slug)).toEqual(['gravity-concentration', 'direct-smelting-borax', 'leaching', 'flotation']);
      expect(processing.children[0].parent.slug).toBe('mercury-free-processing');
    });

    it('topic(slug) finds a topic, null when unknown', async () => {
      expect((await t.gqlOk(`{ topic(slug: "retorts") { id name parent { slug } } }`)).topic).toMatchObject({ id: retorts, parent: { slug: 'reducing-releases' } });
      expect((await t.gqlOk(`{ topic(slug: "no-such-topic") { id } }`)).topic).toBeNull();
    });

    it('createTopic is for ADMIN only, validates the slug and refuses a taken one', async () => {
      const input = { name: 'Artisanal refining', slug: 'artisanal-refining', description: 'Refining sponge gold.', parentId: await topicId(t, 'mercury-free-processing') };
      expect(errorCode(await t.gql(CREATE_TOPIC, { input }, alice.accessToken))).toBe('FORBIDDEN');
      expect(errorCode(await t.gql(CREATE_TOPIC, { input }))).toBe('UNAUTHENTICATED');
      const created = (await t.gqlOk(CREATE_TOPIC, { input }, admin)).createTopic;
      expect(created).toMatchObject({ slug: 'artisanal-refining', parent: { slug: 'mercury-free-processing' }, children: [], threadCount: 0 });
      expect(errorCode(await t.gql(CREATE_TOPIC, { input }, admin))).toBe('CONFLICT');
      expect(errorCode(await t.gql(CREATE_TOPIC, { input: { ...input, slug: 'Bad Slug!' } }, admin))).toBe('BAD_USER_INPUT');
      expect(errorCode(await t.gql(CREATE_TOPIC, { input: { ...input, slug: 'orphan', parentId: '00000000-0000-4000-8000-000000000000' } }, admin))).toBe('NOT_FOUND');
      // the name is validated after trimming
      expect(errorCode(await t.gql(CREATE_TOPIC, { input: { name: '   ', slug: 'blank-name' } }, admin))).toBe('BAD_USER_INPUT');
      expect(errorCode(await t.gql(CREATE_TOPIC, { input: { name: ' x  ', slug: 'short-name' } }, admin))).toBe('BAD_USER_INPUT');
      expect((await t.gqlOk(CREATE_TOPIC, { input: { name: '  Padded   name ', slug: 'padded-name' } }, admin)).createTopic.name).toBe('Padded name');
      const root = (await t.gqlOk(CREATE_TOPIC, { input: { name: 'Root topic', slug: 'root-topic' } }, admin)).createTopic;
      expect(root.parent).toBeNull();
      const roots = (await t.gqlOk(`{ topics { slug children { slug } } }`)).topics;
      expect(roots.map((r: any) => r.slug)).toContain('root-topic');
      expect(roots.find((r: any) => r.slug === 'mercury-free-processing').children.map((c: any) => c.slug)).toContain('artisanal-refining');
    });

    it('threadCount counts the topic and its subtopics, per viewer audience (never leaking sector threads)', async () => {
      const gov = await registerUser(t, 'gov-count');
      await joinSector(t, admin, gov, 'GOVERNMENT');
      const topic = (await t.gqlOk(CREATE_TOPIC, { input: { name: 'Counting', slug: 'counting' } }, admin)).createTopic;
      const child = (await t.gqlOk(CREATE_TOPIC, { input: { name: 'Counting child', slug: 'counting-child', parentId: topic.id } }, admin)).createTopic;
      await createThread(t, gov.accessToken, { topicId: child.id });
      await createThread(t, gov.accessToken, { topicId: child.id, visibility: { scope: 'MEMBERS' } });
      await createThread(t, gov.accessToken, { topicId: topic.id, visibility: { scope: 'SECTORS', sectors: ['GOVERNMENT'] } });
      const count = async (slug: string, token?: string) => (await t.gqlOk(`query($s: String!) { topic(slug: $s) { threadCount } }`, { s: slug }, token)).topic.threadCount;
      expect(await count('counting')).toBe(1);
      expect(await count('counting', bob.accessToken)).toBe(2);
      expect(await count('counting', gov.accessToken)).toBe(3);
      expect(await count('counting', admin)).toBe(3);
      expect(await count('counting-child', gov.accessToken)).toBe(2);
      expect(await count('counting-child')).toBe(1);
    });
  });

  describe('createThread', () => {
    it('renders Markdown and sanitizes <script>, onerror= and javascript: links; links get rel="nofollow noopener ugc"', async () => {
      const thread = await createThread(t, alice.accessToken, {
        topicId: retorts,
        title: '  Retort   for small batches  ',
        body: 'Use a **retort**.\n\n<script>alert(1)</script>\n\n<img src="https://example.org/x.png" onerror="alert(2)">\n\n[bad](javascript:alert(3)) <a href="javascript:alert(4)" onclick="alert(5)">x</a> [good](https://planetgold.org)',
        tags: [' Retorts', 'retorts', 'Mercury Free'],
        language: 'pt-br',
      });
      expect(thread.title).toBe('Retort for small batches');
      expect(thread.tags).toEqual(['retorts', 'mercury-free']);
      expect(thread.language).toBe('pt-BR');
      expect(thread.visibility).toEqual({ scope: 'PUBLIC', sectors: [] });
      expect(thread.author.id).toBe(alice.id);
      expect(thread.topic.id).toBe(retorts);
      expect(thread.body).toContain('<script>alert(1)</script>');
      expect(thread.bodyHtml).toContain('<strong>retort</strong>');
      expect(thread.bodyHtml).not.toMatch(/<script|onerror|onclick|javascript:|alert\(1\)/i);
      expect(thread.bodyHtml).toContain('<a href="https://example.org/x.png" rel="nofollow noopener ugc">Image: https://example.org/x.png</a>');
      expect(thread.bodyHtml).toContain('<a href="https://planetgold.org" rel="nofollow noopener ugc">good</a>');
      expect(thread).toMatchObject({ kind: 'QUESTION', postCount: 0, score: 0, answered: false, locked: false, pinned: false, hidden: false, editedAt: null, acceptedAnswer: null });
      expect(thread.lastActivityAt).toBe(thread.createdAt);
    });

    it('defaults language to en and refuses a tag that is not BCP-47', async () => {
      expect((await createThread(t, alice.accessToken, { topicId: retorts })).language).toBe('en');
      const res = await createThreadRaw(t, alice.accessToken, { topicId: retorts, language: 'english' });
      expect(errorCode(res)).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0].message).toMatch(/BCP-47/);
    });

    it('validates title (5-200), body (1-50,000), tags (at most 5, [a-z0-9-]) and the topic', async () => {
      const bad = async (input: Record<string, unknown>) => errorCode(await createThreadRaw(t, alice.accessToken, { topicId: retorts, ...input }));
      expect(await bad({ title: 'Shrt' })).toBe('BAD_USER_INPUT');
      expect(await bad({ title: '    abc     ' })).toBe('BAD_USER_INPUT');
      expect(await bad({ title: 'x'.repeat(201) })).toBe('BAD_USER_INPUT');
      expect(await bad({ body: '' })).toBe('BAD_USER_INPUT');
      expect(await bad({ body: '   ' })).toBe('BAD_USER_INPUT');
      expect(await bad({ body: 'x'.repeat(50_001) })).toBe('BAD_USER_INPUT');
      expect(await bad({ tags: ['a', 'b', 'c', 'd', 'e', 'f'] })).toBe('BAD_USER_INPUT');
      expect(await bad({ tags: ['c++'] })).toBe('BAD_USER_INPUT');
      expect(await bad({ topicId: '00000000-0000-4000-8000-000000000000' })).toBe('NOT_FOUND');
      expect(await bad({ topicId: 'not-a-uuid' })).toBe('BAD_USER_INPUT');
      expect(await bad({ visibility: { scope: 'SECTORS' } })).toBe('BAD_USER_INPUT');
      expect(await bad({ visibility: { scope: 'PUBLIC', sectors: ['NGO'] } })).toBe('BAD_USER_INPUT');
      // a 50,000-character body and exactly 5 tags (after de-duplication) are fine
      const ok = await createThread(t, alice.accessToken, { topicId: retorts, body: 'y'.repeat(50_000), tags: ['a', 'b', 'c', 'd', 'e', 'A', ' b '] });
      expect(ok.tags).toEqual(['a', 'b', 'c', 'd', 'e']);
      expect(errorCode(await createThreadRaw(t, '', { topicId: retorts }))).toBe('UNAUTHENTICATED');
    });

    it('ANNOUNCEMENT threads are for MODERATOR and ADMIN only', async () => {
      expect(errorCode(await createThreadRaw(t, alice.accessToken, { topicId: retorts, kind: 'ANNOUNCEMENT' }))).toBe('FORBIDDEN');
      const mod = await registerUser(t, 'mod');
      await setRole(t, mod.id, 'MODERATOR');
      expect((await createThread(t, mod.accessToken, { topicId: retorts, kind: 'ANNOUNCEMENT' })).kind).toBe('ANNOUNCEMENT');
      expect((await createThread(t, admin, { topicId: retorts, kind: 'ANNOUNCEMENT' })).kind).toBe('ANNOUNCEMENT');
    });

    it('SECTORS: members may restrict a thread to their own sector only; staff to any sectors', async () => {
      const sectors = (sectorList: string[]) => ({ topicId: retorts, visibility: { scope: 'SECTORS' as const, sectors: sectorList } });
      expect(errorCode(await createThreadRaw(t, bob.accessToken, sectors(['NGO'])))).toBe('FORBIDDEN');
      const ngo = await registerUser(t, 'ngo');
      await joinSector(t, admin, ngo, 'NGO');
      const own = await createThread(t, ngo.accessToken, sectors(['NGO', 'NGO']));
      expect(own.visibility).toEqual({ scope: 'SECTORS', sectors: ['NGO'] });
      expect(errorCode(await createThreadRaw(t, ngo.accessToken, sectors(['NGO', 'GOVERNMENT'])))).toBe('FORBIDDEN');
      expect(errorCode(await createThreadRaw(t, ngo.accessToken, sectors(['IGO'])))).toBe('FORBIDDEN');
      const staff = await createThread(t, admin, sectors(['IGO', 'GOVERNMENT']));
      expect(staff.visibility).toEqual({ scope: 'SECTORS', sectors: ['GOVERNMENT', 'IGO'] });
    });
  });

  describe('idempotency', () => {
    it('the same key and payload return the original thread and create nothing; another payload is IDEMPOTENCY_CONFLICT', async () => {
      const input = { topicId: retorts, title: 'Idempotent thread title', body: 'Body', idempotencyKey: 'key-1' };
      const first = await createThread(t, alice.accessToken, input);
      const again = await createThread(t, alice.accessToken, input);
      expect(again.id).toBe(first.id);
      expect(errorCode(await createThreadRaw(t, alice.accessToken, { ...input, body: 'Another body' }))).toBe('IDEMPOTENCY_CONFLICT');
      // keys are per author
      const bobs = await createThread(t, bob.accessToken, input);
      expect(bobs.id).not.toBe(first.id);
      const rows = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM threads WHERE idempotency_key = 'key-1'`);
      expect(rows[0].n).toBe(2);
    });

    it('10 concurrent identical createThread calls create one thread and all return it', async () => {
      const before = (await t.gqlOk(`query($s: String!) { topic(slug: $s) { threadCount } }`, { s: 'retorts' }, admin)).topic.threadCount;
      const input = { topicId: retorts, title: 'Concurrent idempotent thread', idempotencyKey: 'concurrent-key' };
      const results = await Promise.all(Array.from({ length: 10 }, () => createThreadRaw(t, alice.accessToken, input)));
      for (const r of results) expect(r.errors).toBeUndefined();
      const ids = new Set(results.map((r) => r.data!.createThread.id));
      expect(ids.size).toBe(1);
      const rows = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM threads WHERE author_id = $1 AND idempotency_key = 'concurrent-key'`, [alice.id]);
      expect(rows[0].n).toBe(1);
      const after = (await t.gqlOk(`query($s: String!) { topic(slug: $s) { threadCount } }`, { s: 'retorts' }, admin)).topic.threadCount;
      expect(after).toBe(before + 1);
    });
  });

  describe('thread(id) and updateThread', () => {
    it('thread(id) returns the thread; null for an unknown id, BAD_USER_INPUT for a malformed one', async () => {
      const created = await createThread(t, alice.accessToken, { topicId: retorts });
      expect((await t.gqlOk(THREAD, { id: created.id })).thread).toMatchObject({ id: created.id, viewerWatching: false });
      expect((await t.gqlOk(THREAD, { id: created.id }, alice.accessToken)).thread.viewerWatching).toBe(true);
      expect((await t.gqlOk(THREAD, { id: '00000000-0000-4000-8000-000000000000' })).thread).toBeNull();
      expect(errorCode(await t.gql(THREAD, { id: 'nope' }))).toBe('BAD_USER_INPUT');
    });

    it('the author edits title, body, tags and topic; editedAt is set; others get FORBIDDEN; staff may edit', async () => {
      const created = await createThread(t, alice.accessToken, { topicId: retorts, tags: ['one'] });
      const borax = await topicId(t, 'direct-smelting-borax');
      const edited = (await t.gqlOk(UPDATE, { id: created.id, input: { title: 'A clearer title', body: 'New *body*', tags: ['Two', 'three'], topicId: borax } }, alice.accessToken)).updateThread;
      expect(edited).toMatchObject({ title: 'A clearer title', body: 'New *body*', tags: ['two', 'three'], topic: { id: borax } });
      expect(edited.bodyHtml).toBe('<p>New <em>body</em></p>');
      expect(edited.editedAt).not.toBeNull();
      expect(errorCode(await t.gql(UPDATE, { id: created.id, input: { title: 'Hijacked title' } }, bob.accessToken))).toBe('FORBIDDEN');
      expect(errorCode(await t.gql(UPDATE, { id: created.id, input: { title: 'abc' } }, alice.accessToken))).toBe('BAD_USER_INPUT');
      expect((await t.gqlOk(UPDATE, { id: created.id, input: { title: 'Moderated title' } }, admin)).updateThread.title).toBe('Moderated title');
      expect(errorCode(await t.gql(UPDATE, { id: '00000000-0000-4000-8000-000000000000', input: { title: 'Nothing here' } }, alice.accessToken))).toBe('NOT_FOUND');
      // the room event of the change is stored for the thread's room
      const events = await t.db.query<{ type: string; data: any }>(`SELECT type, data FROM room_events WHERE room = $1 ORDER BY seq`, [`thread:${created.id}`]);
      expect(events.map((e) => e.type)).toEqual(['thread.updated', 'thread.updated']);
      expect(events[0].data).toEqual({
        threadId: created.id,
        title: 'A clearer title',
        bodyHtml: '<p>New <em>body</em></p>',
        tags: ['two', 'three'],
        topicId: borax,
        editedAt: edited.editedAt,
        fields: ['title', 'bodyHtml', 'tags', 'topicId', 'editedAt'],
      });
    });

    it('moving a thread moves its count between topics', async () => {
      const count = async (slug: string) => (await t.gqlOk(`query($s: String!) { topic(slug: $s) { threadCount } }`, { s: slug }, admin)).topic.threadCount;
      const fromBefore = await count('flotation');
      const toBefore = await count('leaching');
      const created = await createThread(t, alice.accessToken, { topicId: await topicId(t, 'flotation') });
      expect(await count('flotation')).toBe(fromBefore + 1);
      await t.gqlOk(UPDATE, { id: created.id, input: { topicId: await topicId(t, 'leaching') } }, alice.accessToken);
      expect(await count('flotation')).toBe(fromBefore);
      expect(await count('leaching')).toBe(toBefore + 1);
    });

    it('watchThread follows and unfollows', async () => {
      const created = await createThread(t, alice.accessToken, { topicId: retorts });
      const watch = WATCH_THREAD;
      expect((await t.gqlOk(watch, { id: created.id, w: true }, bob.accessToken)).watchThread).toEqual({ id: created.id, viewerWatching: true });
      expect((await t.gqlOk(watch, { id: created.id, w: true }, bob.accessToken)).watchThread.viewerWatching).toBe(true);
      expect((await t.gqlOk(watch, { id: created.id, w: false }, bob.accessToken)).watchThread.viewerWatching).toBe(false);
      expect(errorCode(await t.gql(watch, { id: 'bad-id', w: true }, bob.accessToken))).toBe('BAD_USER_INPUT');
    });
  });
});
