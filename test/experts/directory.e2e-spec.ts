import { DataSource } from 'typeorm';
import { VOTE_POST } from '../support/documents';
import { createThread, errorCode, reply, topicId } from '../support/forum';
import { adminToken, joinSector } from '../support/orgs';
import { startTestApp, TestApp } from '../support/test-app';
import { registerUser, TestUser, withAdmin } from '../support/users';
import { apply, EXPERTS, nodeIds, review, verifiedExpert } from './experts.fixtures';

describe('experts: the directory (e2e)', () => {
  let t: TestApp;
  let admin: string;
  let topics: Record<string, string>;
  /** Profile ids: A (fr, borax, NGO), B (es, parent topic, ACADEMIA), C (id/en, retorts, GOVERNMENT), F (en, no sector), pending P, rejected R. */
  const p: Record<string, string> = {};
  const people: Record<string, TestUser> = {};

  const list = async (filter: Record<string, unknown> | null, first = 50, after?: string) => (await t.gqlOk(EXPERTS, { filter, first, after })).experts;
  const ids = async (filter: Record<string, unknown> | null) => nodeIds(await list(filter));
  const sorted = (xs: string[]) => [...xs].sort();

  beforeAll(async () => {
    t = await startTestApp(withAdmin({ RATE_LIMITS_ENABLED: 'false' }));
    admin = await adminToken(t);
    topics = {};
    for (const slug of ['mercury-free-processing', 'direct-smelting-borax', 'gravity-concentration', 'retorts', 'tailings']) topics[slug] = await topicId(t, slug);

    const a = await verifiedExpert(t, admin, 'dir-a', {
      headline: 'Fusion directe au borax pour les orpailleurs',
      bio: 'Formateur des orpailleurs au Burkina Faso : fusion directe au borax, sans mercure.',
      language: 'fr',
      topicIds: [topics['direct-smelting-borax']],
      countries: ['BF', 'GH'],
      languages: ['fr', 'en'],
    });
    const b = await verifiedExpert(t, admin, 'dir-b', {
      headline: 'Investigadora en procesamiento sin mercurio',
      bio: 'Pruebas de concentración gravimétrica con mesas vibratorias en el Perú.',
      language: 'es',
      topicIds: [topics['mercury-free-processing']],
      countries: ['PE'],
      languages: ['es', 'pt-BR'],
    });
    const c = await verifiedExpert(t, admin, 'dir-c', {
      headline: 'Retort programmes in gold shops',
      bio: 'Introduced retorts for amalgam burning in Indonesian gold shops.',
      topicIds: [topics.retorts],
      countries: ['ID'],
      languages: ['id', 'en'],
    });
    const f = await verifiedExpert(t, admin, 'dir-f', {
      headline: 'Tailings engineer',
      bio: 'Designs tailings ponds; once compared borax and cyanide costs.',
      topicIds: [topics.tailings],
      countries: ['GH'],
      languages: ['en'],
    });
    Object.assign(people, { A: a.user, B: b.user, C: c.user, F: f.user });
    Object.assign(p, { A: a.profile.id, B: b.profile.id, C: c.profile.id, F: f.profile.id });
    const pending = await registerUser(t, 'dir-p');
    p.P = (await apply(t, pending, { headline: 'Borax pending', bio: 'Fusion directe au borax.', topicIds: [topics['direct-smelting-borax']], countries: ['BF'], languages: ['fr'] })).id;
    const rejected = await registerUser(t, 'dir-r');
    p.R = (await apply(t, rejected, { headline: 'Borax rejected', bio: 'Borax smelting.', topicIds: [topics['direct-smelting-borax']], countries: ['BF'], languages: ['fr'] })).id;
    await review(t, admin, rejected.id, false, 'No');

    await joinSector(t, admin, a.user, 'NGO');
    await joinSector(t, admin, b.user, 'ACADEMIA');
    await joinSector(t, admin, c.user, 'GOVERNMENT');
    await joinSector(t, admin, pending, 'NGO');
    // names are searched too: the profile's copy follows a change of the user's name
    await t.db.query(`UPDATE users SET display_name = 'Amadou Traoré' WHERE id = $1`, [a.user.id]);

    // reputation: A 2 upvotes (20), C 1 upvote (10), B and F none
    const asker = await registerUser(t, 'dir-asker');
    const voters = await Promise.all([registerUser(t, 'dir-v1'), registerUser(t, 'dir-v2')]);
    const q = await createThread(t, asker.accessToken, { topicId: topics.retorts });
    const ansA = await reply(t, a.user.accessToken, { threadId: q.id });
    const ansC = await reply(t, c.user.accessToken, { threadId: q.id });
    for (const v of voters) await t.gqlOk(VOTE_POST, { id: ansA.id, v: 1 }, v.accessToken);
    await t.gqlOk(VOTE_POST, { id: ansC.id, v: 1 }, voters[0].accessToken);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('lists VERIFIED experts only, by reputation (highest first, then id), for anyone', async () => {
    const all = await list(null);
    expect(all.totalCount).toBe(4);
    const order = nodeIds(all);
    expect(order.slice(0, 2)).toEqual([p.A, p.C]);
    expect(order.slice(2)).toEqual([p.B, p.F].sort().reverse());
    expect(all.edges.map((e: any) => e.node.reputation)).toEqual([20, 10, 0, 0]);
    expect(all.edges.every((e: any) => e.node.status === 'VERIFIED')).toBe(true);
    expect(order).not.toContain(p.P);
    expect(order).not.toContain(p.R);
  });

  it('topicId: a parent topic includes its children', async () => {
    expect(sorted(await ids({ topicId: topics['mercury-free-processing'] }))).toEqual(sorted([p.A, p.B]));
    expect(await ids({ topicId: topics['direct-smelting-borax'] })).toEqual([p.A]);
    expect(await ids({ topicId: topics['gravity-concentration'] })).toEqual([]);
    expect(await ids({ topicId: '00000000-0000-4000-8000-000000000000' })).toEqual([]);
    expect(errorCode(await t.gql(EXPERTS, { filter: { topicId: 'nope' } }))).toBe('BAD_USER_INPUT');
  });

  it('country (ISO 3166-1 alpha-2, case-insensitive)', async () => {
    expect(await ids({ country: 'bf' })).toEqual([p.A]);
    expect(sorted(await ids({ country: 'GH' }))).toEqual(sorted([p.A, p.F]));
    expect(await ids({ country: 'PE' })).toEqual([p.B]);
    expect(await ids({ country: 'KE' })).toEqual([]);
    expect(errorCode(await t.gql(EXPERTS, { filter: { country: 'XX' } }))).toBe('BAD_USER_INPUT');
  });

  it('language (BCP-47, primary language compared)', async () => {
    expect(await ids({ language: 'pt' })).toEqual([p.B]);
    expect(await ids({ language: 'pt-PT' })).toEqual([p.B]);
    expect(await ids({ language: 'ID' })).toEqual([p.C]);
    expect(await ids({ language: 'fr' })).toEqual([p.A]);
    expect(await ids({ language: 'en' })).toEqual([p.A, p.C, p.F]);
    expect(errorCode(await t.gql(EXPERTS, { filter: { language: 'not a tag' } }))).toBe('BAD_USER_INPUT');
  });

  it('sector (from the APPROVED membership)', async () => {
    expect(await ids({ sector: 'NGO' })).toEqual([p.A]);
    expect(await ids({ sector: 'ACADEMIA' })).toEqual([p.B]);
    expect(await ids({ sector: 'GOVERNMENT' })).toEqual([p.C]);
    expect(await ids({ sector: 'PRIVATE_SECTOR' })).toEqual([]);
  });

  it('filters combine', async () => {
    expect(await ids({ topicId: topics['mercury-free-processing'], country: 'BF', language: 'fr', sector: 'NGO' })).toEqual([p.A]);
    expect(await ids({ topicId: topics['mercury-free-processing'], sector: 'GOVERNMENT' })).toEqual([]);
  });

  describe('search: full text over name, headline and bio, in each profile language, by relevance', () => {
    it('stems in the profile language (French, Spanish, English)', async () => {
      expect(await ids({ search: 'orpailleur' })).toEqual([p.A]);
      expect(await ids({ search: 'mesa vibratoria' })).toEqual([p.B]);
      expect(await ids({ search: 'retort' })).toEqual([p.C]);
    });

    it('finds names, also after a name change', async () => {
      expect(await ids({ search: 'Traoré' })).toEqual([p.A]);
      expect(await ids({ search: 'Amadou' })).toEqual([p.A]);
      expect(await ids({ search: people.C.handle.split('-')[1] })).toEqual([p.C]);
    });

    it('orders by relevance (headline above bio), never lists unverified profiles, and combines with filters', async () => {
      // A has "borax" in its headline and bio, F only in its bio; P and R match but are not VERIFIED
      expect(await ids({ search: 'borax' })).toEqual([p.A, p.F]);
      expect(await ids({ search: 'borax', country: 'GH', sector: 'NGO' })).toEqual([p.A]);
      expect(sorted(await ids({ search: 'gravimétrica OR retorts' }))).toEqual(sorted([p.B, p.C]));
      expect(await ids({ search: 'borax -cyanide' })).toEqual([p.A]);
      expect(await ids({ search: 'zzzz-nothing' })).toEqual([]);
    });

    it('a blank search is no condition; a long one is BAD_USER_INPUT', async () => {
      expect((await list({ search: '   ' })).totalCount).toBe(4);
      expect(errorCode(await t.gql(EXPERTS, { filter: { search: 'x'.repeat(201) } }))).toBe('BAD_USER_INPUT');
    });

    it('uses the GIN index of the generated column (no sequential scan of the text)', async () => {
      const [{ indexdef }] = await t.db.query<{ indexdef: string }>(`SELECT indexdef FROM pg_indexes WHERE indexname = 'expert_profiles_search_idx'`);
      expect(indexdef).toMatch(/USING gin \(search_vector\)/);
      const [{ generated }] = await t.db.query<{ generated: string }>(
        `SELECT is_generated AS generated FROM information_schema.columns WHERE table_name = 'expert_profiles' AND column_name = 'search_vector'`,
      );
      expect(generated).toBe('ALWAYS');
      // the directory's match: the query parsed in every configuration (a constant), which the index serves
      const runner = t.app.get(DataSource).createQueryRunner();
      await runner.connect();
      try {
        await runner.query('SET enable_seqscan = off');
        const plan: { 'QUERY PLAN': string }[] = await runner.query(
          `EXPLAIN SELECT id FROM expert_profiles p WHERE p.search_vector @@ (websearch_to_tsquery('pg_catalog.english', 'borax') || websearch_to_tsquery('pg_catalog.french', 'borax'))`,
        );
        expect(plan.map((r) => r['QUERY PLAN']).join('\n')).toMatch(/Index Scan (using|on) expert_profiles_search_idx/);
      } finally {
        await runner.query('RESET enable_seqscan');
        await runner.release();
      }
    });
  });

  it('keyset pagination: pages follow each other without gap or repeat, hasPreviousPage after a cursor', async () => {
    for (const filter of [null, { search: 'borax OR retort OR tailings OR mercurio' }]) {
      const full = nodeIds(await list(filter));
      const seen: string[] = [];
      let after: string | undefined;
      let page = await list(filter, 1);
      expect(page.pageInfo.hasPreviousPage).toBe(false);
      for (;;) {
        seen.push(...nodeIds(page));
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
        page = await list(filter, 1, after);
        expect(page.pageInfo.hasPreviousPage).toBe(true);
        expect(page.totalCount).toBe(full.length);
      }
      expect(seen).toEqual(full);
      expect(full.length).toBeGreaterThan(1);
    }
    expect(errorCode(await t.gql(EXPERTS, { first: 101 }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await t.gql(EXPERTS, { after: 'forged' }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await t.gql(EXPERTS, { after: Buffer.from(JSON.stringify(['x', 'y'])).toString('base64url') }))).toBe('BAD_USER_INPUT');
  });
});
