import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AccessPolicy, ContentResource, VisibleResource } from '../../src/access/access-policy';
import { Role, Sector, VisibilityScope } from '../../src/access/roles';
import { Viewer } from '../../src/access/viewer';
import { ViewerService } from '../../src/identity/auth/viewer.service';
import { LoaderRegistry } from '../../src/platform/graphql/loaders';
import { SearchService } from '../../src/forum/search/search.service';
import { ThreadListService } from '../../src/forum/threads/thread-list.service';
import { ThreadAccess } from '../../src/forum/threads/thread-access.service';
import { Topic } from '../../src/forum/topics/topic.type';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * The per-item check (`AccessPolicy.canView`) and the list filter (`AccessPolicy.visibilityPredicate`)
 * must agree on every viewer and resource. Viewers are real users loaded by ViewerService from
 * real memberships (none / PENDING / REJECTED / APPROVED in each sector), roles and suspensions
 * (none / active / expired), plus anonymous, plus MODERATORs limited to a topic subtree (their
 * scope expanded by the loader from `moderator_topics`). Resources are random rows of a probe
 * table using the app's own `sector` enum type, in topics inside and outside that subtree (or
 * none), filtered by a real TypeORM query builder on the app's DataSource.
 */

const ROLES = Object.values(Role);
/** Cases of the probe-table property and of the real-threads property (≥1,000 together). */
const PROBE_RUNS = 700;
const THREAD_RUNS = 300;
const SECTORS = Object.values(Sector);
const SCOPES = Object.values(VisibilityScope);
type MembershipState = 'NONE' | 'PENDING' | 'REJECTED' | 'APPROVED';
type Suspension = 'NONE' | 'ACTIVE' | 'EXPIRED';

interface PoolUser {
  id: string;
  role: Role;
  membership: MembershipState;
  sector: Sector | null;
  suspension: Suspension;
  /** A MODERATOR limited to the `scopeRoot` subtree. */
  topicLimited: boolean;
}

/** Memberships of the topic-limited moderators of the pool (each with every suspension state). */
const TOPIC_MOD_STATES: { membership: MembershipState; sector: Sector | null }[] = [
  { membership: 'NONE', sector: null },
  ...SECTORS.map((sector) => ({ membership: 'APPROVED' as const, sector })),
  { membership: 'PENDING', sector: Sector.NGO },
];

