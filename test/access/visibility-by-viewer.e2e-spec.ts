import { CREATE_THREAD, CREATE_TOPIC, DECIDE_MEMBERSHIP, REQUEST_MEMBERSHIP, SET_USER_ROLE, WATCH_THREAD as WATCH } from '../support/documents';
import { adminToken, createOrganization, joinSector } from '../support/orgs';
import { startTestApp, TestApp } from '../support/test-app';
import { registerUser, TestUser, withAdmin } from '../support/users';

/**
 * Who sees which thread, end to end through the public API: every kind of viewer against
 * every kind of visibility, for the list (`threads`, including totalCount), the item
 * (`thread(id)`: null when not visible) and a mutation on it (NOT_FOUND when not visible).
 */

const LIST = `query($topicId: ID!) { threads(filter: { topicId: $topicId }, first: 100) { totalCount edges { node { id title } } } }`;
const ONE = `query($id: ID!) { thread(id: $id) { id title } }`;

type ThreadKey = 'P' | 'M' | 'G' | 'N' | 'GN' | 'I' | 'G2';
const ALL: ThreadKey[] = ['P', 'M', 'G', 'N', 'GN', 'I', 'G2'];

describe('visibility of threads by sector, membership and role (e2e)', () => {
  let t: TestApp;
  let admin: string;
  let topicId: string;
  const ids = {} as Record<ThreadKey, string>;
  const viewers: Record<string, string | null> = {};

  const create = async (token: string, key: ThreadKey, scope: string, sectors?: string[]) => {
    const input = { kind: 'DISCUSSION', title: `Thread ${key} for visibility`, body: `Body of ${key}.`, topicId, visibility: { scope, sectors: sectors ?? null } };
    const res = await t.gqlOk(CREATE_THREAD, { input }, token);
    ids[key] = res.createThread.id;
  };

  beforeAll(async () => {
    t = await startTestApp(withAdmin());
    admin = await adminToken(t);
    topicId = (await t.gqlOk(CREATE_TOPIC, { input: { name: 'Visibility probe', slug: 'visibility-probe' } }, admin)).createTopic.id;

    const govAuthor = await registerUser(t, 'govauthor');
    const gov = await registerUser(t, 'gov');
    const ngo = await registerUser(t, 'ngo');
    const unaffiliated = await registerUser(t, 'loner');
    const pendingGov = await registerUser(t, 'pendinggov');
    const formerGov = await registerUser(t, 'formergov');
    const suspendedGov = await registerUser(t, 'suspgov');
    const moderator = await registerUser(t, 'mod');

    await joinSector(t, admin, govAuthor, 'GOVERNMENT');
    await joinSector(t, admin, gov, 'GOVERNMENT');
    await joinSector(t, admin, ngo, 'NGO');
    await joinSector(t, admin, suspendedGov, 'GOVERNMENT');
    const former = await joinSector(t, admin, formerGov, 'GOVERNMENT');
    const govOrg = await createOrganization(t, admin, 'GOVERNMENT');
    await t.gqlOk(REQUEST_MEMBERSHIP, { id: govOrg.id }, pendingGov.accessToken);
    await t.gqlOk(SET_USER_ROLE, { id: moderator.id, role: 'MODERATOR' }, admin);

    await create(govAuthor.accessToken, 'P', 'PUBLIC');
    await create(govAuthor.accessToken, 'M', 'MEMBERS');
    await create(govAuthor.accessToken, 'G', 'SECTORS', ['GOVERNMENT']);
    await create(ngo.accessToken, 'N', 'SECTORS', ['NGO']);
    await create(admin, 'GN', 'SECTORS', ['GOVERNMENT', 'NGO']);
    await create(admin, 'I', 'SECTORS', ['IGO']);
    // written while a GOVERNMENT member; then the membership ends
    await create(formerGov.accessToken, 'G2', 'SECTORS', ['GOVERNMENT']);
    await t.gqlOk(DECIDE_MEMBERSHIP, { id: former.membershipId, approve: false }, admin);
    await t.db.query(`UPDATE users SET suspended_until = now() + interval '1 day' WHERE id = $1`, [suspendedGov.id]);

    const token = (u: TestUser) => u.accessToken;
    Object.assign(viewers, {
      anonymous: null,
      unaffiliated: token(unaffiliated),
      pendingGov: token(pendingGov),
      gov: token(gov),
      govAuthor: token(govAuthor),
      ngo: token(ngo),
      formerGov: token(formerGov),
      suspendedGov: token(suspendedGov),
      moderator: token(moderator),
      admin,
    });
  });

  afterAll(async () => {
    await t?.close();
  });

  const expected: Record<string, ThreadKey[]> = {
    anonymous: ['P'],
    unaffiliated: ['P', 'M'],
    pendingGov: ['P', 'M'],
    gov: ['P', 'M', 'G', 'GN', 'G2'],
    govAuthor: ['P', 'M', 'G', 'GN', 'G2'],
    ngo: ['P', 'M', 'N', 'GN'],
    // no longer GOVERNMENT: keeps only their own restricted thread (as its author)
    formerGov: ['P', 'M', 'G2'],
    suspendedGov: ['P'],
    moderator: ALL,
    admin: ALL,
  };

  it.each(Object.entries(expected))('%s sees exactly %j, in the list, search, counts and item by item', async (who, visible) => {
    const token = viewers[who];
    const keyOf = new Map(Object.entries(ids).map(([k, id]) => [id, k]));
    const list = await t.gqlOk(LIST, { topicId }, token);
    const listed = list.threads.edges.map((e: any) => keyOf.get(e.node.id)).sort();
    expect(listed).toEqual([...visible].sort());
    expect(list.threads.totalCount).toBe(visible.length);
    // search and the topic's thread count know no more than the list
    const found = await t.gqlOk(`{ search(query: "visibility", first: 100) { totalCount edges { node { thread { id } } } } }`, {}, token);
    expect(found.search.edges.map((e: any) => keyOf.get(e.node.thread.id)).sort()).toEqual([...visible].sort());
    expect(found.search.totalCount).toBe(visible.length);
    const threadCount = (await t.gqlOk(`{ topic(slug: "visibility-probe") { threadCount } }`, {}, token)).topic.threadCount;
    // Topic.threadCount comes from per-audience counters: it never counts what the viewer may not
    // see; it does not count an author's own thread restricted to a sector they have since left.
    if (who === 'formerGov') expect(threadCount).toBeLessThanOrEqual(visible.length);
    else expect(threadCount).toBe(visible.length);
    for (const key of ALL) {
      const one = await t.gqlOk(ONE, { id: ids[key] }, token);
      if (visible.includes(key)) expect(one.thread).toEqual({ id: ids[key], title: `Thread ${key} for visibility` });
      else expect(one.thread).toBeNull();
    }
  });

  it('a thread the viewer may not see is NOT_FOUND for mutations, like a thread that does not exist', async () => {
    const ngo = viewers.ngo!;
    const hidden = await t.gql(WATCH, { id: ids.G, w: true }, ngo);
    const missing = await t.gql(WATCH, { id: '00000000-0000-4000-8000-000000000000', w: true }, ngo);
    expect(hidden.errors?.[0].extensions.code).toBe('NOT_FOUND');
    expect(hidden.errors?.[0].message).toBe(missing.errors?.[0].message);
    expect((await t.gqlOk(WATCH, { id: ids.N, w: true }, ngo)).watchThread.id).toBe(ids.N);
  });

  it('sector changes take effect at the next request, with the same access token', async () => {
    const user = await registerUser(t, 'mover');
    expect((await t.gqlOk(ONE, { id: ids.N }, user.accessToken)).thread).toBeNull();
    const { membershipId } = await joinSector(t, admin, user, 'NGO');
    expect((await t.gqlOk(ONE, { id: ids.N }, user.accessToken)).thread?.id).toBe(ids.N);
    await t.gqlOk(DECIDE_MEMBERSHIP, { id: membershipId, approve: false }, admin);
    expect((await t.gqlOk(ONE, { id: ids.N }, user.accessToken)).thread).toBeNull();
  });
});