describe('access policy: canView ≡ visibilityPredicate on the real database (property, e2e)', () => {
  let t: TestApp;
  let ds: DataSource;
  const pool: PoolUser[] = [];
  const viewers = new Map<string, Viewer>();
  let caseSeq = 0;
  /** Topic-limited moderators moderate scopeRoot and (through the loader's expansion) scopeChild; outTopic is elsewhere. */
  const topics = { scopeRoot: '', scopeChild: '', out: '' };

  beforeAll(async () => {
    t = await startTestApp();
    ds = t.app.get(DataSource);
    const orgs = new Map<Sector, string>();
    for (const sector of SECTORS) {
      const [row] = await t.db.query<{ id: string }>(`INSERT INTO organizations (name, sector) VALUES ($1, $2) RETURNING id`, [`Probe ${sector}`, sector]);
      orgs.set(sector, row.id);
    }
    const states: { membership: MembershipState; sector: Sector | null }[] = [{ membership: 'NONE', sector: null }];
    for (const membership of ['PENDING', 'REJECTED', 'APPROVED'] as const) for (const sector of SECTORS) states.push({ membership, sector });
    const topic = async (slug: string, parentId: string | null) =>
      (await t.db.query<{ id: string }>(`INSERT INTO topics (slug, name, parent_id) VALUES ($1, 'Probe scope', $2) RETURNING id`, [slug, parentId]))[0].id;
    topics.scopeRoot = await topic('probe-scope-in', null);
    topics.scopeChild = await topic('probe-scope-in-child', topics.scopeRoot);
    topics.out = await topic('probe-scope-out', null);
    let n = 0;
    const addUser = async (role: Role, state: { membership: MembershipState; sector: Sector | null }, suspension: Suspension, topicLimited: boolean) => {
      n++;
      const until = suspension === 'NONE' ? null : suspension === 'ACTIVE' ? new Date(Date.now() + 86_400_000) : new Date(Date.now() - 60_000);
      const [u] = await t.db.query<{ id: string }>(
        `INSERT INTO users (email, handle, display_name, password_hash, role, suspended_until) VALUES ($1, $2, 'Probe', 'x', $3, $4) RETURNING id`,
        [`probe${n}@example.org`, `probe-${n}`, role, until],
      );
      if (state.membership !== 'NONE') {
        await t.db.query(`INSERT INTO memberships (user_id, organization_id, status) VALUES ($1, $2, $3)`, [u.id, orgs.get(state.sector!), state.membership]);
      }
      if (topicLimited) await t.db.query(`INSERT INTO moderator_topics (user_id, topic_id) VALUES ($1, $2)`, [u.id, topics.scopeRoot]);
      pool.push({ id: u.id, role, membership: state.membership, sector: state.sector, suspension, topicLimited });
    };
    for (const role of ROLES) {
      for (const state of states) {
        for (const suspension of ['NONE', 'ACTIVE', 'EXPIRED'] as const) await addUser(role, state, suspension, false);
      }
    }
    for (const state of TOPIC_MOD_STATES) {
      for (const suspension of ['NONE', 'ACTIVE', 'EXPIRED'] as const) await addUser(Role.MODERATOR, state, suspension, true);
    }
    const loader = t.app.get(ViewerService);
    for (const u of pool) viewers.set(u.id, (await loader.byUserId(u.id))!);
    await t.db.query(`CREATE TYPE policy_probe_scope AS ENUM ('PUBLIC', 'MEMBERS', 'SECTORS')`);
    await t.db.query(`CREATE TABLE policy_probe (
      case_id int NOT NULL, id int NOT NULL, visibility_scope policy_probe_scope NOT NULL,
      visibility_sectors sector[], author_id uuid, topic_id uuid, PRIMARY KEY (case_id, id))`);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('the viewer pool is what the database says: sector only from an APPROVED membership; a limited moderator\'s subtree expanded', () => {
    expect(pool.length).toBe(ROLES.length * 16 * 3 + TOPIC_MOD_STATES.length * 3);
    for (const u of pool) {
      const v = viewers.get(u.id)!;
      expect(v.role).toBe(u.role);
      expect(v.sector).toBe(u.membership === 'APPROVED' ? u.sector : null);
      expect(v.suspendedUntil !== null).toBe(u.suspension !== 'NONE');
      expect(v.topicScope ? [...v.topicScope].sort() : null).toEqual(u.topicLimited ? [topics.scopeRoot, topics.scopeChild].sort() : null);
    }
  });

  it('agree for ≥1,000 random viewers and resource sets', async () => {
    const outsiderIds = [randomUUID(), randomUUID()];
    // topic-limited moderators are a few of the pool: drawn as often again on their own
    const viewerArb = fc.option(fc.oneof(fc.constantFrom(...pool.map((u) => u.id)), fc.constantFrom(...pool.filter((u) => u.topicLimited).map((u) => u.id))), { nil: null, freq: 6 });
    const caseArb = viewerArb.chain((viewerId) => {
      const authorArb = fc.oneof(
        fc.constant(null),
        fc.constantFrom(...outsiderIds, ...pool.slice(0, 8).map((u) => u.id)),
        viewerId ? fc.constant(viewerId) : fc.constant(null),
      );
      const resourceArb: fc.Arbitrary<VisibleResource> = fc.record({
        visibilityScope: fc.constantFrom(...SCOPES),
        visibilitySectors: fc.option(fc.array(fc.constantFrom(...SECTORS), { maxLength: 6 }), { nil: null, freq: 8 }),
        authorId: authorArb,
        // in the limited moderators' subtree (root or child), outside it, or no topic
        topicId: fc.constantFrom(topics.scopeRoot, topics.scopeChild, topics.out, null),
      });
      return fc.tuple(fc.constant(viewerId), fc.array(resourceArb, { minLength: 1, maxLength: 25 }));
    });

    let cases = 0;
    await fc.assert(
      fc.asyncProperty(caseArb, async ([viewerId, resources]) => {
        cases++;
        const caseId = ++caseSeq;
        const viewer = viewerId ? viewers.get(viewerId)! : null;
        await ds.query(
          `INSERT INTO policy_probe (case_id, id, visibility_scope, visibility_sectors, author_id, topic_id)
           SELECT $1, i, s::policy_probe_scope, CASE WHEN sec IS NULL THEN NULL ELSE ARRAY(SELECT json_array_elements_text(sec::json))::sector[] END, a, tp
             FROM unnest($2::int[], $3::text[], $4::text[], $5::uuid[], $6::uuid[]) AS r(i, s, sec, a, tp)`,
          [
            caseId,
            resources.map((_, i) => i),
            resources.map((r) => r.visibilityScope),
            resources.map((r) => (r.visibilitySectors === null ? null : JSON.stringify(r.visibilitySectors))),
            resources.map((r) => r.authorId),
            resources.map((r) => r.topicId),
          ],
        );
        const now = new Date();
        const predicate = AccessPolicy.visibilityPredicate(viewer, 'p', undefined, now);
        const rows: { id: number }[] = await ds
          .createQueryBuilder()
          .select('p.id', 'id')
          .from('policy_probe', 'p')
          .where('p.case_id = :caseId', { caseId })
          .andWhere(predicate.sql, predicate.params)
          .orderBy('p.id')
          .getRawMany();
        const bySql = rows.map((r) => Number(r.id));
        const byCheck = resources.flatMap((r, i) => (AccessPolicy.canView(viewer, r, now) ? [i] : []));
        expect(bySql).toEqual(byCheck);
      }),
      { numRuns: PROBE_RUNS, seed: process.env.FC_SEED ? Number(process.env.FC_SEED) : undefined },
    );
    expect(cases).toBeGreaterThanOrEqual(PROBE_RUNS);
    const stored = await t.db.query<{ n: number }>(`SELECT count(DISTINCT case_id)::int AS n FROM policy_probe`);
    expect(stored[0].n).toBeGreaterThanOrEqual(PROBE_RUNS);
  }, 300_000);

  it('on the real threads table (hidden included): canViewContent ≡ thread(id) ≡ threads ≡ search ≡ Topic.threadCount', async () => {
    const list = t.app.get(ThreadListService);
    const threads = t.app.get(ThreadAccess);
    const search = t.app.get(SearchService);
    const authors = pool.filter((u) => u.role === Role.MEMBER || u.role === Role.EXPERT).slice(0, 10).map((u) => u.id);
    // topic-limited moderators are a few of the pool: drawn as often again on their own
    const viewerArb = fc.option(fc.oneof(fc.constantFrom(...pool.map((u) => u.id)), fc.constantFrom(...pool.filter((u) => u.topicLimited).map((u) => u.id))), { nil: null, freq: 6 });
    const caseArb = viewerArb.chain((viewerId) => {
      const resourceArb = fc.record({
        visibilityScope: fc.constantFrom(...SCOPES),
        visibilitySectors: fc.uniqueArray(fc.constantFrom(...SECTORS), { maxLength: 3 }),
        // the viewer's own threads often: also SECTORS threads of a sector they are no longer in
        authorId: viewerId ? fc.oneof(fc.constant(viewerId), fc.constantFrom(...authors)) : fc.constantFrom(...authors),
        hidden: fc.boolean(),
        inChild: fc.boolean(),
      });
      // the case's topics go under the limited moderators' subtree or elsewhere; sometimes the
      // viewer (if limited) is given the case's child as a second topic
      return fc.tuple(fc.constant(viewerId), fc.array(resourceArb, { minLength: 1, maxLength: 6 }), fc.boolean(), fc.boolean());
    });
    let cases = 0;
    const topicModHidden = { seen: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(caseArb, async ([viewerId, resources, inScope, childScope]) => {
        cases++;
        const caseId = ++caseSeq;
        const parent = inScope ? topics.scopeRoot : topics.out;
        const [root] = await ds.query(`INSERT INTO topics (slug, name, parent_id) VALUES ($1, 'Probe', $2) RETURNING id`, [`probe-${caseId}`, parent]);
        const [child] = await ds.query(`INSERT INTO topics (slug, name, parent_id) VALUES ($1, 'Probe child', $2) RETURNING id`, [`probe-${caseId}-child`, root.id]);
        const limited = pool.find((u) => u.id === viewerId)?.topicLimited ?? false;
        if (limited && childScope) await ds.query(`INSERT INTO moderator_topics (user_id, topic_id) VALUES ($1, $2)`, [viewerId, child.id]);
        // reloaded: topics created since the last load are in scope at once (expanded when the viewer is read)
        const viewer = viewerId ? (limited ? (await t.app.get(ViewerService).byUserId(viewerId))! : viewers.get(viewerId)!) : null;
        if (limited) expect(viewer!.topicScope!.has(child.id)).toBe(inScope || childScope);
        const inserted: { id: string; i: number }[] = await ds.query(
          `INSERT INTO threads (kind, title, body, body_html, author_id, topic_id, tags, visibility_scope, visibility_sectors, language, hidden)
           SELECT 'DISCUSSION', 'Probe ' || i, 'zebraprobe body', '', a, tp, '{}', s::visibility_scope,
                  ARRAY(SELECT json_array_elements_text(sec::json))::sector[], 'en', h
             FROM unnest($1::int[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::boolean[]) AS r(i, a, tp, s, sec, h)
           RETURNING id, substring(title from 7)::int AS i`,
          [
            resources.map((_, i) => i),
            resources.map((r) => r.authorId),
            resources.map((r) => (r.inChild ? child.id : root.id)),
            resources.map((r) => r.visibilityScope),
            resources.map((r) => JSON.stringify(r.visibilitySectors)),
            resources.map((r) => r.hidden),
          ],
        );
        const idOf = new Map(inserted.map((r) => [r.id, Number(r.i)]));
        const sorted = (ids: string[]) => ids.map((id) => idOf.get(id)!).sort((a, b) => a - b);
        const byCheck = resources.flatMap((r, i) => (AccessPolicy.canViewContent(viewer, { ...r, topicId: r.inChild ? child.id : root.id } as ContentResource) ? [i] : []));
        if (limited && viewer!.suspendedUntil === null) {
          // both sides of the topic rule were exercised: hidden threads seen in scope, refused outside
          for (const [i, r] of resources.entries()) if (r.hidden) topicModHidden[byCheck.includes(i) ? 'seen' : 'refused']++;
        }
        // thread(id), one by one
        const byId = await Promise.all(inserted.map(async (r) => ((await threads.findVisible(viewer, r.id)) ? [idOf.get(r.id)!] : [])));
        expect(byId.flat().sort((a, b) => a - b)).toEqual(byCheck);
        // thread(id) as the resolver reads it (with its author and topic, one statement)
        const withRefs = await Promise.all(inserted.map(async (r) => ((await threads.findVisibleWithRefs(viewer, r.id)) ? [idOf.get(r.id)!] : [])));
        expect(withRefs.flat().sort((a, b) => a - b)).toEqual(byCheck);
        // the threads list and its totalCount
        const page = await list.list(new LoaderRegistry(), viewer, { filter: { topicId: root.id }, first: 100 } as any);
        expect(sorted(page.edges.map((e) => e.node.id))).toEqual(byCheck);
        expect(await (page.totalCount as () => Promise<number>)()).toBe(byCheck.length);
        // search
        const hits = await search.search(viewer, { query: 'zebraprobe', filter: { topicId: root.id }, first: 100 } as any);
        expect(sorted(hits.edges.map((e) => e.node.threadId))).toEqual(byCheck);
        expect(await (hits.totalCount as () => Promise<number>)()).toBe(byCheck.length);
        // Topic.threadCount (batched over both topics) == threads(filter: {topicId}).totalCount
        const loaders = new LoaderRegistry();
        const [rootCount, childCount] = await Promise.all([
          list.threadCount(loaders, viewer, { id: root.id } as Topic),
          list.threadCount(loaders, viewer, { id: child.id } as Topic),
        ]);
        expect(rootCount).toBe(byCheck.length);
        const childTotal = await (((await list.list(new LoaderRegistry(), viewer, { filter: { topicId: child.id }, first: 0 } as any)).totalCount) as () => Promise<number>)();
        expect(childCount).toBe(childTotal);
        expect(childCount).toBe(byCheck.filter((i) => resources[i].inChild).length);
      }),
      { numRuns: THREAD_RUNS, seed: process.env.FC_SEED ? Number(process.env.FC_SEED) : undefined },
    );
    expect(cases).toBe(THREAD_RUNS);
    expect(topicModHidden.seen).toBeGreaterThan(0);
    expect(topicModHidden.refused).toBeGreaterThan(0);
    expect(PROBE_RUNS + THREAD_RUNS).toBeGreaterThanOrEqual(1000);
  }, 300_000);

  it('agrees with the contract table on fixed examples', () => {
    const find = (p: Partial<PoolUser>) => viewers.get(pool.find((u) => Object.entries(p).every(([k, v]) => u[k as keyof PoolUser] === v))!.id)!;
    const gov = find({ role: Role.MEMBER, membership: 'APPROVED', sector: Sector.GOVERNMENT, suspension: 'NONE' });
    const pendingGov = find({ role: Role.MEMBER, membership: 'PENDING', sector: Sector.GOVERNMENT, suspension: 'NONE' });
    const suspendedGov = find({ role: Role.MEMBER, membership: 'APPROVED', sector: Sector.GOVERNMENT, suspension: 'ACTIVE' });
    const expiredGov = find({ role: Role.MEMBER, membership: 'APPROVED', sector: Sector.GOVERNMENT, suspension: 'EXPIRED' });
    const moderator = find({ role: Role.MODERATOR, membership: 'NONE', suspension: 'NONE', topicLimited: false });
    const topicMod = find({ role: Role.MODERATOR, membership: 'APPROVED', sector: Sector.NGO, suspension: 'NONE', topicLimited: true });
    const suspendedTopicMod = find({ role: Role.MODERATOR, membership: 'NONE', suspension: 'ACTIVE', topicLimited: true });
    const suspendedAdmin = find({ role: Role.ADMIN, membership: 'NONE', suspension: 'ACTIVE' });
    const expert = find({ role: Role.EXPERT, membership: 'APPROVED', sector: Sector.NGO, suspension: 'NONE' });
    const govOnly: VisibleResource = { visibilityScope: VisibilityScope.SECTORS, visibilitySectors: [Sector.GOVERNMENT], authorId: null, topicId: topics.out };
    const members: VisibleResource = { visibilityScope: VisibilityScope.MEMBERS, visibilitySectors: null, authorId: null, topicId: topics.out };
    const open: VisibleResource = { visibilityScope: VisibilityScope.PUBLIC, visibilitySectors: null, authorId: null, topicId: null };
    const can = (v: Viewer | null, r: VisibleResource) => AccessPolicy.canView(v, r);
    expect([null, gov, pendingGov, suspendedGov, expiredGov, moderator, suspendedAdmin, expert].map((v) => can(v, govOnly))).toEqual([
      false, true, false, false, true, true, false, false,
    ]);
    expect([null, gov, pendingGov, suspendedGov, moderator, suspendedAdmin].map((v) => can(v, members))).toEqual([false, true, true, false, true, false]);
    expect([null, gov, suspendedGov, suspendedAdmin].map((v) => can(v, open))).toEqual([true, true, true, true]);
    // the author always sees their own sector-restricted item, as long as they are not suspended
    expect(can(pendingGov, { ...govOnly, visibilitySectors: [Sector.IGO], authorId: pendingGov.id })).toBe(true);
    expect(can(suspendedGov, { ...govOnly, authorId: suspendedGov.id })).toBe(false);
    // SECTORS with no sectors: only author and staff
    expect(can(gov, { ...govOnly, visibilitySectors: [] })).toBe(false);
    expect(can(moderator, { ...govOnly, visibilitySectors: [] })).toBe(true);
    // a topic-limited MODERATOR: staff in their subtree (a subtopic included), a member of their sector elsewhere
    expect(can(topicMod, { ...govOnly, topicId: topics.scopeChild })).toBe(true);
    expect(can(topicMod, { ...govOnly, topicId: topics.scopeRoot })).toBe(true);
    expect(can(topicMod, govOnly)).toBe(false);
    expect(can(topicMod, { ...govOnly, topicId: null })).toBe(false);
    expect(can(topicMod, { ...govOnly, visibilitySectors: [Sector.NGO] })).toBe(true);
    expect(AccessPolicy.canViewContent(topicMod, { ...open, topicId: topics.scopeChild, hidden: true })).toBe(true);
    expect(AccessPolicy.canViewContent(topicMod, { ...open, topicId: topics.out, hidden: true })).toBe(false);
    expect(can(suspendedTopicMod, { ...members, topicId: topics.scopeRoot })).toBe(false);
  });
});
